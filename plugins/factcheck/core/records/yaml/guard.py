"""Refuse, before any YAML parser reads a record, what would fool a reviewer or a parser.

* Hidden characters anywhere in the file, comments included: bidirectional controls reorder what
  a diff shows ("Trojan Source"), invisible and control characters hide text.
* Line breaks only YAML sees: YAML 1.1 (PyYAML, libyaml) ends a line at U+0085 (NEL), U+2028 and
  U+2029, which editors and diffs show inside a line, so ``author: Desk<U+2028>verdict: false``
  would be read as two keys a reviewer sees as one line. Outside those, every line break YAML
  reads (LF, CRLF, CR) is one an editor shows, so the parsers' positions are the editor's.
* Directives (``%YAML``, ``%TAG``, any ``%`` line): records are plain YAML, and what a directive
  changes (the YAML version, tag shorthands) differs between parsers and their releases.
* Escapes that make no character (``"\\ud800"``, a lone UTF-16 surrogate): the pure-Python parser
  accepts them, and the text then cannot be written out as UTF-8.

Nesting depth is not guessed here: the readers count it themselves as they go (see ``yamlread``),
so no answer depends on how far a given libyaml reads ahead or where it stops by itself.
"""

from __future__ import annotations

import re

from yaml.error import YAMLError
from yaml.reader import Reader
from yaml.scanner import Scanner
from yaml.tokens import DirectiveToken

from ...text import HIDDEN_HINT, find_hidden, text_position

MAX_DEPTH = 32  # a record nests 3 levels
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}")
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\x85": "a next-line character (U+0085)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}
BREAK_HINT = (
    "YAML reads it as a line break that editors and diffs do not show; use an ordinary line break, or delete it"
)
_LINE_START_PERCENT = re.compile(r"(?:\A|[\r\n])%")  # where a directive may begin: column 1


def first_text_problem(text: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) of the first thing in ``text`` no record may hold, if any:
    what the characters alone show, and directives."""
    hidden = find_hidden(text)
    separator = None if text.isascii() else _YAML_ONLY_BREAKS.search(text)
    if separator and (hidden is None or separator.start() <= hidden[0]):
        return (*text_position(text, separator.start()), f"file contains {_BREAK_NAMES[separator.group()]}", BREAK_HINT)
    if hidden:
        offset, what = hidden
        return *text_position(text, offset), f"file contains {what}", f"{HIDDEN_HINT}; delete it"
    escape = _SURROGATE_ESCAPE.search(text)
    if escape:
        return (
            *text_position(text, escape.start()),
            f"escape {escape.group()} makes no character (a lone UTF-16 surrogate)",
            "write the character itself, or a \\U escape of a real code point",
        )
    if "%" in text and _LINE_START_PERCENT.search(text):
        return _directive(text)
    return None


class _Tokens(Reader, Scanner):
    """PyYAML's own scanner, which recognises a directive exactly where its parser would."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)


def _directive(text: str) -> tuple[int, int, str, str] | None:
    # a '%' at the start of a line may be text (inside a quoted value): the scanner tells
    tokens = _Tokens(text)
    try:
        while tokens.check_token():
            token = tokens.get_token()
            if isinstance(token, DirectiveToken):
                return (
                    *text_position(text, token.start_mark.index),
                    f"YAML directive %{token.name} is not allowed in records",
                    "records are plain YAML: delete the line (and a '---' after it)",
                )
    except YAMLError:
        return None  # a syntax error before any directive: the reader reports it
    return None
