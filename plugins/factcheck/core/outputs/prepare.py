"""Everything published beside the pages, prepared once per build: absolute URLs, the ClaimReview
of every claim, page dates, head tags, the feeds and the open data.

It is checked before anything is written (a claim whose structured data would be incomplete
stops the build), and it only needs from the engine how a documentation path becomes a URL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from ..catalog import Catalog
from ..i18n import ENGLISH_ONLY, Messages
from ..problems import Problem
from ..settings import Settings
from ..site.corrections import corrections_log
from ..site.lastmod import page_dates
from ..site.pages import CLAIMS_INDEX, CORRECTIONS
from ..site.plaintext import PlainText
from ..urls import (
    DATA_CATALOG,
    DATA_FEED,
    DATA_SCHEMA_CATALOG,
    DATA_SCHEMA_CLAIM,
    FEED_CORRECTIONS,
    FEED_LATEST,
    SiteUrls,
    base_url,
    data_claim_path,
    site_url_problems,
)
from .cards import SITE_CARD, CardCache, ShareCards, claim_card_path, share_cards
from .claimreview import claim_review, claim_reviews, organisation_ld, policy_problems, review_problems
from .dataschema import catalog_schema, claim_schema
from .feeds import corrections_feed, latest_feed
from .head import claim_head, feed_links, image_tags
from .opendata import catalog_document, claim_document, claim_file, claimreview_feed, feed_element


class PublicationError(Exception):
    """The site cannot publish valid structured data: the messages or problems say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ClaimOutputs(NamedTuple):
    """What a claim gives the open data, kept under serve by the key of its page (which covers
    everything its ClaimReview and its document are made of)."""

    key: str
    data: bytes  # its own file, data/claims/<id>.json
    in_catalog: bytes  # its document in the whole catalogue (encoded)
    in_feed: bytes  # its ClaimReview in the DataFeed (encoded)


