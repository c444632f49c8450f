"""`factcheck validate` checks large sites in several processes and reports exactly what one process,
and the build, report: the same problems, at the same places, in the same order."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from factcheck.core.checks.loader import load_catalog
from factcheck.core.checks.parallel import can_fork, map_forked, split
from factcheck.core.settings import settings_from_mkdocs_yml

from conftest import CLAIM_YML, Site
from conftest import run_cli as conftest_run_cli

needs_fork = pytest.mark.skipif(not can_fork(), reason="validation runs in one process where fork is unsafe")


def run_cli(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    """In a process of its own: validation forks only where no other thread runs."""
    return conftest_run_cli(site, *args, process=True)


def claim(n: int, changes: dict[str, str] | None = None) -> str:
    text = CLAIM_YML.replace("id: bridge-cost", f"id: claim-{n:03d}")
    for old, new in (changes or {}).items():
        assert old in text
        text = text.replace(old, new)
    return text


def many_claims(site: Site, count: int) -> Site:
    site.with_example()
    for n in range(count):
        site.write(f"claims/claim-{n:03d}.yml", claim(n))
    return site


def with_problems_across_shares(site: Site) -> Site:
    """Problems of one file, and problems that only a comparison of files in different shares finds."""
    many_claims(site, 300)
    site.write("claims/claim-010.yml", claim(10, {"verdict: half-true": "verdict: nope"}))
    site.write("claims/claim-120.yml", claim(120, {"name: Jane Mayor": "name: Jane  Mayor"}))  # same page, other name
    site.write("claims/claim-130.yml", claim(130, {"name: Jane Mayor": "name: jane mayor"}))
    site.write("claims/claim-250.yml", claim(250, {"topics: [Infrastructure]": "topics: [infrastructure]"}))
    site.write("claims/zz/claim-005.yml", claim(5))  # the same id in another folder, at the far end
    site.write("claims/claim-290.yml", claim(290, {"(source:example-times-bridge)": "(claim:claim-010)"}))
    site.write("claims/claim-291.yml", claim(291, {"(source:example-times-bridge)": "(claim:claim-999)"}))
    site.write("claims/claim-200.yml", "id: claim-200\nclaim: [unclosed\n")
    site.write(
        "claims/claim-201.yml", claim(201, {"published: 2024-03-10": "published: 2024-03-10\nupdated: 2024-04-01"})
    )
    return site


@needs_fork
def test_several_processes_report_exactly_what_one_reports(site: Site) -> None:
    with_problems_across_shares(site)
    one = run_cli(site, "validate", "--no-cache", "--jobs", "1")
    three = run_cli(site, "validate", "--no-cache", "--jobs", "3")
    assert one.returncode == three.returncode == 1
    assert three.stdout == one.stdout
    assert three.stderr == one.stderr == ""
    for expected in [
        "claims/claim-010.yml:9:10: error: unknown verdict 'nope'",
        "claims/claim-130.yml:4:9: error: claimant 'jane mayor' has the same page as 'Jane Mayor' "
        "(claims/bridge-cost.yml)",
        "claims/claim-250.yml:17:10: error: topic 'infrastructure' is written 'Infrastructure' elsewhere",
        "claims/zz/claim-005.yml:1:5: error: duplicate claim id 'claim-005'",
        "claims/claim-291.yml:11:11: error: `analysis`: link to unknown claim 'claim-999'",
        "claims/claim-200.yml:3:1: error: YAML syntax error",
        "claims/claim-201.yml:20:10: warning: `updated` is 2024-04-01 but the corrections log has no entry",
    ]:
        assert expected in one.stdout, one.stdout
    # a link to a claim whose record has errors elsewhere is not a problem of the linking claim
    assert "claim-290.yml" not in one.stdout
    # the second spelling of the claimant is reported against the first file that named it
    assert "claims/claim-120.yml:4:9: error: claimant 'Jane  Mayor'" in one.stdout


@needs_fork
def test_validate_reports_what_the_build_reports(site: Site) -> None:
    with_problems_across_shares(site)
    _catalog, build_problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    report = run_cli(site, "validate", "--no-cache", "--jobs", "2").stdout
    assert report.splitlines()[:-1] == "\n".join(p.format() for p in build_problems).splitlines()


@needs_fork
def test_a_valid_large_site_passes_in_several_processes(site: Site) -> None:
    many_claims(site, 300)
    result = run_cli(site, "validate", "--no-cache", "-j", "2")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "factcheck: 301 claims and 1 sources are valid\n"


@needs_fork
def test_claimreview_problems_found_in_other_processes_are_reported(site: Site) -> None:
    many_claims(site, 300)
    site.write_config(plugin_extra="organisation: {name: ' '}\n")  # no publisher name for the markup
    one = run_cli(site, "validate", "--no-cache", "-j", "1")
    two = run_cli(site, "validate", "--no-cache", "-j", "2")
    assert two.stdout == one.stdout
    assert one.stdout.count("ClaimReview `author.name` must be text") == 301, one.stdout[-500:]


def test_jobs_must_be_a_whole_number(site: Site) -> None:
    site.with_example()
    result = run_cli(site, "validate", "--jobs", "0")
    assert result.returncode == 2
    assert "expected a whole number of processes, at least 1, not '0'" in result.stderr


def test_chunks_keep_the_order_and_cover_everything() -> None:
    items = list(range(10))
    assert split(items, 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert split(items, 20) == [[n] for n in items]
    assert split([], 4) == [[]]
    assert map_forked(lambda chunk: [n * n for n in chunk], split(items, 3), 2) == [
        [0, 1, 4, 9],
        [16, 25, 36],
        [49, 64, 81],
    ]


FORKED = """
import multiprocessing
import os
import pytest
from factcheck.core.checks.parallel import MAX_CHUNKS, map_forked

