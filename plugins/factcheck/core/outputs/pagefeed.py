"""Pagefind fed page by page while the site is built, instead of run over the finished site.

Running the Pagefind binary after the build leaves the second core idle for most of the build
and then the first one waiting (14 s at 10,000 claims). Here each finished page is handed to
Pagefind's service (the ``pagefind`` package's Python API, the binary's ``--service`` mode) as
soon as it is rendered, so Pagefind parses and indexes on the other core while the engine renders
the next pages. At the end the index is written in one step, with what the command-line run over
the same HTML files writes: the service computes each result's URL from the file's path in the
site, as the command does.

The API's event loop runs in the build's own thread, one short step per page (send the page, take
the replies that have come), not in a thread of its own: such a thread took the interpreter lock
for every page and the build waited for it each time (1,000 claims: 0.9 s of the build's thread
in waking it, against 0.1 s now). At most ``IN_FLIGHT`` pages wait for Pagefind at once, so a slow
indexer holds the build back instead of piling pages up in memory.

The API's response reader waits 0.1 s before reading each reply (a poll loop in
``PagefindService._wait_for_responses``), which caps it at ten pages a second; ``_PromptService``
reads replies as they arrive, and sends without formatting each 30 KB request into debug
messages that nobody logs.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .search import PAGEFIND_DIR, SearchError, run_pagefind

IN_FLIGHT = 64
# The attribute that marks what Pagefind indexes. Once any page of the site has one, Pagefind
# leaves every page without one out of the index (its documented rule for data-pagefind-body), so
# such pages (our lists of claims, 13 % of the HTML of a 1,000-claim site) are not sent to it,
# unless no page has a body at all: then it indexes every page whole, and gets them all.
_BODY = re.compile(r"data-pagefind-body", re.IGNORECASE)
INSTALL_HINT = "install it with `pip install 'mkdocs-factcheck[search]'`, or set `search: material`"


def _prompt_service_class() -> type:
    from pagefind.service import PagefindService

    class _PromptService(PagefindService):
        """Pagefind's service, its replies read as soon as they arrive (see the module's docstring)."""

        async def send(self, payload: Any) -> Any:
            self._message_id += 1
            message_id = self._message_id
            future = self._responses[message_id] = self._loop.create_future()
            stdin = self._backend.stdin
            assert stdin is not None
            request = json.dumps({"message_id": message_id, "payload": payload})
            stdin.write(base64.b64encode(request.encode("utf-8")) + b",")  # the service reads up to a comma
            await stdin.drain()
            try:
                return await future
            finally:
                del self._responses[message_id]  # answered: nothing left to wait for

        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            while True:
                reply: Any = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
                if reply is None:
                    continue
                message_id = reply.get("message_id")
                payload: Any = reply.get("payload") or {}
                if message_id is None and payload.get("original_message"):
                    message_id = (json.loads(payload["original_message"]) or {}).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(SearchError(f"Pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

    return _PromptService


class PageFeed:
    """One Pagefind index, fed pages from the build's thread, written into ``site_dir/pagefind``.

    Made, fed and finished in one thread, which must not be running an event loop already
    (see :func:`possible`)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.pending: set[asyncio.Task] = set()
        self.errors: list[str] = []
        self.fed: set[str] = set()
        self.held: list[str] = []  # pages without a body, not sent (see add)
        self.bodies = False  # whether a page with a body was sent
        self.rerun = False
        self.service: Any = None
        self.index: Any = None
        try:
            self.loop.run_until_complete(self._start())
        except Exception as exc:
            self.close()
            raise SearchError(f"could not start Pagefind ({INSTALL_HINT}): {exc}") from None

    async def _start(self) -> None:
        self.service = await _prompt_service_class()().launch()
        self.index = await self.service.create_index(None)

    def add(self, html: str, path: str) -> None:
        """Index a finished page; ``path`` is its file's path inside the site, with ``/``."""
        if path in self.fed:  # written twice (a later page wins on disk): index the finished site instead
            self.rerun = True
        if self.rerun:
            return
        self.fed.add(path)
        # (the attribute as our templates write it, found fast; any other spelling by the pattern)
        if "data-pagefind-body" not in html and _BODY.search(html) is None:
            # Pagefind indexes none of these once a page has a body
            self.held.append(path)
            return
        self.bodies = True
        self._send(html, path)

    def _send(self, html: str, path: str) -> None:
        task = self.loop.create_task(self.index.add_html_file(content=html, source_path=path))
        self.pending.add(task)
        task.add_done_callback(self._indexed)
        if len(self.pending) >= IN_FLIGHT:  # Pagefind is behind: wait until it has taken a page
            self.loop.run_until_complete(asyncio.wait(set(self.pending), return_when=asyncio.FIRST_COMPLETED))
        else:  # one step: send this page, take the replies that have come
            self._step()

    def _step(self) -> None:
        """Run the event loop once: what is ready is sent, what has come is taken."""
        self.loop.call_soon(self.loop.stop)
        self.loop.run_forever()

    def _indexed(self, task: asyncio.Task) -> None:
        self.pending.discard(task)  # its reply (the page's words, URL) is not kept
        if not task.cancelled() and task.exception() is not None:
            self.errors.append(str(task.exception()))

    def _wait(self) -> None:
        if self.pending:
            self.loop.run_until_complete(asyncio.wait(set(self.pending)))
        if self.errors:
            raise SearchError("Pagefind could not index the site:\n" + "\n".join(dict.fromkeys(self.errors)))

    def finish(self, site_dir: Path, meanwhile: Callable[[], None] | None = None) -> None:
        """Index the site's other HTML files (copied, or left by an earlier `--dirty` build), then
        write the bundle and stop Pagefind. ``meanwhile`` (the engine's files that are not HTML,
        left for the end) runs in this thread while Pagefind writes."""
        if self.rerun:
            self.close()
            if meanwhile is not None:
                meanwhile()
            run_pagefind(site_dir)
            return
        try:
            for folder, dirs, names in os.walk(site_dir):
                relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
                relative = "" if relative == "." else relative + "/"
                if not relative:
                    dirs[:] = [name for name in dirs if name != PAGEFIND_DIR]
                for name in names:
                    path = relative + name
                    if name.endswith(".html") and path not in self.fed:
                        self.add(_read(site_dir / path), path)
            if not self.bodies:  # no page marks its body: Pagefind indexes every page whole
                for path in self.held:
                    self._send(_read(site_dir / path), path)
            self._wait()
            writing = self.loop.create_task(self.index.write_files(output_path=str(site_dir / PAGEFIND_DIR)))
            if meanwhile is not None:
                self._step()  # the request is sent
                try:
                    meanwhile()
                except BaseException:
                    writing.cancel()
                    raise
            self.loop.run_until_complete(writing)
            _wait_until_settled(site_dir / PAGEFIND_DIR)
        finally:
            self.close()
        if not bundle_complete(site_dir / PAGEFIND_DIR):  # never publish a half-written index
            run_pagefind(site_dir)

    def close(self) -> None:
        """Stop Pagefind and the loop (after a failed build too)."""
        if self.loop.is_closed():
            return
        for task in self.pending:
            task.cancel()
        if self.service is not None:
            service, self.service = self.service, None
            with contextlib.suppress(Exception):  # already gone: nothing left to stop
                self.loop.run_until_complete(_stop(service))
        with contextlib.suppress(Exception):
            self.loop.run_until_complete(asyncio.sleep(0))  # let the cancelled tasks end
        self.loop.close()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def possible() -> bool:
    """Whether this thread can feed Pagefind: not while it runs an event loop of its own (a build
    started from asynchronous code); then the finished site is indexed with the command."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return True
    return False


async def _stop(service: Any) -> None:
    """End Pagefind's service by closing its input, so that it exits by itself.

    The API's own ``close`` terminates the process as soon as the last reply has come, but the
    service replies to "write the files" while its runtime may still be flushing them: a
    terminated service left an empty ``pagefind-entry.json`` on a busy machine. Ended this way,
    the process finishes its writes first; it is terminated only if it has not exited in time.
    """
    backend = service._backend  # the API keeps the process here; it has no graceful close
    with contextlib.suppress(Exception):
        backend.stdin.close()
    try:
        await asyncio.wait_for(backend.wait(), timeout=60)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            backend.terminate()
        await backend.wait()
    service._poll_task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await service._poll_task


def _wait_until_settled(folder: Path, timeout: float = 30.0) -> None:
    """Wait, with the service still running, until the bundle it reported written is on disk.

    Pagefind's service replies to "write the files" before it has flushed them: on a busy machine
    (six processes beside it on two cores) ``pagefind-entry.json`` was still empty after the reply
    in about one case in three, and a service whose input is closed then exits without finishing
    it. A bundle is taken as written when it loads (:func:`bundle_complete`), holds no empty file
    and its files' sizes are the same twice in a row; past ``timeout`` the caller's check decides
    (and the command indexes the site)."""
    deadline = time.monotonic() + timeout
    previous: dict[str, int] | None = None
    while time.monotonic() < deadline:
        sizes = _sizes(folder)
        if sizes == previous and all(sizes.values()) and bundle_complete(folder):
            return
        previous = sizes
        time.sleep(0.01)


def _sizes(folder: Path) -> dict[str, int]:
    sizes = {}
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            with contextlib.suppress(OSError):
                sizes[path] = os.stat(path).st_size
    return sizes


def bundle_complete(folder: Path) -> bool:
    """Whether a written Pagefind bundle can be loaded: its entry file parses and names index
    metadata files that exist and are not empty."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        hashes = [language["hash"] for language in entry["languages"].values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return all(
        (folder / f"pagefind.{h}.pf_meta").is_file() and (folder / f"pagefind.{h}.pf_meta").stat().st_size
        for h in hashes
    )
