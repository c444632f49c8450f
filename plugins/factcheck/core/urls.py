"""Where the published site lives: absolute URLs of pages and of the files we write beside them.

Structured data, feeds and open data are read by other sites and programs, so every link in
them is absolute, under the site's ``site_url``. The engine adapter knows how documentation
paths become URLs (``claims/x.md`` -> ``claims/x/``) and supplies that mapping; the paths of
the machine-readable files are fixed here, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .settings import Settings
from .site.pages import page_path

FEED_LATEST = "feeds/fact-checks.xml"
FEED_CORRECTIONS = "feeds/corrections.xml"
DATA_CATALOG = "data/catalog.json"
DATA_FEED = "data/claimreview-feed.json"  # every ClaimReview as a schema.org DataFeed
DATA_SCHEMA_CLAIM = "data/schema/claim.json"  # JSON Schemas of the open data (outputs.dataschema)
DATA_SCHEMA_CATALOG = "data/schema/catalog.json"
OUTPUT_FILES = (FEED_LATEST, FEED_CORRECTIONS, DATA_CATALOG, DATA_FEED, DATA_SCHEMA_CLAIM, DATA_SCHEMA_CATALOG)


def data_claim_path(claim_id: str) -> str:
    return f"data/claims/{claim_id}.json"


@dataclass(frozen=True)
class SiteUrls:
    """Absolute URLs. ``page`` maps a documentation path (``claims/x.md``) to its absolute URL."""

    base: str  # site_url, ending with "/"
    page: Callable[[str], str]
    # a bilingual site's edition other than the default one is published in its language's folder
    # ("en/"), feeds and open data included: they are the edition's files, not the site's
    edition: str = ""

    @property
    def home(self) -> str:
        """The edition's home page (the site's, in a one-language site)."""
        return self.base + self.edition

    def record(self, kind: str, key: str, anchor: str = "") -> str:
        return self.page(page_path(kind, key)) + (f"#{anchor}" if anchor else "")

    def claim(self, claim_id: str, anchor: str = "") -> str:
        return self.record("claim", claim_id, anchor)

    def file(self, path: str) -> str:
        """A file of the edition: a feed, an open-data document."""
        return self.home + path

    def shared(self, path: str) -> str:
        """A file every edition shares, written once at the site's root (share cards)."""
        return self.base + path


def site_url_problems(settings: Settings) -> list[str]:
    """Why the site cannot publish ClaimReview, feeds and open data (they need absolute URLs)."""
    url = settings.site_url
    if not url:
        return [
            "`site_url` is not set in mkdocs.yml: structured data, feeds and open data need the "
            "site's absolute address, e.g. `site_url: https://ORG.github.io/REPO/`"
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"`site_url` {url!r} must be an absolute http(s) address, e.g. https://ORG.github.io/REPO/"]
    return []


def base_url(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"
