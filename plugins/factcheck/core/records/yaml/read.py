"""Read one YAML record safely into plain data, remembering where every value came from.

Records arrive in pull requests from people we may not know, and reviewers read YAML diffs, so
the reader is stricter than PyYAML's ``safe_load``:

* only the YAML *syntax* is used: every plain scalar is read as the text the contributor typed
  (``no``, ``on``, ``1_000``, ``1:20`` and ``2022-03-03`` stay strings), so the YAML 1.1 surprises
  cannot turn a claim into a boolean; the typed models convert text where a type is meant;
* hidden characters (comments included), line breaks only YAML sees, directives and escapes that
  make no character are refused before parsing (see ``yamlguard``);
* nesting deeper than any record needs is refused by each reader as it goes, at a fixed depth far
  below Python's recursion limit, whatever libyaml does with deep files (it reads ahead, and
  recent releases stop at their own depth);
* duplicate keys, anchors/aliases, explicit tags, multiple documents, non-UTF-8 bytes, empty files
  and oversized files are problems, not silent behaviour;
* every value's position is kept, so each problem is reported at ``line:column``.

Three readers, fastest first, each leaving what it does not take to the next: the common shape of
a record line by line (``yamllines``), then libyaml's events, then PyYAML's composer, whose
messages and positions are the ones contributors see. The first two keep no positions: a record
with a problem finds them when the problem is reported (see :class:`YamlDocument`).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ...problems import Problem
from ...text import text_position
from .guard import MAX_DEPTH, first_text_problem
from .lines import PLAIN_NULLS, UNUSUAL, read_simple


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("too deep")
        self.mark = mark


class _PyComposer(Reader, Scanner, Parser, Composer, BaseResolver):
    """The pure-Python parser, composing at most ``MAX_DEPTH`` levels.

    Its error messages are the ones contributors see (and tests pin). Its scanner and parser are
    iterative and the same in every PyYAML release, and the depth is counted here, one event at
    a time, so composing never recurses deeper than ``MAX_DEPTH`` levels, whatever the file."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if type(event) is not MappingStartEvent and type(event) is not SequenceStartEvent:
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


try:
    from yaml._yaml import CParser as _CParser  # (what yaml.cyaml re-exports)

    _CFastParser: type | None = _CParser  # the event reader (tests put libyaml's behaviours here)

    class _CComposer(_CParser, BaseResolver):
        """libyaml's composer: about 7x faster, same nodes and marks. It recurses on the C stack
        and counts no depth of its own in older releases, so it only gets a file whose whole
        event stream libyaml has already read, without an error, no deeper than ``MAX_DEPTH``."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            BaseResolver.__init__(self)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CFastParser = None


def _compose(text: str) -> Node | None:
    """The node tree of one document. A file libyaml does not read whole and shallow is parsed
    by the Python parser alone, and one libyaml's composer rejects is parsed again by it, so the
    reported message and position depend neither on whether libyaml is installed, nor on how
    far a given libyaml reads ahead or where it stops by itself."""
    if _libyaml_reads_shallow(text):
        composer = _CComposer(text)
        try:
            return composer.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            composer.dispose()
    python_composer = _PyComposer(text)
    try:
        return python_composer.get_single_node()
    finally:
        python_composer.dispose()


def _libyaml_reads_shallow(text: str) -> bool:
    """libyaml reads every event of ``text`` without an error, never deeper than ``MAX_DEPTH``."""
    if _CFastParser is None:  # pragma: no cover - PyYAML built without libyaml
        return False
    parser = _CFastParser(text)
    depth = 0
    try:
        while True:
            kind = type(parser.get_event())
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            elif kind is StreamEndEvent or kind is type(None):  # (None: no event after the end)
                return kind is StreamEndEvent
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()


MAX_RECORD_BYTES = 256 * 1024
_PLAIN_TAGS = frozenset(
    {BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_MAPPING_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG}
)

FieldPath = tuple[str | int, ...]  # a field's place in a record: ('evidence', 0, 'quote')
Positions = dict[FieldPath, tuple[int, int]]  # (line, column) as editors count them, from 1


class YamlDocument:
    """Plain data (dicts, lists, strings, None) and the 1-based position of each value and key.

    Positions are only needed to report a problem, and most records have none: a document read
    the fast way keeps its text and finds the positions when they are first asked for."""

    __slots__ = ("data", "_positions", "_key_positions", "_text")

    def __init__(self, data: Any, *, text: str | None = None) -> None:
        """With ``text``, positions are found in it on first use; without, they are filled in."""
        self.data = data
        self._text = text
        self._positions: Positions | None = None if text is not None else {}
        self._key_positions: Positions | None = None if text is not None else {}

    @property
    def positions(self) -> Positions:
        return self._positions if self._positions is not None else self._locate()[0]

    @property
    def key_positions(self) -> Positions:
        return self._key_positions if self._key_positions is not None else self._locate()[1]

    def _locate(self) -> tuple[Positions, Positions]:
        # libyaml's events read every file the fast readers read (tests compare them); were one
        # not to, the problem is still reported, at the start of the file
        located = _read_located_fast(self._text or "")
        if located is None:  # pragma: no cover - see above
            located = YamlDocument(None)
        self._positions, self._key_positions = located.positions, located.key_positions
        return self._positions, self._key_positions

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path``: the value, or its nearest known ancestor."""
        positions = self.positions
        table = self.key_positions if key else positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in positions:
                return positions[probe]
            probe = probe[:-1]
        return positions.get((), (1, 1))


