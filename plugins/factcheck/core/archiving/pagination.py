"""Pages of an archived PDF: which page a quote is on, and page numbers on the source page.

The text of a PDF starts each page with a marker line ``--- page N ---`` (see ``pdf``); only a
source whose sidecar records ``pages`` is paginated, so a marker-like line in another text is
just text.
"""

from __future__ import annotations

import re

from ..checks.quotes import Span
from ..records.models import Source

PAGE_MARKER = re.compile(r"^--- page (\d+) ---$", re.MULTILINE)
# the marker as the archived-text renderer writes it: a paragraph of its own
_RENDERED_MARKER = re.compile(r"<p>--- page (\d+) ---</p>")


def page_marker(number: int) -> str:
    return f"--- page {number} ---"


def page_at(text: str, offset: int) -> int | None:
    """The page the character at ``offset`` is on: the number of the last marker before it."""
    page = None
    for match in PAGE_MARKER.finditer(text, 0, offset):
        page = int(match.group(1))
    return page


def page_problem(source: Source, text: str, span: Span, page: int) -> tuple[str, str] | None:
    """(message, hint) when a quote's stated ``page`` is not where it was found."""
    if source.pages is None:
        return (f"source {source.id!r} has no pages (only an archived PDF has)", "remove `page`")
    found = page_at(text, span.start)
    if found == page:
        return None
    if page > source.pages:
        return (
            f"page {page} is past the end of source {source.id!r} ({source.pages} pages)",
            f"the quote is on page {found}",
        )
    return (f"the quote is on page {found} of source {source.id!r}, not page {page}", f"set `page: {found}`")


def label_pages(html: str) -> str:
    """The rendered archived text with each page marker made a page number beside the text."""
    return _RENDERED_MARKER.sub(
        lambda m: (
            f'<p class="fc-page" id="page-{m.group(1)}"><span class="fc-page__number">Page {m.group(1)}</span></p>'
        ),
        html,
    )
