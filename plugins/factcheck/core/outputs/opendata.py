"""Open data: our fact checks as JSON, for others to reuse.

One document per claim (``data/claims/<id>.json``) and one for the whole catalogue
(``data/catalog.json``: verdict scale, sources, claims). Ids are the record ids, which are also
the page addresses, so they stay stable; every URL is absolute; Markdown fields are given as
plain text. ``format`` is bumped when a field changes meaning or disappears. The per-claim
document also carries the page's ClaimReview, so one file gives both views. Every file states
its ``format``, its JSON Schema (:mod:`.dataschema`, published under ``data/schema/``) and the
site's ``data_licence``; ``data/claimreview-feed.json`` is every ClaimReview as one schema.org
``DataFeed``, the form Data Commons and Google's Fact Check tools ingest.
"""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog, ClaimEntry
from ..checks.quotes import Span
from ..records.models import verdict_scale
from ..settings import Settings
from ..site.plaintext import PlainText
from ..urls import DATA_CATALOG, DATA_FEED, SiteUrls, data_claim_path
from .dataschema import SCHEMA_CATALOG, SCHEMA_CLAIM

FORMAT = "mkdocs-factcheck/1"


def claim_document(entry: ClaimEntry, catalog: Catalog, urls: SiteUrls, plain: PlainText) -> dict[str, Any]:
    claim = entry.claim
    verdict = catalog.verdicts[claim.verdict]

    def quoted(source_id: str, quote: str, span: Span) -> dict[str, Any]:
        source = catalog.sources[source_id].source
        return {
            "source": source_id,
            "source_url": source.url,
            "archive_url": urls.record("source", source_id, span.anchor),
            "quote": quote,
        }

    evidence = []
    for item, span in zip(claim.evidence, entry.evidence_spans, strict=True):
        found: dict[str, Any] = {"stance": item.stance}
        if item.source and span is not None:
            found.update(quoted(item.source, item.quote or "", span))
        else:
            found.update(url=item.url, title=item.title)
        found["note"] = plain(item.note) or None
        evidence.append(found)
    return {
        "id": claim.id,
        "url": urls.claim(claim.id),
        "data_url": urls.file(data_claim_path(claim.id)),
        "claim": claim.claim,
        "short": claim.short,
        "headline": claim.headline,
        "claimant": {
            "id": entry.claimant_id,
            "name": claim.claimant.name,
            "type": claim.claimant.type,
            "role": claim.claimant.role,
            "same_as": list(claim.claimant.same_as),
            "url": urls.record("claimant", entry.claimant_id),
        },
        "appearances": [
            {**quoted(a.source, a.quote, span), "date": a.date.isoformat() if a.date else None}
            for a, span in zip(claim.appearances, entry.appearance_spans, strict=True)
        ],
        "verdict": {
            "id": verdict.id,
            "label": verdict.label,
            "rating": verdict.rating,
            "url": urls.record("verdict", verdict.id),
        },
        "summary": plain(claim.summary),
        "analysis": plain(claim.analysis) or None,
        "evidence": evidence,
        "topics": [
            {"id": tid, "name": catalog.topics[tid].name, "url": urls.record("topic", tid)} for tid in entry.topic_ids
        ],
        "author": claim.author,
        "reviewer": claim.reviewer,
        "published": claim.published.isoformat(),
        "updated": claim.modified.isoformat(),
        "corrections": [
            {"date": c.date.isoformat(), "kind": c.kind, "note": plain(c.note)}
            for c in sorted(claim.corrections, key=lambda c: c.date, reverse=True)
        ],
    }


def licence(settings: Settings) -> dict[str, str]:
    return {"name": settings.data_licence.name, "url": settings.data_licence.url}


def claim_file(document: dict[str, Any], review: dict[str, Any], settings: Settings, urls: SiteUrls) -> dict[str, Any]:
    """``data/claims/<id>.json``: the format, schema and licence first, then the document and its ClaimReview."""
    return {
        "format": FORMAT,
        "schema": urls.file(SCHEMA_CLAIM),
        "licence": licence(settings),
        **document,
        "claim_review": review,
    }


def claimreview_feed(
    reviews: list[dict[str, Any]],
    catalog: Catalog,
    settings: Settings,
    urls: SiteUrls,
    site_name: str,
    publisher: dict[str, Any],
) -> dict[str, Any]:
    """Every ClaimReview of the site, newest first, as one schema.org DataFeed with its licence."""
    modified = max((e.claim.modified for e in catalog.claims.values()), default=None)
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{site_name}: ClaimReview feed",
        "url": urls.file(DATA_FEED),
        "license": settings.data_licence.url,
        "publisher": publisher,
        "dataFeedElement": [feed_element(review) for review in reviews],
    }
    if modified is not None:
        feed["dateModified"] = modified.isoformat()
    return feed


def feed_element(review: dict[str, Any]) -> dict[str, Any]:
    """A ClaimReview inside the feed: the feed's own ``@context`` stands for it."""
    return {k: v for k, v in review.items() if k != "@context"}


def catalog_document(
    catalog: Catalog, settings: Settings, urls: SiteUrls, claims: list[dict[str, Any]], site_name: str
) -> dict[str, Any]:
    """The whole catalogue; ``claims`` are the per-claim documents, newest first."""
    org = settings.organisation
    scale = verdict_scale(list(catalog.verdicts.values()))
    modified = catalog.modified
    return {
        "format": FORMAT,
        "schema": urls.file(SCHEMA_CATALOG),
        "licence": licence(settings),
        "url": urls.file(DATA_CATALOG),
        "claimreview_feed": urls.file(DATA_FEED),
        "site": {"name": site_name, "url": urls.home},
        "publisher": {"name": org.name, "url": org.url or urls.base, "logo": org.logo},
        "modified": modified.isoformat() if modified else None,
        "verdicts": [
            {
                "id": v.id,
                "label": v.label,
                "definition": v.definition,
                "rating": v.rating,
                "url": urls.record("verdict", v.id),
            }
            for v in catalog.verdicts.values()
        ],
        "rating_scale": {"worst": scale[0], "best": scale[1]} if scale else None,
        "sources": [
            {
                "id": sid,
                "url": urls.record("source", sid),
                "original_url": s.source.url,
                "captured_from": s.source.captured_from,
                "title": s.source.title,
                "publisher": s.source.publisher,
                "author": s.source.author,
                "published": s.source.published,
                "published_precision": s.source.date_precision,
                "captured": s.source.captured.isoformat() if s.source.captured else None,
                "language": s.source.language,
                "text_sha256": s.source.text_sha256,
                "original_sha256": s.source.sha256,
                "archive_urls": list(s.source.archive_urls),
                "url_gone": s.source.url_gone.isoformat() if s.source.url_gone else None,
            }
            for sid, s in catalog.sources.items()
        ],
        "claims": claims,
    }
