"""A checker for JSON-LD against the schema.org vocabulary (release file in /work/shared/schemaorg/).

Every ``@type`` must be a schema.org class, every property must exist and be expected on that
type (``domainIncludes``, through superclasses), and every value must fit the property's range:
nested objects by their type, strings as Text/URL/Date/DateTime, numbers as Number.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conftest import ROOT

VOCABULARY_NAME = "schemaorg-current-https.jsonld"
CANDIDATES = [
    Path(os.environ["SCHEMAORG_VOCABULARY"]) if os.environ.get("SCHEMAORG_VOCABULARY") else None,
    ROOT.parent / "shared" / "schemaorg" / VOCABULARY_NAME,
    Path("/work/shared/schemaorg") / VOCABULARY_NAME,
]


def vocabulary_path() -> Path | None:
    return next((p for p in CANDIDATES if p is not None and p.is_file()), None)


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in items]


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATATYPES = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Float", "Boolean", "Time"}


def is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def is_datetime(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


class Vocabulary:
    def __init__(self, path: Path) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.classes: dict[str, list[str]] = {}
        self.properties: dict[str, tuple[list[str], list[str]]] = {}
        for node in graph:
            name = node["@id"].removeprefix("schema:")
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "rdfs:Class" in types:
                self.classes[name] = _ids(node.get("rdfs:subClassOf"))
            if "rdf:Property" in types:
                self.properties[name] = (
                    _ids(node.get("schema:domainIncludes")),
                    _ids(node.get("schema:rangeIncludes")),
                )

    def ancestors(self, name: str) -> set[str]:
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.classes.get(current, []))
        return seen

    def check(self, node: Any, where: str = "$", expected: list[str] | None = None) -> list[str]:
        """Problems with a JSON-LD node (empty when it is valid)."""
        problems: list[str] = []
        if not isinstance(node, dict):
            return [f"{where}: expected an object, got {node!r}"]
        kind = node.get("@type")
        if not isinstance(kind, str) or kind not in self.classes or kind in DATATYPES:
            return [f"{where}: @type {kind!r} is not a schema.org class"]
        ancestors = self.ancestors(kind)
        if expected and not ancestors & set(expected):
            problems.append(f"{where}: a {kind} is not one of {expected}")
        for key, value in node.items():
            if key == "@context":
                if value not in ("https://schema.org", "https://schema.org/"):
                    problems.append(f"{where}: @context must be https://schema.org")
                continue
            if key == "@type":
                continue
            if key not in self.properties:
                problems.append(f"{where}.{key}: not a schema.org property")
                continue
            domains, ranges = self.properties[key]
            if not ancestors & set(domains):
                problems.append(f"{where}.{key}: not a property of {kind} (domain: {domains})")
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                problems += self.check_value(item, f"{where}.{key}[{index}]", ranges)
        return problems

    def check_value(self, value: Any, where: str, ranges: list[str]) -> list[str]:
        if isinstance(value, dict):
            return self.check(value, where, [r for r in ranges if r not in DATATYPES] or ["__none__"])
        kinds = set(ranges)
        if isinstance(value, bool):
            return [] if "Boolean" in kinds else [f"{where}: a boolean is not in range {ranges}"]
        if isinstance(value, (int, float)):
            return [] if kinds & {"Number", "Integer", "Float"} else [f"{where}: a number is not in range {ranges}"]
        if not isinstance(value, str):
            return [f"{where}: {value!r} has no schema.org type"]
        if not value.strip():
            return [f"{where}: empty text"]
        if "Text" in kinds:
            return []
        checks = []
        if "URL" in kinds:
            checks.append(is_url(value))
        if "Date" in kinds:
            checks.append(is_date(value))
        if "DateTime" in kinds:
            checks.append(is_datetime(value))
        return [] if any(checks) else [f"{where}: {value!r} does not fit range {ranges}"]


class LazyVocabulary:
    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        path = vocabulary_path()
        return Vocabulary(path) if path else None


VOCABULARY = LazyVocabulary()
