"""When each generated page last changed, for the sitemap's ``<lastmod>``.

A claim page changes with its record (``updated`` or ``published``); a page that lists claims
(verdict, claimant, topic, source, the indexes) changes when any of them does. One pass over the
claims, so linear in their number. Pages without claims get no date (the engine's default).
"""

from __future__ import annotations

import datetime as dt

from ..catalog import Catalog
from .pages import CLAIMANTS_INDEX, CLAIMS_INDEX, CORRECTIONS, RATINGS, SOURCES_INDEX, TOPICS_INDEX, page_path


def page_dates(catalog: Catalog) -> dict[str, dt.date]:
    """Documentation path (``claims/x.md``) -> date of the last change to what the page shows."""
    dates: dict[str, dt.date] = {}

    def bump(path: str, day: dt.date) -> None:
        if path not in dates or dates[path] < day:
            dates[path] = day

    newest: dt.date | None = None
    for entry in catalog.claims.values():
        claim = entry.claim
        day = claim.modified
        newest = day if newest is None or newest < day else newest
        bump(page_path("claim", claim.id), day)
        bump(page_path("verdict", claim.verdict), day)
        bump(page_path("claimant", entry.claimant_id), day)
        for topic_id in entry.topic_ids:
            bump(page_path("topic", topic_id), day)
        for source_id in entry.source_ids:
            bump(page_path("source", source_id), day)
    if newest is not None:  # the indexes list every claim
        for index in (CLAIMS_INDEX, RATINGS, CLAIMANTS_INDEX, TOPICS_INDEX, SOURCES_INDEX, CORRECTIONS):
            dates[index] = newest
    return dates
