"""Check every record as the build does, without building: ``factcheck validate``.

The same three steps as :func:`loader.load_catalog` (read each file, check each claim, compare
claims), plus the ClaimReview checks the build applies to each claim page. The first two steps
run in shares on every CPU (see ``parallel``): each share returns only problems and the small
:class:`ClaimFacts`, and the comparison across claims runs here, in file order, so the report is
the same whichever process checked which file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .claimcheck import ClaimChecker, ClaimFacts, _slug
from .claimreview import claim_review, review_problems, validation_urls
from .crossref import cross_reference
from .loader import check_claim_files, load_sources, missing_folder, no_cycle_collection, position_in_file
from .parallel import map_forked, split, usable_cpus
from .problems import Problem, Severity
from .records import record_files
from .settings import Settings

MIN_FILES_PER_PROCESS = 1000  # below this, starting a process costs more than it saves


@dataclass
class Outcome:
    """What one claim file gave, small enough to send back from another process."""

    read_problems: list[Problem]
    facts: ClaimFacts | None = None
    check_problems: list[Problem] = field(default_factory=list)
    review_problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    problems: list[Problem]
    claims: int
    sources: int

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def validate(settings: Settings, config_file: Any, jobs: int | None = None) -> Report:
    """Every problem the build would report; ``jobs`` processes at most (default: one per CPU)."""
    with no_cycle_collection():
        sources, problems = load_sources(settings)
        if not settings.claims_path.is_dir():
            problems.append(missing_folder(settings, settings.claims_path, "claims"))
        files = record_files(settings.claims_path)
        checker = ClaimChecker(sources, {v.id: v for v in settings.verdicts}, settings.seeds_dir)
        urls = validation_urls(settings, config_file)
        review_catalog = Catalog(claims={}, sources=sources, verdicts=checker.verdicts)

        def check_share(paths: list[Path]) -> list[Outcome]:
            outcomes = []
            for read, checked in check_claim_files(paths, settings, checker):
                outcome = Outcome(read.problems)
                if checked is not None:
                    outcome.facts, outcome.check_problems = checked.facts, checked.problems
                    if not checked.has_errors and not isinstance(urls, list):
                        review = claim_review(checked.entry, review_catalog, settings, urls)
                        outcome.review_problems = review_problems(checked.entry, review)
                outcomes.append(outcome)
            return outcomes

        shares = split(files, _processes(len(files), jobs))
        outcomes = [outcome for share in map_forked(check_share, shares) for outcome in share]
        cross = cross_reference([o.facts for o in outcomes if o.facts is not None], _slug)
        kept = {facts.path for facts in cross.kept}
        for outcome in outcomes:
            problems += outcome.read_problems
            if outcome.facts is not None and outcome.facts.path in kept:
                problems += outcome.check_problems
        problems += [pending.resolve(lambda path, at: position_in_file(settings, path, at))
                     for pending in cross.problems]
        if not any(p.severity is Severity.ERROR for p in problems):  # as the build: only a site that loads
            if isinstance(urls, list):
                problems += urls
            else:
                problems += [p for o in outcomes if o.facts is not None and o.facts.path in kept
                             for p in o.review_problems]
        problems.sort()
        if any(p.severity is Severity.ERROR for p in problems):
            return Report(problems, 0, 0)  # as the build: nothing is valid until everything is
        return Report(problems, len(cross.kept), len(sources))


def _processes(files: int, jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(usable_cpus(), files // MIN_FILES_PER_PROCESS))
