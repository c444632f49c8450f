"""``factcheck new``: start a claim or archive a source from a skeleton, never over an existing file.

A skeleton is valid YAML with every field present and a ``TODO`` or a placeholder id where the
contributor has a choice to make; ``factcheck validate`` then points at what is left to fill
(an unknown source, the verdict still to choose, each ``TODO:`` left). A new claim is a
``status: draft``: ``mkdocs serve`` previews it, ``mkdocs build`` leaves it out until it is
published. Files are created with exclusive creation
(mode ``x``), so even a race cannot overwrite a record.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ..records.reading import RECORD_SUFFIXES
from ..settings import Settings
from ..text import check_id, slugify

CLAIM_SKELETON = """\
# yaml-language-server: $schema={schema}
# A new fact check. Fill in every TODO, then run: factcheck validate {path}
# The id must equal the file name: rename both together if you change it.
id: {id}
claim: "TODO: the claim, word for word as it was made"
# headline: "TODO: a short title in your own words, if the claim is too long to be one"
claimant:
  name: "TODO: who made it, written the same way every time"
  type: person                 # person | organization
  # role: "TODO: their role when they made the claim"
appearances:                   # where and when the claim was made (one or more)
  - source: source-id          # id of an archived source, seeds/<id>.yml (see: factcheck new source)
    quote: "TODO: the passage of the archived text where the claim appears, copied exactly"
    # date: {today}
verdict: choose-a-verdict      # one of: {verdicts}
summary: "TODO: what we found, in one or two sentences (Markdown)"
# In Markdown, link our own pages with [text](claim:ID), [text](source:ID) or [text](verdict:{first_verdict}).
analysis: |
  TODO: the reasoning (Markdown).
evidence:                      # one or more
  - source: source-id
    quote: "TODO: the exact passage the verdict rests on"
    stance: contradicts        # supports | contradicts | context
    # note: "TODO: why it matters"
  # - url: https://example.org/document   # or an external document
  #   title: "TODO: its title"
  #   stance: context
topics: []                     # e.g. [China, Diplomacy]
author: "TODO: who wrote the fact check"
# reviewer: "TODO: who reviewed it"
published: {today}
status: draft                  # draft | review | published: only published claims reach the site
corrections: []                # add an entry for every later correction or update
"""

SOURCE_SKELETON = """\
# yaml-language-server: $schema={schema}
# An archived source. {text} is the text exactly as captured: never edit it (quotes are checked
# against it). Fill in every TODO, then run: factcheck validate {path}
id: {id}
text: {text}
title: "TODO: the title as published"
publisher: "TODO: who published it"
# publisher_description: "TODO: what the publisher is"
# author: "TODO: the byline"
url: {url}
# captured_from: https://…     # where the copy was captured, if not from the original
published: "TODO: YYYY-MM-DD, or YYYY-MM / YYYY when the day is not known"
# published_note: "TODO: how the date was established"
captured: {today}
# capture_note: "TODO: what the capture contains or lacks"
language: en
"""


class ScaffoldError(Exception):
    """The skeleton cannot be written: the message says why and what to do."""


def _taken_ids(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {name.rsplit(".", 1)[0] for _dirpath, _dirs, names in os.walk(folder) for name in names}


def _pick_id(requested: str | None, default: str, taken: set[str], folder: Path) -> str:
    if requested is not None:
        try:
            check_id(requested)
        except ValueError as exc:
            raise ScaffoldError(f"invalid id {requested!r}: {exc}") from None
        if requested in taken:
            raise ScaffoldError(f"{requested!r} is already used in {folder}: choose another id (nothing was written)")
        return requested
    base = slugify(default)[:70]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _schema_ref(root: Path, folder: Path, kind: str) -> str:
    return Path(os.path.relpath(root / "schemas" / f"{kind}.schema.json", folder)).as_posix()


def _create(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was overwritten") from None


def new_claim(settings: Settings, claim_id: str | None = None, today: dt.date | None = None) -> Path:
    """Write claims/<id>.yml from the skeleton and return its path."""
    folder = settings.claims_path
    chosen = _pick_id(claim_id, "new-claim", _taken_ids(folder), folder)
    path = folder / f"{chosen}.yml"
    shown = os.path.relpath(path, settings.root)
    verdicts = [v.id for v in settings.verdicts]
    _create(
        path,
        CLAIM_SKELETON.format(
            schema=_schema_ref(settings.root, folder, "claim"),
            path=shown,
            id=chosen,
            today=(today or dt.date.today()).isoformat(),
            verdicts=", ".join(verdicts),
            first_verdict=verdicts[0],
        ),
    )
    return path


def new_source(
    settings: Settings,
    text_file: Path,
    source_id: str | None = None,
    url: str | None = None,
    today: dt.date | None = None,
) -> tuple[Path, Path]:
    """Copy the archived text into seeds/<id>.txt, byte for byte, and write seeds/<id>.yml."""
    try:
        raw = text_file.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {text_file}: {exc.strerror}") from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScaffoldError(f"{text_file} is not UTF-8 text: convert it to UTF-8 first") from None
    folder = settings.seeds_path
    chosen = _pick_id(source_id, text_file.stem or "new-source", _taken_ids(folder), folder)
    meta_path, archived = folder / f"{chosen}.yml", folder / f"{chosen}.txt"
    for path in (meta_path, archived, *(folder / f"{chosen}{s}" for s in RECORD_SUFFIXES)):
        if path.exists():
            raise ScaffoldError(f"{path} already exists: nothing was overwritten")
    shown = os.path.relpath(meta_path, settings.root)
    skeleton = SOURCE_SKELETON.format(
        schema=_schema_ref(settings.root, folder, "source"),
        path=shown,
        id=chosen,
        text=archived.name,
        url=json.dumps(url) if url else "https://example.org/TODO-where-it-was-published",
        today=(today or dt.date.today()).isoformat(),
    )
    _create(archived, raw)
    try:
        _create(meta_path, skeleton)
    except ScaffoldError:
        archived.unlink()
        raise
    return meta_path, archived
