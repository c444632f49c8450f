"""The served folder kept between rebuilds, instead of emptied and written again whole.

Before every build MkDocs empties the served folder, all but its hidden entries, and then writes
every file again: at 10,000 claims about 25,000 files and 11,000 folders, some two seconds of a
rebuild. Under ``mkdocs serve`` the previous build's entries are moved into a hidden folder just
before MkDocs empties the folder (a rename per top-level entry) and moved back once the build
knows its files, before anything is written. Each file of a build has a signature: a page from
the page cache its page key, a static file its source file's status or a digest of its content,
anything else none. A file whose signature is the same as in the previous build is not written
again; every other file of the previous build is deleted (this build writes it again, or no
longer has it). What no build writes (the search bundle, made beside the server by
``incremental.background``) comes back as it was: the last finished index, until the next one
replaces it. A changed site key (configuration, templates) or a failed build keeps
nothing: the next build starts from an empty folder, as MkDocs' own does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

HIDDEN = ".factcheck-previous"  # hidden: MkDocs' clean_directory leaves it alone, and never writes one


@dataclass
class ServedFolder:
    site_key: str | None = None  # of the last complete build
    previous: dict[str, Hashable | None] | None = None  # destination path -> signature, of that build
    pending: tuple[str, dict[str, Hashable | None]] | None = None  # this build's, once it completes
    touched = False  # this build has moved or deleted something

    def set_aside(self, site_dir: Path) -> None:
        """Before MkDocs empties ``site_dir``: the last complete build goes into the hidden folder."""
        hidden = site_dir / HIDDEN
        shutil.rmtree(hidden, ignore_errors=True)
        if self.previous is None or not site_dir.is_dir():
            return
        self.touched = True
        hidden.mkdir()
        for name in os.listdir(site_dir):
            if not name.startswith("."):
                os.rename(site_dir / name, hidden / name)

    def restore(self, site_dir: Path, site_key: str, current: dict[str, Hashable | None]) -> set[str]:
        """Put the last build back and delete what this build must write or no longer has; the
        destination paths that need not be written come back."""
        hidden = site_dir / HIDDEN
        previous, self.previous, self.pending = self.previous, None, (site_key, current)
        if previous is None or site_key != self.site_key or not hidden.is_dir():
            shutil.rmtree(hidden, ignore_errors=True)
            return set()
        try:
            for name in os.listdir(hidden):
                os.rename(hidden / name, site_dir / name)
        except OSError:  # something is in the way: start from an empty folder
            shutil.rmtree(hidden, ignore_errors=True)
            _empty(site_dir)
            return set()
        hidden.rmdir()
        kept = {
            path for path, signature in current.items() if signature is not None and previous.get(path) == signature
        }
        for path in previous:
            if path not in kept:
                _remove(site_dir, path)
        return kept

    def complete(self) -> None:
        """The build finished: its files are the ones the next build may keep."""
        if self.pending is not None:
            self.site_key, self.previous = self.pending
            self.pending = None
        self.touched = False

    def failed(self, site_dir: Path | None) -> None:
        """A build failed: a failure before the folder was touched (a record with an error, found
        in the configuration step) leaves the last build as it was, any later one keeps nothing."""
        self.pending = None
        if self.touched:
            self.previous = None
            if site_dir is not None:
                shutil.rmtree(site_dir / HIDDEN, ignore_errors=True)
        self.touched = False


def _remove(site_dir: Path, path: str) -> None:
    """Delete ``path`` (a file or a folder) below ``site_dir``, and the folders it leaves empty."""
    target = site_dir / path
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    else:
        try:
            target.unlink()
        except FileNotFoundError:
            return
    parent = target.parent
    while parent != site_dir and site_dir in parent.parents:
        try:
            parent.rmdir()
        except OSError:  # not empty
            return
        parent = parent.parent


def _empty(site_dir: Path) -> None:
    for name in os.listdir(site_dir):
        if not name.startswith("."):
            _remove(site_dir, name)
