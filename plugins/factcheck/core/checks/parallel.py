"""Run one function over chunks of the work in forked processes, this one among them.

Validating ten thousand claims is CPU-bound Python; a forked child inherits everything already
loaded (settings, sources, imported modules) at no cost, and sends back only its results. The
chunks are handed out one at a time, as each process finishes one, so a process that the rest of
the machine slows down simply takes fewer. Where ``fork`` is not the platform's safe default
(macOS, Windows), everything runs in this process.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

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


MAX_CHUNKS = 256  # each chunk is handed out as one byte, its index


def map_forked(function: Callable[[Share], Result], chunks: list[Share], processes: int) -> list[Result]:
    """``[function(chunk) for chunk in chunks]``, computed by ``processes`` processes at most.

    A child's exception is raised here, with the child's traceback in its message."""
    if processes <= 1 or len(chunks) <= 1 or not can_fork():
        return [function(chunk) for chunk in chunks]
    if len(chunks) > MAX_CHUNKS:
        raise ValueError(f"at most {MAX_CHUNKS} chunks, not {len(chunks)}")
    # The queue of work: a pipe holding every chunk's index. A read of one byte takes one index;
    # with the writing end closed, an empty pipe reads as its end.
    queue, feed = os.pipe()
    os.write(feed, bytes(range(len(chunks))))  # at most 256 bytes: a pipe buffers far more
    os.close(feed)
    children: list[tuple[int, int]] = []
    try:
        for _ in range(min(processes, len(chunks)) - 1):
            children.append(_start(function, chunks, queue))
        done = dict(_take_chunks(function, chunks, queue))
    finally:
        os.close(queue)
        sent = [(pid, _collect(pid, reader)) for pid, reader in children]  # every child, even on error
    for pid, payload in sent:
        done.update(_results(pid, payload))
    return [done[index] for index in range(len(chunks))]


def _take_chunks(function: Callable[[Share], Result], chunks: list[Share], queue: int) -> list[tuple[int, Result]]:
    done = []
    while taken := os.read(queue, 1):
        done.append((taken[0], function(chunks[taken[0]])))
    return done


def _start(function: Callable[[Share], Result], chunks: list[Share], queue: int) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        status = 0
        try:
            try:
                payload = pickle.dumps(("ok", _take_chunks(function, chunks, queue)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
                payload = pickle.dumps(("error", traceback.format_exc()))
                status = 1
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> bytes:
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()  # read to the end before waiting, or a child with much to say blocks
    os.waitpid(pid, 0)
    return payload


def _results(pid: int, payload: bytes) -> list[tuple[int, Result]]:
    if not payload:
        raise RuntimeError(f"worker process {pid} ended without sending its results")
    status, value = pickle.loads(payload)  # noqa: S301 - written by our own child process
    if status != "ok":
        raise RuntimeError(f"worker process {pid} failed:\n{value}")
    return value
