"""Write an archived source's files, seeds/<id>.yml, seeds/<id>.txt and seeds/originals/<id>.<ext>,
all or none, never over an existing file and never through a link.

Everything is checked first. Each file is then written to a hidden temporary file in its own
folder (hidden files are not records) and linked to its name, which fails if the name is taken
(exclusive creation, even in a race); on any failure the files linked so far are removed again.
Updating a sidecar (``--refresh``, ``--digest``, ``links --record``) replaces one named file with
``os.replace`` from a temporary file, after the new text was checked.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import yaml

from ..records.models import Source
from ..records.yaml.read import read_yaml
from .errors import ArchiveError

ORIGINALS = "originals"  # the folder of kept originals, inside the seeds folder


def sidecar_text(fields: dict[str, object], schema_ref: str) -> str:
    """The sidecar's YAML: the fields in the given order, strings quoted where YAML needs it."""
    body = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)
    return (
        f"# yaml-language-server: $schema={schema_ref}\n"
        "# Written by `factcheck archive`. The digests prove the archived text is unchanged:\n"
        "# never edit the text; `factcheck archive --refresh ID` re-extracts it from the original.\n" + body
    )


def check_sidecar(text: str, shown: str) -> Source:
    """The record the sidecar text holds, or the first reason it would not validate."""
    document, problems = read_yaml(text.encode("utf-8"), shown)
    if document is None or problems:
        reason = problems[0].message if problems else "not YAML"
        raise ArchiveError(f"the sidecar for {shown} would not be valid: {reason}", "report this as a bug")
    try:
        return Source.model_validate(document.data)
    except ValueError as exc:
        first = exc.errors(include_url=False)[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first["loc"]) or "the record"
        raise ArchiveError(
            f"the sidecar for {shown} would not be valid: {where}: {first['msg']}",
            "give the missing or wrong value with its option (see factcheck archive --help)",
        ) from None


def _safe_folder(folder: Path, seeds: Path) -> None:
    """``folder`` is the seeds folder or inside it, and no part of it is a link."""
    if folder.is_symlink() or not folder.resolve().is_relative_to(seeds.resolve()):
        raise ArchiveError(f"{folder} is a link or leads out of the seeds folder", "nothing is written through a link")


def write_new(files: dict[Path, bytes], seeds: Path) -> None:
    """Create every file of ``files`` or none."""
    for path in files:
        if os.path.lexists(path):
            raise ArchiveError(
                f"{path} already exists: nothing was written", "choose another --id, or remove the old files first"
            )
        if path.parent != seeds and path.parent.exists():
            _safe_folder(path.parent, seeds)
    made_folders = []
    linked: list[Path] = []
    try:
        for path in files:
            if not path.parent.exists():
                path.parent.mkdir()
                made_folders.append(path.parent)
        for path, data in files.items():
            _link_new(path, data)
            linked.append(path)
    except BaseException as exc:
        for path in linked:
            path.unlink(missing_ok=True)
        for folder in made_folders:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, FileExistsError):
            raise ArchiveError(
                f"{exc.filename} appeared while archiving: nothing was written", "choose another --id"
            ) from None
        if isinstance(exc, OSError):
            raise ArchiveError(f"could not write {exc.filename}: {exc.strerror}: nothing was written") from None
        raise


def _written_temporary(folder: Path, data: bytes) -> str:
    """A new temporary file in ``folder`` holding ``data``, on the disk; removed if writing fails."""
    handle, temporary = tempfile.mkstemp(prefix=".archive-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _link_new(path: Path, data: bytes) -> None:
    temporary = _written_temporary(path.parent, data)
    try:
        os.link(temporary, path)  # fails if the name exists: exclusive creation
    finally:
        os.unlink(temporary)


def replace_file(path: Path, data: bytes, seeds: Path) -> None:
    """Replace an existing regular file inside the seeds folder (never a link)."""
    if path.is_symlink() or not path.is_file():
        raise ArchiveError(f"{path} is not a regular file: it was left as it was", "nothing is written through a link")
    _safe_folder(path.parent, seeds)
    temporary = _written_temporary(path.parent, data)
    try:
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def set_fields(text: str, values: Mapping[str, str | int]) -> str:
    """The sidecar's text with top-level ``key: value`` lines set (replaced where the key has a
    one-line value, else appended), comments and everything else kept as written."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in values.items():
        line = yaml.safe_dump({key: value}, allow_unicode=True, width=100_000).splitlines()[0] + "\n"
        pattern = re.compile(rf"^{re.escape(key)}\s*:(?P<rest>.*)$")
        found = next(((i, m) for i, old in enumerate(lines) if (m := pattern.match(old.rstrip("\n")))), None)
        if found is None:
            lines.append(line)
            continue
        index, match = found
        rest = match.group("rest").strip()
        if not rest or rest[0] in "|>":
            raise ArchiveError(f"`{key}` in the sidecar is not a one-line value", f"write `{key}:` on one line")
        lines[index] = line
    return "".join(lines)
