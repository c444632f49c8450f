"""A race in Material's optimize plugin (9.x), kept from failing our users' builds.

Its on_env hands each image to a thread pool and then removes the image from MkDocs' files by
its `src_uri`. The pool's job sets the file's `src_path` (so its `src_uri`) to the optimized copy
in `.cache/plugin/optimize/`; when the image is already in its cache (the manifest has its hash),
the job is a read and a hash, and it can finish before the removal, which then fails:
`ValueError: '.cache/plugin/optimize/assets/images/favicon.png' not in collection`. That is a
crash of `mkdocs build` on any build with a warm cache, and on every further language of a
mkdocs-static-i18n site (one process, one manifest): 10 of 25 warm builds of a site with 20 images
and no other plugin failed on this machine.

So, around its on_env, its pool holds the jobs it is given and starts them only once that on_env
has returned (:func:`hold_jobs` before it, :func:`start_jobs` after it): the removal then always
comes first. Its on_post_build waits for the jobs as before. A build that fails in between never
starts them (nothing waits on them: no thread is left behind).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from functools import partial
from typing import Any


class _HeldPool(Executor):
    """An executor that queues jobs until :meth:`start`, then runs them on the real pool."""

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self.held: list[tuple[Future, Callable[..., Any], tuple, dict]] = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        self.held.append((future, fn, args, kwargs))
        return future

    def start(self) -> Executor:
        for future, fn, args, kwargs in self.held:
            self.pool.submit(fn, *args, **kwargs).add_done_callback(partial(_settle, future))
        self.held = []
        return self.pool

    def shutdown(self, wait: bool = True, **kwargs: Any) -> None:
        self.start()
        self.pool.shutdown(wait, **kwargs)


def _settle(future: Future, done: Future) -> None:
    error = done.exception()
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(done.result())


def _optimize(config) -> Any:
    optimize = config.plugins.get("material/optimize") or config.plugins.get("optimize")
    if optimize is None or not optimize.__class__.__module__.startswith("material.plugins.optimize"):
        return None
    return optimize if isinstance(getattr(optimize, "pool", None), Executor) else None


def hold_jobs(config) -> None:
    """Before optimize's on_env: its pool holds the jobs it is given."""
    optimize = _optimize(config)
    if optimize is not None and not isinstance(optimize.pool, _HeldPool):
        optimize.pool = _HeldPool(optimize.pool)


def start_jobs(config) -> None:
    """After optimize's on_env: the held jobs start, on its own pool."""
    optimize = _optimize(config)
    if optimize is not None and isinstance(optimize.pool, _HeldPool):
        optimize.pool = optimize.pool.start()
