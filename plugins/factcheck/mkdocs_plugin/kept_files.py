"""The generated ``File`` objects of serve's last build, reused when made from the same inputs.

Each build makes a ``File`` for every generated page, feed, open-data file, share card and kept
original (some 30,000 at 10,000 claims), and MkDocs a ``Page`` for every documentation file that
has none: about a second of a rebuild, for objects equal to the last build's. Under
``mkdocs serve``, when pages skip MkDocs' page loop (``finished``; only plugins that leave files
and pages alone run), the last build's objects are handed out again for the same inputs (source
path, content, inclusion, language folder), within the same site key (configuration, templates)
and the same folders. A page that goes through the loop again gets a fresh ``Page`` (MkDocs makes
one where ``file.page`` is None); a page written from the cache keeps the one it had, whose URL,
canonical URL and edit URL come from the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from mkdocs.structure.files import File


class KeptFiles:
    def __init__(self) -> None:
        self.scope: Hashable | None = None  # (site key, docs_dir, site_dir) of the last build
        self.previous: dict[Hashable, File] = {}
        self.current: dict[Hashable, File] = {}

    def start(self, scope: Hashable) -> None:
        """A new build: within the same scope the last build's files can be reused."""
        self.previous = self.current if scope == self.scope else {}
        self.current, self.scope = {}, scope

    def get(self, inputs: Hashable, make: Callable[[], File], keep_page: bool = False) -> File:
        """The file made from ``inputs``: the last build's, else ``make()``'s. ``keep_page``: it
        skips MkDocs' page loop and keeps its ``Page``; any other gets a new one from MkDocs."""
        file = self.previous.pop(inputs, None)
        if file is None:
            file = make()
        elif not keep_page:
            file.page = None
        self.current[inputs] = file
        return file
