"""The checks of one claim against the sources and the site's settings.

They need the archived sources and the verdict scale, never another claim: what compares claims
with each other (unique ids, one spelling per claimant and topic, ``claim:`` links) is in
``crossref``, and works on the small :class:`ClaimFacts` each claim gives it. So claims can be
checked in any order, or in parallel processes that send back only facts and problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..archiving.pagination import page_problem
from ..catalog import ClaimEntry, SourceEntry
from ..problems import Problem, Severity
from ..records.models import SHORT_CLAIM, Claim, Verdict
from ..records.reading import dotted_path
from ..records.yaml.read import FieldPath, YamlDocument
from ..settings import Settings
from ..text import slugify
from .markdown import markdown_problems
from .quotes import Span


class Report(Protocol):
    """Records one problem of the claim being checked, at a field's place."""

    def __call__(self, at: FieldPath, message: str, hint: str = "", severity: Severity = Severity.ERROR) -> None: ...


@dataclass(frozen=True)
class ClaimFacts:
    """What the checks across claims need to know of one claim."""

    id: str
    path: str
    claimant_id: str
    claimant_name: str
    claimant_type: str
    claimant_role: str | None
    claimant_same_as: tuple[str, ...]
    topics: tuple[str, ...]  # as written, in order
    claim_links: tuple[tuple[FieldPath, str], ...]  # (field, claim id) of every claim:ID link
    published: bool = True  # status: published (drafts and claims in review are not)


@dataclass
class CheckedClaim:
    entry: ClaimEntry
    facts: ClaimFacts
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


class ClaimChecker:
    """Checks claims against one set of sources and verdicts."""

    def __init__(self, sources: dict[str, SourceEntry], settings: Settings) -> None:
        self.sources = sources
        self.verdicts: dict[str, Verdict] = {v.id: v for v in settings.verdicts}
        self.seeds_dir = settings.seeds_dir

    def check(self, claim: Claim, document: YamlDocument, shown: str) -> CheckedClaim:
        problems: list[Problem] = []

        def report(at: FieldPath, message: str, hint: str = "", severity: Severity = Severity.ERROR) -> None:
            line, column = document.position(at)
            problems.append(Problem(shown, line, column, message, hint, severity))

        if claim.verdict not in self.verdicts:
            report(
                ("verdict",),
                f"unknown verdict {claim.verdict!r}",
                suggest(claim.verdict, self.verdicts, "verdicts in mkdocs.yml"),
            )
        appearance_spans = [
            self._locate(a.source, a.quote, ("appearances", i), report, a.page) for i, a in enumerate(claim.appearances)
        ]
        evidence_spans = [
            self._locate(e.source, e.quote or "", ("evidence", i), report, e.page) if e.source else None
            for i, e in enumerate(claim.evidence)
        ]
        if (
            claim.updated
            and claim.updated > claim.published
            and not any(c.date == claim.updated for c in claim.corrections)
        ):
            report(
                ("updated",),
                f"`updated` is {claim.updated} but the corrections log has no entry for that day",
                "add an entry under `corrections:` saying what changed (kind: correction or update)",
                Severity.WARNING,
            )
        _check_correction_dates(claim, report)
        _check_placeholders(claim, report)
        if claim.is_published and not claim.short and len(claim.claim_reviewed) > SHORT_CLAIM:
            report(
                ("claim",),
                f"the claim is {len(claim.claim_reviewed)} characters long: aggregators show "
                f"ClaimReview `claimReviewed` best under {SHORT_CLAIM}",
                f"add `short:` with the claim in at most {SHORT_CLAIM} characters, faithful to its wording",
                Severity.WARNING,
            )
        claim_links = self._check_markdown(claim, report)
        if claim.translation_of:  # checked like a claim: link (it must exist, and be published)
            claim_links += ((("translation_of",), claim.translation_of),)
        claimant_id = claim.claimant.id or slugify(claim.claimant.name)
        topic_ids = list(dict.fromkeys(slugify(name) for name in claim.topics))
        # an appearance whose quote was not found has no span (None): it was reported as an error,
        # so this entry is never published; the type says what a published entry holds
        entry = ClaimEntry(claim, shown, claimant_id, topic_ids, appearance_spans, evidence_spans)  # type: ignore[arg-type]
        facts = ClaimFacts(
            claim.id,
            shown,
            claimant_id,
            claim.claimant.name,
            claim.claimant.type,
            claim.claimant.role,
            tuple(claim.claimant.same_as),
            tuple(claim.topics),
            claim_links,
            claim.is_published,
        )
        return CheckedClaim(entry, facts, problems)

    def _locate(
        self, source_id: str, quote: str, at: FieldPath, report: Report, page: int | None = None
    ) -> Span | None:
        entry = self.sources.get(source_id)
        if entry is None:
            report(
                at + ("source",),
                f"unknown source {source_id!r}",
                suggest(source_id, self.sources, f"sources in {self.seeds_dir}/"),
            )
            return None
        spans = entry.text.find(quote)
        if not spans:
            closest = entry.text.closest_passage(quote)
            report(
                at + ("quote",),
                f"quote not found in source {source_id!r} ({entry.text_path})",
                f'the closest passage is "{closest}"' if closest else "check the source id",
            )
            return None
        if len(spans) > 1:
            lines = ", ".join(str(entry.text.line_of(s.start)) for s in spans)
            report(
                at + ("quote",),
                f"quote occurs {len(spans)} times in source {source_id!r} (lines {lines} of {entry.text_path})",
                "quote a longer passage so it points at one place",
            )
            return None
        if page is not None:
            problem = page_problem(entry.source, entry.text.original, spans[0], page)
            if problem:
                report(at + ("page",), *problem)
        return spans[0]

    def _check_markdown(self, claim: Claim, report: Report) -> tuple[tuple[FieldPath, str], ...]:
        """Report what would not publish; return the ``claim:`` links, which only the whole set of
        claims can check."""
        claim_links: list[tuple[FieldPath, str]] = []
        fields: list[tuple[FieldPath, str | None]] = [(("summary",), claim.summary), (("analysis",), claim.analysis)]
        fields += [(("evidence", i, "note"), e.note) for i, e in enumerate(claim.evidence)]
        fields += [(("corrections", i, "note"), c.note) for i, c in enumerate(claim.corrections)]
        for at, text in fields:

            def known(scheme: str, ref: str, at: FieldPath = at) -> bool:
                if scheme == "claim":
                    claim_links.append((at, ref))
                    return True
                return ref in (self.sources if scheme == "source" else self.verdicts)

            for message, hint in markdown_problems(text or "", known):
                report(at, f"`{dotted_path(at)}`: {message}", hint)
        return tuple(claim_links)


