"""Read one record file into its typed model, with every problem at its place in the file.

This is the step every record goes through on its own, before anything is compared across
records: it reads only the file it is given, so files can be read in any order, or in parallel.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..problems import Problem, Severity, display_path
from .models import Claim, Source
from .yaml.read import YamlDocument, read_yaml

RECORD_SUFFIXES = (".yml", ".yaml")


# File and folder names under claims/ and seeds/: like ids and archived text names. Names reach
# URLs, "Edit this page" links (which MkDocs does not escape) and CI logs; nothing else is needed.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
NAME_HINT = (
    "use letters a-z, digits, '-', '_' and '.' in file and folder names under the record "
    "folders (names starting with '.' are ignored)"
)


def record_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """Every record file under ``folder``, in a stable order (the order problems are found in),
    and the problems of names that are not allowed (their files are not read).

    Hidden files and folders (a leading '.') are skipped; a folder with any other name outside
    :data:`SAFE_NAME` is refused and not entered.
    """
    if not folder.is_dir():
        return [], []
    found: list[Path] = []
    problems: list[Problem] = []
    for dirpath, dirs, names in os.walk(folder):
        parent = Path(dirpath)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if SAFE_NAME.fullmatch(name):
                kept.append(name)
            else:
                problems.append(_name_problem(parent, name, "folder", root))
        dirs[:] = kept
        for name in names:
            if not name.endswith(RECORD_SUFFIXES) or name.startswith("."):
                continue
            if SAFE_NAME.fullmatch(name):
                found.append(parent / name)
            else:
                problems.append(_name_problem(parent, name, "file", root))
    return sorted(found, key=_path_key), sorted(problems)  # as Path ordering, without its slow __lt__


def _name_problem(parent: Path, name: str, kind: str, root: Path) -> Problem:
    # the name itself is shown as a quoted literal: it may hold line breaks or markup
    return Problem(
        display_path(parent, root) + "/",
        1,
        1,
        f"{kind} name {ascii(name)} is not allowed; its records are not read",
        NAME_HINT,
    )


def _path_key(path: Path) -> tuple[str, ...]:
    return path.parts


RecordModel = type[Claim] | type[Source]  # the two kinds of record file


@dataclass
class RecordFile:
    """One record file read: the record when it is valid, and what was found wrong with it."""

    path: Path
    shown: str  # the path as contributors see it, relative to the project root
    record: Any = None
    document: YamlDocument | None = None
    problems: list[Problem] = field(default_factory=list)
    digest: str | None = None  # of the bytes read, when the file is a plain file (for the validation cache)

    def report(
        self, position: tuple[int, int], message: str, hint: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(self.shown, position[0], position[1], message, hint, severity))


def read_record(path: Path, model: RecordModel, folder: Path, root: Path) -> RecordFile:
    """Read and validate ``path``; ``record`` is None when any error was found."""
    return read_records([path], model, folder, root)[0]


def read_records(paths: list[Path], model: RecordModel, folder: Path, root: Path) -> list[RecordFile]:
    """:func:`read_record` of each path, one step at a time over all of them (read the bytes, parse
    the YAML, validate the model): each step's code then stays in the processor's caches, which
    makes a batch of fifty files about a quarter faster than fifty files one after the other."""
    reads = [RecordFile(path, display_path(path, root)) for path in paths]
    raws = [_read_bytes(read, folder, root) for read in reads]
    documents = [_parse(read, raw) if raw is not None else None for read, raw in zip(reads, raws, strict=True)]
    for read, document in zip(reads, documents, strict=True):
        if document is not None:
            _validate(read, document, model)
    return reads


def _read_bytes(read: RecordFile, folder: Path, root: Path) -> bytes | None:
    raw = read_regular_file(read.path)
    if raw is not None:
        read.digest = content_digest(raw)
        return raw
    return _read_any_file(read.path, folder, root, read)


def _parse(read: RecordFile, raw: bytes) -> YamlDocument | None:
    """The document of a record that is a mapping of fields."""
    document, problems = read_yaml(raw, read.shown)
    read.problems.extend(problems)
    if document is None:
        return None
    read.document = document
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        read.report(
            (1, 1),
            f"a record must be a mapping of fields, found {kind}",
            "start each line with `field: value`; see README.md for the format",
        )
        return None
    return document


def _validate(read: RecordFile, document: YamlDocument, model: RecordModel) -> None:
    try:
        record = model.model_validate(document.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report_validation(read, document, model, error)
        return
    expected = read.path.stem
    if record.id != expected:
        read.report(
            document.position(("id",)),
            f"id {record.id!r} does not match the file name {read.path.name!r}",
            f"rename the file to {record.id}{read.path.suffix} or set `id: {expected}`",
        )
        return
    read.record = record


# O_NOFOLLOW: a link is not opened (the careful way looks at where it leads); O_NONBLOCK: a named
# pipe is not waited on (the careful way refuses it)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", None)
_OPEN_FLAGS = os.O_RDONLY | (_NO_FOLLOW or 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular_file(path: Path) -> bytes | None:
    """The bytes of ``path`` when it is a regular file and not a symbolic link, read with one
    open and one status call; None for anything else (see :func:`_read_any_file`)."""
    if _NO_FOLLOW is None:  # pragma: no cover - Windows: no open that refuses links
        try:
            return path.read_bytes() if stat.S_ISREG(os.lstat(path).st_mode) else None
        except OSError:
            return None
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        data = os.read(descriptor, status.st_size + 1)  # one byte more than expected: the end is seen
        if len(data) <= status.st_size:
            return data
        chunks = [data]  # the file grew since fstat: read the rest
        while chunk := os.read(descriptor, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _read_any_file(path: Path, folder: Path, root: Path, read: RecordFile) -> bytes | None:
    """The bytes of a record that :func:`read_regular_file` did not read (a link inside the folder),
    or None with the problem reported."""
    try:
        # a symbolic link in a pull request could make the build (and its error messages in a
        # public CI log) read any file of the machine: only files inside the folder are read
        # (os.walk does not descend into linked folders, so only the file itself can be a link)
        mode = os.lstat(path).st_mode
        linked_out = stat.S_ISLNK(mode) and not path.resolve(strict=True).is_relative_to(folder)
        if linked_out or not (stat.S_ISREG(mode) or path.is_file()):
            read.report(
                (1, 1),
                f"record is not a file inside {display_path(folder, root)}/",
                "symbolic links out of the records folder are not followed",
            )
            return None
        return path.read_bytes()  # through a link inside the folder: no digest, it is checked every time
    except OSError as exc:
        read.report((1, 1), f"cannot read file: {exc.strerror}")
        return None


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def duplicate_id_problem(kind: str, record_id: str, first_path: str) -> tuple[str, str]:
    """(message, hint) for a record whose id an earlier file already has."""
    across = "; ids must be unique across folders" if kind == "claim" else ""
    return f"duplicate {kind} id {record_id!r}", f"already used by {first_path}{across}"


def _report_validation(read: RecordFile, document: YamlDocument, model: type[BaseModel], error: ErrorDetails) -> None:
    loc = tuple(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    dotted = dotted_path(loc)
    hint = ""
    if kind == "missing":
        read.report(document.position(loc[:-1]), f"missing required field `{dotted}`", _field_hint(model, loc))
        return
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"known fields here: {', '.join(known)}"
        read.report(document.position(loc, key=True), f"unknown field `{dotted}`", hint)
        return
    if kind == "date_range":
        hint = (
            "a fact check's own dates (published, updated, corrections) date the sitemap and the feeds; check the year"
        )
    elif kind.startswith("date") or kind.startswith("datetime"):
        hint = "write dates as YYYY-MM-DD, e.g. 2022-03-03"
    elif kind == "literal_error":
        hint = "allowed values: " + str(error.get("ctx", {}).get("expected", ""))
        message = "must be one of the allowed values"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "source", "verdict"):
        message = "ids are lowercase letters, digits and single hyphens"
        hint = "e.g. 'china-fake-news-answer'"
    elif kind == "string_pattern_mismatch" and loc == ("text",):
        hint = "the plain file name of the archived text, in the same folder: no folders, no '..'"
    elif kind == "list_type":
        hint = "write a YAML list: one `- item` per line"
    elif kind == "string_type":
        hint = "write a text value here, not a list or a mapping"
    elif kind in ("too_short", "string_too_short") and error.get("ctx", {}).get("min_length") == 1:
        message = "must not be empty"
    where = f"`{dotted}`: " if dotted else ""
    read.report(document.position(loc), where + message, hint)


def dotted_path(loc: tuple[Any, ...]) -> str:
    """``evidence[0].note`` for ("evidence", 0, "note"): a field as contributors write it."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = _unwrap(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[0]
    return annotation


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _field_hint(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None:
        return ""
    info = parent.model_fields.get(str(loc[-1]))
    return info.description or "" if info else ""
