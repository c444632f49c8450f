"""Finished pages kept between rebuilds, keyed by a digest of everything they show.

A generated page's HTML is a function of the site (configuration, templates, code, hand-written
pages: ``site_key``, computed by the adapter) and of the records it shows. ``page_key`` names
those records for each kind of page, by the version token of each record file:

- a claim page: its own record, the claims in its "related" list, the sources it quotes (record
  and archived text), its claimant's and topics' names;
- a source page: its record and text, and every claim that quotes it (in order);
- a verdict, claimant or topic page: its own entry and every claim listed on it (in order).

Pages that list every claim (the indexes, the corrections log, the search page) and the
hand-written pages have no key: they are rendered on every build. A page whose key is the same
as in the previous build is served from the cache without Markdown or theme rendering.

The lists themselves are assembled from each claim's entry (``ItemCache``), kept between rebuilds
by the claim's record token and the ids it is filed under, so a rebuild renders the entry of an
edited claim only, not the 10,000 entries of the claims index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Catalog, ClaimEntry
from ..site.pages import PagePlan

Token = Callable[[str], str]  # project-relative record path -> version token of that file


class KeyParts:
    """Each record's part of the page and review keys, made once per build: a claim's part goes
    into the keys of its own page, of its related claims' pages, of its sources', verdict's,
    claimant's and topics' pages and of its ClaimReview, a dozen keys at least."""

    def __init__(self, catalog: Catalog, token: Token) -> None:
        self.catalog, self.token = catalog, token
        self.claims: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.claimants: dict[str, str] = {}

    def claim(self, claim_id: str) -> str:
        part = self.claims.get(claim_id)
        if part is None:
            part = self.claims[claim_id] = claim_id + "\0" + self.token(self.catalog.claims[claim_id].record_path)
        return part

    def source(self, source_id: str) -> str:
        part = self.sources.get(source_id)
        if part is None:
            entry = self.catalog.sources.get(source_id)
            part = "source\0" + source_id
            if entry is not None:
                part += "\n" + self.token(entry.record_path) + self.token(entry.text_path)
            self.sources[source_id] = part
        return part

    def claimant(self, claimant_id: str) -> str:
        part = self.claimants.get(claimant_id)
        if part is None:
            claimant = self.catalog.claimants[claimant_id]
            part = repr((claimant.id, claimant.name, claimant.type, claimant.roles, claimant.same_as))
            self.claimants[claimant_id] = part
        return part


def page_key(plan: PagePlan, parts: KeyParts, site_key: str, seeds_key: str = "") -> str | None:
    """The digest of what ``plan``'s page shows, or None when it is rebuilt every time.

    ``seeds_key`` (a digest of every file in the seeds folder) goes into source pages: they also
    show what the record's sidecar files say (provenance, the kept original)."""
    key = plan.key
    if key is None:  # the indexes and hand-written pages: no record of their own
        return None
    catalog = parts.catalog
    found: list[str] = [site_key, plan.path, repr(plan)]

    def claims(ids: list[str]) -> None:
        found.append("claims")
        found.extend(map(parts.claim, ids))

    if plan.kind == "source":
        found.append(seeds_key)
    if plan.kind == "claim":
        entry = catalog.claims[key]
        claims([key, *catalog.related(key)])
        found.extend(map(parts.source, entry.source_ids))
        found.append(parts.claimant(entry.claimant_id))
        found += [repr((topic_id, catalog.topics[topic_id].name)) for topic_id in entry.topic_ids]
    elif plan.kind == "source":
        found.append(parts.source(key))
        claims(catalog.claims_citing(key))
    elif plan.kind == "verdict":
        claims(catalog.by_verdict[key])
    elif plan.kind == "claimant":
        found.append(parts.claimant(key))
        claims(catalog.claimants[key].claim_ids)
    elif plan.kind == "topic":
        topic = catalog.topics[key]
        found.append(repr((topic.id, topic.name)))
        claims(topic.claim_ids)
    else:
        return None
    return hashlib.sha256("\n".join(found).encode("utf-8", "surrogatepass")).hexdigest()


