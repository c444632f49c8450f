"""Check every record as the build does, without building: ``factcheck validate``.

The same three steps as :func:`loader.load_catalog` (read each file, check each claim, compare
claims), plus the ClaimReview checks the build applies to each claim page. The first two steps
run in chunks on every CPU (see ``parallel``): each chunk returns only problems and the small
:class:`ClaimFacts`, and the comparison across claims runs here, in file order, so the report is
the same whichever process checked which file. What each claim file gave is kept in a cache
(see ``checkcache``), so the next validation checks only the files that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, SourceEntry
from ..outputs.claimreview import claim_review, review_problems, validation_urls
from ..problems import Problem, Severity, display_path
from ..settings import Settings
from ..urls import SiteUrls
from .cache import CheckCache, Outcome, file_digest
from .claim import ClaimChecker
from .crossref import cross_reference
from .loader import check_claim_files, claim_files, load_sources, no_cycle_collection, position_in_file
from .parallel import MAX_CHUNKS, map_forked, split, usable_cpus

MIN_FILES_PER_PROCESS = 1000  # below this, starting a process costs more than it saves
FILES_PER_CHUNK = 50  # small enough that no process waits long for another at the end


@dataclass
class Report:
    problems: list[Problem]
    claims: int
    sources: int
    unchanged: int = 0  # claim files whose outcome came from the cache

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def validate(settings: Settings, config_file: Any, jobs: int | None = None, use_cache: bool = True) -> Report:
    """Every problem the build would report; ``jobs`` processes at most (default: one per CPU).
    With ``use_cache``, claim files unchanged since the last validation are not checked again."""
    with no_cycle_collection():
        files, folder_problems = claim_files(settings)
        shown = [display_path(path, settings.root) for path in files]
        cache = CheckCache.load(settings, config_file) if use_cache else CheckCache.disabled()
        # digests of every file only when there is something to compare them with: a first run
        # takes them from the bytes it checks
        digests = [file_digest(path) for path in files] if cache.entries else [None] * len(files)
        outcomes = [cache.get(name, digest) for name, digest in zip(shown, digests, strict=True)]
        todo = [index for index, outcome in enumerate(outcomes) if outcome is None]
        urls = validation_urls(settings, config_file)
        if todo or cache.sources is None:
            sources, source_problems = load_sources(settings)
            cache.remember_sources(len(sources), source_problems)
            checked = _check(settings, urls, sources, [files[i] for i in todo], jobs)
            for index, outcome in zip(todo, checked, strict=True):
                outcomes[index] = outcome
                cache.put(shown[index], outcome)
        source_count, source_problems = cache.sources or (0, [])  # (remembered just above when missing)
        cache.keep_only(set(shown))
        cache.save()
        # every None in outcomes was filled in by the checks above
        report = _report(settings, urls, source_problems + folder_problems, outcomes, source_count)  # type: ignore[arg-type]
        report.unchanged = len(files) - len(todo)
        return report


def _check(
    settings: Settings,
    urls: SiteUrls | list[Problem],
    sources: dict[str, SourceEntry],
    paths: list[Path],
    jobs: int | None,
) -> list[Outcome]:
    """The outcome of each claim file, in order, checked in chunks by several processes. ``urls``:
    where pages will be, for the ClaimReview checks, or why they cannot be made (see ``_report``)."""
    checker = ClaimChecker(sources, settings)
    review_catalog = Catalog(claims={}, sources=sources, verdicts=checker.verdicts)

    def check_chunk(chunk: list[Path]) -> list[Outcome]:
        outcomes = []
        for read, checked in check_claim_files(chunk, settings, checker):
            outcome = Outcome(read.problems, digest=read.digest)
            if checked is not None:
                outcome.facts, outcome.check_problems = checked.facts, checked.problems
                if not checked.has_errors and not isinstance(urls, list):
                    review = claim_review(checked.entry, review_catalog, settings, urls)
                    outcome.review_problems = review_problems(checked.entry, review)
            outcomes.append(outcome)
        return outcomes

    processes = _processes(len(paths), jobs)
    chunks = split(paths, 1 if processes == 1 else min(MAX_CHUNKS, max(processes, len(paths) // FILES_PER_CHUNK)))
    return [outcome for chunk in map_forked(check_chunk, chunks, processes) for outcome in chunk]


def _report(
    settings: Settings,
    urls: SiteUrls | list[Problem],
    problems: list[Problem],
    outcomes: list[Outcome],
    source_count: int,
) -> Report:
    """Compare the claims with each other and gather every problem, as the build would."""
    cross = cross_reference([o.facts for o in outcomes if o.facts is not None])
    kept = {facts.path for facts in cross.kept}
    for outcome in outcomes:
        problems += outcome.read_problems
        if outcome.facts is not None and outcome.facts.path in kept:
            problems += outcome.check_problems
    problems += [pending.resolve(lambda path, at: position_in_file(settings, path, at)) for pending in cross.problems]
    if not any(p.severity is Severity.ERROR for p in problems):  # as the build: only a site that loads
        if isinstance(urls, list):
            problems += urls
        else:
            problems += [p for o in outcomes if o.facts is not None and o.facts.path in kept for p in o.review_problems]
    problems.sort()
    if any(p.severity is Severity.ERROR for p in problems):
        return Report(problems, 0, 0)  # as the build: nothing is valid until everything is
    return Report(problems, len(cross.kept), source_count)


def _processes(files: int, jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(usable_cpus(), files // MIN_FILES_PER_PROCESS))
