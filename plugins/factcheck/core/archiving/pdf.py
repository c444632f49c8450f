"""The text of a PDF page by page, read with pypdf.

Each page starts with a marker line of its own, ``--- page N ---``, between blank lines, so a
quote can be placed on its page and the source page can number the text. A quote cannot run
across a page break (the marker is in the way): quote each page's part.
"""

from __future__ import annotations

import io
import logging

import pypdf
from pypdf.errors import PyPdfError

from .capture import Capture, clean_text, one_line
from .errors import ArchiveError
from .limits import MAX_PAGES
from .pagination import page_marker

EXTRACTOR = f"pypdf {pypdf.__version__}"


def extract_pdf(raw: bytes, what: str = "the PDF") -> Capture:
    if not raw.startswith(b"%PDF-"):
        raise ArchiveError(f"{what} is not a PDF (it does not start with %PDF-)", "archive the PDF file itself")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy files are not ours
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise ArchiveError(f"{what} is encrypted", "save an unencrypted copy (print it to PDF) and archive that")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise ArchiveError(f"{what} has {count} pages; the limit is {MAX_PAGES}", "archive the part you quote")
        pages = [clean_text(page.extract_text() or "", paragraphs_per_line=False) for page in reader.pages]
        info = reader.metadata
    except ArchiveError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
        ZeroDivisionError,
        AssertionError,
    ) as exc:
        raise ArchiveError(
            f"{what} is broken: {exc.__class__.__name__}: {exc}",
            "open it in a PDF reader and save or print it to a new PDF",
        ) from None
    if not any(pages):
        raise ArchiveError(f"{what} has no text layer (a scan?)", "run it through OCR first, then archive the result")
    blocks = []
    for number, body in enumerate(pages, start=1):
        blocks += [page_marker(number), *([body.rstrip("\n")] if body else [])]
    text = "\n\n".join(blocks) + "\n"
    published = None
    if info is not None:
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        published = created.date().isoformat() if created is not None else None
    return Capture(
        text=text,
        extractor=EXTRACTOR,
        pages=count,
        title=one_line(info.title) if info is not None else None,
        author=one_line(info.author) if info is not None else None,
        published=published,
    )
