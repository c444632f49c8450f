"""Quotes are found wherever the normalised texts match, and mapped back to the exact original passage."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.checks.quotes import _FOLD, ArchivedText, fold, normalize

PIECES = ["a", "b", "ab", " ", "  ", "\n", "\t", "\u00a0", "\u2019", "'", "\u201c", "\u2014", "-", "e\u0301", "\u00e9"]
pieces_text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def reference_spans(original: str, quote: str) -> list[tuple[int, int]]:
    """The specification, character by character: normalise the text keeping each character's
    original offset (a run of white space keeps the offset of the word after it)."""
    text = unicodedata.normalize("NFC", original)
    chars: list[tuple[str, int]] = []
    pending_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append((" ", offset))
            pending_space = False
        chars.append((normalize(char) or char, offset))
    normalized = "".join(c for c, _ in chars)
    needle = normalize(quote)
    found, start = [], normalized.find(needle) if needle else -1
    while start != -1:
        end = start + len(needle) - 1
        found.append((chars[start][1], chars[end][1] + 1))
        start = normalized.find(needle, start + 1)
    return found


def test_folding_maps_only_characters_outside_ascii() -> None:
    """What lets normalize skip NFC and folding for an ASCII quote."""
    assert all(code > 127 for code in _FOLD)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)) | pieces_text)
def test_an_ascii_quote_is_normalised_as_any_other(quote: str) -> None:
    assert normalize(quote) == " ".join(unicodedata.normalize("NFC", quote).translate(_FOLD).split())


@settings(max_examples=500, deadline=None)
@given(st.text() | pieces_text)
def test_folding_by_replacement_equals_the_translation_table(text: str) -> None:
    assert fold(text) == text.translate(_FOLD)


@settings(max_examples=500, deadline=None)
@given(pieces_text, pieces_text)
def test_quotes_are_found_where_the_reference_finds_them(original: str, quote: str) -> None:
    text = ArchivedText(original)
    assert [(s.start, s.end) for s in text.find(quote)] == reference_spans(original, quote)


@settings(max_examples=300, deadline=None)
@given(pieces_text, st.integers(0, 30), st.integers(1, 12))
def test_a_passage_cut_from_the_text_is_found_and_maps_back_to_itself(original: str, start: int, length: int) -> None:
    text = ArchivedText(original)
    passage = text.original[start : start + length].strip()
    if not normalize(passage):
        return
    spans = text.find(passage)
    assert spans, passage
    assert any(normalize(text.original[s.start : s.end]) == normalize(passage) for s in spans)


def test_a_typographic_quote_in_a_long_text_points_at_its_line() -> None:
    original = "First line.\n\n  He said \u201cno\u201d \u2014 twice.\nLast line.\n" * 3 + "Only here: yes.\n"
    text = ArchivedText(original)
    spans = text.find("Only   here:\nyes.")
    assert len(spans) == 1
    assert original[spans[0].start : spans[0].end] == "Only here: yes."
    assert text.line_of(spans[0].start) == 13
    assert len(text.find('He said "no" - twice.')) == 3


def test_a_quote_found_once_as_written_needs_no_map_of_word_starts() -> None:
    """The fast path is taken where it applies (its results are compared with the reference above)."""
    text = ArchivedText("Intro.\n\n  The  minister \u2018said\u2019 so.\nThe end: he said so.\n")
    assert [(s.start, s.end) for s in text.find("Intro")] == [(0, 5)]
    assert [(s.start, s.end) for s in text.find("The end")] == [(35, 42)]
    assert [(s.start, s.end) for s in text.find("\u2018said\u2019 so")] == [(24, 33)]  # folded, as written
    assert "_original_starts" not in vars(text)
    assert [(s.start, s.end) for s in text.find("The minister")] == [(10, 23)]  # two spaces in the text
    assert "_original_starts" in vars(text)
