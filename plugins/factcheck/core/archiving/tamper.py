"""Tamper evidence: an archived text must still have the digest recorded when it was archived.

Claims were verified against the text as archived; a text edited afterwards could make a quote
"verify" against words the source never published. A changed text is an error at the sidecar's
``text_sha256``; a changed or missing kept original is an error at ``sha256`` / ``original``.
A source archived before digests existed stays valid: :func:`digest_notes` suggests adding them,
apart from the problems (a note never fails a build or a validation, even a strict one).
"""

from __future__ import annotations

from pathlib import Path

from ..records.models import Source
from ..records.reading import RecordFile, read_records, read_regular_file, record_files
from ..settings import Settings
from .digests import sha256_hex


def check_digests(settings: Settings, source: Source, folder: Path, text: bytes, read: RecordFile) -> None:
    """Report to ``read`` (the sidecar) where the archived files differ from their digests;
    ``text`` is the archived text's bytes as the loader read them (not read a second time)."""
    document = read.document
    assert document is not None
    if source.text_sha256 is not None:
        actual = sha256_hex(text)
        if actual != source.text_sha256:
            read.report(
                document.position(("text_sha256",)),
                f"the archived text {source.text} was changed after it was archived: its sha256 is "
                f"{actual[:12]}…, not the recorded {source.text_sha256[:12]}…",
                "archived texts are never edited; restore it from git, or, if the kept original should "
                f"be extracted again, run: factcheck archive --refresh {source.id}",
            )
    if source.original is None:
        return
    original = folder / source.original
    kept = read_regular_file(original) if original.resolve().is_relative_to(settings.seeds_path.resolve()) else None
    if kept is None:
        read.report(
            document.position(("original",)),
            f"the kept original {source.original} is missing (or is not a regular file inside the seeds folder)",
            "restore it from git; it is what the text was extracted from",
        )
    elif source.sha256 is not None and sha256_hex(kept) != source.sha256:
        read.report(
            document.position(("sha256",)),
            f"the kept original {source.original} was changed after it was archived (its sha256 differs)",
            "restore it from git: originals are kept as captured",
        )


def digest_notes(settings: Settings) -> list[str]:
    """One note for each source without a recorded ``text_sha256``, as ``path:line:column: note:``."""
    notes = []
    for read in read_records(
        record_files(settings.seeds_path, settings.root)[0], Source, settings.seeds_path, settings.root
    ):
        if read.record is not None and read.document is not None and read.record.text_sha256 is None:
            line, column = read.document.position(("text",))
            notes.append(
                f"{read.shown}:{line}:{column}: note: this archived text has no recorded digest "
                "(text_sha256), so an edit to it would go unnoticed\n"
                f"    hint: record it: factcheck archive --digest {read.record.id}"
            )
    return notes
