"""Pages served from the cache without MkDocs' page loop (``mkdocs serve`` only).

MkDocs 1.6 reads, converts, renders and writes every page of ``Files.documentation_pages``
under serve, about 0.3 ms a page even when a plugin hands back a finished page. The build loops
are the only callers that ask for the pages ``is_in_serve``; this collection leaves the finished
pages out of that list only, so they stay everywhere else: links from hand-written pages
resolve to them, the navigation and the sitemap (``documentation_pages()``) list them. The
plugin gives each one its ``Page`` (for the sitemap's URL and date) and writes its HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mkdocs.structure.files import File, Files, InclusionLevel


class FinishedFiles(Files):
    def __init__(self, files: Iterable[File], finished: set[str]) -> None:
        super().__init__(list(files))
        self.finished = finished  # src_uri of each page written from the cache

    def documentation_pages(
        self, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> Sequence[File]:
        pages = super().documentation_pages(inclusion=inclusion)
        if inclusion is InclusionLevel.is_in_serve:  # MkDocs' page loops under serve
            return [file for file in pages if file.src_uri not in self.finished]
        return pages

    def all_pages(self) -> Sequence[File]:
        """Every page in the order MkDocs builds them, the finished ones included."""
        return super().documentation_pages(inclusion=InclusionLevel.is_in_serve)
