"""The MkDocs ``File`` objects of what the records generate: a page per plan, the feeds and the
open data, the share cards and the kept originals.

Each is made as MkDocs' own files are (``File.generated`` or ``record_files``) and named by the
record it comes from, so other plugins see an ordinary documentation file. Under serve a file
made from the same inputs as in the last build is that build's object again (``KeptFiles``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from ..core import PagePlan
from ..core.outputs.cards import ShareCards
from .kept_files import KeptFiles
from .record_files import CLAIM_FRONT_MATTER, record_file


def page_file(
    config, plan: PagePlan, source: str, inclusion, folder: str, docs_dir: Path, root: Path, social: bool
) -> File:
    """The generated page of ``plan``, made from ``source`` (see record_files). ``social``: Material's
    social plugin draws cards, and a claim page turns it off in its front matter (the only page
    source MkDocs parses as YAML: 10,000 parses a build at 10,000 claims, so none without it)."""
    front_matter = CLAIM_FRONT_MATTER if social and plan.kind == "claim" else ""
    file = record_file(config, plan.path, source, front_matter, inclusion, folder)
    if plan.record_path:
        # quoted: MkDocs puts edit_uri into the page unescaped (names are also restricted, records.SAFE_NAME)
        file.edit_uri = quote(os.path.relpath(root / plan.record_path, docs_dir).replace(os.sep, "/"))
    return file


def source_of(plan: PagePlan, folders: tuple[str, str, str], config_file: str) -> str:
    """What other plugins are told a generated page is made from (git asks it for dates): the
    record, else the folder of records it lists, else mkdocs.yml (the rating scale). ``folders``:
    the project's root (with a separator), the claims and the seeds folders, resolved once a build."""
    if plan.record_path:
        return folders[0] + plan.record_path.replace("/", os.sep)
    if plan.kind == "sources-index":
        return folders[2]
    if plan.kind in ("ratings", "search"):
        return os.path.abspath(config_file)
    return folders[1]


def add_publication_files(
    files: Files,
    config,
    outputs: Mapping[str, bytes | Callable[[], Iterable[bytes]]],
    cards: ShareCards | None,
    originals: Mapping[str, Path],
    claims_folder: str,
    folder: str,
    kept: KeptFiles | None,
) -> None:
    """The feeds and open data (into the language's ``folder``), the share cards and the kept
    originals (once for all languages) added to ``files``; a hand-written file in the way of one
    stops the build."""
    known = files.src_uris  # (get_file_from_path normalises each path through pathlib; ours are POSIX)

    def add(inputs: tuple, make: Callable[[], File]) -> None:
        files.append(kept.get(inputs, make) if kept is not None else make())

    def refuse(path: str, what: str) -> None:
        if path in known:
            raise PluginError(f"factcheck: {config.docs_dir}/{path} is in the way of {what}; rename or remove it")

    for path, content in outputs.items():  # feeds and open data, served and copied like any file
        refuse(path, "a generated file")
        add(
            ("output", path, content),
            functools.partial(record_file, config, path, claims_folder, content, folder=folder),
        )
    for path, stored in (cards.stored() if cards is not None else {}).items():
        refuse(path, "a share card")
        # once for all languages, copied from the card cache (so image plugins can read the file)
        if stored is not None:
            add(("card", path, stored), functools.partial(File.generated, config, path, abs_src_path=stored))
        elif cards is not None:  # the cache could not be written: the card from memory
            files.append(File.generated(config, path, content=cards.cache.card(cards.cards[path])))
    for path, original in originals.items():
        refuse(path, "a kept original")  # kept originals, copied for readers to download
        # once for all languages (they can be large): never in a language's folder
        add(
            ("original", path, str(original)),
            functools.partial(File.generated, config, path, abs_src_path=str(original)),
        )


def page_urls(folder: str, use_directory_urls: bool):
    """``page_url(base, path)`` for the core: MkDocs' URL of a documentation path, remembered
    (a File per call was most of the time of making a claim's open data and ClaimReview)."""

    @functools.cache  # one build's paths: a bounded cache would cycle through them above its size and keep none
    def page_url(base: str, path: str) -> str:
        return base + folder + File(path, None, "", use_directory_urls).url

    return page_url


def no_markdown(page, config, files) -> None:
    """Page.render for a generated page (its source is empty, its HTML is our render's): what
    Markdown makes of an empty source, without converting it. The page has no anchors for
    MkDocs' check of links to anchors (as from its empty source) and links to none."""
    page.content, page.toc = "", get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}
