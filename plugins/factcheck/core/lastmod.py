"""The "last modified" date of every generated page, taken from the records, never from the clock.

Sitemaps (``<lastmod>``) and the gzip header of ``sitemap.xml.gz`` carry a date per page. Stamped
with the build date, two builds of the same records on different days differ, and a preview diff
shows every page as changed. Here each page gets the newest date of the records it shows, so the
same input always gives the same bytes, and the date still tells crawlers when a page changed.
Linear in the number of claims.
"""

from __future__ import annotations

import datetime as dt

from .catalog import Catalog
from .pages import PagePlan


def newest_record_date(catalog: Catalog) -> dt.date | None:
    """The newest publication or update date of any claim: the date of the site as a whole."""
    return max((entry.claim.modified for entry in catalog.claims.values()), default=None)


def page_dates(catalog: Catalog, plans: list[PagePlan]) -> dict[str, dt.date]:
    """Documentation path -> the newest date among the claims the page shows."""
    modified = {claim_id: entry.claim.modified for claim_id, entry in catalog.claims.items()}
    overall = newest_record_date(catalog)

    def newest(claim_ids: list[str]) -> dt.date | None:
        return max((modified[c] for c in claim_ids), default=None)

    dates: dict[str, dt.date | None] = {}
    for plan in plans:
        if plan.kind == "claim":
            dates[plan.path] = modified[plan.key]  # type: ignore[index]
        elif plan.kind == "source":
            captured = catalog.sources[plan.key].source.captured  # type: ignore[index]
            dates[plan.path] = newest(catalog.claims_citing(plan.key)) or captured  # type: ignore[arg-type]
        elif plan.kind == "verdict":
            dates[plan.path] = newest(catalog.by_verdict.get(plan.key, []))  # type: ignore[arg-type]
        elif plan.kind == "claimant":
            dates[plan.path] = newest(catalog.claimants[plan.key].claim_ids)  # type: ignore[index]
        elif plan.kind == "topic":
            dates[plan.path] = newest(catalog.topics[plan.key].claim_ids)  # type: ignore[index]
        else:
            dates[plan.path] = overall
    return {path: date or overall for path, date in dates.items() if (date or overall) is not None}
