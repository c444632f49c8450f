"""Everything published beside the pages, prepared once per build: absolute URLs, the ClaimReview
of every claim, page dates, head tags, the feeds and the open data.

It is checked before anything is written (a claim whose structured data would be incomplete
stops the build), and it only needs from the engine how a documentation path becomes a URL.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable

from ..catalog import Catalog
from .claimreview import claim_reviews, organisation_ld, policy_problems
from ..site.corrections import corrections_log
from .feeds import corrections_feed, latest_feed
from .head import claim_head, feed_links
from ..site.lastmod import page_dates
from .dataschema import catalog_schema, claim_schema
from .opendata import catalog_document, claim_document, claim_file, claimreview_feed
from ..site.pages import CLAIMS_INDEX, CORRECTIONS
from ..site.plaintext import PlainText
from ..problems import Problem
from ..urls import DATA_CATALOG, DATA_FEED, DATA_SCHEMA_CATALOG, DATA_SCHEMA_CLAIM, FEED_CORRECTIONS, FEED_LATEST, SiteUrls, base_url, data_claim_path, \
    site_url_problems
from ..settings import Settings


class PublicationError(Exception):
    """The site cannot publish valid structured data: the messages or problems say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


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

    def head(self, claim_id: str | None) -> str:
        """Pre-escaped HTML for a page's <head>: feed links, plus meta and JSON-LD on a claim page."""
        if claim_id is None:
            return self.feed_links
        entry = self.catalog.claims[claim_id]
        return self.feed_links + "\n" + claim_head(entry, self.catalog, self.settings, self.urls, self.plain,
                                                   self.reviews[claim_id], self.site_name)

    def outputs(self) -> dict[str, bytes]:
        """The feeds and the open data, by output path."""
        catalog, settings, urls, plain = self.catalog, self.settings, self.urls, self.plain
        outputs = {
            FEED_LATEST: latest_feed(catalog, settings, urls, plain, settings.feed_entries, self.site_name,
                                     urls.page(CLAIMS_INDEX)),
            FEED_CORRECTIONS: corrections_feed(catalog, settings, urls, plain, corrections_log(catalog),
                                               self.site_name, urls.page(CORRECTIONS)),
        }
        documents = []
        for claim_id, entry in catalog.claims.items():
            document = claim_document(entry, catalog, urls, plain)
            documents.append(document)
            outputs[data_claim_path(claim_id)] = to_json(claim_file(document, self.reviews[claim_id], settings, urls))
        outputs[DATA_CATALOG] = to_json(catalog_document(catalog, settings, urls, documents, self.site_name))
        outputs[DATA_FEED] = to_json(claimreview_feed([self.reviews[cid] for cid in catalog.claims], catalog, settings,
                                                      urls, self.site_name, organisation_ld(settings, urls)))
        outputs[DATA_SCHEMA_CLAIM] = to_json(claim_schema(urls.base))
        outputs[DATA_SCHEMA_CATALOG] = to_json(catalog_schema(urls.base))
        return outputs


def prepare_publication(catalog: Catalog, settings: Settings, site_name: str,
                        page_url: Callable[[str, str], str]) -> Publication:
    """``page_url(base, path)`` is the engine's absolute URL of documentation path ``path``."""
    problems = site_url_problems(settings) + policy_problems(settings)
    if problems:
        raise PublicationError("\n".join(problems))
    base = base_url(settings.site_url or "")
    urls = SiteUrls(base, lambda path: page_url(base, path))
    reviews, failures = claim_reviews(catalog, settings, urls)
    if failures:
        raise PublicationError("these claims cannot produce valid ClaimReview structured data", failures)
    return Publication(catalog, settings, site_name, urls, PlainText(), reviews, page_dates(catalog),
                       feed_links(urls, site_name))


def to_json(data: Any) -> bytes:
    # compact: the C encoder only serves indent=None, and it is several times faster
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
