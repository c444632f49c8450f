"""The common shape of a record, read line by line: the fastest of the three YAML readers.

Validating ten thousand records spends more time in YAML than anywhere else, and most of that
in PyYAML making a Python object of every libyaml event. Records written from our skeletons
and examples use a small part of YAML: ``key: value`` lines, nested mappings and ``- `` lists by
indentation, quoted scalars on one line, ``[a, b]`` lists of plain words, and ``|`` and ``>``
blocks. This reader takes exactly that part, with plain Python string operations, and gives
the same data as the libyaml events reader (``yamlread._read_plain_fast``): every plain scalar
as the text typed, plain ``~``/``null``/empty as None.

Anything else returns ``UNUSUAL`` and the record is read the libyaml way, which reports it
exactly: a tab, a carriage return, a comment after a value, an escape other than ``\\"`` and
``\\\\``, a value spread over several lines, anchors, tags, flow mappings, a key that is not a
plain field name, a duplicate key, a block with leading blank lines. Being conservative costs
only speed; tests compare both readers on every shipped record and on generated and damaged ones.
"""

from __future__ import annotations

import re
from typing import Any

UNUSUAL: Any = object()

MAX_LINE_DEPTH = 8  # records nest 3 levels; deeper files go to the reader that counts exactly
PLAIN_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # the plain scalars that are None in records
# characters that start something other than a plain scalar (or may, depending on what follows)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BLOCK_HEADERS = frozenset({"|", "|-", "|+", ">", ">-", ">+"})
# what goes the long way: tabs, carriage returns, control characters, U+0085, U+2028 and U+2029
# (line breaks to YAML), lone surrogates, U+FEFF and the non-characters U+FFFE and U+FFFF
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ESCAPE = re.compile(r"\\(.)")
Row = tuple[int, int, str]  # (line index, indentation, content without indentation or trailing spaces)


class _Unusual(Exception):
    pass


def read_simple(text: str) -> Any:
    """The data of ``text`` when it is a mapping in the common shape; ``UNUSUAL`` otherwise.

    ``text`` is one that ``yamlguard.first_text_problem`` let through (as in ``read_yaml``): its
    control characters, which libyaml refuses, are not looked for again in ASCII text."""
    if not text.endswith("\n") or "\t" in text or "\r" in text or (not text.isascii() and _NOT_SIMPLE.search(text)):
        return UNUSUAL
    lines = text.split("\n")
    lines.pop()  # after the final line feed
    rows: list[Row] = []
    for number, line in enumerate(lines):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            rows.append((number, len(line) - len(content), content.rstrip(" ")))
    if not rows or rows[0][1] != 0:
        return UNUSUAL
    try:
        data, end = _Reader(lines, rows).mapping(0, 0, 1)
    except _Unusual:
        return UNUSUAL
    return data if end == len(rows) else UNUSUAL


def _key_of(content: str) -> tuple[str, str] | None:
    """(key, rest of the line) of a ``key: value`` line with a plain field name as key."""
    colon = content.find(": ")
    if colon != -1:
        key, rest = content[:colon], content[colon + 2 :].lstrip(" ")
    elif content[-1] == ":":
        key, rest = content[:-1], ""
    else:
        return None
    return (key, rest) if key.isidentifier() and key.isascii() else None


