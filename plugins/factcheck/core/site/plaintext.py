"""Plain-text renderings of the Markdown fields, for places that take no HTML.

Feeds, JSON-LD, Open Graph meta and the open data carry text, not markup: the Markdown is
rendered and sanitised exactly as on the page, then reduced to its text, so raw record input
never reaches those outputs and entity escapes are already resolved.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .markdown import _BLANK_LINES, _MARKDOWN_SYNTAX, MarkdownRenderer

_BLOCK_BREAK = "\x00"  # never in record text (refused as a control character)
_BLOCKS = {"p", "li", "br", "blockquote", "pre", "h3", "h4", "tr", "hr", "ul", "ol", "table"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(_BLOCK_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(_BLOCK_BREAK)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment: paragraphs separated by a blank line, other white space collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    # a line break inside a paragraph is white space; only block elements separate paragraphs
    paragraphs = [" ".join(block.split()) for block in text.split(_BLOCK_BREAK)]
    return "\n\n".join(p for p in paragraphs if p)


# text -> its plain text, shared by every converter of the process: a build makes one, and each
# of `mkdocs serve`'s rebuilds another (10,000 claims' descriptions, a quarter of a second)
_RENDERED: dict[str, str] = {}
_RENDERED_MAX = 200_000


class PlainText:
    """Markdown fields as plain text; one converter reused, each text rendered once."""

    def __init__(self) -> None:
        self._markdown = MarkdownRenderer()
        if len(_RENDERED) > _RENDERED_MAX:  # a long session of edits: start again
            _RENDERED.clear()
        self._cache = _RENDERED

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        found = self._cache.get(text)
        if found is None and not _MARKDOWN_SYNTAX.search(text):
            # no Markdown syntax: the text is its own rendering (what html_to_text would give)
            found = self._cache[text] = "\n\n".join(
                " ".join(p.split()) for p in _BLANK_LINES.split(text.strip()) if p.strip()
            )
        if found is None:
            # Links to our own pages keep their text; their targets are irrelevant here.
            found = self._cache[text] = html_to_text(self._markdown.render(text, lambda scheme, ref: None))
        return found

    def one_line(self, text: str | None) -> str:
        return " ".join(self(text).split())
