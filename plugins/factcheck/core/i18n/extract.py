"""The messages our templates and code use, extracted with Babel's extractors, and the
catalogues kept in step with them (``factcheck messages``; README, Languages)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import extract_from_dir

from . import CATALOGUES, DOMAIN, SOURCE_LANGUAGE, _key, _texts, catalogue_path, read_catalogue

PACKAGE = Path(__file__).resolve().parent.parent.parent  # plugins/factcheck
METHODS = [("core/i18n/**.py", "ignore"), ("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Np_": (1, 2)}


def used_messages(package: Path = PACKAGE) -> PoCatalog:
    """Every message the templates and the code use, with where each is used."""
    catalogue = PoCatalog(locale=SOURCE_LANGUAGE, domain=DOMAIN, project="mkdocs-factcheck")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package), METHODS, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def missing_messages(language: str, package: Path = PACKAGE) -> list[str]:
    """The messages a shipped catalogue lacks or leaves untranslated (or marks fuzzy)."""
    path = catalogue_path(language)
    shipped = read_catalogue(path) if path.is_file() else None
    missing = []
    for message in used_messages(package):
        if not message.id:
            continue
        key = _key(message.id)
        found = shipped.get(key) if shipped else None
        strings = _texts(found.string) if found else ()
        if found is None or found.fuzzy or not strings or not all(strings):
            missing.append(key)
    return missing


def update_catalogues(package: Path = PACKAGE, languages: list[str] | None = None) -> dict[str, list[str]]:
    """Merge the used messages into every catalogue (``pybabel update``): new messages get empty
    translations, messages no longer used are dropped. Returns the untranslated per language."""
    from babel.messages.pofile import write_po

    used = used_messages(package)
    result = {}
    for language in languages or sorted(p.name for p in CATALOGUES.iterdir() if p.is_dir()):
        path = catalogue_path(language)
        if path.is_file():
            with open(path, "rb") as handle:
                from babel.messages.pofile import read_po

                catalogue = read_po(handle, locale=language, domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = PoCatalog(locale=language, domain=DOMAIN, project="mkdocs-factcheck")
        catalogue.update(used, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        with open(path, "wb") as handle:
            write_po(handle, catalogue, width=100, omit_header=False, sort_output=False, include_previous=False)
        read_catalogue.cache_clear()
        result[language] = missing_messages(language, package)
    return result


def new_catalogue(language: str, package: Path = PACKAGE) -> bytes:
    """A catalogue of every message for ``language`` (its plural forms from CLDR), the shipped
    translations filled in where there are any: a site translates the rest."""
    from io import BytesIO

    from babel.messages.pofile import write_po

    catalogue = PoCatalog(locale=language.replace("-", "_"), domain=DOMAIN, project="mkdocs-factcheck")
    shipped_path = catalogue_path(language)
    shipped = read_catalogue(shipped_path) if shipped_path.is_file() else None
    for message in used_messages(package):
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        found = shipped.get(key) if shipped else None
        string = found.string if found else (("",) * catalogue.num_plurals if isinstance(message.id, tuple) else "")
        catalogue.add(message.id, string, message.locations, flags=message.flags)
    out = BytesIO()
    write_po(out, catalogue, width=100, sort_output=False)
    return out.getvalue()
