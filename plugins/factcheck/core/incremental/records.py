"""Claim files checked once and remembered until they change (between rebuilds of one process).

A claim file's outcome (its problems, its checked entry) depends on its bytes, the settings and
the sources. The cache is therefore keyed in two levels: ``context`` (a digest of the settings
and the status of every file in the seeds folder) empties it when either changes, and each file
is keyed by its status (device, inode, size, modification and change times in nanoseconds; an
editor's save changes at least the change time). A changed, added or deleted file is read
again or dropped; the comparison between claims always runs over all of them. What depends on
the context alone (the sources as read, the notes about their digests) is kept whole until the
context changes (``kept``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

StatKey = tuple[int, int, int, int, int]


def stat_key(path: Path | str) -> StatKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def folder_digest(*folders: Path | str, extra: str = "", hidden: bool = True) -> str:
    """A digest of the status of every file under ``folders`` (names, sizes, times) and ``extra``;
    ``hidden=False`` leaves out hidden folders (an installed theme's 14,000 icons in ``.icons``)."""
    digest = hashlib.sha256(extra.encode("utf-8", "surrogatepass"))
    for folder in folders:
        digest.update(b"\0folder\0" + os.fsencode(str(folder)))
        for here, dirs, names in os.walk(folder):
            if not hidden:
                dirs[:] = [name for name in dirs if not name.startswith(".")]
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(here, name)
                digest.update(os.fsencode(path) + repr(stat_key(path)).encode())
    return digest.hexdigest()


@dataclass
class CachedFile:
    key: StatKey
    outcome: Any  # (RecordFile, CheckedClaim | None), as check_claim_files yields them


@dataclass
class RecordCache:
    context: str | None = None
    files: dict[Path, CachedFile] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # record paths (project-relative) read again in the last load
    tokens: dict[str, str] = field(default_factory=dict)  # record path -> its key as read in the last load
    memo: dict[str, Any] = field(default_factory=dict)  # name -> what ``kept`` made under ``context``

    def renew(self, context: str) -> None:
        """Forget everything when the settings or the seeds folder changed."""
        if context != self.context:
            self.files.clear()
            self.memo.clear()
            self.context = context

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """``make()`` once per context (e.g. the sources: 1,000 records re-read on every rebuild
        would cost about half a second at 10,000 claims)."""
        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    def token_function(self, root: Path):
        """Record path -> version token: the key a claim file was read with, or the status of
        another file (a source) now; each file looked up once per build."""
        tokens = dict(self.tokens)

        def token(path: str) -> str:
            if path not in tokens:
                tokens[path] = repr(stat_key(root / path))
            return tokens[path]

        return token

    def split(self, context: str, paths: list[Path]) -> tuple[list[Path], dict[Path, StatKey | None]]:
        """The files to read again, and every file's current key; forgets what is gone."""
        self.renew(context)
        keys = {path: stat_key(path) for path in paths}
        for path in list(self.files):
            if path not in keys:
                del self.files[path]
        stale = [
            path for path, key in keys.items() if key is None or path not in self.files or self.files[path].key != key
        ]
        return stale, keys
