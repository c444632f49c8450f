"""CPU time of `mkdocs serve`'s rebuilds, in-process: what a saved edit costs, without the server.

Usage: python benchmarks/serve_rebuild_cpu.py [N] [--rebuilds R] [--baseline COMMIT] [--rounds K] [--profile]

Generates N synthetic claims (``synth.py``, Pagefind; default 1000) and runs MkDocs' serve
sequence in one process, as `mkdocs serve` does (mkdocs/commands/serve.py): ``on_startup`` once,
then ``load_config`` + ``build(config, serve_url=...)`` for the first build and again after each
of R edits of one claim's text, the plugin object kept. Prints each build's wall and CPU time
(``time.process_time``, the measure other jobs on a shared machine disturb least) and the time
Python's cyclic garbage collector took in it. With ``--baseline`` the same runs with the package
of that commit (``git archive``, first on PYTHONPATH), alternately with the current one, K rounds.
The served folder is a temporary folder (set TMPDIR to choose its file system). With
``--profile`` the last rebuild runs under cProfile and the functions that took the most time,
their callees included, are printed: where to look next.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import gc, logging, os, sys, tempfile, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root, rebuilds, profile = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "profile"
collected = [0.0, None]
def timing(phase, info):
    if phase == "start":
        collected[1] = time.process_time()
    elif collected[1] is not None:
        collected[0] += time.process_time() - collected[1]
gc.callbacks.append(timing)
logging.basicConfig(level=logging.ERROR)
os.chdir(root)
site_dir = tempfile.mkdtemp(prefix="mkdocs_")
url = "http://127.0.0.1:8000/bench/"
def get_config():
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir)
    config.site_url = url
    return config
def timed(label, config):
    collected[0] = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    build(config, serve_url=url)
    print(f"{label}: wall {time.perf_counter() - wall:.2f} s, CPU {time.process_time() - cpu:.2f} s, "
          f"of which garbage collection {collected[0]:.2f} s", flush=True)
config = get_config()
config.plugins.on_startup(command="serve", dirty=False)
claim = root / "claims" / "claim-7.yml"
original = claim.read_text(encoding="utf-8")
try:
    timed("first build", config)
    for number in range(rebuilds):
        edited = original.replace("Claim 7:", f"Claim 7 (edit {number} {time.time_ns()}):", 1)
        claim.write_text(edited, encoding="utf-8")
        if profile and number == rebuilds - 1:
            import cProfile, pstats
            profiler = cProfile.Profile()
            profiler.enable()
            timed(f"rebuild {number + 1} (profiled)", get_config())
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
        else:
            timed(f"rebuild {number + 1}", get_config())
finally:
    claim.write_text(original, encoding="utf-8")
    config.plugins.on_shutdown()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", type=int, default=1000)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--baseline", help="a commit to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile the last rebuild (cProfile)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from baseline import extract_package
    from synth import write_factcheck_site

    with tempfile.TemporaryDirectory(prefix="serve-cpu-") as tmp:
        root = Path(tmp, "site")
        write_factcheck_site(root, args.size, search="pagefind")
        versions: list[tuple[str, str | None]] = [("current", None)]
        if args.baseline:
            versions.append((f"baseline {args.baseline}", str(extract_package(args.baseline, Path(tmp, "baseline")))))
        for _ in range(args.rounds):
            for label, pythonpath in versions:
                env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
                if pythonpath:
                    env["PYTHONPATH"] = pythonpath
                print(f"N={args.size} [{label}]", flush=True)
                profile = "profile" if args.profile else "-"
                command = [sys.executable, "-c", CHILD, str(root), str(args.rebuilds), profile]
                subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
