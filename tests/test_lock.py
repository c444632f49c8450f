"""requirements/lock.txt pins, with hashes, every dependency pyproject.toml names, at a version its
range allows: `make test`, `make serve` and CI install exactly it (`make lock` regenerates it)."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCK = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
PINNED = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)(?: ; ([^\\]+?))? \\$", re.MULTILINE)


def pins() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, version, _marker in PINNED.findall(LOCK):
        found.setdefault(canonicalize_name(name), []).append(version)
    return found


def test_every_dependency_is_pinned_within_its_range() -> None:
    locked = pins()
    for line in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        versions = locked.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements/lock.txt: run `make lock`"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{requirement.name}=={version} is outside {requirement.specifier}: run `make lock`"
            )


def test_every_pin_has_hashes() -> None:
    entries = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 2)[2].strip())
    assert len(entries) == len(PINNED.findall(LOCK)) > 20
    for entry in entries:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.splitlines()[0]