def review_key(claim_id: str, parts: KeyParts, context: str) -> str:
    """What a claim's structured data is made of: its record, its sources, its claimant's entry
    and ``context`` (the settings)."""
    entry = parts.catalog.claims[claim_id]
    found = [context, parts.claim(claim_id), parts.claimant(entry.claimant_id)]
    found.extend(map(parts.source, entry.source_ids))
    return hashlib.sha256("\n".join(found).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class PageCache:
    """Page path -> (key, finished HTML) of the previous build; ``site_key`` empties it."""

    site_key: str | None = None
    pages: dict[str, tuple[str, str, Any]] = field(default_factory=dict)  # path -> (key, html, engine data)

    def start(self, site_key: str) -> None:
        if site_key != self.site_key:
            self.pages.clear()
            self.site_key = site_key

    def get(self, path: str, key: str | None) -> tuple[str, Any] | None:
        """The HTML and engine data (e.g. its search index entries) of an unchanged page."""
        cached = self.pages.get(path)
        return cached[1:] if key is not None and cached is not None and cached[0] == key else None

    def put(self, path: str, key: str | None, html: str, data: Any = None) -> None:
        if key is None:
            self.pages.pop(path, None)
        else:
            self.pages[path] = (key, html, data)

    def keep_only(self, paths: set[str]) -> None:
        for path in list(self.pages):
            if path not in paths:
                del self.pages[path]


def item_key(entry: ClaimEntry, token: Token, context: str) -> str:
    """What a claim's entry in a list shows: its record, the verdict, claimant, topics and sources
    it is filed under (ids the catalogue derives), and ``context`` (the site key and the language
    the page is in: labels, dates, language attributes)."""
    return repr((context, token(entry.record_path), entry.claimant_id, entry.topic_ids, entry.source_ids))


@dataclass
class ItemCache:
    """Claim id -> (key, list entry around its link) of the previous builds; ``site_key`` empties it."""

    site_key: str | None = None
    items: dict[str, tuple[str, tuple[str, str]]] = field(default_factory=dict)

    def view(self, site_key: str, catalog: Catalog, token: Token, language: str) -> KeptItems:
        """The mapping a renderer reads and fills this build: an entry whose key changed is absent."""
        if site_key != self.site_key:
            self.items.clear()
            self.site_key = site_key
        for claim_id in [claim_id for claim_id in self.items if claim_id not in catalog.claims]:
            del self.items[claim_id]
        return KeptItems(self, lambda claim_id: item_key(catalog.claims[claim_id], token, site_key + "\0" + language))


class KeptItems(MutableMapping[str, tuple[str, str]]):
    def __init__(self, cache: ItemCache, key: Callable[[str], str]) -> None:
        self.cache, self.make_key = cache, key
        self.made: dict[str, str] = {}  # this build's keys: a claim is listed on five pages or more

    def key(self, claim_id: str) -> str:
        key = self.made.get(claim_id)
        if key is None:
            key = self.made[claim_id] = self.make_key(claim_id)
        return key

    def __getitem__(self, claim_id: str) -> tuple[str, str]:
        kept = self.cache.items.get(claim_id)
        if kept is None or kept[0] != self.key(claim_id):
            raise KeyError(claim_id)
        return kept[1]

    def __setitem__(self, claim_id: str, parts: tuple[str, str]) -> None:
        self.cache.items[claim_id] = (self.key(claim_id), parts)

    def __delitem__(self, claim_id: str) -> None:
        del self.cache.items[claim_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cache.items)

    def __len__(self) -> int:
        return len(self.cache.items)


# Plugins whose page events a page from the cache may skip altogether: our own, and Material's
# search, whose index entries of the page are kept with it and put back in page order. Any
# other plugin (tags, RSS, git dates, i18n, hooks) may collect something from every page, so with
# one of them every page goes through the engine's page loop, the cached ones with empty content.
SKIPPABLE_PLUGINS = frozenset({"factcheck", "search", "material/search"})


def may_skip_page_loop(plugin_names: Iterable[str]) -> bool:
    """Whether unchanged pages can be written straight from the cache, without the engine's
    per-page work (reading, events, theme): about 0.3 ms a page, 3 s at 10,000 claims."""
    return all(name in SKIPPABLE_PLUGINS for name in plugin_names)


def entries_in_page_order(order: Iterable[str], fresh: dict[str, list], cached: dict[str, list | None]) -> list:
    """The search index entries of every page in the order the pages are built: a page rendered
    now gives ``fresh`` entries, a page written from the cache its ``cached`` ones, so the
    index is the one a full build writes."""
    entries: list = []
    for path in order:
        if path in fresh:
            entries.extend(fresh[path])
        else:
            entries.extend(cached.get(path) or [])
    return entries
