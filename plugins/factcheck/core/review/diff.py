"""What a change to the records means for readers: the reviewer's summary of a pull request.

:func:`compare` is a pure function of two snapshots (records as plain data, as read from two git
revisions by :mod:`factcheck.core.review.gitrev`); :func:`to_markdown` renders the result for the pull
request's job summary. Records are compared as written, without validation: a broken record is
still shown, and ``factcheck validate`` reports what is wrong with it.

Record text is untrusted. It is escaped for Markdown, so a claim cannot forge a check mark, a
link or a heading in the summary a reviewer trusts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..problems import log_safe


@dataclass(frozen=True)
class Snapshot:
    """The records at one revision: claims and sources by id, and archived texts by file name."""

    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # seeds file name -> content digest
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> why


@dataclass(frozen=True)
class QuoteChange:
    claim: str
    where: str  # e.g. appearances[0] or evidence[1]
    old: str | None
    new: str | None


@dataclass(frozen=True)
class VerdictChange:
    claim: str
    old: str
    new: str
    corrections: tuple[dict[str, Any], ...]  # the entries added with the change

    @property
    def lacks_correction(self) -> bool:
        return not self.corrections


@dataclass
class Changes:
    base: str
    head: str
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    quotes: list[QuoteChange] = field(default_factory=list)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)  # claim id, old, new status
    cited_sources: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    corrections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    other: list[tuple[str, list[str]]] = field(default_factory=list)  # claim id, changed fields
    sources_added: list[dict[str, Any]] = field(default_factory=list)
    sources_removed: list[dict[str, Any]] = field(default_factory=list)
    sources_changed: list[tuple[str, list[str]]] = field(default_factory=list)
    texts_changed: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)

    @property
    def missing_corrections(self) -> list[VerdictChange]:
        return [v for v in self.verdicts if v.lacks_correction]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.verdicts,
                self.quotes,
                self.statuses,
                self.cited_sources,
                self.corrections,
                self.other,
                self.sources_added,
                self.sources_removed,
                self.sources_changed,
                self.texts_changed,
                self.unreadable,
            )
        )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _items(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = record.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _cited(record: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("appearances", "evidence"):
        for item in _items(record, key):
            source = _text(item.get("source"))
            if source and source not in found:
                found.append(source)
    return found


def _quotes(record: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        f"{key}[{index}]": (_text(item.get("source")), _text(item.get("quote")))
        for key in ("appearances", "evidence")
        for index, item in enumerate(_items(record, key))
        if item.get("quote") is not None
    }


def _correction_key(entry: dict[str, Any]) -> tuple[str, str, str]:
    return (_text(entry.get("date")), _text(entry.get("kind")), _text(entry.get("note")))


_SHOWN_ELSEWHERE = {"verdict", "appearances", "evidence", "corrections", "status"}
PUBLISHED = "published"  # a record without `status` is published (records.models.Claim)


def _status(record: dict[str, Any]) -> str:
    return _text(record.get("status")) or PUBLISHED


def _sides(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Any], list[Any], list[str]]:
    """The records only in ``new`` (added), only in ``old`` (removed), and the ids in both, by id."""
    return (
        [new[key] for key in sorted(new.keys() - old.keys())],
        [old[key] for key in sorted(old.keys() - new.keys())],
        sorted(old.keys() & new.keys()),
    )


def compare(old: Snapshot, new: Snapshot, base: str = "base", head: str = "head") -> Changes:
    """Everything a reviewer should know about going from ``old`` to ``new``."""
    changes = Changes(base, head, unreadable=dict(new.unreadable))
    changes.added, changes.removed, kept = _sides(old.claims, new.claims)
    for claim_id in kept:
        before, after = old.claims[claim_id], new.claims[claim_id]
        if before == after:
            continue
        seen = {_correction_key(c) for c in _items(before, "corrections")}
        added_corrections = tuple(c for c in _items(after, "corrections") if _correction_key(c) not in seen)
        changes.corrections.extend((claim_id, c) for c in added_corrections)
        if _text(before.get("verdict")) != _text(after.get("verdict")):
            changes.verdicts.append(
                VerdictChange(claim_id, _text(before.get("verdict")), _text(after.get("verdict")), added_corrections)
            )
        if _status(before) != _status(after):
            changes.statuses.append((claim_id, _status(before), _status(after)))
        old_quotes, new_quotes = _quotes(before), _quotes(after)
        for where in sorted(old_quotes.keys() | new_quotes.keys()):
            was, now = old_quotes.get(where), new_quotes.get(where)
            if was != now:
                changes.quotes.append(QuoteChange(claim_id, where, was[1] if was else None, now[1] if now else None))
        if _cited(before) != _cited(after):
            changes.cited_sources.append((claim_id, _cited(before), _cited(after)))
        fields = sorted(
            k for k in before.keys() | after.keys() if k not in _SHOWN_ELSEWHERE and before.get(k) != after.get(k)
        )
        if fields:
            changes.other.append((claim_id, fields))
    changes.sources_added, changes.sources_removed, kept = _sides(old.sources, new.sources)
    for source_id in kept:
        before, after = old.sources[source_id], new.sources[source_id]
        fields = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if fields:
            changes.sources_changed.append((source_id, fields))
    changes.texts_changed = sorted(
        name for name in old.texts.keys() & new.texts.keys() if old.texts[name] != new.texts[name]
    )
    return changes


# -- Markdown ---------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def inline(value: Any, limit: int = 300) -> str:
    """Untrusted text as inert Markdown on one line: specials escaped, white space collapsed,
    controls written as escapes (the summary is also read in a terminal)."""
    text = log_safe(" ".join(_text(value).split()))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(value: Any) -> str:
    """An id or file name as inline code, whatever backticks it contains."""
    text = log_safe(" ".join(_text(value).split())) or " "
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _cell(markdown: str) -> str:
    """Markdown for a table cell: a ``|`` ends the cell even inside code, unless escaped."""
    return re.sub(r"(?<!\\)\|", r"\\|", markdown)


def _claim_line(record: dict[str, Any]) -> str:
    claimant = record.get("claimant")
    who = claimant.get("name") if isinstance(claimant, dict) else None
    status = _status(record)
    return (
        f"- {code(record.get('id'))} · verdict {code(record.get('verdict'))}"
        + (f" · status {code(status)} (not published)" if status != PUBLISHED else "")
        + (f" · {inline(who, 80)}" if who else "")
        + f": {inline(record.get('claim'))}"
    )


def to_markdown(changes: Changes) -> str:
    """The reviewer's summary, for ``$GITHUB_STEP_SUMMARY`` or a terminal."""
    out = [f"## Fact-check changes: {code(changes.base)} → {code(changes.head)}", ""]
    if changes.empty:
        out += ["No claim or source records changed.", ""]
        return "\n".join(out)
    counts = [
        f"{len(changes.added)} claim(s) added",
        f"{len(changes.removed)} removed",
        f"{len(changes.verdicts)} verdict change(s)",
        f"{len(changes.quotes)} quote change(s)",
        f"{len(changes.corrections)} correction(s) added",
    ]
    if changes.statuses:
        counts.append(f"{len(changes.statuses)} status change(s)")
    out += ["**" + " · ".join(counts) + "**", ""]
    missing = changes.missing_corrections
    if missing:
        out += [
            "> [!WARNING]",
            "> **Verdict changed without a correction entry.** Readers must be told when a "
            "published rating changes: add an entry under `corrections:` (and set `updated:`) for:",
        ]
        out += [f"> - {code(v.claim)}: {code(v.old)} → {code(v.new)}" for v in missing]
        out.append("")
    if changes.unreadable:
        out += ["### Records that could not be read", ""]
        out += [f"- {code(path)}: {inline(why)}" for path, why in sorted(changes.unreadable.items())]
        out.append("")
    if changes.added:
        out += ["### Claims added", ""] + [_claim_line(r) for r in changes.added] + [""]
    if changes.removed:
        out += ["### Claims removed", ""] + [_claim_line(r) for r in changes.removed] + [""]
    if changes.verdicts:
        out += ["### Verdict changes", "", "| claim | old → new | correction entry |", "|---|---|---|"]
        for v in changes.verdicts:
            entry = (
                "; ".join(
                    f"{inline(c.get('date'), 20)} {inline(c.get('kind') or 'correction', 20)}: "
                    f"{inline(c.get('note'), 120)}"
                    for c in v.corrections
                )
                if v.corrections
                else "⚠️ **missing**"
            )
            out.append(f"| {_cell(code(v.claim))} | {_cell(code(v.old))} → {_cell(code(v.new))} | {entry} |")
        out.append("")
    if changes.statuses:
        out += ["### Status changes", "", "| claim | old → new | on merge |", "|---|---|---|"]
        for claim_id, was, now in changes.statuses:
            effect = (
                "**goes live**"
                if now == PUBLISHED
                else "⚠️ **taken off the site**"
                if was == PUBLISHED
                else "stays unpublished"
            )
            out.append(f"| {_cell(code(claim_id))} | {_cell(code(was))} → {_cell(code(now))} | {effect} |")
        out.append("")
    if changes.quotes:
        out += ["### Quotes changed", ""]
        for q in changes.quotes:
            out.append(f"- {code(q.claim)} `{q.where}`:")
            out.append(f"  - before: {inline(q.old) if q.old is not None else '*(none)*'}")
            out.append(f"  - after: {inline(q.new) if q.new is not None else '*(none)*'}")
        out.append("")
    if changes.cited_sources:
        out += ["### Sources cited changed", ""]
        for claim_id, before, after in changes.cited_sources:
            was = ", ".join(code(s) for s in before) or "*(none)*"
            now = ", ".join(code(s) for s in after) or "*(none)*"
            out.append(f"- {code(claim_id)}: {was} → {now}")
        out.append("")
    if changes.corrections:
        out += ["### Corrections added", ""]
        out += [
            f"- {code(claim_id)} {inline(c.get('date'), 20)} ({inline(c.get('kind') or 'correction', 20)}): "
            f"{inline(c.get('note'))}"
            for claim_id, c in changes.corrections
        ]
        out.append("")
    if changes.other:
        out += ["### Other claim fields changed", ""]
        out += [f"- {code(claim_id)}: " + ", ".join(code(f) for f in fields) for claim_id, fields in changes.other]
        out.append("")
    if changes.sources_added or changes.sources_removed or changes.sources_changed or changes.texts_changed:
        out += ["### Sources", ""]
        out += [
            f"- added {code(s.get('id'))}: {inline(s.get('title'))} ({inline(s.get('publisher'), 80)})"
            for s in changes.sources_added
        ]
        out += [f"- removed {code(s.get('id'))}: {inline(s.get('title'))}" for s in changes.sources_removed]
        out += [
            f"- changed {code(source_id)}: " + ", ".join(code(f) for f in fields)
            for source_id, fields in changes.sources_changed
        ]
        out += [
            f"- ⚠️ archived text {code(name)} changed: archived texts are kept as captured, and every "
            "quote of it is checked again"
            for name in changes.texts_changed
        ]
        out.append("")
    return "\n".join(out)
