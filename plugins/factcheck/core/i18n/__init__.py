"""Every word a reader sees from us, in the site's language: gettext catalogues read with Babel,
CLDR plural rules and dates.

The catalogues are ``catalogues/<lang>/LC_MESSAGES/factcheck.po`` (shipped as package data and
read at run time, so there is no compile step). The English catalogue is the list of messages:
a message another catalogue lacks falls back to English, and the build warns once per message.
A site changes any message with the plugin's ``messages`` option or its own ``.po`` file.
Everything is looked up once per build: a :class:`Messages` is a flat table of translated forms.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).parent / "catalogues"
DOMAIN = "factcheck"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written; it is translated where it is shown."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (gettext's naming)
    """Marks a message with plural forms, translated where it is shown."""
    return singular, plural


def catalogue_path(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> list[str]:
    return sorted(p.name for p in CATALOGUES.iterdir() if catalogue_path(p.name).is_file())


@functools.lru_cache(maxsize=32)
def read_catalogue(path: Path) -> PoCatalog:
    with open(path, "rb") as handle:
        return read_po(handle, domain=DOMAIN)


class MessagesError(Exception):
    """A site's messages cannot be used: one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    """A message's catalogue key: its id, or for a plural message the singular."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _texts(message_part: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's id or translation as its forms (one, or one per plural form)."""
    if message_part is None:
        return ()
    return (message_part,) if isinstance(message_part, str) else tuple(message_part)


def _plural_function(expression: str) -> Callable[[int], int]:
    return _gettext.c2py(expression)


def _language_tags(language: str) -> list[str]:
    """'pt-BR' -> ['pt_BR', 'pt']: the catalogue folders to try, most specific first."""
    tag = language.replace("-", "_")
    parts = tag.split("_")
    return list(dict.fromkeys(["_".join(parts[:n]) for n in range(len(parts), 0, -1)]))


class Messages:
    """The translated messages of one language, built once per build."""

    def __init__(
        self,
        language: str = SOURCE_LANGUAGE,
        overrides: Mapping[str, str | list[str]] | None = None,
        site_catalogue: Path | None = None,
    ) -> None:
        self.language = language or SOURCE_LANGUAGE
        try:
            self.locale = Locale.parse(self.language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse(SOURCE_LANGUAGE)
        self.warnings: list[str] = []
        english = read_catalogue(catalogue_path(SOURCE_LANGUAGE))
        self._english_plural = _plural_function(english.plural_expr)
        found = next((catalogue_path(t) for t in _language_tags(self.language) if catalogue_path(t).is_file()), None)
        ours = read_catalogue(found) if found else None
        theirs = read_catalogue(site_catalogue) if site_catalogue else None
        translated = ours or theirs
        self._plural = _plural_function(translated.plural_expr) if translated else self._english_plural
        self._table: dict[str, tuple[str, ...]] = {}
        self._english: dict[str, tuple[str, ...]] = {}
        missing: list[str] = []
        for message in english:
            if not message.id:
                continue
            key = _key(message.id)
            forms = _texts(message.id)
            self._english[key] = forms
            found_forms = _forms(theirs, key) or _forms(ours, key)
            if found_forms is None:
                if translated is not None and self.language.split("-")[0].split("_")[0] != SOURCE_LANGUAGE:
                    missing.append(key)
                self._table[key] = forms
            else:
                self._table[key] = found_forms
        self._fallback = {key for key in missing}
        if translated is None and _language_tags(self.language)[-1] != SOURCE_LANGUAGE:
            self.warnings.append(
                f"no message catalogue for language '{self.language}': our pages are in "
                "English (add one: see README, Languages)"
            )
        self.warnings += [
            f"message not translated into '{self.language}', shown in English: {key!r}" for key in missing
        ]
        problems = []
        for key, value in (overrides or {}).items():
            if key not in self._table:
                problems.append(
                    f"plugins.factcheck.messages.{key}: no such message (the keys are the "
                    "English messages of the catalogue; `factcheck messages` lists them)"
                )
                continue
            forms = tuple(value) if isinstance(value, list) else (value,)
            if not all(isinstance(f, str) and f for f in forms):
                problems.append(f"plugins.factcheck.messages.{key}: give a text, or a list of plural forms")
                continue
            self._table[key] = forms
            self._fallback.discard(key)
        if problems:
            raise MessagesError(problems)

    # -- lookups ------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self._table.get(message, (message,))[0]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._table.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        if len(forms) == 1:
            return forms[0]
        rule = self._english_plural if singular in self._fallback else self._plural
        index = rule(n)
        return forms[min(index, len(forms) - 1)]

    def plural_categories(self, singular: str, plural: str) -> dict[str, str]:
        """A plural message by CLDR category ('one', 'few', 'other'…), for the browser's
        ``Intl.PluralRules``: each category gets the gettext form of a number in it."""
        out: dict[str, str] = {}
        for n in [*range(0, 200), 1000, 1000000]:
            out.setdefault(self.locale.plural_form(n), self.ngettext(singular, plural, n))
        return out

    def date(self, value: dt.date | str) -> str:
        """A full date, a month or a year (partial dates of sources) in the site's language (a time
        of day, as in a capture time, is left out). Plain ``en`` keeps the day-month-year order our
        pages always had ('4 March 2024'); ``en-US`` and others follow CLDR."""
        if isinstance(value, dt.datetime):
            value = value.date()
        text = value.isoformat() if isinstance(value, dt.date) else value.split("T")[0]
        locale = "en_GB" if str(self.locale) == "en" else str(self.locale)
        return _format_date(text, locale)

    @property
    def direction(self) -> str:
        return self.locale.text_direction

    def script_messages(self, entries: Iterable[tuple[str, str, str | None]]) -> str:
        """JSON for the page script: (name, singular, plural or None)."""
        data: dict[str, object] = {"lang": self.language}
        for name, singular, plural in entries:
            data[name] = self.plural_categories(singular, plural) if plural else self.gettext(singular)
        return json.dumps(data, ensure_ascii=False)


def _forms(catalogue: PoCatalog | None, key: str) -> tuple[str, ...] | None:
    if catalogue is None:
        return None
    message = catalogue.get(key)
    if message is None or message.fuzzy:
        return None
    forms = _texts(message.string)
    return forms if forms and all(forms) else None


@functools.lru_cache(maxsize=8192)
def _format_date(iso: str, locale: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), format="long", locale=locale)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=locale)
    return format_skeleton("y", dt.date(parts[0], 1, 1), locale=locale)


@functools.lru_cache(maxsize=16)
def _cached(language: str, overrides: str, site_catalogue: str | None) -> Messages:
    return Messages(language, json.loads(overrides), Path(site_catalogue) if site_catalogue else None)


def messages_for(
    language: str, overrides: Mapping[str, str | list[str]] | None = None, site_catalogue: Path | None = None
) -> Messages:
    """The one :class:`Messages` of these settings (built once, then shared by every page)."""
    return _cached(
        language or SOURCE_LANGUAGE,
        json.dumps(dict(overrides or {}), sort_keys=True),
        str(site_catalogue) if site_catalogue else None,
    )


ENGLISH_ONLY = Messages(SOURCE_LANGUAGE)  # the default of functions called without a site (tests, tools)
