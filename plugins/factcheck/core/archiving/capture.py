"""What an extractor found in an input: the text and the metadata the page or file states."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..text import _FORBIDDEN_RE  # the characters every record field refuses


@dataclass(frozen=True)
class Capture:
    text: str  # paragraphs separated by blank lines, ending with a newline
    extractor: str  # "trafilatura 2.3.1": which code made the text from the original bytes
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None = None  # the canonical URL the page states
    captured: dt.datetime | None = None  # when the original was captured (WARC-Date), UTC
    captured_from: str | None = None  # where the original was captured (WARC-Target-URI, fetched URL)
    pages: int | None = None  # a PDF's page count: the text carries page markers
    language: str | None = None  # BCP 47, as the page states it


_BLANKS = re.compile(r"[ \t]+\n")
_MANY_BREAKS = re.compile(r"\n{3,}")


def clean_text(text: str, *, paragraphs_per_line: bool) -> str:
    """The archived form of an extracted text: NFC, Unix line ends, no hidden or control
    characters (they would be refused when the text is read), no trailing spaces, and paragraphs
    separated by one blank line. ``paragraphs_per_line``: the extractor puts one paragraph on each
    line (trafilatura), so every line break is a paragraph break."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _FORBIDDEN_RE.sub(lambda m: "\n" if m.group() == "\x0c" else "", text)
    text = _BLANKS.sub("\n", text)
    if paragraphs_per_line:
        text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    text = _MANY_BREAKS.sub("\n\n", text).strip()
    return text + "\n" if text else ""


def one_line(value: object) -> str | None:
    """A metadata value as one clean line, or None when there is nothing."""
    if not isinstance(value, str):
        return None
    line = " ".join(_FORBIDDEN_RE.sub("", unicodedata.normalize("NFC", value)).split())
    return line or None
