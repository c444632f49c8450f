"""The checks that compare claims with each other, and the claimant and topic indexes they build.

They run on :class:`ClaimFacts` in file order, whichever process checked each claim, so the
first file that names a claimant or a topic sets its spelling, exactly as a reader would meet
them. Problems found here name a field, not yet a line: the caller, which has the documents
(or can read them again), places them with :meth:`Pending.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .catalog import Claimant, Topic
from .claimcheck import ClaimFacts, FieldPath
from .markdowncheck import unknown_link_problem
from .problems import Problem, Severity
from .records import dotted_path, duplicate_id_problem
from .text import slugify

Locate = Callable[[str, FieldPath], tuple[int, int]]  # (path, field) -> (line, column)


@dataclass(frozen=True)
class Pending:
    """A problem found across claims, at a field of a record, to be placed at its line."""

    path: str
    at: FieldPath
    message: str
    hint: str
    severity: Severity = Severity.ERROR

    def resolve(self, locate: Locate) -> Problem:
        line, column = locate(self.path, self.at)
        return Problem(self.path, line, column, self.message, self.hint, self.severity)


@dataclass
class CrossReference:
    kept: list[ClaimFacts] = field(default_factory=list)  # every claim but repeated ids, in file order
    claimants: dict[str, Claimant] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    problems: list[Pending] = field(default_factory=list)


def cross_reference(all_facts: list[ClaimFacts]) -> CrossReference:
    """Unique ids, one spelling per claimant page and topic, ``claim:`` links that resolve."""
    result = CrossReference()
    first_path: dict[str, str] = {}
    for facts in all_facts:
        if facts.id in first_path:
            message, hint = duplicate_id_problem("claim", facts.id, first_path[facts.id])
            result.problems.append(Pending(facts.path, ("id",), message, hint))
        else:
            first_path[facts.id] = facts.path
            result.kept.append(facts)
    claimant_paths: dict[str, str] = {}
    for facts in result.kept:
        claimant = result.claimants.get(facts.claimant_id)
        if claimant is None:
            claimant = result.claimants[facts.claimant_id] = Claimant(facts.claimant_id, facts.claimant_name,
                                                                      facts.claimant_type)
            claimant_paths[facts.claimant_id] = facts.path
        elif claimant.name != facts.claimant_name:
            result.problems.append(Pending(
                facts.path, ("claimant", "name"),
                f"claimant {facts.claimant_name!r} has the same page as {claimant.name!r} "
                f"({claimant_paths[facts.claimant_id]})",
                "write the name exactly the same way, or give `claimant.id` to tell them apart"))
        if facts.claimant_role and facts.claimant_role not in claimant.roles:
            claimant.roles.append(facts.claimant_role)
        for url in facts.claimant_same_as:
            if url not in claimant.same_as:
                claimant.same_as.append(url)
        for index, name in enumerate(facts.topics):
            topic_id = slugify(name)
            topic = result.topics.setdefault(topic_id, Topic(topic_id, name))
            if topic.name != name:
                result.problems.append(Pending(facts.path, ("topics", index),
                                               f"topic {name!r} is written {topic.name!r} elsewhere",
                                               "write each topic the same way everywhere"))
        for at, ref in facts.claim_links:
            if ref not in first_path:
                message, hint = unknown_link_problem("claim", ref)
                result.problems.append(Pending(facts.path, at, f"`{dotted_path(at)}`: {message}", hint))
    return result
