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
``generated_by`` stays unset, as for a hand-written page: plugins read it as "not in git"
(git-revision-date-localized then shows the build date), which is not true of a record.
"""

from __future__ import annotations

import posixpath

from mkdocs.structure.files import File, InclusionLevel

# Material's social plugin reads `social.cards` from the page's front matter before any plugin's
# on_page_markdown, whatever the order of the plugins: our claim pages carry our own share tags.
CLAIM_FRONT_MATTER = "---\nsocial:\n  cards: false\n---\n"


def record_file(
    config,
    src_uri: str,
    source: str,
    content: str | bytes,
    inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    folder: str = "",
) -> File:
    """The file ``src_uri`` holding ``content``, made from ``source`` (an absolute path), published
    under ``folder`` of site_dir (a language's folder) when one is given."""
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
