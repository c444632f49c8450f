"""The same records give the same site, byte for byte, whatever the machine gives the build: one
CPU or all of them (Pagefind indexes on threads, share cards are drawn on threads) and another
string hash seed (the iteration order of sets and dicts built from them). Serve against build is
compared in test_serve_incremental.py.

Pagefind's own index files are named by hashes that differ from run to run even on the same
site; they are compared by the pages they index (see test_serve_incremental.without_index).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synth import write_factcheck_site
from test_serve_incremental import pagefind_summary, tree, without_index

BUILD = r"""
import os, sys
os.environ["NO_MKDOCS_2_WARNING"] = "1"
cpus = sys.argv[3]
if cpus != "all":
    os.sched_setaffinity(0, {int(cpus)})
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


def built(root: Path, out: Path, cpus: str, hash_seed: str) -> dict[str, bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": hash_seed, "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(root / "mkdocs.yml"), str(out), cpus],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return tree(out)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
def test_the_same_records_give_the_same_site_on_one_cpu_or_all(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_factcheck_site(root, 30, search="pagefind")
    one_cpu = str(min(os.sched_getaffinity(0)))
    first = built(root, tmp_path / "one-cpu", one_cpu, "1")
    second = built(root, tmp_path / "all-cpus", "all", "2")
    assert "claims/claim-3/index.html" in first and "sitemap.xml" in first
    assert pagefind_summary(first) == pagefind_summary(second) and pagefind_summary(first)
    first, second = without_index(first), without_index(second)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
