"""Remember what checking each claim file found, so that the next ``factcheck validate`` only
checks the files that changed.

What one claim file gives (its problems and its :class:`ClaimFacts`) depends only on its bytes,
its path and the *context*: this program's code and libraries, the settings, and every file of
the seeds folder. Entries are kept by path with a digest of the bytes, under one digest of the
context; when anything in the context changes, every entry is dropped. The comparisons across
claims are never cached: they run on every validation, from the facts.

The cache is a JSON file in the user's cache folder (``$FACTCHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/factcheck`` or ``~/.cache/factcheck``), never in the project: a pull request
cannot bring its own. A cache that cannot be read is ignored; one that cannot be written is not
written. ``factcheck validate --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import factcheck

from ..problems import Problem, Severity
from ..records.reading import content_digest, read_regular_file
from ..settings import Settings
from .claim import ClaimFacts

FORMAT = "factcheck-validate-cache/1"
# The whole factcheck package, wherever this module sits in it: its code is part of the context.
_PACKAGE = Path(factcheck.__file__).resolve().parent


@dataclass
class Outcome:
    """What one claim file gave, small enough to send back from another process and to keep."""

    read_problems: list[Problem]
    facts: ClaimFacts | None = None
    check_problems: list[Problem] = field(default_factory=list)
    review_problems: list[Problem] = field(default_factory=list)
    digest: str | None = None  # of the bytes checked; None for a link, which is checked every time


def cache_folder() -> Path:
    if os.environ.get("FACTCHECK_CACHE_DIR"):
        return Path(os.environ["FACTCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factcheck"


def file_digest(path: Path) -> str | None:
    """A digest of a regular file's bytes; None for anything else (a link is checked every time)."""
    raw = read_regular_file(path)
    return None if raw is None else content_digest(raw)


class CheckCache:
    def __init__(self, location: Path | None, context: str | None) -> None:
        self.location = location
        self.context = context
        self.entries: dict[str, dict[str, Any]] = {}
        self.sources: tuple[int, list[Problem]] | None = None
        self.changed = False

    @classmethod
    def disabled(cls) -> CheckCache:
        return cls(None, None)

    @classmethod
    def load(cls, settings: Settings, config_file: Any) -> CheckCache:
        context = _context(settings, config_file)
        if context is None:
            return cls.disabled()
        key = hashlib.sha256(str(settings.root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        location = cache_folder() / f"validate-{key}.json"
        cache = cls(location, context)
        try:
            stored = json.loads(location.read_text(encoding="utf-8"))
            if stored.get("format") == FORMAT and stored.get("context") == context:
                cache.entries = dict(stored["files"])
                count, problems = stored["sources"]
                cache.sources = int(count), [_problem(p) for p in problems]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            cache.entries, cache.sources = {}, None  # no cache, or not one we can trust: start afresh
        return cache

    @property
    def enabled(self) -> bool:
        return self.location is not None

    def get(self, shown: str, digest: str | None) -> Outcome | None:
        entry = self.entries.get(shown)
        if digest is None or entry is None or entry.get("digest") != digest:
            return None
        try:
            return _outcome(entry)
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def put(self, shown: str, outcome: Outcome) -> None:
        if self.enabled and outcome.digest is not None:
            self.entries[shown] = {"digest": outcome.digest, **_entry(outcome)}
            self.changed = True

    def keep_only(self, shown_paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = self.entries.keys() - shown_paths
        for shown in gone:
            del self.entries[shown]
        self.changed = self.changed or bool(gone)

    def remember_sources(self, count: int, problems: list[Problem]) -> None:
        if self.sources != (count, problems):
            self.sources = (count, problems)
            self.changed = True

    def save(self) -> None:
        location = self.location
        if location is None or not self.changed or self.sources is None:  # (None: not enabled)
            return
        data = {
            "format": FORMAT,
            "context": self.context,
            "files": self.entries,
            "sources": [self.sources[0], [_row(p) for p in self.sources[1]]],
        }
        try:
            location.parent.mkdir(parents=True, exist_ok=True)
            partial = location.with_name(f"{location.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, location)  # readers see the old file or the new one, never half of one
        except OSError:
            pass  # a read-only home folder: validation still works, only slower next time


def _context(settings: Settings, config_file: Any) -> str | None:
    """The digest of everything besides a claim file that its outcome depends on; None when the
    seeds folder holds a link (where it leads may change without any file changing)."""
    import pydantic
    import pydantic_core
    import yaml

    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)

    add(FORMAT, sys.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__)
    add(str(config_file), settings.model_dump_json())
    for code in sorted(_PACKAGE.rglob("*.py")):
        add(code.relative_to(_PACKAGE).as_posix(), code.read_bytes())
    seeds = settings.seeds_path
    for dirpath, dirnames, names in sorted(os.walk(seeds)):
        for name in sorted(names + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            path = Path(dirpath) / name
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    return None
                add(path.relative_to(seeds).as_posix(), path.read_bytes())
            except OSError:
                return None
    return digest.hexdigest()


def _row(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.column, problem.message, problem.hint, problem.severity.value]


def _problem(row: list[Any]) -> Problem:
    path, line, column, message, hint, severity = row
    return Problem(str(path), int(line), int(column), str(message), str(hint), Severity(severity))


def _entry(outcome: Outcome) -> dict[str, Any]:
    facts = outcome.facts
    return {
        "read": [_row(p) for p in outcome.read_problems],
        "facts": None
        if facts is None
        else [
            facts.id,
            facts.path,
            facts.claimant_id,
            facts.claimant_name,
            facts.claimant_type,
            facts.claimant_role,
            list(facts.claimant_same_as),
            list(facts.topics),
            [[list(at), ref] for at, ref in facts.claim_links],
            facts.published,
        ],
        "check": [_row(p) for p in outcome.check_problems],
        "review": [_row(p) for p in outcome.review_problems],
    }


def _outcome(entry: dict[str, Any]) -> Outcome:
    facts = None
    if entry["facts"] is not None:
        (claim_id, path, claimant_id, name, kind, role, same_as, topics, links, published) = entry["facts"]
        facts = ClaimFacts(
            str(claim_id),
            str(path),
            str(claimant_id),
            str(name),
            str(kind),
            None if role is None else str(role),
            tuple(map(str, same_as)),
            tuple(map(str, topics)),
            tuple((tuple(at), str(ref)) for at, ref in links),
            published is True,
        )
    return Outcome(
        [_problem(p) for p in entry["read"]],
        facts,
        [_problem(p) for p in entry["check"]],
        [_problem(p) for p in entry["review"]],
    )
