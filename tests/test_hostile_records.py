"""Hostile and broken records: a corpus (tests/hostile/) of hostile or broken records and the exact
problem each must produce (tests/hostile/expected.txt), and byte-level cases that cannot live in a
text file: every one is reported at its place, none raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.core.checks.loader import load_catalog
from factcheck.core.settings import settings_from_mkdocs_yml

from conftest import CLAIM_YML, Site, run_cli

CORPUS = Path(__file__).parent / "hostile"


def problems_of(site: Site) -> list[str]:
    """First lines of every problem, as `factcheck validate` prints them."""
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    return [p.format().split("\n")[0] for p in problems]


def expected_problems() -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for line in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expected.setdefault(line.split(":", 1)[0], []).append(line)
    return expected


CORPUS_FILES = sorted(f"{kind}/{p.name}" for kind in ("claims", "seeds") for p in (CORPUS / kind).glob("*.yml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS_FILES) + len(BYTE_CASES) >= 30
    assert set(expected_problems()) <= set(CORPUS_FILES)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_each_hostile_record_gets_exactly_its_problem(site: Site, name: str) -> None:
    site.with_example().write(name, (CORPUS / name).read_bytes())
    assert problems_of(site) == expected_problems().get(name, [])


def test_the_whole_corpus_at_once_through_the_cli(site: Site) -> None:
    site.with_example()
    for name in CORPUS_FILES:
        site.write(name, (CORPUS / name).read_bytes())
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if ": error: " in line or ": warning: " in line]
    expected = [line for lines in expected_problems().values() for line in lines]
    assert sorted(reported) == sorted(expected)
    assert re.search(r"^hint: ", result.stdout.replace("\n    hint: ", "\nhint: "), re.MULTILINE)


# (name, bytes of claims/<name>.yml, the exact problem)
BYTE_CASES = [
    (
        "latin-1",
        CLAIM_YML.replace("id: bridge-cost", "id: latin-1").replace("Jane Mayor", "Jos\xe9 Mayor").encode("latin-1"),
        "claims/latin-1.yml:4:12: error: file is not valid UTF-8",
    ),
    ("utf-16", CLAIM_YML.encode("utf-16"), "claims/utf-16.yml:1:1: error: file is not valid UTF-8"),
    ("empty", b"", "claims/empty.yml:1:1: error: file is empty"),
    ("only-comments", b"# id: only-comments\n\n# nothing else\n", "claims/only-comments.yml:1:1: error: file is empty"),
    ("only-bom", b"\xef\xbb\xbf", "claims/only-bom.yml:1:1: error: file is empty"),
    (
        "only-null",
        b"~\n",
        "claims/only-null.yml:1:1: error: a record must be a mapping of fields, found a single value",
    ),
    (
        "oversized",
        b"id: oversized\nanalysis: |\n" + b"  padding padding padding padding\n" * 9000,
        "claims/oversized.yml:1:1: error: file is 306,026 bytes; records are limited to 262,144",
    ),
    (
        "nul-byte",
        CLAIM_YML.replace("id: bridge-cost", "id: nul-byte").encode().replace(b"Test Author", b"Test\x00Author"),
        "claims/nul-byte.yml:18:13: error: file contains a control character (U+0000)",
    ),
    (
        "bracket-bomb",
        b"id: bracket-bomb\ntopics: " + b"[" * 100_000,
        "claims/bracket-bomb.yml:2:40: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "brace-bomb",
        b"id: brace-bomb\ntopics: " + b"{a: " * 50_000,  # libyaml's own composer would crash
        "claims/brace-bomb.yml:2:133: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "dash-bomb",
        b"id: dash-bomb\ntopics:\n" + b"- " * 100_000 + b"x",
        "claims/dash-bomb.yml:3:63: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
]


@pytest.mark.parametrize("name,raw,expected", BYTE_CASES, ids=[c[0] for c in BYTE_CASES])
def test_broken_bytes_are_reported_not_raised(site: Site, name: str, raw: bytes, expected: str) -> None:
    site.with_example().write(f"claims/{name}.yml", raw)
    problems = problems_of(site)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_yaml_1_1_surprises_are_read_as_the_text_written(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace(
            "topics: [Infrastructure]", "topics: [no, on, yes, 1_000, '1:20', 1:20:30, 2022-03-03, 0o17, .inf, ~x]"
        ),
    )
    catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert problems == []
    assert [t.name for t in catalog.topics.values()] == sorted(
        ["no", "on", "yes", "1_000", "1:20", "1:20:30", "2022-03-03", "0o17", ".inf", "~x"], key=str.casefold
    )
