"""Locate quoted passages in archived texts.

A quote matches its source when both are equal after Unicode NFC normalisation, with runs of
white space made one space and typographic quotes, apostrophes and dashes made plain. Nothing
else is forgiven: a fact check that quotes a source must quote it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from ..text import text_position

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)

_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in _FOLD.items())
_WORD = re.compile(r"\S+")  # \s is exactly str.isspace() for str patterns


def fold(text: str) -> str:
    """``text.translate(_FOLD)``: typographic quotes, apostrophes and dashes made plain, each one
    character for one, so every offset is kept. A few replacements are many times faster than
    ``translate`` with a table of characters outside Latin-1, and ASCII has nothing to fold."""
    if text.isascii():
        return text
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


def normalize(text: str) -> str:
    """The comparable form of a quote."""
    if text.isascii():  # most quotes: ASCII is already NFC, and folding only maps other characters
        return " ".join(text.split())
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


@dataclass(frozen=True)
class Span:
    """A passage of the archived text, as character offsets into the original (unnormalised) text."""

    start: int
    end: int

    @property
    def anchor(self) -> str:
        """A stable HTML id: it only changes if the archived text itself changes."""
        return "q-" + hashlib.sha1(f"{self.start}:{self.end}".encode()).hexdigest()[:10]


class ArchivedText:
    """An archived text with its normalised form and the map back to original offsets.

    Each form is built on first use: a validation that finds every claim unchanged needs none,
    and one whose quotes are all found as written needs no map back."""

    def __init__(self, original: str) -> None:
        self.original = unicodedata.normalize("NFC", original)

    @functools.cached_property
    def folded(self) -> str:
        """The original with typographic marks made plain, offset for offset."""
        return fold(self.original)

    @functools.cached_property
    def normalized(self) -> str:
        """The comparable form of the whole text."""
        return " ".join(self.folded.split())

    @functools.cached_property
    def _original_starts(self) -> list[int]:
        # Each run of white space becomes one space. Rather than an offset per character, keep
        # where each word starts in both texts: finding a quote maps two offsets back, by bisection.
        # (folding maps no white space and makes none, so the words start where they did)
        return [match.start() for match in _WORD.finditer(self.original)]

    @functools.cached_property
    def _normalized_starts(self) -> list[int]:
        return [match.start() for match in _WORD.finditer(self.normalized)]

    def _to_original(self, offset: int) -> int:
        """The original offset of a character inside a word of the normalised text."""
        word = bisect_right(self._normalized_starts, offset) - 1
        return self._original_starts[word] + offset - self._normalized_starts[word]

    def find(self, quote: str) -> list[Span]:
        """Every place where ``quote`` occurs, as spans of the original text."""
        needle = normalize(quote)
        if not needle:
            return []
        start = self.normalized.find(needle)
        if start == -1:
            return []
        if self.normalized.find(needle, start + 1) == -1:
            # The usual case, one place, is found without the map back when the folded original
            # holds the needle as it is: its words are then separated by single spaces, so it
            # normalises to itself at that very place, the only one there is. Normalising only
            # shortens the text, so that place is not before ``start``.
            verbatim = self.folded.find(needle, start)
            if verbatim != -1:
                return [Span(verbatim, verbatim + len(needle))]
        spans: list[Span] = []
        while start != -1:
            end = start + len(needle) - 1  # a needle starts and ends inside a word
            spans.append(Span(self._to_original(start), self._to_original(end) + 1))
            start = self.normalized.find(needle, start + 1)
        return spans

    def line_of(self, offset: int) -> int:
        """The line of ``offset`` as an editor shows it (LF, CRLF or CR end a line; U+2028 does not)."""
        return text_position(self.original, offset)[0]

    def closest_passage(self, quote: str) -> str:
        """The passage of the text most like ``quote``: the hint for a quote that was not found."""
        needle = normalize(quote)
        haystack = self.normalized
        if not needle or not haystack:
            return ""
        matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
        match = matcher.find_longest_match(0, len(haystack), 0, len(needle))
        start = max(0, match.a - match.b)
        end = min(len(haystack), start + len(needle))
        # widen to word boundaries so the hint reads naturally
        while start > 0 and haystack[start - 1] != " ":
            start -= 1
        while end < len(haystack) and haystack[end] != " ":
            end += 1
        return haystack[start:end]
