"""What a Markdown field of a record (summary, analysis, notes) may hold: the checks.

Raw HTML and images are not part of the record format, and links may only be web or mail links
or references to our own pages (``claim:ID``, ``source:ID``, ``verdict:ID``). Most fields hold
plain text and ``[text](target)`` links, which a regular expression reads exactly as Markdown
does; ``factcheck validate`` runs on every field of ten thousand records. Anything else (code,
``<…>``, images, link definitions, escapes, indented blocks) is read by the renderer's own
parser (``markdownparse``), so what is checked is what is published: a definition nested in a
quote or a list, an image shown as code, an e-mail autolink.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from ..markdown_parser import outline
from ..text import check_url

INTERNAL_SCHEMES = ("claim", "source", "verdict")
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<![A-Za-z]|<\?")
# What only the parser reads right: HTML or autolinks, code, escapes, images, link definitions,
# indented blocks, and inline links whose target is more than a run of plain characters.
_NEEDS_PARSER = re.compile(r"[<`\\]|!\[|\]:|\]\((?![^()\s<>]*\))|^(?: {4}|\t)", re.MULTILINE)
# ``<scheme:…>``: an autolink elsewhere, but Python-Markdown links only http(s), ftp and e-mail
_AUTOLINK_LIKE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_INLINE_LINK = re.compile(r"\]\(([^()\s<>]*)\)")


def markdown_problems(text: str, known: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    """(message, hint) for everything in a Markdown field that would not publish as written."""
    problems: list[tuple[str, str]] = []
    if "<" not in text and "]" not in text and "!" not in text:  # no HTML, no link, no image: most notes
        return problems
    if not _NEEDS_PARSER.search(text):
        links = [match.group(1) for match in _INLINE_LINK.finditer(text)]
    else:
        parsed = outline(text)
        if any(_RAW_HTML.search(part) for part in parsed.prose if "<" in part):
            problems.append(
                (
                    "raw HTML is not allowed in Markdown fields",
                    "use Markdown (*emphasis*, [link](https://…)); a lone '<' followed by a space is fine",
                )
            )
        if parsed.images:
            problems.append(
                ("images are not allowed in Markdown fields", "link to the image instead: [title](https://…)")
            )
        links = parsed.links
        for part in parsed.prose:
            problems.extend(
                _not_a_link(match.group(1), known) for match in _AUTOLINK_LIKE.finditer(part) if "<" in part
            )
    for target in dict.fromkeys(links):
        message = _link_problem(target, known)
        if message:
            problems.append(message)
    return problems


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


def _not_a_link(target: str, known: Callable[[str, str], bool]) -> tuple[str, str]:
    """(message, hint) for ``<target>`` left as text: the reason it could not be a link, or that
    it is not one."""
    return _link_problem(target, known) or (
        f"<{target}> is shown as written, not as a link",
        f"write a link as [text]({target})",
    )


def _link_problem(target: str, known: Callable[[str, str], bool]) -> tuple[str, str] | None:
    scheme = _scheme(target)
    if scheme in INTERNAL_SCHEMES:
        ref = target.split(":", 1)[1].split("#", 1)[0]
        return None if known(scheme, ref) else unknown_link_problem(scheme, ref)
    if not target:
        return "link has no target", "write where it leads: [text](https://…), or leave the text without brackets"
    if target.startswith("#"):
        return None
    return _external_link_problem(target)


@functools.lru_cache(maxsize=4096)  # the same few sites are linked from thousands of records
def _external_link_problem(target: str) -> tuple[str, str] | None:
    try:
        check_url(target, allow_mailto=True)
    except ValueError as exc:
        return f"link {target!r}: {exc}", "links are https://…, mailto:…, or claim:ID / source:ID / verdict:ID"
    return None