# Nothing here depends on how the machine schedules processes: where a process must wait for
# another, it blocks on a semaphore shared through the fork (a timeout only turns a bug into a
# failure instead of a hang).
fork = multiprocessing.get_context("fork")
parent = os.getpid()
WAIT = 60

def pids_written_to(pipe):
    os.set_blocking(pipe, False)
    data = b""
    while True:
        try:
            part = os.read(pipe, 4096)
        except BlockingIOError:
            break
        if not part:
            break
        data += part
    return {int(pid) for pid in data.split()}

# a child's failure is raised here, with its traceback: this process waits on its chunk until a
# child has taken one (and failed), so a child provably ran one
child_ran = fork.Event()
def fails_in_a_child(chunk):
    if os.getpid() != parent:
        child_ran.set()
        raise ValueError("bad chunk")
    assert child_ran.wait(WAIT), "no child took a chunk"

with pytest.raises(RuntimeError, match=r"(?s)failed:.*ValueError: bad chunk"):
    map_forked(fails_in_a_child, [[n] for n in range(6)], 3)

# this process's own failure is raised as it is, once every child is done and reaped (the children
# wait on their first chunk until this process holds one, so it provably gets one)
child_ran, parent_ran = fork.Event(), fork.Event()
children_r, children_w = os.pipe()
def fails_here(chunk):
    if os.getpid() == parent:
        parent_ran.set()
        assert child_ran.wait(WAIT), "no child took a chunk"
        raise ValueError("bad here")
    os.write(children_w, b"%d " % os.getpid())
    child_ran.set()
    assert parent_ran.wait(WAIT), "this process took no chunk"

with pytest.raises(ValueError, match=r"bad here"):
    map_forked(fails_here, [[n] for n in range(6)], 3)
children = pids_written_to(children_r)
assert children, "no child ran"
for pid in children:
    with pytest.raises(ChildProcessError):  # already waited for
        os.waitpid(pid, os.WNOHANG)

# every chunk once, in order, and the work shared: the three processes each hold a chunk at once
# (each waits at the barrier on its first one), so each provably took one
everyone = fork.Barrier(3)
first = set()
def shared(chunk):
    if os.getpid() not in first:
        first.add(os.getpid())
        everyone.wait(WAIT)
    return os.getpid(), chunk

taken = map_forked(shared, [[n] for n in range(12)], 3)
assert [chunk for _pid, chunk in taken] == [[n] for n in range(12)], taken
assert len({pid for pid, _chunk in taken}) == 3, taken

# chunks go to whichever process is free: this one is stalled on its first chunk until the other
# has done all eleven others, so it takes no second one (the other waits until this one holds a chunk)
others_done, parent_ran = fork.Semaphore(0), fork.Event()
def stalled(chunk):
    if os.getpid() == parent:
        parent_ran.set()
        for _ in range(11):
            if not others_done.acquire(timeout=WAIT):
                break  # the other process did not get the rest: the assertion below says so
    else:
        assert parent_ran.wait(WAIT), "this process took no chunk"
        others_done.release()
    return os.getpid()

pids = map_forked(stalled, [[n] for n in range(12)], 2)
assert pids.count(parent) == 1, pids
assert len(set(pids)) == 2, pids

with pytest.raises(ValueError, match="at most 256 chunks"):
    map_forked(shared, [[n] for n in range(MAX_CHUNKS + 1)], 2)
print("ok")
"""


@needs_fork
def test_chunks_are_handed_out_as_processes_become_free_and_failures_are_raised() -> None:
    # in a fresh interpreter: this one may be running threads (the browser tests'), and then never forks
    result = subprocess.run([sys.executable, "-c", FORKED], capture_output=True, text=True, timeout=120)
    assert result.stdout == "ok\n", result.stderr


def test_a_threaded_program_is_never_forked() -> None:
    import threading

    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert not can_fork()
        assert map_forked(lambda chunk: os.getpid(), [[1], [2]], 2) == [os.getpid(), os.getpid()]
    finally:
        release.set()
        worker.join()
