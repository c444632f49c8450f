"""Load ``claims/`` and ``seeds/`` into a :class:`Catalog`, collecting every problem on the way.

Three steps: each record file is read and validated on its own (``records``), each claim is
checked against the sources and the settings (``claimcheck``), then claims are compared with
each other (``crossref``). Record files are read here and in ``records`` only (``validation``
runs the same steps for ``factcheck validate``); everything after this step is a pure function
of the catalogue. Nothing here ever writes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..archiving.tamper import check_digests
from ..catalog import Catalog, SourceEntry
from ..incremental.records import CachedFile, RecordCache, folder_digest
from ..problems import Problem, Severity, display_path
from ..records.models import Claim, Source
from ..records.reading import RecordFile, duplicate_id_problem, read_record, read_records, record_files
from ..records.yaml.read import YamlDocument, read_yaml, undecodable_position
from ..settings import Settings
from ..text import find_hidden, text_position
from .claim import CheckedClaim, ClaimChecker, FieldPath
from .crossref import cross_reference
from .quotes import ArchivedText

MAX_TEXT_BYTES = 5 * 1024 * 1024


def load_catalog(settings: Settings, cache: RecordCache | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Read and cross-check every record. The catalogue is None when any error was found.

    With a ``cache`` (``mkdocs serve``), claim files unchanged since the previous call, under the
    same settings and sources, are not read again (see ``incremental.records``).
    """
    with no_cycle_collection():
        if cache is None:
            sources, problems = load_sources(settings)
        else:  # kept while the seeds folder and the settings are unchanged (problems: a copy, extended below)
            cache.renew(_context(settings))
            kept_sources, kept_problems = cache.kept("sources", lambda: load_sources(settings))
            sources, problems = kept_sources, list(kept_problems)
        files, folder_problems = claim_files(settings)
        problems += folder_problems
        checker = ClaimChecker(sources, settings)
        checked: dict[str, CheckedClaim] = {}
        documents: dict[str, YamlDocument] = {}
        for read, result in _checked_files(files, settings, checker, cache):
            problems += read.problems
            if result is not None and read.document is not None:  # (checked: read whole)
                checked[read.shown] = result
                documents[read.shown] = read.document
        cross = cross_reference([c.facts for c in checked.values()])

        def locate(path: str, at: FieldPath) -> tuple[int, int]:
            return documents[path].position(at)

        problems += [pending.resolve(locate) for pending in cross.problems]
        catalog = Catalog(
            claims={}, sources=sources, verdicts=checker.verdicts, claimants=cross.claimants, topics=cross.topics
        )
        for facts in cross.kept:
            problems += checked[facts.path].problems
            catalog.claims[facts.id] = checked[facts.path].entry
        problems.sort()
        if any(p.severity is Severity.ERROR for p in problems):
            return None, problems
        return catalog.finish(), problems


def _checked_files(
    files: list[Path], settings: Settings, checker: ClaimChecker, cache: RecordCache | None
) -> list[tuple[RecordFile, CheckedClaim | None]]:
    if cache is None:
        return list(check_claim_files(files, settings, checker))
    stale, keys = cache.split(cache.context or _context(settings), files)
    cache.changed = set()
    for path, outcome in zip(stale, check_claim_files(stale, settings, checker), strict=True):
        key = keys[path]
        if key is not None:
            cache.files[path] = CachedFile(key, outcome)
        cache.changed.add(outcome[0].shown)
    cache.tokens = {
        cache.files[path].outcome[0].shown: repr(cache.files[path].key) for path in files if path in cache.files
    }
    return [
        cache.files[path].outcome if path in cache.files else next(check_claim_files([path], settings, checker))
        for path in files
    ]


def _context(settings: Settings) -> str:
    """What every claim's outcome depends on besides its own file: the settings and the sources."""
    return folder_digest(settings.seeds_path, extra=repr(settings))


def claim_files(settings: Settings) -> tuple[list[Path], list[Problem]]:
    """Every claim record file, or the problem that the claims folder is missing."""
    problem = folder_problem(settings, settings.claims_dir, "claims")
    if problem is not None:
        return [], [problem]
    return record_files(settings.claims_path, settings.root)


BATCH = 50  # files taken one step at a time (see read_records): more would leave the caches


def check_claim_files(
    paths: list[Path], settings: Settings, checker: ClaimChecker
) -> Iterator[tuple[RecordFile, CheckedClaim | None]]:
    """Read, validate and check each claim file on its own (``paths`` may be any share of them),
    in batches of files taken one step at a time."""
    for start in range(0, len(paths), BATCH):
        reads = read_records(paths[start : start + BATCH], Claim, settings.claims_path, settings.root)
        checked = [
            checker.check(read.record, read.document, read.shown)
            if read.record is not None and read.document is not None
            else None
            for read in reads
        ]
        yield from zip(reads, checked, strict=True)


