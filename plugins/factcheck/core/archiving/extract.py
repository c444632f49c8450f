"""From the original bytes of each kind of input to a :class:`Capture`: one function, used when a
source is archived and again by ``--refresh``, so both give the same text from the same bytes."""

from __future__ import annotations

from dataclasses import replace

from .capture import Capture, clean_text
from .errors import ArchiveError
from .html import extract_html
from .pdf import extract_pdf
from .warc import read_warc, warcs_in_wacz

KINDS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".warc": "warc",
    ".warc.gz": "warc.gz",
    ".wacz": "wacz",
    ".txt": "txt",
}
TEXT_EXTRACTOR = "factcheck plain text"


def kind_of(name: str) -> str | None:
    lower = name.lower()
    for suffix in sorted(KINDS, key=len, reverse=True):
        if lower.endswith(suffix):
            return KINDS[suffix]
    return None


def extract(raw: bytes, kind: str, url: str | None, what: str) -> Capture:
    """The capture in ``raw``; ``url`` picks the record of a WARC or WACZ."""
    if kind == "html":
        return extract_html(raw, what)
    if kind == "pdf":
        return extract_pdf(raw, what)
    if kind == "txt":
        return _plain_text(raw, what)
    warcs = warcs_in_wacz(raw, what) if kind == "wacz" else [raw]
    last: ArchiveError | None = None
    for warc in warcs:
        try:
            response = read_warc(warc, url, what)
        except ArchiveError as exc:
            if "has no" not in exc.message:
                raise
            last = exc
            continue
        if response.content_type == "application/pdf" or response.payload.startswith(b"%PDF-"):
            capture = extract_pdf(response.payload, f"the PDF in {what}")
        else:
            capture = extract_html(response.payload, f"the page in {what}")
        return replace(capture, captured=response.date, captured_from=response.target_uri)
    assert last is not None
    raise last


def _plain_text(raw: bytes, what: str) -> Capture:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ArchiveError(f"{what} is not UTF-8 text", "convert it to UTF-8 first") from None
    if not text.strip():
        raise ArchiveError(f"{what} is empty", "archive the text of the document")
    if "\x00" in text:
        raise ArchiveError(f"{what} is not a text file", "archive a .txt, .html, WARC or PDF")
    return Capture(text=clean_text(text, paragraphs_per_line=False), extractor=TEXT_EXTRACTOR)
