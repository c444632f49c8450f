"""Read one YAML record safely into plain data, remembering where every value came from.

Records arrive in pull requests from people we may not know, and reviewers read YAML diffs, so
the reader is stricter than PyYAML's ``safe_load``:

* only the YAML *syntax* is used: every plain scalar is read as the text the contributor typed
  (``no``, ``on``, ``1_000``, ``1:20`` and ``2022-03-03`` stay strings), so the YAML 1.1 surprises
  cannot turn a claim into a boolean; the typed models convert text where a type is meant;
* bidirectional controls, invisible and control characters anywhere in the file (comments too:
  the "Trojan Source" trick works on a diff), duplicate keys, anchors/aliases, explicit tags, multiple documents, non-UTF-8 bytes, empty files,
  oversized files, nesting deeper than any record needs and escapes that make no character (lone
  surrogates such as ``"\ud800"``) are problems, not silent behaviour or a crash later;
* every value's position is kept, so each problem is reported at ``line:column``.

The C parser of libyaml is used where available: it still gives marks on composed nodes, and it is
several times faster than the pure-Python one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, DocumentEndEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .problems import Problem
from .text import HIDDEN_HINT, find_hidden

try:
    from yaml.cyaml import CParser as _Parser

    class _Composer(_Parser, BaseResolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            BaseResolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Composer(Reader, Scanner, Parser, Composer, BaseResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            BaseResolver.__init__(self)


MAX_RECORD_BYTES = 256 * 1024
MAX_DEPTH = 32  # records nest 3 levels; a deep pile of brackets must fail fast, not exhaust the stack
_SURROGATE = re.compile("[\ud800-\udfff]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_TAGS = frozenset(
    {BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_MAPPING_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG}
)

Path = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, strings, None) and the 1-based position of each value and key."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path``: the value, or its nearest known ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


class _Invalid(Exception):
    def __init__(self, node: Any, message: str, hint: str = "") -> None:  # a node or an event: both have marks
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1
        self.message = message
        self.hint = hint


def read_yaml(raw: bytes, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``raw`` (the bytes of the file shown as ``path``) into a :class:`YamlDocument`."""
    if len(raw) > MAX_RECORD_BYTES:
        return None, [Problem(path, 1, 1, f"file is {len(raw):,} bytes; records are limited to {MAX_RECORD_BYTES:,}",
                              "split the text: long archived texts belong in a source's .txt file")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(path, line, column, "file is not valid UTF-8", "save the file with UTF-8 encoding")]
    text = text.removeprefix("\ufeff")
    hidden = find_hidden(text)
    if hidden:  # anywhere, comments included: a reviewer reads the raw file in the diff
        offset, what = hidden
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [Problem(path, line, column, f"file contains {what}",
                              f"{HIDDEN_HINT}; delete it (YAML also reads some of them as line breaks)")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(path, 1, 1, "file is empty", "a record is a YAML mapping of fields; see README.md")]
    try:
        composer = _Composer(text)
        try:
            node = _compose(composer)
        finally:
            composer.dispose()
    except _Invalid as exc:
        return None, [Problem(path, exc.line, exc.column, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(path, line, column, message, _syntax_hint(exc))]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"YAML error: {exc}", "check the file's YAML syntax")]
    except RecursionError:
        return None, [Problem(path, 1, 1, f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)",
                              "a record is a mapping of fields with a few lists; remove the extra brackets")]
    if node is None:
        return None, [Problem(path, 1, 1, "file is empty", "a record is a YAML mapping of fields; see README.md")]
    document = YamlDocument(data=None)
    try:
        document.data = _plain(node, (), document, set())
    except _Invalid as exc:
        return None, [Problem(path, exc.line, exc.column, exc.message, exc.hint)]
    return document, []


_TOO_DEEP = (f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)",
             "a record is a mapping of fields with a few lists; remove the extra brackets")
_ALIAS = ("YAML aliases (*name) are not allowed in records",
          "write the value out in full; aliases hide what a reviewer reads")


def _compose(parser: Any) -> Node | None:
    """Build the node tree of the single document from the parser's events, without recursion.

    PyYAML's composers recurse once per nesting level; libyaml's (C) overflows the C stack and
    kills the process on a file of a few thousand ``[``. Here nesting is counted and refused past
    ``MAX_DEPTH``, and an alias is refused where it stands, before anything is expanded.
    """
    parser.get_event()  # stream start
    if parser.check_event(StreamEndEvent):
        return None
    document_start = parser.get_event()
    root: Node | None = None
    stack: list[tuple[Node, list[Node]]] = []
    while True:
        event = parser.get_event()
        if isinstance(event, DocumentEndEvent):
            break
        if isinstance(event, AliasEvent):
            raise _Invalid(event, *_ALIAS)
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _Invalid(event, *_TOO_DEEP)
            mapping = isinstance(event, MappingStartEvent)
            default = BaseResolver.DEFAULT_MAPPING_TAG if mapping else BaseResolver.DEFAULT_SEQUENCE_TAG
            tag = event.tag if event.tag not in (None, "!") else default
            kind = MappingNode if mapping else SequenceNode
            stack.append((kind(tag, [], event.start_mark, None, flow_style=event.flow_style), []))
            continue
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            node, children = stack.pop()
            node.value = list(zip(children[0::2], children[1::2])) if isinstance(node, MappingNode) else children
            node.end_mark = event.end_mark
        elif isinstance(event, ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else BaseResolver.DEFAULT_SCALAR_TAG
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise _Invalid(event, "unsupported YAML event")
        if stack:
            stack[-1][1].append(node)
        else:
            root = node
    if not parser.check_event(StreamEndEvent):
        raise ComposerError("expected a single document in the stream", document_start.start_mark,
                            "but found another document", parser.get_event().start_mark)
    return root


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    if "found character '\\t'" in problem:
        return "YAML indentation must use spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. claim: \"...\""
    if "expected a single document" in str(exc):
        return "a record file holds one YAML document: remove the extra '---'"
    return "check indentation and quoting around this position"


def _plain(node: Node, path: Path, document: YamlDocument, seen: set[int]) -> Any:
    if len(path) > MAX_DEPTH:
        raise _Invalid(node, f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)",
                       "a record is a mapping of fields with a few lists; remove the extra brackets")
    if id(node) in seen:
        raise _Invalid(node, "YAML aliases (*name) are not allowed in records",
                       "write the value out in full; aliases hide what a reviewer reads")
    seen.add(id(node))
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        raise _Invalid(node, f"YAML tag {node.tag!r} is not allowed in records", "remove the '!' tag")
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        if _SURROGATE.search(node.value):
            raise _Invalid(node, "escape sequence makes an invalid character (a lone UTF-16 surrogate)",
                           "write the character itself, or a \\U escape of a real code point")
        return node.value
    if isinstance(node, SequenceNode):
        return [_plain(item, path + (index,), document, seen) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise _Invalid(key_node, "mapping keys must be plain field names")
            key = key_node.value
            if _SURROGATE.search(key):
                raise _Invalid(key_node, "mapping keys must be plain field names")
            if key == "<<":
                raise _Invalid(key_node, "YAML merge keys (<<) are not allowed in records",
                               "write the fields out in full")
            if key in mapping:
                first_line = document.key_positions[path + (key,)][0]
                raise _Invalid(key_node, f"duplicate key {key!r} (first given on line {first_line})",
                               "YAML keeps only the last value of a duplicated key: keep one")
            document.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _plain(value_node, path + (key,), document, seen)
        return mapping
    raise _Invalid(node, "unsupported YAML node")  # pragma: no cover
