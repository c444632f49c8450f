"""Load ``claims/`` and ``seeds/`` into a :class:`Catalog`, collecting every problem on the way.

Side effects (reading files) happen here and nowhere else in the core; everything after this
step is a pure function of the catalogue. Nothing here ever writes.
"""

from __future__ import annotations

import difflib
import gc
import os
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .catalog import Catalog, Claimant, ClaimEntry, SourceEntry, Topic
from .models import Claim, Source
from .problems import Problem, Severity, display_path
from .markup import markdown_problems
from .quotes import ArchivedText, Span
from .settings import Settings
from .text import check_text, slugify
from .yamlread import YamlDocument, read_yaml

MAX_TEXT_BYTES = 5 * 1024 * 1024
RECORD_SUFFIXES = (".yml", ".yaml")


def load_catalog(settings: Settings) -> tuple[Catalog | None, list[Problem]]:
    """Read and cross-check every record. The catalogue is None when any error was found."""
    loader = _Loader(settings)
    # Loading allocates millions of small objects and frees none of them in cycles: the cyclic
    # garbage collector would rescan the growing heap again and again (a quarter of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        catalog = loader.run()
    finally:
        if collecting:
            gc.enable()
    problems = sorted(loader.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return catalog, problems


def record_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = [
        Path(dirpath) / name
        for dirpath, _dirs, names in os.walk(folder)
        for name in names
        if name.endswith(RECORD_SUFFIXES) and not name.startswith(".")
    ]
    return sorted(found, key=_path_key)  # as Path ordering, without its slow per-comparison __lt__


def _path_key(path: Path) -> tuple[str, ...]:
    return path.parts


class _Loader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.root
        self.problems: list[Problem] = []

    # -- reporting -----------------------------------------------------------------------------
    def report(self, path: str, position: tuple[int, int], message: str, hint: str = "",
               severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(path, position[0], position[1], message, hint, severity))

    def rel(self, path: Path) -> str:
        return display_path(path, self.root)

    # -- records -------------------------------------------------------------------------------
    def read_record(self, path: Path, model: type[BaseModel], folder: Path) -> tuple[Any, YamlDocument | None]:
        shown = self.rel(path)
        try:
            # a symbolic link in a pull request could make the build (and its error messages in a
            # public CI log) read any file of the machine: only files inside the folder are read
            # (os.walk does not descend into linked folders, so only the file itself can be a link)
            linked_out = os.path.islink(path) and not path.resolve(strict=True).is_relative_to(folder)
            if linked_out or not path.is_file():
                self.report(shown, (1, 1), f"record is not a file inside {self.rel(folder)}/",
                            "symbolic links out of the records folder are not followed")
                return None, None
            raw = path.read_bytes()
        except OSError as exc:
            self.report(shown, (1, 1), f"cannot read file: {exc.strerror}")
            return None, None
        document, problems = read_yaml(raw, shown)
        self.problems.extend(problems)
        if document is None:
            return None, None
        if not isinstance(document.data, dict):
            kind = "a list" if isinstance(document.data, list) else "a single value"
            self.report(shown, (1, 1), f"a record must be a mapping of fields, found {kind}",
                        "start each line with `field: value`; see README.md for the format")
            return None, document
        try:
            record = model.model_validate(document.data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.report_validation(shown, document, model, error)
            return None, document
        expected = path.stem
        if record.id != expected:
            self.report(shown, document.position(("id",)),
                        f"id {record.id!r} does not match the file name {path.name!r}",
                        f"rename the file to {record.id}{path.suffix} or set `id: {expected}`")
            return None, document
        return record, document

    def report_validation(self, shown: str, document: YamlDocument, model: type[BaseModel],
                          error: dict[str, Any]) -> None:
        loc = tuple(error["loc"])
        kind = error["type"]
        message = str(error["msg"]).removeprefix("Value error, ")
        dotted = _dotted(loc)
        hint = ""
        if kind == "missing":
            self.report(shown, document.position(loc[:-1]), f"missing required field `{dotted}`",
                        _field_hint(model, loc))
            return
        if kind == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known fields here: {', '.join(known)}"
            self.report(shown, document.position(loc, key=True), f"unknown field `{dotted}`", hint)
            return
        if kind.startswith("date") or kind.startswith("datetime"):
            hint = "write dates as YYYY-MM-DD, e.g. 2022-03-03"
        elif kind == "literal_error":
            hint = "allowed values: " + str(error.get("ctx", {}).get("expected", ""))
            message = "must be one of the allowed values"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "source", "verdict"):
            message = "ids are lowercase letters, digits and single hyphens"
            hint = "e.g. 'china-fake-news-answer'"
        elif kind == "string_pattern_mismatch" and loc == ("text",):
            hint = "the plain file name of the archived text, in the same folder: no folders, no '..'"
        elif kind == "list_type":
            hint = "write a YAML list: one `- item` per line"
        elif kind == "string_type":
            hint = "write a text value here, not a list or a mapping"
        elif kind in ("too_short", "string_too_short") and error.get("ctx", {}).get("min_length") == 1:
            message = "must not be empty"
        where = f"`{dotted}`: " if dotted else ""
        self.report(shown, document.position(loc), where + message, hint)

    # -- the whole run -------------------------------------------------------------------------
    def run(self) -> Catalog | None:
        sources = self.load_sources()
        claims = self.load_claims()
        catalog = Catalog(claims={}, sources=sources, verdicts={v.id: v for v in self.settings.verdicts})
        self.claim_ids = {claim.id for claim, _, _ in claims}
        for claim, document, path in claims:
            entry = self.cross_check(catalog, claim, document, path)
            if entry is not None:
                catalog.claims[claim.id] = entry
        if any(p.severity is Severity.ERROR for p in self.problems):
            return None
        return catalog.finish()

    def load_sources(self) -> dict[str, SourceEntry]:
        sources: dict[str, SourceEntry] = {}
        for source, document, path, shown in self.unique_records(self.settings.seeds_path, Source, "seeds", "source"):
            text_path = path.parent / source.text
            text = self.read_text(text_path, shown, document)
            if text is not None:
                sources[source.id] = SourceEntry(source, ArchivedText(text), shown, self.rel(text_path))
        return sources

    def unique_records(self, folder: Path, model: type[BaseModel], option: str, kind: str):  # type: ignore[no-untyped-def]
        """(record, document, path, shown) for every valid record of ``folder`` whose id is new;
        a missing folder and a repeated id are reported."""
        if not folder.is_dir():
            self.report(self.rel(folder), (1, 1), f"the {option} folder does not exist",
                        f"create it or set `{option}_dir` in the factcheck plugin options")
            return
        first_path: dict[str, str] = {}
        for path in record_files(folder):
            record, document = self.read_record(path, model, folder)
            if record is None or document is None:
                continue
            shown = self.rel(path)
            if record.id in first_path:
                across = "; ids must be unique across folders" if kind == "claim" else ""
                self.report(shown, document.position(("id",)), f"duplicate {kind} id {record.id!r}",
                            f"already used by {first_path[record.id]}{across}")
                continue
            first_path[record.id] = shown
            yield record, document, path, shown

    def read_text(self, text_path: Path, shown: str, document: YamlDocument) -> str | None:
        where = document.position(("text",))
        try:
            resolved = text_path.resolve(strict=True)
        except OSError:
            self.report(shown, where, f"archived text {text_path.name!r} not found beside this file",
                        "put the archived text next to its .yml file in the seeds folder")
            return None
        if not resolved.is_relative_to(self.settings.seeds_path) or not resolved.is_file():
            self.report(shown, where, "the archived text must be a file inside the seeds folder",
                        "symbolic links out of seeds/ are not followed")
            return None
        raw = resolved.read_bytes()
        if len(raw) > MAX_TEXT_BYTES:
            self.report(shown, where, f"archived text is {len(raw):,} bytes; the limit is {MAX_TEXT_BYTES:,}")
            return None
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            self.report(self.rel(text_path), (raw[: exc.start].count(b"\n") + 1, 1),
                        "archived text is not valid UTF-8", "convert it to UTF-8 before archiving it")
            return None
        try:
            check_text(text)
        except ValueError as exc:
            self.report(self.rel(text_path), (1, 1), f"archived text {exc}",
                        "remove hidden characters from the capture", Severity.WARNING)
        return text

    def load_claims(self) -> list[tuple[Claim, YamlDocument, str]]:
        return [(claim, document, shown) for claim, document, _path, shown
                in self.unique_records(self.settings.claims_path, Claim, "claims", "claim")]

    # -- cross-references ----------------------------------------------------------------------
    def cross_check(self, catalog: Catalog, claim: Claim, document: YamlDocument, shown: str) -> ClaimEntry | None:
        errors_before = sum(p.severity is Severity.ERROR for p in self.problems)
        if claim.verdict not in catalog.verdicts:
            self.report(shown, document.position(("verdict",)), f"unknown verdict {claim.verdict!r}",
                        _suggest(claim.verdict, catalog.verdicts, "verdicts in mkdocs.yml"))
        appearance_spans = [
            self.locate(catalog, a.source, a.quote, shown, document, ("appearances", i))
            for i, a in enumerate(claim.appearances)
        ]
        evidence_spans = [
            self.locate(catalog, e.source, e.quote or "", shown, document, ("evidence", i)) if e.source else None
            for i, e in enumerate(claim.evidence)
        ]
        self.check_corrections(claim, document, shown)
        self.check_markdown(catalog, claim, document, shown)
        claimant_id = claim.claimant.id or slugify(claim.claimant.name)
        claimant = catalog.claimants.get(claimant_id)
        if claimant is None:
            claimant = catalog.claimants[claimant_id] = Claimant(claimant_id, claim.claimant.name, claim.claimant.type)
            self._first_claimant_path = getattr(self, "_first_claimant_path", {})
            self._first_claimant_path[claimant_id] = shown
        elif claimant.name != claim.claimant.name:
            self.report(shown, document.position(("claimant", "name")),
                        f"claimant {claim.claimant.name!r} has the same page as {claimant.name!r} "
                        f"({self._first_claimant_path[claimant_id]})",
                        "write the name exactly the same way, or give `claimant.id` to tell them apart")
        if claim.claimant.role and claim.claimant.role not in claimant.roles:
            claimant.roles.append(claim.claimant.role)
        for url in claim.claimant.same_as:
            if url not in claimant.same_as:
                claimant.same_as.append(url)
        topic_ids: list[str] = []
        for index, name in enumerate(claim.topics):
            topic_id = slugify(name)
            topic = catalog.topics.setdefault(topic_id, Topic(topic_id, name))
            if topic.name != name:
                self.report(shown, document.position(("topics", index)),
                            f"topic {name!r} is written {topic.name!r} elsewhere",
                            "write each topic the same way everywhere")
            if topic_id not in topic_ids:
                topic_ids.append(topic_id)
        if sum(p.severity is Severity.ERROR for p in self.problems) > errors_before:
            return None
        return ClaimEntry(claim, shown, claimant_id, topic_ids, appearance_spans, evidence_spans)  # type: ignore[arg-type]

    def locate(self, catalog: Catalog, source_id: str, quote: str, shown: str, document: YamlDocument,
               at: tuple[str | int, ...]) -> Span | None:
        entry = catalog.sources.get(source_id)
        if entry is None:
            self.report(shown, document.position(at + ("source",)), f"unknown source {source_id!r}",
                        _suggest(source_id, catalog.sources, f"sources in {self.settings.seeds_dir}/"))
            return None
        spans = entry.text.find(quote)
        if not spans:
            closest = entry.text.closest_passage(quote)
            self.report(shown, document.position(at + ("quote",)),
                        f"quote not found in source {source_id!r} ({entry.text_path})",
                        f"the closest passage is \"{closest}\"" if closest else "check the source id")
            return None
        if len(spans) > 1:
            lines = ", ".join(str(entry.text.line_of(s.start)) for s in spans)
            self.report(shown, document.position(at + ("quote",)),
                        f"quote occurs {len(spans)} times in source {source_id!r} (lines {lines} of {entry.text_path})",
                        "quote a longer passage so it points at one place")
            return None
        return spans[0]

    def check_markdown(self, catalog: Catalog, claim: Claim, document: YamlDocument, shown: str) -> None:
        tables = {"claim": self.claim_ids, "source": catalog.sources, "verdict": catalog.verdicts}

        def known(scheme: str, ref: str) -> bool:
            return ref in tables[scheme]

        fields: list[tuple[tuple[str | int, ...], str | None]] = [
            (("summary",), claim.summary), (("analysis",), claim.analysis)]
        fields += [(("evidence", i, "note"), e.note) for i, e in enumerate(claim.evidence)]
        fields += [(("corrections", i, "note"), c.note) for i, c in enumerate(claim.corrections)]
        for at, text in fields:
            for message, hint in markdown_problems(text or "", known):
                self.report(shown, document.position(at), f"`{_dotted(at)}`: {message}", hint)

    def check_corrections(self, claim: Claim, document: YamlDocument, shown: str) -> None:
        if claim.updated and claim.updated > claim.published:
            if not any(c.date == claim.updated for c in claim.corrections):
                self.report(shown, document.position(("updated",)),
                            f"`updated` is {claim.updated} but the corrections log has no entry for that day",
                            "add an entry under `corrections:` saying what changed (kind: correction or update)",
                            Severity.WARNING)


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _suggest(value: str, known: dict[str, Any], what: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    names = list(known)
    listed = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    return f"known {what}: {listed}" if names else f"no {what} are defined"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = _unwrap(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[0]
    return annotation


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _field_hint(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None:
        return ""
    info = parent.model_fields.get(str(loc[-1]))
    return info.description or "" if info else ""
