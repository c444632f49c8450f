"""Tags for a page's <head>: feed links on every page; Open Graph, Twitter card and ClaimReview
JSON-LD on claim pages.

The engine's theme outputs these strings unchanged (MkDocs' theme environment does not
autoescape), so every value is escaped here: attributes with ``markupsafe.escape``, the JSON-LD
with :func:`claimreview.script_json`.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from ..catalog import Catalog, ClaimEntry
from ..settings import Settings
from ..site.plaintext import PlainText
from ..urls import FEED_CORRECTIONS, FEED_LATEST, SiteUrls
from .claimreview import script_json


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def feed_links(urls: SiteUrls, site_name: str) -> str:
    return "\n".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(urls.file(path))}">'
        for path, title in ((FEED_LATEST, f"{site_name}: latest fact checks"),
                            (FEED_CORRECTIONS, f"{site_name}: corrections and updates")))


def claim_head(entry: ClaimEntry, catalog: Catalog, settings: Settings, urls: SiteUrls, plain: PlainText,
               review: dict[str, Any], site_name: str) -> str:
    claim = entry.claim
    verdict = catalog.verdicts[claim.verdict]
    title = claim.title()
    description = f"{verdict.label}: {plain.one_line(claim.summary)}"
    tags = [
        _meta("property", "og:type", "article"),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:title", title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", urls.claim(claim.id)),
        _meta("property", "article:published_time", claim.published.isoformat()),
        _meta("property", "article:modified_time", claim.modified.isoformat()),
        _meta("name", "twitter:card", "summary"),
        _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description),
        _meta("name", "twitter:label1", "Verdict"),
        _meta("name", "twitter:data1", verdict.label),
    ]
    if settings.organisation.logo:
        tags.insert(5, _meta("property", "og:image", settings.organisation.logo))
    tags.append(f'<script type="application/ld+json">{script_json(review)}</script>')
    return "\n".join(tags)
