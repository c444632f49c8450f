"""The records folders watched under ``mkdocs serve`` through the system's file events.

MkDocs' server finds changes by polling: every half second it lists and compares every file of
each watched folder. For a docs folder that is nothing; for 10,000 claim records it is about
0.15 s of Python per poll, a quarter of a core taken from the rebuild it waits for, and a saved
claim was noticed 0.8 to 1.2 s after the save. So the claims and seeds folders are watched with
the operating system's own notifications (watchdog's native observer: inotify, FSEvents,
ReadDirectoryChangesW), and each change rewrites a small file in a folder of its own that MkDocs
watches: its poll of that folder costs nothing and MkDocs rebuilds as for any watched change.
Where the system gives no notifications (the observer cannot start), MkDocs polls the records
folders itself, as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

SIGNAL = "changed"  # the file MkDocs' own watcher sees change
# what a change to a record is (watchdog also reports files being opened and closed: every build
# reads every record, and would set off the next)
CHANGES = frozenset({"created", "deleted", "modified", "moved"})


class RecordsWatcher(FileSystemEventHandler):
    def __init__(self, folders: Iterable[Path]) -> None:
        """Raises OSError (or RuntimeError) when the system's notifications cannot be used."""
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-records-changed-"))
        self.changes = 0
        self.lock = threading.Lock()
        self.observer = Observer()
        try:
            for folder in folders:
                if folder.is_dir():
                    self.observer.schedule(self, str(folder), recursive=True)
            self.observer.start()
        except BaseException:
            self.observer.unschedule_all()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self._signal()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            self._signal()

    def _signal(self) -> None:
        """A new file in place of the old one (a new inode: MkDocs' poll sees it whatever the
        clock's resolution)."""
        with self.lock:
            self.changes += 1
            temporary = self.folder / f".{SIGNAL}.tmp"
            try:
                temporary.write_text(str(self.changes), encoding="utf-8")
                os.replace(temporary, self.folder / SIGNAL)
            except OSError:  # the folder is gone (the server is stopping)
                pass

    def stop(self) -> None:
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(5)
        shutil.rmtree(self.folder, ignore_errors=True)
