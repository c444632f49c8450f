"""Run one function over shares of the work in forked processes, the first share in this one.

Validating ten thousand claims is CPU-bound Python; a forked child inherits everything already
loaded (settings, sources, imported modules) at no cost, and sends back only its results. Where
``fork`` is not the platform's safe default (macOS, Windows), everything runs in this process.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from typing import Callable, TypeVar

Share = TypeVar("Share")
Result = TypeVar("Result")


def usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Linux, and no other thread running (a thread holding a lock at the fork would leave the
    child waiting for it forever): the ``factcheck`` command, not a caller's threaded program."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def split(items: list[Share], shares: int) -> list[list[Share]]:
    """``items`` cut into ``shares`` contiguous runs of nearly equal length, in order."""
    shares = max(1, min(shares, len(items)))
    size, extra = divmod(len(items), shares)
    runs, start = [], 0
    for index in range(shares):
        end = start + size + (1 if index < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def map_forked(function: Callable[[Share], Result], shares: list[Share]) -> list[Result]:
    """``[function(share) for share in shares]``, the shares after the first in child processes.

    A child's exception is raised here, with the child's traceback in its message."""
    if len(shares) <= 1 or not can_fork():
        return [function(share) for share in shares]
    children = [_start(function, share) for share in shares[1:]]
    first = function(shares[0])
    return [first, *(_finish(pid, reader) for pid, reader in children)]


def _start(function: Callable[[Share], Result], share: Share) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        status = 0
        try:
            try:
                payload = pickle.dumps(("ok", function(share)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
                payload = pickle.dumps(("error", traceback.format_exc()))
                status = 1
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _finish(pid: int, reader: int) -> Result:
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()  # read to the end before waiting, or a child with much to say blocks
    os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError(f"worker process {pid} ended without sending its results")
    status, value = pickle.loads(payload)  # noqa: S301 - written by our own child process
    if status != "ok":
        raise RuntimeError(f"worker process {pid} failed:\n{value}")
    return value
