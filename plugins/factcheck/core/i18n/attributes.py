"""The ``lang`` and ``dir`` of record text: a Spanish quote on an English page, an English
archived text on an Arabic site. Browsers, screen readers, hyphenation and the bidirectional
algorithm need both; without ``dir`` an English text on a right-to-left page gets its
punctuation on the wrong side."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape


@functools.cache
def text_direction(language: str) -> str | None:
    """'rtl' or 'ltr' for a BCP 47 tag, from the CLDR data Babel ships (Arabic, Hebrew, Persian,
    Urdu, Azerbaijani in Arabic script… are right-to-left); None for a tag CLDR does not know."""
    try:
        return Locale.parse(language, sep="-").text_direction
    except (UnknownLocaleError, ValueError, TypeError):
        return None


class LanguageAttributes:
    """``lang="…"`` (and ``dir`` where it differs from the page's) for an element showing record
    text; a record without a language has the site's. Unknown directions get ``dir="auto"``."""

    def __init__(self, page_language: str, default_language: str | None = None) -> None:
        self.page_language = page_language
        self.default = default_language or page_language
        self.page_direction = text_direction(page_language) or "ltr"
        self._cache: dict[str, Markup] = {}

    def __call__(self, language: str | None) -> Markup:
        language = language or self.default
        found = self._cache.get(language)
        if found is None:
            direction = text_direction(language)
            attributes = f' lang="{escape(language)}"'
            if direction is None:
                attributes += ' dir="auto"'
            elif direction != self.page_direction:
                attributes += f' dir="{direction}"'
            found = self._cache[language] = Markup(attributes)
        return found
