"""Records as they were at a git revision: the edge where ``factcheck diff`` talks to git.

Only the files that changed between the two revisions are read (``git diff --name-only``), each
side in one ``git cat-file --batch`` call, so the cost follows the size of the change, not of the
archive. Nothing here writes to the repository.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from pathlib import Path

from ..records.reading import RECORD_SUFFIXES
from ..records.yaml.read import read_yaml
from ..settings import Settings
from .diff import Snapshot


class GitError(Exception):
    """git refused: not a repository, an unknown revision; the message is git's."""


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def _split(output: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in output.split(b"\0") if p]


def changed_paths(root: Path, folders: list[str], base: str, head: str | None) -> list[str]:
    """Paths (relative to the repository's top) under ``folders`` that differ between the revisions;
    with no ``head``, between ``base`` and the working tree, untracked files included."""
    revisions = [base] if head is None else [base, head]
    paths = _split(_git(root, "diff", "--name-only", "--no-renames", "-z", *revisions, "--", *folders))
    if head is None:
        paths += _split(_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *folders))
    return sorted(set(paths))


def _read_at(top: Path, revision: str | None, paths: list[str]) -> dict[str, bytes]:
    """The content of each path at ``revision`` (None: the working tree); absent paths are left out."""
    if revision is None:
        found = {}
        for path in paths:
            with contextlib.suppress(OSError):  # absent (or unreadable): left out
                found[path] = (top / path).read_bytes()
        return found
    if not paths:
        return {}
    output = _git(top, "cat-file", "--batch", data="".join(f"{revision}:{p}\n" for p in paths).encode())
    found, offset = {}, 0
    for path in paths:
        end = output.index(b"\n", offset)
        header = output[offset:end].split()
        offset = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = output[offset : offset + size]
            offset += size + 1
        elif len(header) == 3:  # a tree or a submodule: skip its body
            offset += int(header[2]) + 1
    return found


def snapshot(files: dict[str, bytes], claims_prefix: str, seeds_prefix: str) -> Snapshot:
    """Plain-data records from file contents keyed by repository path."""
    result = Snapshot()
    for path, raw in sorted(files.items()):
        name = path.rsplit("/", 1)[-1]
        is_record = name.endswith(RECORD_SUFFIXES)
        if path.startswith(seeds_prefix) and not is_record:
            result.texts[path] = hashlib.sha256(raw).hexdigest()
            continue
        if not is_record:
            continue
        document, problems = read_yaml(raw, path)
        if document is None or not isinstance(document.data, dict):
            result.unreadable[path] = problems[0].message if problems else "not a mapping of fields"
            continue
        record_id = document.data.get("id")
        key = record_id if isinstance(record_id, str) and record_id else name.rsplit(".", 1)[0]
        table = result.claims if path.startswith(claims_prefix) else result.sources
        table[key] = document.data
    return result


def snapshots(settings: Settings, base: str, head: str | None) -> tuple[Snapshot, Snapshot]:
    """The changed records at ``base`` and at ``head`` (or in the working tree)."""
    top = Path(_git(settings.root, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    for revision in (base, head):
        if revision is not None:
            try:
                _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            except GitError:
                raise GitError(f"unknown revision {revision!r} (with a shallow clone, fetch it first)") from None
    prefixes = []
    for folder in (settings.claims_path, settings.seeds_path):
        relative = Path(os.path.relpath(folder, top)).as_posix()
        prefixes.append("" if relative == "." else relative.rstrip("/") + "/")
    paths = changed_paths(top, [p or "." for p in prefixes], base, head)
    return (snapshot(_read_at(top, base, paths), *prefixes), snapshot(_read_at(top, head, paths), *prefixes))
