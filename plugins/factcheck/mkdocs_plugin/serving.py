"""What `mkdocs serve` needs beyond a build: the records watcher, the site key,
compiled templates and notes kept across rebuilds, and the garbage collector kept off what lasts.

MkDocs keeps one plugin object for the whole server and builds again after each change; the
plugin holds the caches (``core.incremental``) and calls these at the edges.
"""

from __future__ import annotations

import gc
import os
import sysconfig
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.plugins import get_plugin_logger

from ..core import display_path
from ..core.incremental.records import folder_digest
from .watch import RecordsWatcher

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # our code and templates: a change rebuilds every page


def watch_records(server, watcher: RecordsWatcher | None, folders: list[Path], root: Path) -> RecordsWatcher | None:
    """Have the server rebuild when a record changes: through the system's file events where it
    has them (``watch.RecordsWatcher``), else through MkDocs' own polling. Returns the watcher,
    started once and kept for the server's life."""
    shown = " and ".join(display_path(folder, root) for folder in folders)
    if watcher is None:
        try:
            watcher = RecordsWatcher(folders)
        except (OSError, RuntimeError) as exc:  # no file events here: MkDocs polls the folders
            log.info(f"watching {shown} by polling: no file events here ({exc})")
    if watcher is not None:
        server.watch(str(watcher.folder))
        log.info(f"watching {shown} for changes (the system's file events)")
    else:
        for folder in folders:
            server.watch(str(folder))
    return watcher


class NotesShown:
    """Notes (not warnings) in the log; under serve each one once, not at every save (a thousand
    sources without a digest gave a thousand notes per rebuild)."""

    def __init__(self) -> None:
        self.shown: set[str] = set()

    def log(self, notes: Iterable[str]) -> None:
        notes = list(notes)
        shown = self.shown
        for note in notes:
            if note not in shown:
                log.info(note)
        if shown and (repeated := sum(note in shown for note in notes)):
            log.info(f"{repeated} note(s) shown at an earlier build still stand")
        shown.update(notes)


def site_key(config, options: dict[str, Any]) -> str:
    """Everything besides the records that a generated page shows: the configuration, the
    plugin's code and templates, the themes' folders and the hand-written pages."""
    config_bytes = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    # an installed theme (Material) is not edited while serving: its templates are watched,
    # not its 14,000 icons; the site's own folders (docs, custom_dir) are watched whole
    installed = [folder for folder in config.theme.dirs if _installed(folder)]
    folders = [PACKAGE_DIR, config.docs_dir, *(folder for folder in config.theme.dirs if folder not in installed)]
    extra = repr(
        (
            config_bytes,
            sorted(options.items(), key=repr),
            os.environ.get("SOURCE_DATE_EPOCH"),
            config.site_url,
            config.use_directory_urls,
        )
    )
    extra += folder_digest(*installed, hidden=False)
    return folder_digest(*dict.fromkeys(str(folder) for folder in folders), extra=extra)


_SITE_PACKAGES = tuple(
    os.path.join(os.path.realpath(path), "") for path in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
)


def _installed(folder: str) -> bool:
    """A folder of an installed package (a theme), not of the project."""
    return os.path.realpath(folder).startswith(_SITE_PACKAGES)


class MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between serve's rebuilds (keyed by name and source
    checksum by Jinja, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def freeze_long_lived() -> bool:
    """After serve's first build: what it made is moved out of the cyclic garbage collector's sight.

    At 10,000 claims the process then holds millions of container objects (the records, the
    caches of pages, entries, files), nearly all of them kept for as long as the server runs, and
    each full collection walked them all: 1 to 1.5 s in about every other rebuild, while the
    writer waited for the preview. Frozen after one collection, they are never walked again
    (``gc.freeze``); the few of them a later rebuild replaces are freed by reference counting, or,
    for cycles, held until the server stops (once, a bounded amount).
    """
    gc.collect()
    gc.freeze()
    return True