@dataclass
class Publication:
    catalog: Catalog
    settings: Settings
    site_name: str
    urls: SiteUrls
    plain: PlainText
    reviews: dict[str, dict[str, Any]]
    modified: dict[str, dt.date]  # documentation path -> date of its last change
    feed_links: str  # <link> tags for every page's <head>
    messages: Messages = ENGLISH_ONLY
    cards: ShareCards | None = None  # None: no share cards (the plugin's `share_cards: false`)

    def head(self, claim_id: str | None, site_card: bool = True) -> str:
        """Pre-escaped HTML for a page's <head>: feed links and the share card (the site's, or the
        claim's with its meta and JSON-LD on a claim page). ``site_card`` False: another part of
        the site (Material's social plugin) gives the other pages their card."""
        cards = self.cards
        if claim_id is None:
            if cards is None or not site_card:
                return self.feed_links
            return "\n".join([self.feed_links, *image_tags(self.urls.shared(SITE_CARD), cards.alt[SITE_CARD])])
        entry = self.catalog.claims[claim_id]
        path = claim_card_path(claim_id)
        card = (self.urls.shared(path), cards.alt[path]) if cards is not None else None
        return (
            self.feed_links
            + "\n"
            + claim_head(
                entry,
                self.catalog,
                self.settings,
                self.urls,
                self.plain,
                self.reviews[claim_id],
                self.site_name,
                card,
                self.messages,
            )
        )

    def outputs(
        self, keys: dict[str, str | None] | None = None, store: dict[str, ClaimOutputs] | None = None
    ) -> dict[str, bytes]:
        """The feeds and the open data, by output path, made now (``mkdocs serve``; the build
        uses :meth:`output_files`, which holds none of them).

        With ``keys`` (claim id -> the digest of what its page shows, see ``incremental.pages``)
        and a ``store`` kept between builds, a claim's open-data document and its pieces of the
        whole-archive files are made again only when its key changed.
        """
        catalog, settings, urls, plain = self.catalog, self.settings, self.urls, self.plain
        outputs = {FEED_LATEST: self._latest_feed(), FEED_CORRECTIONS: self._corrections_feed()}
        in_catalog, in_feed = [], []  # each claim's piece of the catalogue and of the ClaimReview feed
        kept: dict[str, ClaimOutputs] | None = {} if store is not None else None
        for claim_id, entry in catalog.claims.items():
            key = keys.get(claim_id) if keys is not None else None
            hit = store.get(claim_id) if store is not None and key is not None else None
            if hit is None or hit.key != key:
                document = claim_document(entry, catalog, urls, plain)
                review = self.reviews[claim_id]
                hit = ClaimOutputs(
                    key or "",
                    to_json(claim_file(document, review, settings, urls)),
                    _dumps(document).encode("utf-8"),
                    _dumps(feed_element(review)).encode("utf-8"),
                )
            if kept is not None and key is not None:
                kept[claim_id] = hit
            outputs[data_claim_path(claim_id)] = hit.data
            in_catalog.append(hit.in_catalog)
            in_feed.append(hit.in_feed)
        if store is not None:
            store.clear()
            store.update(kept or {})
        document = catalog_document(self.catalog, self.settings, self.urls, [], self.site_name)
        outputs[DATA_CATALOG] = b"".join(encoded_pieces(document, "claims", in_catalog))
        outputs[DATA_FEED] = b"".join(encoded_pieces(self._feed_document(), "dataFeedElement", in_feed))
        outputs[DATA_SCHEMA_CLAIM] = to_json(claim_schema(urls.home))
        outputs[DATA_SCHEMA_CATALOG] = to_json(catalog_schema(urls.home))
        return outputs  # the share cards are files of their own: self.cards

    def output_files(self) -> dict[str, Callable[[], Iterable[bytes]]]:
        """The same files as :meth:`outputs`, each as a function that makes its bytes, in pieces,
        when the file is written, and keeps none of them: at 10,000 claims the open data alone
        is about 100 MB. A claim's document is made twice (its own file, the catalogue)."""
        catalog, settings, urls, plain = self.catalog, self.settings, self.urls, self.plain

        def claim_data(claim_id: str) -> list[bytes]:
            document = claim_document(catalog.claims[claim_id], catalog, urls, plain)
            return [to_json(claim_file(document, self.reviews[claim_id], settings, urls))]

        files: dict[str, Callable[[], Iterable[bytes]]] = {
            FEED_LATEST: lambda: [self._latest_feed()],
            FEED_CORRECTIONS: lambda: [self._corrections_feed()],
        }
        for claim_id in catalog.claims:
            files[data_claim_path(claim_id)] = partial(claim_data, claim_id)
        files[DATA_CATALOG] = lambda: self._catalog(
            claim_document(entry, catalog, urls, plain) for entry in catalog.claims.values()
        )
        files[DATA_FEED] = self._claimreview_feed
        files[DATA_SCHEMA_CLAIM] = lambda: [to_json(claim_schema(urls.home))]
        files[DATA_SCHEMA_CATALOG] = lambda: [to_json(catalog_schema(urls.home))]
        return files

    def _latest_feed(self) -> bytes:
        catalog, settings, urls = self.catalog, self.settings, self.urls
        return latest_feed(
            catalog,
            settings,
            urls,
            self.plain,
            settings.feed_entries,
            self.site_name,
            urls.page(CLAIMS_INDEX),
            self.messages,
        )

    def _corrections_feed(self) -> bytes:
        catalog, settings, urls = self.catalog, self.settings, self.urls
        return corrections_feed(
            catalog,
            settings,
            urls,
            self.plain,
            corrections_log(catalog),
            self.site_name,
            urls.page(CORRECTIONS),
            self.messages,
        )

    def _catalog(self, documents: Iterable[dict[str, Any]]) -> Iterator[bytes]:
        document = catalog_document(self.catalog, self.settings, self.urls, [], self.site_name)
        return json_pieces(document, "claims", documents)

    def _feed_document(self) -> dict[str, Any]:
        """The ClaimReview feed without its elements."""
        publisher = organisation_ld(self.settings, self.urls)
        return claimreview_feed([], self.catalog, self.settings, self.urls, self.site_name, publisher)

    def _claimreview_feed(self) -> Iterator[bytes]:
        reviews = (self.reviews[claim_id] for claim_id in self.catalog.claims)
        return json_pieces(self._feed_document(), "dataFeedElement", (feed_element(review) for review in reviews))


