"""Problems found in records, reported all at once as ``path:line:column: severity: message``.

Validation never raises on bad input: it collects :class:`Problem` values so a contributor sees
every mistake of a pull request in one run, each pointing at the exact place to fix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # for the writer's information (e.g. a TODO left in a draft): never fails a build

    @property
    def counts(self) -> bool:
        """Whether it fails a strict build or ``validate --strict`` (errors always fail)."""
        return self is not Severity.NOTE


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        path = log_safe(self.path)
        if path.startswith("::"):  # a line of ours never starts a workflow command
            path = "./" + path
        text = f"{path}:{self.line}:{self.column}: {self.severity.value}: {log_safe(self.message)}"
        if self.hint:
            text += f"\n    hint: {log_safe(self.hint)}"
        return text

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        command = "notice" if self.severity is Severity.NOTE else self.severity.value  # GitHub's name
        return (
            f"::{command} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title=factcheck::{_escape_data(body)}"
        )


# Line breaks (the runner's and Unicode's), C0 and C1 controls (ESC starts terminal sequences),
# and the bidirectional controls that reorder what a reader of the log sees.
_UNSAFE_IN_LOG = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def log_safe(text: str) -> str:
    """Untrusted text (a record's, a file or folder name) for one line of a log or terminal: each
    control character or line break written as its Python escape (``\\n``, ``\\x1b``), so that
    nothing from a pull request starts a line, forges a workflow command (``::warning::…``) or
    sends a terminal escape sequence."""
    if text.isprintable() and text.isascii():
        return text
    return _UNSAFE_IN_LOG.sub(lambda match: repr(match.group())[1:-1], text)


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (actions/toolkit, command.ts), then
    :func:`log_safe` for the other controls."""
    return log_safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A property value (``file=``): the message's escaping, and ``:`` and ``,``, which end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The path a contributor recognises: relative to the project root when inside it."""
    text, base = os.fspath(path), os.fspath(root).rstrip(os.sep)
    rest = text[len(base) + 1 :]
    if text.startswith(base + os.sep) and rest and f"{os.sep}." not in os.sep + rest:
        return rest.replace(os.sep, "/")  # the common case, without relpath's normalisation
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return os.fspath(path)
    return os.fspath(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def format_report(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    notes = sum(p.severity is Severity.NOTE for p in problems)
    warnings = len(problems) - errors - notes
    lines = [p.format() for p in sorted(problems)]
    lines.append(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
    return "\n".join(lines)
