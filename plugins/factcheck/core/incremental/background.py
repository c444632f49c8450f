"""The search index of a served site, rebuilt beside the server instead of before it answers.

Under ``mkdocs serve`` a rebuild must not wait for Pagefind (15 s at 10,000 claims): the edited
page is served at once with the previous index, and Pagefind indexes the new build in a child
process, started from a thread once the last finished bundle is put back, so search keeps
working while the next index is made. The new bundle is written outside the site and linked
into it only if no newer build has started meanwhile (a newer build stops the older indexer).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ..outputs.search import PAGEFIND_DIR, pagefind_command


class BackgroundIndex:
    def __init__(self, report: Callable[[str], None]) -> None:
        self.report = report  # for Pagefind's failures (a warning in the server's log)
        self.work = Path(tempfile.mkdtemp(prefix="factcheck-pagefind-"))
        self.lock = threading.Lock()
        self.generation = 0
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        self.last: Path | None = None  # the newest finished bundle

    def invalidate(self) -> None:
        """A build starts: whatever is being indexed is out of date."""
        with self.lock:
            self.generation += 1
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()

    def start(self, site_dir: Path) -> None:
        """The build is complete: put the last bundle back and index this build, both beside the
        server (putting 1,000 files back takes a few tenths of a second the edited page need
        not wait for)."""
        with self.lock:
            generation = self.generation
        self.thread = threading.Thread(target=self._index, args=(generation, site_dir), daemon=True)
        self.thread.start()

    def _index(self, generation: int, site_dir: Path) -> None:
        output = self.work / f"bundle-{generation}"
        with self.lock:  # a newer build waits for this before it empties the site (invalidate)
            if generation != self.generation:
                return
            if self.last is not None and self.last.is_dir() and not (site_dir / PAGEFIND_DIR).exists():
                # (a kept served folder has it)
                _link_tree(self.last, site_dir / PAGEFIND_DIR)
            # In a session of its own: Ctrl-C in the terminal signals the whole foreground group and
            # would end Pagefind mid-start (a traceback, reported as a failure) while the server
            # stops; the server's close() stops it instead.
            self.process = process = subprocess.Popen(
                pagefind_command(site_dir, output),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        _, errors = process.communicate()
        with self.lock:
            if generation != self.generation:  # a newer build cleaned the site meanwhile
                shutil.rmtree(output, ignore_errors=True)
                return
            if process.returncode != 0:
                self.report("Pagefind failed; search shows the previous index:\n" + (errors or "").strip())
                shutil.rmtree(output, ignore_errors=True)
                return
            target = site_dir / PAGEFIND_DIR
            shutil.rmtree(target, ignore_errors=True)
            _link_tree(output, target)
            if self.last is not None:
                shutil.rmtree(self.last, ignore_errors=True)
            self.last = output

    def wait(self, timeout: float | None = None) -> None:
        """Until the current index is in the site (tests, benchmarks)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def close(self) -> None:
        self.invalidate()
        self.wait(60)
        shutil.rmtree(self.work, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> None:
    """A copy of the bundle made of hard links (a copy where links are not possible)."""

    def link(src: str, dst: str) -> None:
        try:
            Path(dst).hardlink_to(src)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)
