"""The site-wide log of corrections and updates, gathered from every claim's own log.

IFCN's Code of Principles asks for an open corrections policy and corrections that readers can
find: each claim page shows its log, and this list (newest first) feeds the corrections page
and the corrections feed. Built in one pass over the claims, then sorted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..catalog import Catalog
from ..i18n import N_
from ..records.models import Claim

KIND_LABELS = {"correction": N_("Correction"), "update": N_("Update")}  # translated where shown


@dataclass(frozen=True)
class LoggedChange:
    claim_id: str
    date: dt.date
    kind: str  # correction | update
    note: str  # Markdown
    key: str  # stable within the claim: date and ordinal among that day's entries, e.g. "2026-11-20-1"


def claim_changes(claim: Claim) -> list[LoggedChange]:
    """One claim's log, newest first (ties: log order), each with the key of its ``#change-…``
    anchor on the claim page, which the corrections feed's entries point at."""
    per_day: dict[dt.date, int] = {}
    changes: list[LoggedChange] = []
    for correction in claim.corrections:
        per_day[correction.date] = per_day.get(correction.date, 0) + 1
        changes.append(
            LoggedChange(
                claim.id,
                correction.date,
                correction.kind,
                correction.note,
                f"{correction.date.isoformat()}-{per_day[correction.date]}",
            )
        )
    changes.sort(key=lambda c: c.date, reverse=True)  # stable: keeps log order among ties
    return changes


def corrections_log(catalog: Catalog) -> list[LoggedChange]:
    """Every logged change of every claim, newest first (ties: claim order, then log order)."""
    changes = [change for entry in catalog.claims.values() for change in claim_changes(entry.claim)]
    changes.sort(key=lambda c: c.date, reverse=True)  # stable: keeps claim and log order among ties
    return changes
