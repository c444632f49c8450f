"""The checks that compare claims with each other, and the claimant and topic indexes they build.

They run on :class:`ClaimFacts` in file order, whichever process checked each claim, so the
first file that names a claimant or a topic sets its spelling, exactly as a reader would meet
them. Problems found here name a field, not yet a line: the caller, which has the documents
(or can read them again), places them with :meth:`Pending.resolve`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalog import ClaimantEntry, Topic
from ..problems import Problem, Severity
from ..records.reading import dotted_path, duplicate_id_problem
from ..text import slugify
from .claim import ClaimFacts, FieldPath
from .confusables import first_difference, skeleton
from .markdown import unknown_link_problem

Locate = Callable[[str, FieldPath], tuple[int, int]]  # (path, field) -> (line, column)


@dataclass(frozen=True)
class Pending:
    """A problem found across claims, at a field of a record, to be placed at its line."""

    path: str
    at: FieldPath
    message: str
    hint: str
    severity: Severity = Severity.ERROR
    also: tuple[str, FieldPath] | None = None  # another place the message names, as "{also}"

    def resolve(self, locate: Locate) -> Problem:
        line, column = locate(self.path, self.at)
        message = self.message
        if self.also is not None:
            other_line, other_column = locate(*self.also)
            message = message.replace("{also}", f"{self.also[0]}:{other_line}:{other_column}")
        return Problem(self.path, line, column, message, self.hint, self.severity)


@dataclass
class CrossReference:
    kept: list[ClaimFacts] = field(default_factory=list)  # every claim but repeated ids, in file order
    claimants: dict[str, ClaimantEntry] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    problems: list[Pending] = field(default_factory=list)


def cross_reference(all_facts: list[ClaimFacts]) -> CrossReference:
    """Unique ids, one spelling per claimant page and topic, ``claim:`` links that resolve."""
    result = CrossReference()
    first_path: dict[str, str] = {}
    published: dict[str, bool] = {}
    for facts in all_facts:
        if facts.id in first_path:
            message, hint = duplicate_id_problem("claim", facts.id, first_path[facts.id])
            result.problems.append(Pending(facts.path, ("id",), message, hint))
        else:
            first_path[facts.id] = facts.path
            published[facts.id] = facts.published
            result.kept.append(facts)
    claimant_paths: dict[str, str] = {}
    claimant_looks: dict[str, tuple[str, str, FieldPath]] = {}  # skeleton -> (name, path, field) of its first page
    topic_looks: dict[str, tuple[str, str, FieldPath]] = {}
    for facts in result.kept:
        claimant = result.claimants.get(facts.claimant_id)
        if claimant is None:
            claimant = result.claimants[facts.claimant_id] = ClaimantEntry(
                facts.claimant_id, facts.claimant_name, facts.claimant_type
            )
            claimant_paths[facts.claimant_id] = facts.path
            _look_alike(
                result,
                claimant_looks,
                facts.claimant_name,
                facts.path,
                ("claimant", "name"),
                "claimant",
                "write the name the same way every time, or give both the same `claimant.id`",
            )
        elif claimant.name != facts.claimant_name:
            result.problems.append(
                Pending(
                    facts.path,
                    ("claimant", "name"),
                    f"claimant {facts.claimant_name!r} has the same page as {claimant.name!r} "
                    f"({claimant_paths[facts.claimant_id]})",
                    "write the name exactly the same way, or give `claimant.id` to tell them apart",
                )
            )
        if facts.claimant_role and facts.claimant_role not in claimant.roles:
            claimant.roles.append(facts.claimant_role)
        for url in facts.claimant_same_as:
            if url not in claimant.same_as:
                claimant.same_as.append(url)
        for index, name in enumerate(facts.topics):
            topic_id = slugify(name)
            topic = result.topics.get(topic_id)
            if topic is None:
                topic = result.topics[topic_id] = Topic(topic_id, name)
                _look_alike(
                    result,
                    topic_looks,
                    name,
                    facts.path,
                    ("topics", index),
                    "topic",
                    "write the topic the same way every time",
                )
            if topic.name != name:
                result.problems.append(
                    Pending(
                        facts.path,
                        ("topics", index),
                        f"topic {name!r} is written {topic.name!r} elsewhere",
                        "write each topic the same way everywhere",
                    )
                )
        for at, ref in facts.claim_links:
            if ref not in first_path:
                message, hint = unknown_link_problem("claim", ref)
                result.problems.append(Pending(facts.path, at, f"`{dotted_path(at)}`: {message}", hint))
            elif facts.published and not published[ref]:
                result.problems.append(
                    Pending(
                        facts.path,
                        at,
                        f"`{dotted_path(at)}` links to claim {ref!r}, which is not published "
                        f"({first_path[ref]}): the link would lead nowhere",
                        "publish that claim first, or remove the link until it is published",
                    )
                )
    return result


def _look_alike(
    result: CrossReference,
    seen: dict[str, tuple[str, str, FieldPath]],
    name: str,
    path: str,
    at: FieldPath,
    kind: str,
    hint: str,
) -> None:
    """Warn when a new claimant or topic page has a name a reader cannot tell from an earlier one."""
    first = seen.setdefault(skeleton(name), (name, path, at))
    if first[0] != name:
        result.problems.append(
            Pending(
                path,
                at,
                f"{kind} {name!r} looks like {first[0]!r} ({{also}}) but gets a page of its own: "
                f"{first_difference(name, first[0])}",
                hint,
                Severity.WARNING,
                (first[1], first[2]),
            )
        )
