"""Time `mkdocs serve` from saving a claim to the new text being served.

Usage: python benchmarks/serve_bench.py [N ...] [--baseline COMMIT] [--runs R] [--other-plugin]   (default: 1000)

For each N: generate N synthetic claims (``synth.py``, the default Pagefind configuration), start
`mkdocs serve` on a free port of 127.0.0.1, wait for the first build, then, R times: edit one
claim's text and poll its page (every 20 ms) until the new text is served; then add a new claim
and poll its page until it is served. With ``--baseline COMMIT`` the same is done with the
package as it was at that commit (extracted with `git archive`, put first on PYTHONPATH), the two
servers run one after the other for each N, so both see the same machine. The served folder is
MkDocs' own temporary folder (set TMPDIR to choose its file system). With ``--other-plugin`` the
site also has a hook (an MkDocs plugin that handles every page's Markdown and changes nothing), as
a site with the tags, RSS or git-date plugins does: every page then goes through MkDocs' page
loop at every rebuild and the served folder is written again. Prints medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from baseline import extract_package  # noqa: E402 - benchmarks/ is put on the path first
from synth import write_factcheck_site  # noqa: E402 - benchmarks/ is put on the path first

HOOK = "def on_page_markdown(markdown, page, config, files):\n    return markdown\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        body = fetch(url)
        if body is not None and text in body:
            return time.monotonic() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {text!r} at {url}")


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C, as a writer stops `mkdocs serve` (SIGINT: MkDocs runs the plugins' on_shutdown and
    deletes its temporary site folder; SIGTERM ends Python before either, leaving both behind);
    terminate, then kill, only if it has not stopped in time."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(root: Path, runs: int, pythonpath: str | None, timeout: float) -> dict[str, list[float]]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/bench/"
    claim = root / "claims" / "claim-7.yml"
    original = claim.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"first build": [], "edit a claim": [], "add a claim": []}
    new = root / "claims" / "claim-bench-new.yml"
    try:
        times["first build"].append(wait_for(base + "claims/claim-7/", "Claim 7", timeout))
        time.sleep(2)  # let a background search index of the first build settle, as a writer would
        for _ in range(runs):
            marker = f"Edited {time.time_ns()}"
            claim.write_text(original.replace("Claim 7:", f"Claim 7 ({marker}):", 1), encoding="utf-8")
            times["edit a claim"].append(wait_for(base + "claims/claim-7/", marker, timeout))
            time.sleep(1)
        marker = f"Brand new {time.time_ns()}"
        new.write_text(
            original.replace("id: claim-7", "id: claim-bench-new").replace("Claim 7:", marker + ":", 1),
            encoding="utf-8",
        )
        times["add a claim"].append(wait_for(base + "claims/claim-bench-new/", marker, timeout))
    finally:
        stop(server)
        claim.write_text(original, encoding="utf-8")
        new.unlink(missing_ok=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--baseline", help="a commit to compare with (e.g. the code before incremental serve)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--other-plugin", action="store_true", help="add a hook that sees every page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        baseline = None
        if args.baseline:
            baseline = extract_package(args.baseline, Path(tmp, "baseline"))
        for n in args.sizes:
            root = Path(tmp, f"site-{n}")
            write_factcheck_site(root, n, search="pagefind")
            if args.other_plugin:
                (root / "page_hook.py").write_text(HOOK, encoding="utf-8")
                config = root / "mkdocs.yml"
                config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - page_hook.py\n", encoding="utf-8")
            versions = [("current", None)] + ([(f"baseline {args.baseline}", str(baseline))] if baseline else [])
            for label, pythonpath in versions:
                times = measure(root, args.runs, pythonpath, args.timeout)
                shown = ", ".join(
                    f"{k} {statistics.median(v):.2f} s (n={len(v)}: {' '.join(f'{x:.2f}' for x in v)})"
                    for k, v in times.items()
                )
                print(f"N={n:>6} [{label}]: {shown}", flush=True)
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
