"""`mkdocs build` with Pagefind fed during the build: the generated files that are not pages (the
feeds, the open data, the share cards) are written while Pagefind writes its index, not before
the pages.

MkDocs copies every static file before it renders the first page. Ours are made as they are
written (``record_files.MadeFile``: 10,000 open-data files at 10,000 claims, a few seconds of the
build's thread) and the share cards are copied from the cache; nothing in the page loop reads
them. At the end of the build the thread only waits for Pagefind to write its bundle (about 7 s
at 10,000 claims), so they are written in that wait instead (``PageFeed.finish``'s
``meanwhile``). Only when no plugin but ours and the search plugin runs: another plugin's
``on_post_build`` might read them, and ours runs last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mkdocs.structure.files import File, Files, InclusionLevel


class DeferredFiles(Files):
    def __init__(self, files: Iterable[File], deferred: set[str]) -> None:
        super().__init__(list(files))
        self.deferred = deferred  # src_uri of each file written at the end
        self.waiting: list[File] = []
        self.dirty = False

    def copy_static_files(
        self, dirty: bool = False, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> None:
        self.dirty, self.waiting = dirty, []
        for file in self:
            if file.is_documentation_page() or not inclusion(file.inclusion):
                continue
            if file.src_uri in self.deferred:
                self.waiting.append(file)
            else:
                file.copy_file(dirty)

    def copy_deferred(self) -> None:
        """Write what ``copy_static_files`` left for the end (once)."""
        waiting, self.waiting = self.waiting, []
        for file in waiting:
            file.copy_file(self.dirty)
