"""Markdown fields of records (summary, analysis, notes) as safe HTML.

What a field may hold is checked by ``markdowncheck`` before anything is rendered; the renderer
does not rely on it. Raw HTML is escaped (Python-Markdown's raw-HTML processors are removed), links
to ``claim:ID``, ``source:ID`` and ``verdict:ID`` become relative URLs given by the caller, other
links lose their target unless they are web or mail links, and nh3 sanitises the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as html_escape
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from ..checks.markdown import INTERNAL_SCHEMES
from ..markdown_parser import link_target, new_parser
from ..text import check_url

_ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "br",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "del",
    "sup",
    "sub",
}

Resolve = Callable[[str, str], str | None]  # (scheme, id) -> relative URL, or None if unknown


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.resolve: Resolve = lambda scheme, ref: None

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = link_target(element.get("href", ""))
            element.set("href", href)
            scheme = urlsplit(href).scheme.lower()
            if scheme in INTERNAL_SCHEMES:
                ref, _, anchor = href.split(":", 1)[1].partition("#")
                url = self.resolve(scheme, ref)
                if url is None:
                    element.attrib.pop("href")
                else:
                    element.set("href", url + (f"#{anchor}" if anchor else ""))
            elif not href:
                element.attrib.pop("href")
            elif not href.startswith("#"):
                try:
                    check_url(href, allow_mailto=True)
                except ValueError:
                    element.attrib.pop("href")
        return None


class MarkdownRenderer:
    """One reusable Markdown converter: building one costs far more than converting a paragraph."""

    def __init__(self) -> None:
        self._md = new_parser()
        self._rewriter = _LinkRewriter(self._md)
        self._md.treeprocessors.register(self._rewriter, "factcheck_links", 1)

    def render(self, text: str, resolve: Resolve, *, inline: bool = False) -> str:
        html = self._render_markdown(text, resolve) if _MARKDOWN_SYNTAX.search(text) else _plain_paragraphs(text)
        if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def _render_markdown(self, text: str, resolve: Resolve) -> str:
        self._rewriter.resolve = resolve
        html = self._md.reset().convert(text)
        html = nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener noreferrer",
        )
        return html


# Anything that could make Markdown produce more than plain paragraphs: inline syntax, HTML or
# entities, block markers at a line start (lists, quotes, headings, code, tables, rules), hard
# line breaks. Text without any of it is rendered directly, the way Python-Markdown would.
_MARKDOWN_SYNTAX = re.compile(
    r"[\\`*_\[\]<>&!|~#=\t\r]|^[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$)|^(?: {4}|\t)| {2,}\n|^[ \t]*-{3,}", re.MULTILINE
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _plain_paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    return "\n".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs)
