"""The archived text of a source as HTML, with every quoted passage marked and linked back.

Paragraphs are separated by blank lines; lines end at LF, CRLF or CR, as in an editor. Control
characters (a capture may hold them: the loader only warns) never reach the page: each is shown
as U+FFFD, one character for one, so every offset into the text stays right. Each quoted span
gets ``<mark>`` elements (split where spans overlap or cross a paragraph), the first carrying the
span's stable anchor id, followed by links back to the claims that quote it. Runs in O(text + marks·log marks).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from html import escape

from ..catalog import Citation
from ..checks.quotes import ArchivedText, Span
from ..i18n.attributes import text_direction

_LINE_BREAK = r"(?:\r\n?|\n)"
_PARAGRAPH_BREAK = re.compile(_LINE_BREAK + r"[ \t\f\v]*" + _LINE_BREAK + r"\s*")
_LINE_BREAKS = re.compile(_LINE_BREAK)
# C0 controls but tab, LF and CR; DEL; C1 controls (NEL included): invalid in HTML, or invisible
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def archive_attributes(language: str, page_language: str) -> str:
    """The language of the archived text, and its direction where it differs from the page's."""
    direction = text_direction(language)
    attributes = f' lang="{escape(language)}"'
    if direction is not None and direction != (text_direction(page_language) or "ltr"):
        attributes += f' dir="{direction}"'
    return attributes


def render_archived_text(
    text: ArchivedText,
    marks: dict[Span, list[Citation]],
    claim_url: Callable[[str, str], str],
    numbers: dict[str, int],
    language: str = "und",
    page_language: str = "en",
) -> str:
    original = text.original
    spans = sorted(marks, key=lambda s: (s.start, -s.end))
    boundaries = sorted({0, len(original), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
        ends.setdefault(span.end, []).append(span)
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(original)]

    out: list[str] = [f'<div class="fc-archive"{archive_attributes(language, page_language)}><p>']
    active: list[Span] = []
    break_index = 0
    for left, right in itertools.pairwise(boundaries):
        for span in ends.get(left, []):
            active.remove(span)
            out.append(_backrefs(marks[span], claim_url, numbers))
        new = starts.get(left, [])
        active.extend(new)
        # split the piece at paragraph breaks that fall inside it
        position = left
        while position < right:
            while break_index < len(paragraphs) and paragraphs[break_index][1] <= position:
                break_index += 1
            if break_index < len(paragraphs) and paragraphs[break_index][0] < right:
                brk_start, brk_end = paragraphs[break_index]
                piece_end = max(position, brk_start)
            else:
                brk_start = brk_end = right
                piece_end = right
            _piece(out, original[position:piece_end], active, new)
            new = []
            if piece_end < right:
                out.append("</p>\n<p>")
                position = min(brk_end, right)
            else:
                position = right
    for span in ends.get(len(original), []):
        out.append(_backrefs(marks[span], claim_url, numbers))
    out.append("</p></div>")
    return "".join(out).replace("<p></p>", "")


def _piece(out: list[str], chunk: str, active: list[Span], new: list[Span]) -> None:
    if not chunk:
        return
    body = _LINE_BREAKS.sub("<br>\n", _CONTROLS.sub("\ufffd", escape(chunk, quote=False)))
    if not active:
        out.append(body)
        return
    for extra in new[1:]:
        out.append(f'<span id="{extra.anchor}" class="fc-anchor"></span>')
    quoted = " ".join(span.anchor for span in active)
    ident = f' id="{new[0].anchor}"' if new else ""
    out.append(f'<mark{ident} class="fc-quote" data-quotes="{quoted}">{body}</mark>')


def _backrefs(citations: list[Citation], claim_url: Callable[[str, str], str], numbers: dict[str, int]) -> str:
    links = []
    seen: set[str] = set()
    for citation in citations:
        if citation.claim_id in seen:
            continue
        seen.add(citation.claim_id)
        number = numbers.get(citation.claim_id, 0)
        href = escape(claim_url(citation.claim_id, f"cite-{citation.span.anchor}"))
        links.append(
            f'<a class="fc-backref" href="{href}" aria-label="Fact check {number} quoting this passage">[{number}]</a>'
        )
    return '<sup class="fc-backrefs">' + "".join(links) + "</sup>"
