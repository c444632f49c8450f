"""Generated files whose source is the record (or the folder of records) they are made from.

A claim page is made from ``claims/<id>.yml``, a source page from ``seeds/<id>.yml``; a list page,
a feed or an open-data file from the ``claims`` (or ``seeds``) folder. MkDocs 1.6
lets a file be backed by memory (``content``) or by a file (``abs_src_path``); other plugins ask
``abs_src_path`` where the page comes from: git-based plugins ask git for its history, the RSS
plugin reads its dates, mkdocs-static-i18n sorts files by it. A page backed by memory alone has
``abs_src_path = None`` and those plugins crash or guess (the build date as a revision date).

So each generated file keeps its generated Markdown in memory (``_content`` is what
``content_string`` returns and what ``Page.read_source`` reads; MkDocs never opens the record)
while ``abs_src_path`` names the record. MkDocs writes a file's output to ``abs_dest_path``
inside site_dir, from the content in memory (``File.copy_file`` copies ``abs_src_path`` only when
there is none): nothing reads the record as Markdown or writes to it.
The feeds and the open data of ``mkdocs build`` are made files (``MadeFile``): their bytes are made
when MkDocs writes them (or a plugin reads ``content_bytes``), not held from ``on_files`` on.

``generated_by`` stays unset, as for a hand-written page: plugins read it as "not in git"
(git-revision-date-localized then shows the build date), which is not true of a record.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable

from mkdocs.structure.files import File, InclusionLevel

# Material's social plugin reads `social.cards` from the page's front matter before any plugin's
# on_page_markdown, whatever the order of the plugins: our claim pages carry our own share tags.
CLAIM_FRONT_MATTER = "---\nsocial:\n  cards: false\n---\n"


class MadeFile(File):
    """A generated file whose bytes are made each time they are read, and not kept.

    MkDocs reads a file held in memory through ``_content`` (``content_bytes``,
    ``content_string``, ``copy_file``); here that makes the bytes with ``make``, and ``copy_file``
    writes them piece by piece. Content another plugin sets replaces ``make``, as on any File.
    """

    make: Callable[[], Iterable[bytes]]
    _given: str | bytes | None = None

    @property  # File declares a plain attribute: here it is made on demand
    def _content(self) -> str | bytes | None:
        return self._given if self._given is not None else b"".join(self.make())

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._given = value

    def copy_file(self, dirty: bool = False) -> None:
        if self._given is not None:
            return super().copy_file(dirty)
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            for piece in self.make():
                output.write(piece)

    def is_modified(self) -> bool:
        return True  # as for any file held in memory (File.is_modified), without making it


def record_file(
    config,
    src_uri: str,
    source: str,
    content: str | bytes | Callable[[], Iterable[bytes]],
    inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    folder: str = "",
) -> File:
    """The file ``src_uri`` holding ``content`` (or made by it when written: a :class:`MadeFile`),
    made from ``source`` (an absolute path), published under ``folder`` of site_dir (a
    language's folder) when one is given."""
    if callable(content):
        file: File = MadeFile.generated(config, src_uri, content=b"", inclusion=inclusion)
        file.make, file._given = content, None  # type: ignore[attr-defined]  # a MadeFile
    else:
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
    if folder:
        file.dest_uri = posixpath.join(folder, file.dest_uri)  # before url/abs_dest_path are derived
    file.abs_src_path = source  # a cached property on File: this sets it for this file only
    file.generated_by = None
    return file


# What mkdocs-git-revision-date-localized puts into a page's meta for one commit (`<name>`,
# `<name>_hash`, `<name>_tag`, `<name>_raw_<format>`); Material's templates show `<name>`.
_GIT_DATES = ("git_revision_date_localized", "git_creation_date_localized")


def drop_build_dates(meta: dict) -> None:
    """Forget the dates a git-based plugin made up for a record that git has no commit of.

    With no commit (a record not committed yet) git-revision-date-localized stamps the time of
    the build, with an empty commit hash; a reader would take it for the record's revision date.
    A page with no date says nothing wrong; the claim page shows its own dates anyway.
    """
    for name in _GIT_DATES:
        if name in meta and not meta.get(f"{name}_hash"):
            for key in [key for key in meta if key == name or key.startswith(f"{name}_")]:
                del meta[key]
