"""Markdown fields of records (summary, analysis, notes) as safe HTML.

Raw HTML is not part of the record format: the loader reports it as an error (markup inside
code spans and code blocks is shown as written, not reported), and the renderer escapes it anyway (Python-Markdown's raw-HTML processors are removed), then nh3 sanitises the
result. Links may be web/mail links or references to our own pages: ``claim:ID``,
``source:ID``, ``verdict:ID``, resolved to relative URLs by the caller.
"""

from __future__ import annotations

import functools
import re
from html import escape as html_escape
from typing import Callable
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from .text import check_url

INTERNAL_SCHEMES = ("claim", "source", "verdict")
_ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br", "h3", "h4",
                 "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "sup", "sub"}
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<![A-Za-z]|<\?")
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?((?:[^()\s>]|\([^()\s>]*\))*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE)

Resolve = Callable[[str, str], str | None]  # (scheme, id) -> relative URL, or None if unknown


def markdown_problems(text: str, known: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    """(message, hint) for everything in a Markdown field that would not publish as written."""
    problems: list[tuple[str, str]] = []
    if "<" not in text and "]" not in text and "!" not in text:  # no HTML, no link, no image: most notes
        return problems
    if "<" in text and _RAW_HTML.search(_without_code(text)):
        problems.append(("raw HTML is not allowed in Markdown fields",
                         "use Markdown (*emphasis*, [link](https://…)); a lone '<' followed by a space is fine"))
    if "![" in text:
        problems.append(("images are not allowed in Markdown fields", "link to the image instead: [title](https://…)"))
    for match in _LINK_TARGETS.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        message = _link_problem(target, known)
        if message:
            problems.append(message)
    return problems


_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|\Z))+)")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _without_code(text: str) -> str:
    """The text outside code: markup inside code is shown as written (the renderer escapes it),
    so a fact check can quote ``<script>`` in backticks. Erring either way is safe: anything
    left in is reported, anything taken out is escaped on the page."""
    text = _FENCED.sub("", text)
    text = _INDENTED.sub("\n\n", text)
    return _CODE_SPAN.sub("", text)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?=:)")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20]")


def _scheme(target: str) -> str:
    """``urlsplit(target).scheme``, lowercased, without the rest of urlsplit's work."""
    if _CONTROL_OR_SPACE.search(target):  # urlsplit first strips and removes some of these
        return urlsplit(target).scheme.lower()
    match = _SCHEME.match(target)
    return match.group().lower() if match else ""


def unknown_link_problem(scheme: str, ref: str) -> tuple[str, str]:
    """(message, hint) for a ``claim:``, ``source:`` or ``verdict:`` link to no such record."""
    return f"link to unknown {scheme} {ref!r}", f"check the id: {scheme}:ID links to our {scheme} page"


def _link_problem(target: str, known: Callable[[str, str], bool]) -> tuple[str, str] | None:
    scheme = _scheme(target)
    if scheme in INTERNAL_SCHEMES:
        ref = target.split(":", 1)[1].split("#", 1)[0]
        return None if known(scheme, ref) else unknown_link_problem(scheme, ref)
    if target.startswith("#") or not target:
        return None
    return _external_link_problem(target)


@functools.lru_cache(maxsize=4096)  # the same few sites are linked from thousands of records
def _external_link_problem(target: str) -> tuple[str, str] | None:
    try:
        check_url(target, allow_mailto=True)
    except ValueError as exc:
        return f"link {target!r}: {exc}", "links are https://…, mailto:…, or claim:ID / source:ID / verdict:ID"
    return None


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.resolve: Resolve = lambda scheme, ref: None

    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter("a"):
            href = element.get("href", "")
            scheme = urlsplit(href).scheme.lower()
            if scheme in INTERNAL_SCHEMES:
                ref, _, anchor = href.split(":", 1)[1].partition("#")
                url = self.resolve(scheme, ref)
                if url is None:
                    element.attrib.pop("href")
                else:
                    element.set("href", url + (f"#{anchor}" if anchor else ""))
            elif href and not href.startswith("#"):
                try:
                    check_url(href, allow_mailto=True)
                except ValueError:
                    element.attrib.pop("href")
        return None


class MarkdownRenderer:
    """One reusable Markdown converter: building one costs far more than converting a paragraph."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.inlinePatterns.deregister("entity")
        self._rewriter = _LinkRewriter(self._md)
        self._md.treeprocessors.register(self._rewriter, "factcheck_links", 1)

    def render(self, text: str, resolve: Resolve, *, inline: bool = False) -> str:
        if not _MARKDOWN_SYNTAX.search(text):
            html = _plain_paragraphs(text)
        else:
            html = self._render_markdown(text, resolve)
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
    r"[\\`*_\[\]<>&!|~#=\t\r]|^[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$)|^(?: {4}|\t)| {2,}\n|^[ \t]*-{3,}",
    re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _plain_paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    return "\n".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs)
