"""Look-alike names: "Prеss TV" with a Cyrillic е is another claimant page than "Press TV",
and no reader or reviewer can see why.

Two names are confusable when their skeletons are equal (Unicode TS #39, section 4): each
character is replaced by the one prototype of the characters that look like it, from Unicode's
confusables data as the maintained ``confusable_homoglyphs`` package ships it. The data is loaded
on the first name that needs it, once per process; skeletons are remembered per name.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any


@functools.lru_cache(maxsize=65536)  # a few hundred names and topics, repeated across claims
def skeleton(text: str) -> str:
    """The skeleton of ``text``: equal for names a reader cannot tell apart."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_prototype(char) for char in decomposed))


def first_difference(one: str, other: str) -> str:
    """The first character where two look-alike spellings differ, named for the hint."""
    for a, b in zip(one, other, strict=False):  # names of different lengths too
        if a != b:
            return f"{_describe(a)} where the other has {_describe(b)}"
    return "a different length"


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@functools.cache
def _prototype(char: str) -> str:
    """One representative of the characters that look like ``char``: the lowest code point among
    them. The data lists, for a prototype, every look-alike, and for a look-alike its prototype,
    so two steps reach the whole group (sequences such as "rn" for "m" are left out)."""
    data = _confusables()
    group = {char}
    for first in _singles(data, char):
        group.add(first)
        group.update(_singles(data, first))
    return min(group)


def _singles(data: dict[str, Any], char: str) -> list[str]:
    return [entry["c"] for entry in data.get(char, ()) if len(entry["c"]) == 1]


@functools.lru_cache(maxsize=1)
def _confusables() -> dict[str, Any]:
    from confusable_homoglyphs.confusables import confusables_data

    return confusables_data
