"""Time our build against plain MkDocs building the equivalent hand-written pages.

Usage: python benchmarks/bench.py [N ...]   (default: 100 1000)

For each N: generate N synthetic claims (N/10 sources), build with the factcheck plugin, then
build the same pages written as plain Markdown with plain MkDocs, one after the other, each in a
fresh Python process. Reports wall and CPU time (CPU time stays comparable on a busy
machine), peak memory (max RSS), the ratio, and our own steps
(loading + validation, rendering) so that a step growing faster than N shows up.
"""

from __future__ import annotations

import json
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
pages = sum(1 for _ in __import__("pathlib").Path(root, "site").rglob("index.html"))
print(json.dumps({"seconds": elapsed, "cpu": cpu, "max_rss_mib": max_rss_mib, "steps": steps, "pages": pages}))
"""


def run_build(root: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    sys.path.insert(0, str(HERE))
    from synth import write_factcheck_site, write_plain_site

    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            ours_root, plain_root = Path(tmp, "ours"), Path(tmp, "plain")
            write_factcheck_site(ours_root, n, search="material")
            write_plain_site(plain_root, n)
            ours = run_build(ours_root)  # like for like: both with Material's search only
            plain = run_build(plain_root)
            write_factcheck_site(ours_root, n, search="pagefind")
            default = run_build(ours_root)  # our default: Pagefind as well
        report(n, "search: material", ours, plain)
        report(n, "search: pagefind (default)", default, plain)


def report(n: int, label: str, ours: dict, plain: dict) -> None:
    ratio = ours["seconds"] / plain["seconds"]
    cpu_ratio = ours["cpu"] / plain["cpu"]
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in ours["steps"].items())
    print(
        f"[{label}] N={n:>6}: factcheck {ours['seconds']:7.2f} s wall, {ours['cpu']:7.2f} s CPU "
        f"({ours['pages']} pages, {ours['max_rss_mib']:.0f} MiB) | "
        f"plain MkDocs {plain['seconds']:7.2f} s wall, {plain['cpu']:7.2f} s CPU "
        f"({plain['pages']} pages, {plain['max_rss_mib']:.0f} MiB) | "
        f"ratio {ratio:.2f} wall, {cpu_ratio:.2f} CPU | our steps: {steps}",
        flush=True,
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
