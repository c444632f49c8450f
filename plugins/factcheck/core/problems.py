"""Problems found in records, reported all at once as ``path:line:column: severity: message``.

Validation never raises on bad input: it collects :class:`Problem` values so a contributor sees
every mistake of a pull request in one run, each pointing at the exact place to fix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{self.severity.value} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title=factcheck::{_escape_data(body)}"
        )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The path a contributor recognises: relative to the project root when inside it."""
    text, base = os.fspath(path), os.fspath(root).rstrip(os.sep)
    rest = text[len(base) + 1:]
    if text.startswith(base + os.sep) and rest and f"{os.sep}." not in os.sep + rest:
        return rest.replace(os.sep, "/")  # the common case, without relpath's normalisation
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return os.fspath(path)
    return os.fspath(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def format_report(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    lines = [p.format() for p in sorted(problems)]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
