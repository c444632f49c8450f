"""What a Markdown field of a record (summary, analysis, notes) may hold: the checks.

Raw HTML and images are not part of the record format, and links may only be web or mail links
or references to our own pages (``claim:ID``, ``source:ID``, ``verdict:ID``). These checks need
no Markdown library: ``factcheck validate`` runs them on every field of ten thousand records, and
the renderer (``markup``) escapes and sanitises whatever they could miss anyway.
"""

from __future__ import annotations

import functools
import re
from typing import Callable
from urllib.parse import urlsplit

from .text import check_url

INTERNAL_SCHEMES = ("claim", "source", "verdict")
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<![A-Za-z]|<\?")
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?((?:[^()\s>]|\([^()\s>]*\))*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE)


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
