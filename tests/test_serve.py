"""`mkdocs serve` rebuilds and reloads when a claim or a source changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import Site


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


def test_serve_watches_claims_and_seeds(site: Site) -> None:
    site.with_example()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
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
        finished = True
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
        if not finished:
            print(output)  # what the server said, beside the failure
    assert "Traceback" not in output, output
