"""The one error archiving raises: a sentence for the contributor and a hint of what to do."""

from __future__ import annotations


class ArchiveError(Exception):
    """Bad or hostile input. Raised before anything is written, so nothing is half-written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + (f" (hint: {self.hint})" if self.hint else "")