PLACEHOLDER = "TODO:"  # what `factcheck new` leaves where the writer has a choice to make (scaffold)


def _check_placeholders(claim: Claim, report: Report) -> None:
    """Text left from ``factcheck new`` is never published: an error in a published claim, a note
    in a draft (where it is the writer's to-do list)."""
    severity = Severity.ERROR if claim.is_published else Severity.NOTE
    hint = (
        "replace it with the real text, or set `status: draft` until the fact check is ready"
        if claim.is_published
        else "replace it before setting `status: published`"
    )

    def walk(value: object, at: FieldPath) -> None:
        if isinstance(value, str):
            if PLACEHOLDER in value:
                report(at, f"`{dotted_path(at)}` still holds the placeholder {value.strip()[:60]!r}", hint, severity)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, at + (key,))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, at + (index,))

    walk(claim.model_dump(exclude_defaults=True), ())


def _check_correction_dates(claim: Claim, report: Report) -> None:
    """A logged change cannot come before publication; one after ``updated`` (or, without
    ``updated``, after publication) means ``updated`` was forgotten. The dates published then
    follow the log anyway (:attr:`Claim.modified`); the warning keeps the record honest."""
    for index, correction in enumerate(claim.corrections):
        at = ("corrections", index, "date")
        if correction.date < claim.published:
            report(
                at,
                f"`corrections[{index}].date` is {correction.date}, before the claim was published ({claim.published})",
                "a correction or update comes after publication: check the date",
            )
        elif claim.updated is None and correction.date > claim.published:
            report(
                at,
                f"`corrections[{index}].date` is {correction.date}, but the claim has no `updated` date",
                f"add `updated: {claim.modified}` (the newest change) so the record says when it last changed",
                Severity.WARNING,
            )
        elif claim.updated is not None and correction.date > claim.updated:
            report(
                at,
                f"`corrections[{index}].date` is {correction.date}, later than `updated` ({claim.updated})",
                f"set `updated: {claim.modified}` (the newest change)",
                Severity.WARNING,
            )


def suggest(value: str, known: dict[str, Any], what: str) -> str:
    """A hint for an unknown id: the closest known one, or the known ones."""
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    names = list(known)
    listed = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    return f"known {what}: {listed}" if names else f"no {what} are defined"
