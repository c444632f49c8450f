"""Time our build against plain MkDocs building the equivalent hand-written pages.

Usage: python benchmarks/bench.py [--runs R] [--material] [N ...]   (default: 100 1000)
       N:ours builds only our side (for sizes where plain MkDocs takes too long)

For each N: generate N synthetic claims (N/10 sources), then R times: build with the factcheck
plugin in its default configuration (Pagefind), then the same pages written as plain Markdown
with plain MkDocs and Material's search, alternately, each in a fresh Python process (so a
machine whose speed drifts disturbs both sides alike). With --material, each round also builds
ours with `search: material` (like for like). Reports wall and CPU time (CPU time stays
comparable on a busy machine), peak memory (max RSS of the build process; Pagefind's own
process apart), the load average before each build, the ratios, and our own steps (loading +
validation, rendering) so that a step growing faster than N shows up.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time, os
os.environ["NO_MKDOCS_2_WARNING"] = "1"
import logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
root = sys.argv[1]
steps = {}
try:
    from factcheck.core.checks import loader
    from factcheck.core.site import render
    def timed(module, name):
        original = getattr(module, name)
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - t
        setattr(module, name, wrapper)
    import factcheck.mkdocs_plugin.plugin as plugin
    timed(plugin, "load_catalog")
    timed(plugin, "run_pagefind")
    from factcheck.core.outputs import pagefeed
    timed(pagefeed.PageFeed, "finish")
    timed(render.Renderer, "render")
except ImportError:
    pass
start = time.perf_counter()
cpu_start = time.process_time()
config = load_config(os.path.join(root, "mkdocs.yml"), site_dir=os.path.join(root, "site"))
config.plugins.on_startup(command="build", dirty=False)
build(config)
elapsed = time.perf_counter() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the Pagefind binary runs as a child
cpu = time.process_time() - cpu_start + children.ru_utime + children.ru_stime
max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children_rss_mib = children.ru_maxrss / 1024
pages = sum(1 for _ in __import__("pathlib").Path(root, "site").rglob("index.html"))
print(json.dumps({"seconds": elapsed, "cpu": cpu, "max_rss_mib": max_rss_mib,
                  "children_rss_mib": children_rss_mib, "steps": steps, "pages": pages}))
"""


def run_build(root: Path) -> dict:
    load = os.getloadavg()[0]
    result = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "load": load}


def main(args: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    from synth import write_factcheck_site, write_plain_site

    runs, material = 1, "--material" in args
    args = [a for a in args if a != "--material"]
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at : at + 2]
    for size in args or ["100", "1000"]:
        n, ours_only = int(size.split(":")[0]), size.endswith(":ours")
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            ours_root, like_root, plain_root = Path(tmp, "ours"), Path(tmp, "like"), Path(tmp, "plain")
            write_factcheck_site(ours_root, n, search="pagefind")
            if material:
                write_factcheck_site(like_root, n, search="material")
            if not ours_only:
                write_plain_site(plain_root, n)
            results: dict[str, list[dict]] = {"default": [], "material": [], "plain": []}
            for _ in range(runs):
                results["default"].append(report(n, "ours, search: pagefind (default)", run_build(ours_root)))
                if not ours_only:
                    results["plain"].append(report(n, "plain MkDocs + Material search", run_build(plain_root)))
                if material:
                    results["material"].append(report(n, "ours, search: material", run_build(like_root)))
        for label in ("default", "material"):
            if results[label] and results["plain"]:
                pairs = list(zip(results[label], results["plain"], strict=True))
                wall = [a["seconds"] / b["seconds"] for a, b in pairs]
                cpu = [a["cpu"] / b["cpu"] for a, b in pairs]
                rss = [a["max_rss_mib"] / b["max_rss_mib"] for a, b in pairs]
                print(
                    f"== N={n} {label} / plain: wall ratio median {statistics.median(wall):.2f} "
                    f"({', '.join(f'{r:.2f}' for r in wall)}), CPU ratio median {statistics.median(cpu):.2f}, "
                    f"peak RSS ratio {statistics.median(rss):.2f}",
                    flush=True,
                )


def report(n: int, label: str, run: dict) -> dict:
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in run["steps"].items())
    print(
        f"[{label}] N={n:>6}: {run['seconds']:7.2f} s wall, {run['cpu']:7.2f} s CPU, "
        f"{run['pages']} pages, peak RSS {run['max_rss_mib']:.0f} MiB (children {run['children_rss_mib']:.0f} MiB), "
        f"load {run['load']:.1f}" + (f" | our steps: {steps}" if steps else ""),
        flush=True,
    )
    return run


if __name__ == "__main__":
    main(sys.argv[1:])