class _Invalid(Exception):
    def __init__(self, node: Node, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1  # lines as editors count them: yamlguard refused the others
        self.column = node.start_mark.column + 1
        self.message = message
        self.hint = hint


def read_yaml(raw: bytes, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``raw`` (the bytes of the file shown as ``path``) into a :class:`YamlDocument`."""
    if len(raw) > MAX_RECORD_BYTES:
        return None, [
            Problem(
                path,
                1,
                1,
                f"file is {len(raw):,} bytes; records are limited to {MAX_RECORD_BYTES:,}",
                "split the text: long archived texts belong in a source's .txt file",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = undecodable_position(raw, exc.start)
        return None, [Problem(path, line, column, "file is not valid UTF-8", "save the file with UTF-8 encoding")]
    text = text.removeprefix("\ufeff")
    refused = first_text_problem(text)
    if refused:
        return None, [Problem(path, *refused)]
    data = read_simple(text)
    if data is UNUSUAL:
        data = _read_plain_fast(text)
    if data is not UNUSUAL:
        return YamlDocument(data, text=text), []
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(path, 1, 1, "file is empty", "a record is a YAML mapping of fields; see README.md")]
    try:
        node = _compose(text)
    except _TooDeep as exc:
        return None, [
            Problem(
                path,
                *text_position(text, exc.mark.index),
                f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)",
                "a record is a mapping of fields with a few lists; remove the extra brackets or dashes",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(path, line, column, message, _syntax_hint(exc, text))]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"YAML error: {exc}", "check the file's YAML syntax")]
    if node is None:
        return None, [Problem(path, 1, 1, "file is empty", "a record is a YAML mapping of fields; see README.md")]
    document = YamlDocument(None)
    try:
        document.data = _plain(node, (), document, set())
    except _Invalid as exc:
        return None, [Problem(path, exc.line, exc.column, exc.message, exc.hint)]
    return document, []


def undecodable_position(raw: bytes, start: int) -> tuple[int, int]:
    """(line, column) of the byte at ``start``, the first that is not UTF-8, as an editor shows it."""
    before = raw[:start].decode("utf-8").removeprefix("\ufeff")  # what comes before it decodes
    return text_position(before + "?", len(before))


_FAST_SCALAR_TAGS = frozenset({None, "!", BaseResolver.DEFAULT_SCALAR_TAG})


def _read_plain_fast(text: str) -> Any:
    """The common case, fast: the data of a well-formed record of plain mappings, lists and scalars.

    It reads libyaml's events directly, which costs a fraction of composing nodes and walking
    them, and keeps no positions (see :class:`YamlDocument`). Anything unusual (a syntax error,
    an empty file, several documents, tags, anchors, aliases, merge or duplicate keys, non-scalar
    keys, nesting deeper than ``MAX_DEPTH``) returns ``UNUSUAL``, and :func:`read_yaml` goes the
    full way, which reports it exactly as before. The data is the same as the full way's.
    """
    if _CFastParser is None:  # pragma: no cover - PyYAML built without libyaml
        return UNUSUAL
    parser = _CFastParser(text)
    try:
        return _walk_events(parser.get_event)
    except yaml.YAMLError:
        return UNUSUAL
    finally:
        parser.dispose()


def _walk_events(get: Any, positions: Positions | None = None, key_positions: Positions | None = None) -> Any:
    """The data of libyaml's events, or ``UNUSUAL``; with ``positions``, each value's and key's are
    filled in. One loop, no recursion: nesting is bounded by ``MAX_DEPTH`` as it goes.

    The same walker reads a record (without positions) and, when a problem is reported, finds its
    positions again (:meth:`YamlDocument._locate`); it replaced a second, recursive walker that did
    the latter. Measured alternately against it on 3,000 benchmark records: no slower either way
    (best of three, events 0.42 → 0.40 s, located 0.55 → 0.31 s), and `validate_bench.py` at
    10,000 claims does not use it (those records take the line reader)."""
    if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
        return UNUSUAL
    open_collections: list[tuple[Any, Any, FieldPath]] = []  # (container, its pending key, its path) of each level
    container: Any = None
    key: Any = None  # in a mapping: the key whose value comes next, or None when a key comes next
    path: FieldPath = ()  # the container's place (kept only when locating)
    value: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag not in _FAST_SCALAR_TAGS:
                return UNUSUAL
            if type(container) is dict and key is None:  # a key
                key = event.value
                if key == "<<" or key in container:
                    return UNUSUAL
                if key_positions is not None:
                    key_positions[path + (key,)] = _mark(event)
                continue
            if positions is not None:
                positions[_child(path, container, key)] = _mark(event)
            value = None if not event.style and event.value in PLAIN_NULLS else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or (type(container) is dict and key is None):
                return UNUSUAL
            if len(open_collections) >= MAX_DEPTH:
                return UNUSUAL
            open_collections.append((container, key, path))
            if positions is not None:
                path = _child(path, container, key)
                positions[path] = _mark(event)
            container, key = ({} if kind is MappingStartEvent else []), None
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = container
            container, key, path = open_collections.pop()
        elif kind is DocumentEndEvent and not open_collections:
            return value if type(get()) is StreamEndEvent else UNUSUAL
        else:
            return UNUSUAL
        if type(container) is dict:
            container[key] = value
            key = None
        elif container is not None:
            container.append(value)


def _child(path: FieldPath, container: Any, key: Any) -> FieldPath:
    """The place of the next value in ``container`` (None: the document's top)."""
    if container is None:
        return path
    return path + ((key,) if type(container) is dict else (len(container),))


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _read_located_fast(text: str) -> YamlDocument | None:
    """The fast reader, keeping the position of every value and key."""
    if _CFastParser is None:  # pragma: no cover - PyYAML built without libyaml
        return None
    parser = _CFastParser(text)
    document = YamlDocument(None)
    try:
        data = _walk_events(parser.get_event, document.positions, document.key_positions)
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    if data is UNUSUAL:
        return None
    document.data = data
    return document


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = str(exc.problem or "")
    mark = exc.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "YAML indentation must use spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. claim: \"...\""
    if "expected a single document" in str(exc):
        return "a record file holds one YAML document: remove the extra '---'"
    return "check indentation and quoting around this position"


def _plain(node: Node, path: FieldPath, document: YamlDocument, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Invalid(
            node,
            "YAML aliases (*name) are not allowed in records",
            "write the value out in full; aliases hide what a reviewer reads",
        )
    seen.add(id(node))
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        raise _Invalid(node, f"YAML tag {node.tag!r} is not allowed in records", "remove the '!' tag")
    if isinstance(node, ScalarNode):
        if not node.style and node.value in PLAIN_NULLS:  # plain: None (Python parser) or "" (libyaml)
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_plain(item, path + (index,), document, seen) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise _Invalid(key_node, "mapping keys must be plain field names")
            key = key_node.value
            if key == "<<":
                raise _Invalid(
                    key_node, "YAML merge keys (<<) are not allowed in records", "write the fields out in full"
                )
            if key in mapping:
                first_line = document.key_positions[path + (key,)][0]
                raise _Invalid(
                    key_node,
                    f"duplicate key {key!r} (first given on line {first_line})",
                    "YAML keeps only the last value of a duplicated key: keep one",
                )
            document.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _plain(value_node, path + (key,), document, seen)
        return mapping
    raise _Invalid(node, "unsupported YAML node")  # pragma: no cover
