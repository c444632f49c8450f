"""The pages a catalogue becomes: where each lives, what it is called, whether it is in the nav.

Paths are documentation-relative Markdown paths (``claims/x.md``); an engine adapter turns them
into its own files and URLs. Claim and source pages stay out of the navigation: with thousands
of claims a full navigation makes every page carry every link and the build quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..catalog import Catalog
from ..i18n import ENGLISH_ONLY, N_, Messages
from .plaintext import PlainText

Kind = Literal[
    "claim",
    "source",
    "verdict",
    "claimant",
    "topic",
    "claims-index",
    "sources-index",
    "ratings",
    "claimants-index",
    "topics-index",
    "corrections",
    "search",
]  # search: Pagefind's page (outputs/search.py)

CLAIMS_INDEX = "claims/index.md"
SOURCES_INDEX = "sources/index.md"
RATINGS = "verdicts/index.md"
CLAIMANTS_INDEX = "claimants/index.md"
TOPICS_INDEX = "topics/index.md"
CORRECTIONS = "corrections/index.md"
# The navigation sections an engine makes of our folders (MkDocs: the folder name, capitalised)
SECTIONS = {
    "claims": N_("Claims"),
    "verdicts": N_("Verdicts"),
    "claimants": N_("Claimants"),
    "topics": N_("Topics"),
    "sources": N_("Sources"),
    "corrections": N_("Corrections"),
}


def section_titles(messages: Messages = ENGLISH_ONLY) -> dict[str, str]:
    """Folder -> the name of its navigation section, in the site's language."""
    return {folder: messages.gettext(title) for folder, title in SECTIONS.items()}


@dataclass(frozen=True)
class PagePlan:
    path: str
    kind: Kind
    key: str | None
    title: str  # plain text; escape before use
    description: str  # plain text
    in_nav: bool
    record_path: str | None = None  # project-relative path of the record behind the page


def page_path(kind: str, key: str) -> str:
    """Where the page of a record lives: the single place this mapping is written."""
    return {"claim": "claims", "source": "sources", "verdict": "verdicts", "claimant": "claimants", "topic": "topics"}[
        kind
    ] + f"/{key}.md"


def plan_pages(catalog: Catalog, messages: Messages = ENGLISH_ONLY, plain: PlainText | None = None) -> list[PagePlan]:
    """Every generated page; titles (also the navigation's section names) and descriptions in the
    site's language, descriptions as plain text (the summary's Markdown rendered to text)."""
    _ = messages.gettext
    plain = plain or PlainText()
    plans = [
        PagePlan(
            CLAIMS_INDEX,
            "claims-index",
            None,
            _("All fact checks"),
            _("Every claim we have checked, newest first, with filters."),
            True,
        ),
        PagePlan(RATINGS, "ratings", None, _("Our ratings"), _("What each verdict on our rating scale means."), True),
        PagePlan(
            CLAIMANTS_INDEX,
            "claimants-index",
            None,
            _("Who said it"),
            _("The people and organisations whose claims we checked."),
            True,
        ),
        PagePlan(TOPICS_INDEX, "topics-index", None, _("Topics"), _("Fact checks by topic."), True),
        PagePlan(
            SOURCES_INDEX, "sources-index", None, _("Sources"), _("The archived sources our fact checks quote."), True
        ),
        PagePlan(
            CORRECTIONS,
            "corrections",
            None,
            _("Corrections and updates"),
            _("Every correction and update to our fact checks, newest first."),
            True,
        ),
    ]
    for entry in catalog.claims.values():
        claim = entry.claim
        verdict = catalog.verdicts[claim.verdict]
        plans.append(
            PagePlan(
                page_path("claim", claim.id),
                "claim",
                claim.id,
                claim.title(110),
                _("%(verdict)s: %(summary)s") % {"verdict": verdict.label, "summary": plain.one_line(claim.summary)},
                False,
                entry.record_path,
            )
        )
    for source_id, source_entry in catalog.sources.items():
        source = source_entry.source
        plans.append(
            PagePlan(
                page_path("source", source_id),
                "source",
                source_id,
                source.title,
                _("Archived copy of “%(title)s” (%(publisher)s).")
                % {"title": source.title, "publisher": source.publisher},
                False,
                source_entry.record_path,
            )
        )
    for verdict in catalog.verdicts.values():
        plans.append(
            PagePlan(
                page_path("verdict", verdict.id),
                "verdict",
                verdict.id,
                _("Rated %(verdict)s") % {"verdict": verdict.label},
                verdict.definition,
                False,
            )
        )
    for claimant in catalog.claimants.values():
        plans.append(
            PagePlan(
                page_path("claimant", claimant.id),
                "claimant",
                claimant.id,
                claimant.name,
                _("Fact checks of claims by %(claimant)s.") % {"claimant": claimant.name},
                False,
            )
        )
    for topic in catalog.topics.values():
        plans.append(
            PagePlan(
                page_path("topic", topic.id),
                "topic",
                topic.id,
                topic.name,
                _("Fact checks about %(topic)s.") % {"topic": topic.name},
                False,
            )
        )
    return plans
