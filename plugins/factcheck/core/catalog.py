"""The cross-referenced catalogue: every claim, source, verdict, claimant and topic, and the links
between them in both directions.

Built once per build in time linear in the number of records; every page is rendered from it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .checks.quotes import ArchivedText, Span
from .records.models import Claim, Claimant, Source, Verdict

Role = Literal["appearance", "supports", "contradicts", "context"]
ROLES: tuple[Role, ...] = ("appearance", "supports", "contradicts", "context")


@dataclass(frozen=True)
class Citation:
    """One quoted passage: claim ``claim_id`` quotes ``span`` of ``source_id`` in role ``role``."""

    claim_id: str
    source_id: str
    role: Role
    span: Span


@dataclass
class SourceEntry:
    source: Source
    text: ArchivedText
    record_path: str  # e.g. "seeds/presstv.yml", relative to the project root
    text_path: str


@dataclass
class ClaimEntry:
    claim: Claim
    record_path: str  # e.g. "claims/x.yml", relative to the project root
    claimant_id: str
    topic_ids: list[str]
    appearance_spans: list[Span]
    evidence_spans: list[Span | None]  # None for external evidence

    @functools.cached_property  # (the claim never changes; asked for tens of times per build)
    def source_ids(self) -> list[str]:
        """Archived sources the claim quotes, in order of first mention (for the templates)."""
        return self.claim.source_ids


@dataclass
class ClaimantEntry:
    id: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)


@dataclass
class Topic:
    id: str
    name: str
    claim_ids: list[str] = field(default_factory=list)


@dataclass
class Catalog:
    """Records by id, plus every index a page needs. Claim id lists are newest first."""

    claims: dict[str, ClaimEntry]
    sources: dict[str, SourceEntry]
    verdicts: dict[str, Verdict]
    claimants: dict[str, ClaimantEntry] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    by_verdict: dict[str, list[str]] = field(default_factory=dict)
    citations: dict[str, list[Citation]] = field(default_factory=dict)

    @property
    def modified(self) -> dt.date | None:
        """The newest record's date of last change: the date of the site as a whole (sitemap, feeds,
        open data), taken from the records and not from the clock, so equal input gives equal bytes."""
        return max((entry.claim.modified for entry in self.claims.values()), default=None)

    def marks(self, source_id: str) -> dict[Span, list[Citation]]:
        """Quoted passages of a source, each with the citations that quote it."""
        marks: dict[Span, list[Citation]] = {}
        for citation in self.citations.get(source_id, []):
            marks.setdefault(citation.span, []).append(citation)
        return marks

    def related(self, claim_id: str, limit: int = 5) -> list[str]:
        """Other claims by the same claimant or quoting the same sources, newest first.

        Bounded by ``limit`` per list walked, so a source quoted by thousands of claims costs
        O(limit) per claim, not O(N).
        """
        remembered = self._related.get((claim_id, limit))
        if remembered is not None:
            return list(remembered)
        entry = self.claims[claim_id]
        found: dict[str, None] = {}
        pools = [self.claimants[entry.claimant_id].claim_ids]
        pools += [self._claims_by_source.get(s, []) for s in sorted(entry.source_ids)]
        for pool in pools:
            for taken, other in enumerate(pool):
                if taken > limit:
                    break
                if other != claim_id:
                    found.setdefault(other)
        ordered = sorted(found, key=lambda cid: self._order[cid])[:limit]
        self._related[(claim_id, limit)] = tuple(ordered)  # asked for by the page key and the page
        return ordered

    def finish(self) -> Catalog:
        """Compute the derived indexes once all records are in."""
        ordered = sorted(self.claims.values(), key=lambda e: (-e.claim.published.toordinal(), e.claim.id))
        self.claims = {e.claim.id: e for e in ordered}
        self._order = {cid: index for index, cid in enumerate(self.claims)}
        self._related: dict[tuple[str, int], tuple[str, ...]] = {}
        self.by_verdict = {vid: [] for vid in self.verdicts}
        self.citations = {sid: [] for sid in self.sources}
        self._claims_by_source: dict[str, list[str]] = {sid: [] for sid in self.sources}
        for claimant in self.claimants.values():
            claimant.claim_ids.clear()
        for topic in self.topics.values():
            topic.claim_ids.clear()
        for entry in ordered:
            claim = entry.claim
            self.by_verdict[claim.verdict].append(claim.id)
            self.claimants[entry.claimant_id].claim_ids.append(claim.id)
            for topic_id in entry.topic_ids:
                self.topics[topic_id].claim_ids.append(claim.id)
            cited: dict[str, None] = {}
            for appearance, span in zip(claim.appearances, entry.appearance_spans, strict=True):
                self.citations[appearance.source].append(Citation(claim.id, appearance.source, "appearance", span))
                cited.setdefault(appearance.source)
            for evidence, evidence_span in zip(claim.evidence, entry.evidence_spans, strict=True):
                if evidence.source and evidence_span is not None:
                    self.citations[evidence.source].append(
                        Citation(claim.id, evidence.source, evidence.stance, evidence_span)
                    )
                    cited.setdefault(evidence.source)
            for source_id in cited:
                self._claims_by_source[source_id].append(claim.id)
        self.claimants = dict(sorted(self.claimants.items(), key=lambda kv: kv[1].name.casefold()))
        self.topics = dict(sorted(self.topics.items(), key=lambda kv: kv[1].name.casefold()))
        return self

    def published(self) -> Catalog:
        """The catalogue readers get: only claims with ``status: published``, and only the
        claimants and topics they name (with only the roles and pages they give), so nothing of a
        draft reaches a page, a list, a count, a feed, the open data or the search index."""
        return self.keeping(lambda entry: entry.claim.is_published)

    def in_edition(self, language: str, default: str) -> Catalog:
        """A bilingual site's edition in ``language``: the claims written in it (a claim without
        ``language`` is in the site's ``default``), with the claimants and topics they name; every
        source and verdict (a source page serves every edition)."""
        return self.keeping(lambda entry: (entry.claim.language or default) == language)

    def keeping(self, keep: Callable[[ClaimEntry], bool]) -> Catalog:
        """This catalogue with only the claims ``keep`` accepts, and the claimants and topics they
        name (with only the roles and pages they give)."""
        claims = {cid: e for cid, e in self.claims.items() if keep(e)}
        if len(claims) == len(self.claims):
            return self
        kept = list(claims.values())
        said: dict[str, list[Claimant]] = {}  # claimant id -> the kept claims' claimant fields (one pass: linear)
        for e in kept:
            said.setdefault(e.claimant_id, []).append(e.claim.claimant)

        def claimant(old: ClaimantEntry) -> ClaimantEntry:
            mine = said[old.id]
            roles = {c.role for c in mine}
            same_as = {url for c in mine for url in c.same_as}
            return ClaimantEntry(
                old.id,
                old.name,
                old.type,
                [r for r in old.roles if r in roles],
                [u for u in old.same_as if u in same_as],
            )

        claimant_ids = said.keys()
        topic_ids = {t for e in kept for t in e.topic_ids}
        return Catalog(
            claims=claims,
            sources=self.sources,
            verdicts=self.verdicts,
            claimants={k: claimant(c) for k, c in self.claimants.items() if k in claimant_ids},
            topics={k: Topic(t.id, t.name) for k, t in self.topics.items() if k in topic_ids},
        ).finish()

    def claims_citing(self, source_id: str) -> list[str]:
        return self._claims_by_source.get(source_id, [])
