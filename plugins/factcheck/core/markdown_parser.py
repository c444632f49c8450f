"""The Markdown parser of record fields, configured once, and what it makes of a field.

The renderer (``markup``) and the checker (``markdowncheck``) must agree on what is a link, an
image or code: a definition nested in a quote or a list is a link to one and not to a regex.
So both take their parser from :func:`new_parser`, and the checker asks :func:`outline` whenever
its quick look cannot be sure.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE


def new_parser() -> markdown.Markdown:
    """Python-Markdown as records use it: tables and sane lists, no raw HTML and no entities
    (they are shown as written)."""
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


def link_target(href: str) -> str:
    """The URL an ``<a href>`` of the parser's tree stands for. E-mail autolinks
    (``<desk@example.org>``) arrive with every letter written as an entity, Python-Markdown's
    protection against address harvesters; the sanitiser would not recognise ``mailto:`` in it."""
    if AMP_SUBSTITUTE in href:
        return html.unescape(href.replace(AMP_SUBSTITUTE, "&"))
    return href


@dataclass
class Outline:
    """What the parser found in a field: what becomes a link, an image, or text outside code."""

    links: list[str] = field(default_factory=list)  # every link target, definitions included, in order
    images: int = 0
    prose: list[str] = field(default_factory=list)  # text and titles outside code


class _Collector(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.outline = Outline()

    def run(self, root: Element) -> None:
        outline = self.outline = Outline()
        outline.links.extend(link for link, _title in self.md.references.values())
        self._walk(root, outline)
        return None

    def _walk(self, element: Element, outline: Outline) -> None:
        if element.tag == "img":
            outline.images += 1
        if element.tag == "a":
            outline.links.append(link_target(element.get("href", "")))
        outline.prose.append(element.get("title", ""))
        if element.tag not in ("code", "pre"):
            outline.prose.append(element.text or "")
            for child in element:
                self._walk(child, outline)
                outline.prose.append(child.tail or "")


@functools.lru_cache(maxsize=1)
def _checking_parser() -> tuple[markdown.Markdown, _Collector]:
    md = new_parser()
    collector = _Collector(md)
    md.treeprocessors.register(collector, "factcheck_outline", 1)
    return md, collector


def outline(text: str) -> Outline:
    """Parse ``text`` as the renderer will, and say what it holds."""
    md, collector = _checking_parser()
    md.reset().convert(text)
    return collector.outline
