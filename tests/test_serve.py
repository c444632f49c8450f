"""`mkdocs serve` rebuilds and reloads when a claim or a source changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import Site, start_mkdocs, stop_serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 180.0):  # a busy machine can take a minute to rebuild
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except OSError as exc:
            last_error = exc
        time.sleep(0.3)
    raise AssertionError(f"timed out (last error: {last_error})")


def children(pid: int) -> dict[int, str]:
    """The processes ``pid`` has started: process id -> command line."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_serving(site: Site, temporary: Path) -> subprocess.Popen:
    """`mkdocs serve` in the site's folder, its temporary files in ``temporary``, in a process
    group of its own (Ctrl-C in a terminal signals the whole group: the server and its Pagefind)."""
    temporary.mkdir()
    port = free_port()
    server = start_mkdocs(
        site.root, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", new_session=True, TMPDIR=str(temporary)
    )
    server.port = port  # type: ignore[attr-defined]
    return server


STOPS = {
    "Ctrl-C": lambda server: os.killpg(server.pid, signal.SIGINT),  # a terminal signals the whole group
    "a container's stop": lambda server: server.send_signal(signal.SIGTERM),  # `docker stop`: the server only
    "the terminal closed": lambda server: server.send_signal(signal.SIGHUP),
}


@pytest.mark.parametrize("stop", STOPS)
def test_serve_watches_claims_and_seeds_and_stops_leaving_nothing_behind(site: Site, tmp_path: Path, stop: str) -> None:
    site.with_example()
    temporary = tmp_path / "tmp"
    server = start_serving(site, temporary)
    port = server.port  # type: ignore[attr-defined]
    finished = False
    try:
        url = f"http://127.0.0.1:{port}/repo/claims/bridge-cost/"
        wait_for(lambda: "The bridge cost 12 million euros." in fetch(url))
        claim = site.root / "claims" / "bridge-cost.yml"
        claim.write_text(
            claim.read_text(encoding="utf-8").replace(
                "summary: The council's figure", "summary: Edited while serving. The council's figure"
            ),
            encoding="utf-8",
        )
        wait_for(lambda: "Edited while serving." in fetch(url))
        source = site.root / "seeds" / "example-times-bridge.yml"
        source.write_text(
            source.read_text(encoding="utf-8").replace(
                "title: Bridge to open in May, mayor says", "title: Bridge opening delayed"
            ),
            encoding="utf-8",
        )
        wait_for(
            lambda: "Bridge opening delayed" in fetch(f"http://127.0.0.1:{port}/repo/sources/example-times-bridge/")
        )
        made = sorted(p.name.split("_")[0].rsplit("-", 1)[0] for p in temporary.iterdir())
        assert made == ["factcheck-pagefind", "factcheck-records-changed", "mkdocs"], (
            f"serve's three folders (MkDocs' site, Pagefind's, the records watcher's signal) are in TMPDIR: {made}"
        )
        # Stopped while Pagefind indexes the edited site beside the server (the hardest moment):
        # edit once more, and stop it as soon as the server's Pagefind process is running (on
        # this small site it runs for a few tenths of a second: edit again if it was missed).
        pagefind: list[int] = []
        for attempt in range(10):
            claim.write_text(claim.read_text(encoding="utf-8").replace("Edited", f"Edited ({attempt})", 1))
            deadline = time.monotonic() + 20
            while not pagefind and time.monotonic() < deadline:
                pagefind = [pid for pid, command in children(server.pid).items() if "pagefind" in command]
            if pagefind:
                break
        assert pagefind, "the server's Pagefind was never seen running"
        STOPS[stop](server)
        output = server.communicate(timeout=60)[0]
        finished = True
    finally:
        if not finished:
            print(stop_serving(server))  # what the server said, beside the failure
    assert server.returncode == 0, output
    assert "Traceback" not in output and "Pagefind failed" not in output, output  # stopped, not failed
    assert not [pid for pid in pagefind if running(pid)], "Pagefind outlived the server"
    assert sorted(p.name for p in temporary.iterdir()) == [], "left in TMPDIR:\n" + output
