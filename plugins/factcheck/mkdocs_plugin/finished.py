"""Pages served from the cache without MkDocs' page loop (``mkdocs serve`` only).

MkDocs 1.6 reads, converts, renders and writes every page of ``Files.documentation_pages``
under serve, about 0.3 ms a page even when a plugin hands back a finished page. The build loops
are the only callers that ask for the pages ``is_in_serve``; this collection leaves the finished
pages out of that list only, so they stay everywhere else: links from hand-written pages
resolve to them, the navigation and the sitemap (``documentation_pages()``) list them. The
plugin gives each one its ``Page`` (for the sitemap's URL and date) and writes its HTML.

With the served folder kept between rebuilds (``incremental.served``), ``kept`` names the files
already there as this build would write them: neither MkDocs nor the plugin writes them again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.incremental.records import stat_key


class FinishedFiles(Files):
    def __init__(self, files: Iterable[File], finished: set[str]) -> None:
        super().__init__(list(files))
        self.finished = finished  # src_uri of each page written from the cache
        self.kept: set[str] = set()  # dest_uri of each file the served folder already holds
        # MkDocs asks for the pages eight times a build, each a pass over every file (30,000 at
        # 10,000 claims): once the files are settled (``seal``, from on_nav on: MkDocs sets the
        # inclusion of files added without one after on_files), the answer is kept until a file
        # is added or removed
        self.pages: dict[Callable[[InclusionLevel], bool], list[File]] = {}
        self.sealed = False

    def seal(self) -> None:
        self.sealed = True

    def append(self, file: File) -> None:
        self.pages.clear()
        super().append(file)

    def remove(self, file: File) -> None:
        self.pages.clear()
        super().remove(file)

    def _documentation_pages(self, inclusion: Callable[[InclusionLevel], bool]) -> list[File]:
        if not self.sealed:
            return list(super().documentation_pages(inclusion=inclusion))
        pages = self.pages.get(inclusion)
        if pages is None:
            pages = self.pages[inclusion] = list(super().documentation_pages(inclusion=inclusion))
        return pages

    def documentation_pages(
        self, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> Sequence[File]:
        pages = self._documentation_pages(inclusion)
        if inclusion is InclusionLevel.is_in_serve:  # MkDocs' page loops under serve
            return [file for file in pages if file.src_uri not in self.finished]
        return list(pages)

    def all_pages(self) -> Sequence[File]:
        """Every page in the order MkDocs builds them, the finished ones included."""
        return list(self._documentation_pages(InclusionLevel.is_in_serve))

    def copy_static_files(
        self, dirty: bool = False, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> None:
        for file in self:
            if not file.is_documentation_page() and inclusion(file.inclusion) and file.dest_uri not in self.kept:
                file.copy_file(dirty)

    def signatures(self, keys: dict[str, str | None], contents: Mapping[str, Hashable]) -> dict[str, Hashable | None]:
        """Each served file's destination -> what its bytes are made from (None: written anyway):
        a generated page with a page key, that key (``keys``: the page cache holds its HTML under
        it, whether it was rendered in this build or came from the cache, so the file written is
        the same); a file the plugin made (``contents``: the feeds and open data, whose
        ``abs_src_path`` names the records folder), its content (a function that makes it is
        never equal to the last one: written); any other static file, the status of the file it
        is copied from. Only the pages written from the cache (``finished``) are ever left
        unwritten: MkDocs writes every other page again anyway."""
        found: dict[str, Hashable | None] = {}
        for file in self:
            if not InclusionLevel.is_in_serve(file.inclusion):
                continue
            signature: Hashable | None = None
            if file.is_documentation_page():
                key = keys.get(file.src_uri)
                if key is not None:  # (before this, only cached pages: serve's first edit rewrote every page)
                    signature = ("page", key)
            elif file.src_uri in contents:
                signature = ("content", contents[file.src_uri])
            elif file.abs_src_path is not None:
                status = stat_key(file.abs_src_path)  # (None: no such file, written anyway)
                signature = ("file", file.abs_src_path, status) if status is not None else None
            found[file.dest_uri] = signature
        return found