def prepare_publication(
    catalog: Catalog,
    settings: Settings,
    site_name: str,
    messages: Messages,
    page_url: Callable[[str, str], str],
    review_key: Callable[[str], str] | None = None,
    review_store: dict[str, tuple[str, dict[str, Any], list[Problem]]] | None = None,
    cards: CardOptions | None = None,
    edition: str = "",
) -> Publication:
    """``page_url(base, path)`` is the engine's absolute URL of documentation path ``path``;
    ``edition`` the folder of a bilingual site's edition ("en/"), where its feeds and open data are.

    With ``review_key`` (claim id -> digest of what its ClaimReview is made of) and a
    ``review_store`` kept between builds, an unchanged claim's ClaimReview is not made again.
    ``cards`` asks for share cards (None: none).
    """
    problems = site_url_problems(settings) + policy_problems(settings)
    if problems:
        raise PublicationError("\n".join(problems))
    base = base_url(settings.site_url or "")
    urls = SiteUrls(base, lambda path: page_url(base, path), edition)
    if review_key is None or review_store is None:
        reviews, failures = claim_reviews(catalog, settings, urls)
    else:
        reviews, failures, kept = {}, [], {}
        for claim_id, entry in catalog.claims.items():
            key = review_key(claim_id) + "\0" + base
            hit = review_store.get(claim_id)
            if hit is None or hit[0] != key:
                review = claim_review(entry, catalog, settings, urls)
                hit = (key, review, review_problems(entry, review))
            kept[claim_id] = hit
            reviews[claim_id] = hit[1]
            failures += hit[2]
        review_store.clear()
        review_store.update(kept)
    if failures:
        raise PublicationError("these claims cannot produce valid ClaimReview structured data", failures)
    share = None
    if cards is not None:
        share = share_cards(catalog, site_name, cards.site_description, cards.direction, cards.logo, cards.cache)
    return Publication(
        catalog,
        settings,
        site_name,
        urls,
        PlainText(),
        reviews,
        page_dates(catalog),
        feed_links(urls, site_name, messages),
        messages,
        share,
    )


@dataclass(frozen=True)
class CardOptions:
    """How the share cards look: the page's direction, the site's description and raster logo."""

    direction: str
    site_description: str
    logo: bytes | None
    cache: CardCache


def to_json(data: Any) -> bytes:
    return (_dumps(data) + "\n").encode("utf-8")


def _dumps(data: Any) -> str:
    # compact: the C encoder only serves indent=None, and it is several times faster
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_ITEMS = "\x00factcheck items\x00"  # stands for the list while the rest is encoded


def json_pieces(document: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[bytes]:
    """``to_json`` of ``document`` with the list ``items`` under ``key``, byte for byte, in pieces:
    one per item, each encoded when it is reached, so that the whole never sits in memory."""
    return encoded_pieces(document, key, (_dumps(item).encode("utf-8") for item in items))


def encoded_pieces(document: dict[str, Any], key: str, encoded: Iterable[bytes]) -> Iterator[bytes]:
    """The same, from each item already encoded (``_dumps``, UTF-8): serve keeps an unchanged
    claim's pieces from one rebuild to the next."""
    head, *tail = _dumps({**document, key: _ITEMS}).split(_dumps(_ITEMS))
    if len(tail) != 1:  # the stand-in also occurs in the document's own text: no pieces
        yield to_json({**document, key: [json.loads(piece) for piece in encoded]})
        return
    yield (head + "[").encode("utf-8")
    for index, piece in enumerate(encoded):
        yield (b"," + piece) if index else piece
    yield ("]" + tail[0] + "\n").encode("utf-8")