def _is_dash(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


class _Reader:
    __slots__ = ("lines", "rows")

    def __init__(self, lines: list[str], rows: list[Row]) -> None:
        self.lines = lines
        self.rows = rows

    def node(self, r: int, indent: int, content: str, depth: int) -> tuple[Any, int]:
        """The mapping or list whose first row is ``r``."""
        if _is_dash(content):
            return self.sequence(r, indent, depth, False)
        return self.mapping(r, indent, depth)  # which refuses a row that is not a key

    def mapping(self, r: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
        if depth > MAX_LINE_DEPTH:
            raise _Unusual
        rows = self.rows
        end = len(rows)
        result: dict[str, Any] = {}
        while r < end:
            _number, at, content = rows[r]
            if at != indent:
                if at < indent:
                    break
                raise _Unusual
            pair = _key_of(content)
            if pair is None or pair[0] in result:
                raise _Unusual
            key, rest = pair
            if rest:
                result[key], r = self.inline(rest, r, indent)
                continue
            r += 1
            if r < end and rows[r][1] > indent:
                result[key], r = self.node(r, rows[r][1], rows[r][2], depth + 1)
            elif r < end and rows[r][1] == indent and _is_dash(rows[r][2]):
                result[key], r = self.sequence(r, indent, depth + 1, True)  # "key:" then "- item" below it
            else:
                result[key] = None
        return result, r

    def sequence(self, r: int, indent: int, depth: int, indentless: bool) -> tuple[list[Any], int]:
        if depth > MAX_LINE_DEPTH:
            raise _Unusual
        rows = self.rows
        end = len(rows)
        items: list[Any] = []
        while r < end:
            number, at, content = rows[r]
            if at < indent:
                break
            if at == indent and indentless and not _is_dash(content):
                break  # the next key of the mapping this list is the value of
            if at != indent or not _is_dash(content):
                raise _Unusual
            rest = content[1:].lstrip(" ")
            if not rest:
                r += 1
                if r < end and rows[r][1] > indent:
                    item, r = self.node(r, rows[r][1], rows[r][2], depth + 1)
                else:
                    item = None
            elif _is_dash(rest) or _key_of(rest) is not None:
                column = at + len(content) - len(rest)  # "- key: value" starts a mapping at the key
                rows[r] = (number, column, rest)
                item, r = self.node(r, column, rest, depth + 1)
            else:
                item, r = self.inline(rest, r, indent)
            items.append(item)
        return items, r

    def inline(self, rest: str, r: int, indent: int) -> tuple[Any, int]:
        """The value written after a key or a dash on row ``r`` of a collection at ``indent``."""
        first = rest[0]
        if first == '"':
            return _double_quoted(rest), r + 1
        if first == "'":
            if len(rest) < 2 or rest[-1] != "'" or "'" in rest[1:-1].replace("''", ""):
                raise _Unusual
            return rest[1:-1].replace("''", "'"), r + 1
        if first == "[":
            return _flow_list(rest), r + 1
        if first == "|" or first == ">":
            return self.block(rest, r, indent)
        if first in _INDICATORS or ": " in rest or rest[-1] == ":" or " #" in rest:
            raise _Unusual
        return (None if rest in PLAIN_NULLS else rest), r + 1

    def block(self, header: str, r: int, indent: int) -> tuple[str, int]:
        """A ``|`` or ``>`` block scalar, exactly as libyaml reads it, from the raw lines."""
        if header not in _BLOCK_HEADERS:
            raise _Unusual
        lines = self.lines
        start = self.rows[r][0] + 1
        if start >= len(lines):
            raise _Unusual
        first = lines[start]
        block_indent = len(first) - len(first.lstrip(" "))
        if block_indent == len(first) or block_indent <= indent:
            raise _Unusual  # a leading blank line or an empty block
        folded = header[0] == ">"
        chunks = [first[block_indent:]]
        breaks = 0  # blank lines since the last content line
        leading_non_space = True  # the last content line did not start with a space
        number = start + 1
        while number < len(lines):
            line = lines[number]
            content = line.lstrip(" ")
            if not content:
                if len(line) > block_indent:
                    raise _Unusual  # spaces beyond the indentation are content
                breaks += 1
            elif len(line) - len(content) < block_indent:
                break
            else:
                text = line[block_indent:]
                starts_non_space = text[0] != " "
                if folded and leading_non_space and starts_non_space:
                    chunks.append("\n" * breaks if breaks else " ")
                else:
                    chunks.append("\n" * (breaks + 1))
                chunks.append(text)
                leading_non_space = starts_non_space
                breaks = 0
            number += 1
        if header[1:] != "-":
            chunks.append("\n")
        if header[1:] == "+":
            chunks.append("\n" * breaks)
        rows = self.rows
        r += 1
        while r < len(rows) and rows[r][0] < number:
            r += 1
        return "".join(chunks), r


def _double_quoted(rest: str) -> str:
    body = rest[1:-1]
    if len(rest) < 2 or rest[-1] != '"':
        raise _Unusual
    if "\\" not in body:
        if '"' in body:
            raise _Unusual
        return body
    # only \" and \\ are read here: every other escape is left to libyaml
    outside = _ESCAPE.sub("", body)
    if '"' in outside or outside.endswith("\\") or any(c not in '"\\' for c in _ESCAPE.findall(body)):
        raise _Unusual
    return _ESCAPE.sub(r"\1", body)


def _flow_list(rest: str) -> list[Any]:
    """``[a, b]``: plain words only; quotes, nesting and comments go the long way."""
    if rest[-1] != "]":
        raise _Unusual
    inner = rest[1:-1]
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    for item in inner.split(","):
        item = item.strip(" ")
        if not item or item[0] in _INDICATORS or item[-1] == ":" or ": " in item or any(c in item for c in "[]{}#?\"'"):
            raise _Unusual
        items.append(None if item in PLAIN_NULLS else item)
    return items
