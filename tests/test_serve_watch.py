"""`mkdocs serve` notices a saved record through the system's file events, not by polling
10,000 records every half second; where there are no file events it polls as MkDocs does."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from factcheck.mkdocs_plugin.watch import SIGNAL, RecordsWatcher


def signalled(watcher: RecordsWatcher) -> int:
    return int((watcher.folder / SIGNAL).read_text(encoding="utf-8"))


def settles(watcher: RecordsWatcher, timeout: float = 10.0) -> int:
    """The signal's count once no event has come for half a second."""
    deadline = time.monotonic() + timeout
    last = signalled(watcher)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = signalled(watcher)
        if now == last:
            return now
        last = now
    raise AssertionError("the events never stopped")


def changes_signal(watcher: RecordsWatcher, before: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if signalled(watcher) > before:
            return True
        time.sleep(0.02)
    return False


def test_a_saved_added_moved_or_deleted_record_signals_and_reading_does_not(tmp_path: Path) -> None:
    claims, seeds = tmp_path / "claims", tmp_path / "seeds"
    (claims / "nested").mkdir(parents=True)
    seeds.mkdir()
    record = claims / "a.yml"
    record.write_text("id: a\n", encoding="utf-8")
    watcher = RecordsWatcher([claims, seeds, tmp_path / "missing"])
    try:
        assert not watcher.folder.is_relative_to(tmp_path)  # nothing is written into the project
        count = settles(watcher)
        record.read_text(encoding="utf-8")  # every build reads every record: that is no change
        list(claims.rglob("*"))
        assert settles(watcher) == count
        for change in (
            lambda: record.write_text("id: a\nclaim: edited\n", encoding="utf-8"),
            lambda: (claims / "nested" / "b.yml").write_text("id: b\n", encoding="utf-8"),
            lambda: (seeds / "s.txt").write_text("archived\n", encoding="utf-8"),
            lambda: os.replace(claims / "nested" / "b.yml", claims / "b.yml"),  # an editor's atomic save
            lambda: record.unlink(),
        ):
            count = settles(watcher)
            change()
            assert changes_signal(watcher, count)
    finally:
        watcher.stop()
    assert not watcher.folder.exists()


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_without_file_events_mkdocs_polls_the_records_folders(
    site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.config import load_config

    site.with_example()

    def no_events(folders):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr("factcheck.mkdocs_plugin.serving.RecordsWatcher", no_events)
    caplog.set_level(logging.INFO, logger="mkdocs")
    config = load_config(str(site.root / "mkdocs.yml"))
    plugin = config.plugins["factcheck"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        config = config.plugins.on_config(config)
        server = RecordingServer()
        plugin.on_serve(server, config=config, builder=None)
    finally:
        plugin.on_shutdown()
        plugin.on_startup(command="build", dirty=False)
    assert server.watched == [str(site.root / "claims"), str(site.root / "seeds")]
    assert "watching claims and seeds by polling: no file events here" in caplog.text


def test_serve_previews_a_save_through_file_events(tmp_path: Path) -> None:
    """The real server: a save is noticed at once (MkDocs logs `Detected file changes`), and the
    records folders are not among the folders MkDocs polls."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synth import write_factcheck_site

    root = tmp_path / "site"
    write_factcheck_site(root, 30, search="material")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)},
    )
    url = f"http://127.0.0.1:{port}/bench/claims/claim-7/"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 180
        while "Claim 7" not in served() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Claim 7" in served()
        claim = root / "claims" / "claim-7.yml"
        claim.write_text(claim.read_text(encoding="utf-8").replace("Claim 7:", "Claim 7 (saved):", 1), encoding="utf-8")
        deadline = time.monotonic() + 120
        while "Claim 7 (saved)" not in served() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Claim 7 (saved)" in served()
    finally:
        server.send_signal(2)  # Ctrl-C
        try:
            log = server.communicate(timeout=60)[1]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[1]
    assert "Traceback" not in log, log
    assert "factcheck: watching claims and seeds for changes (the system's file events)" in log, log
    polled = next(line for line in log.splitlines() if "Watching paths for changes" in line)
    assert "'claims'" not in polled and "'seeds'" not in polled, polled
    assert "factcheck-records-changed-" in polled, polled
    assert not list(tmp_path.glob("factcheck-records-changed-*")), "the signal's folder is removed on Ctrl-C"
