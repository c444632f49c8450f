"""The main text and metadata of a web page, extracted with trafilatura.

The same bytes give the same text: no cache across calls (``deduplicate=False``) and the
version pinned by the lock file, recorded in the sidecar as the extractor. Only the text is
kept: scripts, styles, iframes, navigation, ads and comment forms are left out by the extractor.
"""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document

from .capture import Capture, clean_text, one_line
from .errors import ArchiveError

EXTRACTOR = f"trafilatura {trafilatura.__version__}"
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|article|main|p)[\s>/]", re.IGNORECASE)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def looks_like_html(raw: bytes) -> bool:
    head = raw[:65536]
    return b"\x00" not in head[:4096] and bool(_HTML_START.search(head))


def extract_html(raw: bytes, what: str = "the page") -> Capture:
    if not looks_like_html(raw):
        raise ArchiveError(
            f"{what} is not an HTML page", "archive a page saved from the browser (.html), a WARC, a PDF or a .txt"
        )
    try:
        tree = trafilatura.load_html(raw)
        language = _language(tree.get("lang") if tree is not None else None)
        # as_dict=False (the default) gives a Document, or None; the stub's return type also allows a dict
        document: Document | None = trafilatura.bare_extraction(  # type: ignore[assignment]
            tree if tree is not None else raw,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - lxml and the fallbacks raise many kinds on broken markup
        raise ArchiveError(f"{what} could not be read as HTML: {exc}", "save the page again from the browser") from None
    text = clean_text(document.text or "", paragraphs_per_line=True) if document is not None else ""
    if document is None or not text:
        raise ArchiveError(
            f"{what} has no article text to archive", "save the article's own page (not a front page or a login page)"
        )
    published = one_line(document.date)
    return Capture(
        text=text,
        extractor=EXTRACTOR,
        title=one_line(document.title),
        author=one_line(document.author),
        publisher=one_line(document.sitename),
        published=published if published and _DATE.fullmatch(published) else None,
        url=one_line(document.url),
        language=language,
    )


_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language(value: str | None) -> str | None:
    """The page's ``<html lang>`` as a BCP 47 tag (``en_US`` is written ``en-US``), if it is one."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    tag = tag.split("-", 1)[0].lower() + tag[len(tag.split("-", 1)[0]) :]
    return tag if _LANGUAGE.fullmatch(tag) else None
