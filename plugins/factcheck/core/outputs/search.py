"""What site search should know about our pages, and the Pagefind indexer.

Two engines are supported. Material's built-in search ships one ``search_index.json`` that a
browser downloads whole before the first result (about 58 MB at 10,000 claims), so it suits
small archives only; Pagefind splits its index into fragments fetched per query (well under
500 KB at 10,000 claims), so it is the default. For both, a claim page carries its verdict
label, claimant, topics and sources as search terms, claim pages outrank the pages that merely
list claims, and archived source texts stay out of the index (they would dominate it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..catalog import Catalog
from ..i18n import ENGLISH_ONLY, N_, Messages
from ..settings import DEFAULT_ENGINE, ENGINES, SearchEngine
from ..site.pages import PagePlan

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "PAGEFIND_DIR",
    "SEARCH_PAGE",
    "SearchError",
    "claim_filters",
    "index_safe",
    "run_pagefind",
    "search_body",
    "search_page_plan",
]
PAGEFIND_DIR = "pagefind"  # the bundle's folder inside the built site
SEARCH_PAGE = "search/index.md"  # Pagefind's search page: a light page, so results come fast at any size


# Pagefind's UI inserts filter values (and its default result template, metadata) into the page
# as HTML, after decoding what it read: escaping at the source is undone there. So the text that
# reaches a filter, a metadata or a sort value holds no character that means anything in HTML:
# angle brackets and the ampersand (which would start a character reference) become look-alikes.
_INDEX_SAFE = str.maketrans({"<": "\u2039", ">": "\u203a", "&": "\uff06"})  # ‹ › ＆


def index_safe(text: str) -> str:
    """Record text as a search filter or metadata value: no markup, whatever decodes it."""
    return str(text).translate(_INDEX_SAFE)


class SearchError(Exception):
    """The search index could not be built."""


FILTER_NAMES = {"verdict": N_("Verdict"), "claimant": N_("Who said it"), "topic": N_("Topic"), "source": N_("Source")}


def claim_filters(catalog: Catalog, claim_id: str, messages: Messages = ENGLISH_ONLY) -> list[tuple[str, list[str]]]:
    """Pagefind's filters of a claim page, (name, values): verdict, claimant, topics, the titles of
    the sources it appears in or is checked against. The names are what Pagefind's UI shows
    readers, so they are in the site's language. The template makes each value `index_safe`."""
    name = {key: index_safe(messages.gettext(text)) for key, text in FILTER_NAMES.items()}
    entry = catalog.claims[claim_id]
    claim = entry.claim
    return [
        (name["verdict"], [catalog.verdicts[claim.verdict].label]),
        (name["claimant"], [claim.claimant.name]),
        (name["topic"], [catalog.topics[topic_id].name for topic_id in entry.topic_ids]),
        (name["source"], list(dict.fromkeys(catalog.sources[s].source.title for s in claim.source_ids))),
    ]


def indexed(kind: str | None) -> bool:
    """Whether a search engine indexes pages of ``kind``: claim, source and hand-written pages
    (``kind`` None). The pages that merely list claims (indexes, verdict, claimant and topic
    pages, the corrections log) are left out by both engines: they would match every word of
    the claims they list, above the claims themselves (a claim is found by its verdict,
    claimant and topics through its own entry)."""
    return kind in (None, "claim", "source")


def search_body(html: str, kind: str | None, engine: SearchEngine) -> str:
    """A page's content as the search indexer should see it: Pagefind indexes only what is inside
    ``data-pagefind-body``, so the pages that are ``indexed`` are marked, and the others not."""
    if engine == "pagefind" and indexed(kind):
        return f"<div data-pagefind-body>{html}</div>"
    return html


def search_page_plan(messages: Messages = ENGLISH_ONLY) -> PagePlan:
    """The page holding Pagefind's search box and filters (the claims index links to it)."""
    _ = messages.gettext
    return PagePlan(
        SEARCH_PAGE,
        "search",
        None,
        _("Search the fact checks"),
        _("Find a fact check by the claim's words, who said it, the verdict, a topic or a source."),
        False,
    )


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command indexing ``site_dir`` into its ``pagefind/`` folder (or ``output``)."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", PAGEFIND_DIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where]


def run_pagefind(site_dir: Path, timeout: float = 1800) -> str:
    """Index the built site with the Pagefind binary of the ``pagefind`` Python package.

    Only elements inside ``data-pagefind-body`` are indexed; the templates mark claim and source
    pages (archive text ignored) and :func:`search_body` marks hand-written pages. Returns Pagefind's log.
    """
    command = pagefind_command(site_dir)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"could not run Pagefind: {exc}") from None
    if done.returncode != 0 or "No module named pagefind" in done.stderr:
        raise SearchError(
            "Pagefind failed (install it with `pip install 'mkdocs-factcheck[search]'`, "
            "or set `search: material`):\n" + (done.stderr or done.stdout).strip()
        )
    return done.stdout