def load_sources(settings: Settings) -> tuple[dict[str, SourceEntry], list[Problem]]:
    """Every valid source with its archived text, and the problems of the others."""
    folder = settings.seeds_path
    problems: list[Problem] = []
    sources: dict[str, SourceEntry] = {}
    problem = folder_problem(settings, settings.seeds_dir, "seeds")
    if problem is not None:
        return sources, [problem]
    paths, problems = record_files(folder, settings.root)
    first_path: dict[str, str] = {}
    for path in paths:
        read = read_record(path, Source, folder, settings.root)
        if read.record is not None and read.document is not None:
            source = read.record
            if source.id in first_path:
                read.report(
                    read.document.position(("id",)), *duplicate_id_problem("source", source.id, first_path[source.id])
                )
            else:
                first_path[source.id] = read.shown
                text_path = path.parent / source.text
                archived = _read_text(settings, text_path, read)
                if archived is not None:
                    text, raw = archived
                    check_digests(settings, source, path.parent, raw, read)
                    sources[source.id] = SourceEntry(
                        source, ArchivedText(text), read.shown, display_path(text_path, settings.root)
                    )
        problems += read.problems
    return sources, problems


def folder_problem(settings: Settings, name: str, option: str) -> Problem | None:
    """Why the claims or seeds folder cannot be read: missing, or not a real folder of the project.

    A folder that is a symbolic link (or lies under one) could publish any folder of the machine
    that runs the build, as records that are links out of their folder could: neither is read.
    """
    root = Path(os.path.abspath(settings.root))
    folder = Path(os.path.abspath(root / name))
    here = root if root in folder.parents else folder.parent
    for part in folder.relative_to(here).parts:
        here = here / part
        if os.path.islink(here):
            return Problem(
                display_path(here, root),
                1,
                1,
                f"the {option} folder is a symbolic link (to {os.readlink(here)}); its records are not read",
                f"commit the records in a real folder, or set `{option}_dir` to one",
            )
    if not folder.is_dir():
        return missing_folder(settings, folder, option)
    return None


def missing_folder(settings: Settings, folder: Path, option: str) -> Problem:
    return Problem(
        display_path(folder, settings.root),
        1,
        1,
        f"the {option} folder does not exist",
        f"create it or set `{option}_dir` in the factcheck plugin options",
    )


def _read_text(settings: Settings, text_path: Path, read: RecordFile) -> tuple[str, bytes] | None:
    """The archived text beside a source record, decoded and as read (its digest is of the bytes);
    problems go to that record."""
    where = read.document.position(("text",)) if read.document else (1, 1)
    try:
        resolved = text_path.resolve(strict=True)
    except OSError:
        read.report(
            where,
            f"archived text {text_path.name!r} not found beside this file",
            "put the archived text next to its .yml file in the seeds folder",
        )
        return None
    if not resolved.is_relative_to(settings.seeds_path) or not resolved.is_file():
        read.report(
            where,
            "the archived text must be a file inside the seeds folder",
            "symbolic links out of seeds/ are not followed",
        )
        return None
    raw = resolved.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        read.report(where, f"archived text is {len(raw):,} bytes; the limit is {MAX_TEXT_BYTES:,}")
        return None
    shown_text = display_path(text_path, settings.root)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        read.problems.append(
            Problem(
                shown_text,
                *undecodable_position(raw, exc.start),
                "archived text is not valid UTF-8",
                "convert it to UTF-8 before archiving it",
            )
        )
        return None
    hidden = find_hidden(text)
    if hidden:  # a capture is kept as captured; control characters are shown as U+FFFD (see archive)
        offset, what = hidden
        read.problems.append(
            Problem(
                shown_text,
                *text_position(text, offset),
                f"archived text contains {what}",
                "remove hidden characters from the capture",
                Severity.WARNING,
            )
        )
    return text, raw


def position_in_file(settings: Settings, path: str, at: FieldPath) -> tuple[int, int]:
    """The line and column of a field, reading the record again (for problems found elsewhere)."""
    try:
        raw = (settings.root / path).read_bytes()
    except OSError:
        return 1, 1
    document, _ = read_yaml(raw, path)
    return document.position(at) if document is not None else (1, 1)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    # Loading allocates millions of small objects and frees none of them in cycles: the cyclic
    # garbage collector would rescan the growing heap again and again (a quarter of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
