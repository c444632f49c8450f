"""Refuse, before any YAML parser reads a record, what would fool a reviewer or crash the parser.

* Hidden characters anywhere in the file, comments included: bidirectional controls reorder what
  a diff shows ("Trojan Source"), invisible and control characters hide text (YAML even reads
  U+0085 as a line break a reviewer does not see).
* Nesting deeper than any record needs: PyYAML's composers recurse once per level, and libyaml's
  overflows the C stack (the process dies) on a file of a few thousand ``[``.
* Escapes that make no character (``"\\ud800"``, a lone UTF-16 surrogate): the pure-Python parser
  accepts them, and the text then cannot be written out as UTF-8.

A cheap bound on the nesting depth is computed from the text; only a file that might exceed the
limit is parsed (libyaml's event parser is iterative) to find the exact place.
"""

from __future__ import annotations

import re

import yaml

from .text import HIDDEN_HINT, find_hidden

MAX_DEPTH = 32  # a record nests 3 levels
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}")
# what may stand before a line's content: indentation and block indicators ("- - x" nests on one
# line; after an anchor or a tag a collection must start on the next line)
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def first_problem(text: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) of the first thing in ``text`` no record may hold, if any."""
    refused = first_text_problem(text)
    if refused:
        return refused
    deepest = _too_deep(text)
    if deepest:
        return (*deepest, f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)",
                "a record is a mapping of fields with a few lists; remove the extra brackets or dashes")
    return None


def first_text_problem(text: str) -> tuple[int, int, str, str] | None:
    """The problems found in the characters alone, without parsing: a reader that walks the
    events itself can check the depth as it goes (see yamlread)."""
    hidden = find_hidden(text)
    if hidden:
        offset, what = hidden
        line, column = _position(text, offset)
        return line, column, f"file contains {what}", f"{HIDDEN_HINT}; delete it"
    escape = _SURROGATE_ESCAPE.search(text)
    if escape:
        line, column = _position(text, escape.start())
        return (line, column, f"escape {escape.group()} makes no character (a lone UTF-16 surrogate)",
                "write the character itself, or a \\U escape of a real code point")
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _too_deep(text: str) -> tuple[int, int] | None:
    # Every level opens with a flow bracket, or in block style needs a deeper line prefix (at most
    # two levels per prefix character: "a:\n- b" nests a list at the key's indentation).
    prefix = max(map(len, _LINE_PREFIX.findall(text)), default=0)
    if text.count("[") + text.count("{") + 2 * (prefix + 1) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error before the limit: the reader reports it
    return None
