"""The JSON Schemas for editors: generated from the models, up to date, and in agreement with the loader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from factcheck.core.checks.loader import load_catalog
from factcheck.core.records.yaml.read import read_yaml
from factcheck.core.settings import settings_from_mkdocs_yml

from conftest import CLAIM_YML, ROOT, SOURCE_YML, Site
from editor_yaml import editor_load


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_committed_schemas_are_what_the_models_generate(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "schema", "--out", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for kind in ("claim", "source"):
        generated = (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8")
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert generated == committed, f"schemas/{kind}.schema.json is out of date: run `factcheck schema`"
    check = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "schema", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_schema_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    (tmp_path / "claim.schema.json").write_text("{}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "schema", "--out", str(tmp_path), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "claim.schema.json is out of date" in result.stderr
    assert (tmp_path / "claim.schema.json").read_text() == "{}\n"


def _properties(schema: dict, where: str = ""):
    for name, definition in {"": schema, **schema.get("$defs", {})}.items():
        for field, spec in definition.get("properties", {}).items():
            yield f"{name or where}.{field}", spec


@pytest.mark.parametrize("kind", ["claim", "source"])
def test_every_field_has_a_description_and_examples(kind: str) -> None:
    schema = validator(kind).schema
    missing = [
        path
        for path, spec in _properties(schema)
        if not spec.get("description") or not (spec.get("examples") or _examples_inside(spec))
    ]
    assert not missing, missing


def _examples_inside(spec: dict) -> bool:
    return any(option.get("examples") for option in spec.get("anyOf", []))


RECORDS = sorted((ROOT / "claims").rglob("*.yml")) + sorted((ROOT / "seeds").glob("*.yml"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.name for p in RECORDS])
def test_schema_accepts_every_shipped_record_as_editors_read_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kind = "claim" if path.parent.name == "claims" else "source"
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(editor_load(text))]
    assert not errors, errors


# (name, broken claim text, field path of the finding, loader message fragment)
BROKEN_CLAIMS = [
    ("unknown-field", CLAIM_YML.replace("topics:", "topcis:"), ("topcis",), "unknown field `topcis`"),
    ("missing-field", CLAIM_YML.replace("verdict: half-true\n", ""), ("verdict",), "missing required field `verdict`"),
    (
        "wrong-type",
        CLAIM_YML.replace(
            "appearances:\n  - source: example-times-bridge\n    quote: it cost 12 million euros",
            "appearances: example-times-bridge",
        ),
        ("appearances",),
        "valid list",
    ),
    ("bad-id", CLAIM_YML.replace("id: bridge-cost", "id: Bridge_Cost"), ("id",), "ids are lowercase"),
    (
        "bad-source-id",
        CLAIM_YML.replace(
            "  - source: example-times-bridge\n    quote: it", "  - source: Example Times\n    quote: it"
        ),
        ("appearances", 0, "source"),
        "ids are lowercase",
    ),
    (
        "bad-stance",
        CLAIM_YML.replace("stance: contradicts", "stance: refutes"),
        ("evidence", 0, "stance"),
        "must be one of the allowed values",
    ),
    ("bad-date", CLAIM_YML.replace("published: 2024-03-10", "published: 2024-02-30"), ("published",), "valid date"),
    ("not-a-date", CLAIM_YML.replace("published: 2024-03-10", "published: 0"), ("published",), "valid date"),
    (
        "blank-text",
        CLAIM_YML.replace("claim: The bridge cost 12 million euros.", 'claim: "   "'),
        ("claim",),
        "must not be empty",
    ),
    (
        "source-and-url",
        CLAIM_YML.replace("    stance: contradicts", "    url: https://example.org/x\n    stance: contradicts"),
        ("evidence", 0),
        "not both",
    ),
    (
        "bad-claimant-type",
        CLAIM_YML.replace("  role: Mayor of Example", "  type: group"),
        ("claimant", "type"),
        "must be one of the allowed values",
    ),
]


@pytest.mark.parametrize("name,text,loc,message", BROKEN_CLAIMS, ids=[c[0] for c in BROKEN_CLAIMS])
def test_schema_and_loader_reject_a_broken_record_at_the_same_field(
    site: Site, name: str, text: str, loc: tuple, message: str
) -> None:
    site.with_example().write("claims/bridge-cost.yml", text)
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    document, _ = read_yaml(text.encode(), "claims/bridge-cost.yml")
    unknown = name == "unknown-field"
    line, column = document.position(loc, key=unknown) if loc[-1] != "verdict" else (1, 1)
    found = [p for p in problems if p.path == "claims/bridge-cost.yml" and message in p.message]
    assert found, [p.format() for p in problems]
    assert (found[0].line, found[0].column) == (line, column), found[0].format()
    errors = list(validator("claim").iter_errors(editor_load(text)))
    paths = {tuple(e.absolute_path) for e in errors}
    if unknown or name == "missing-field":  # reported on the mapping that holds (or lacks) the key
        assert any(tuple(e.absolute_path) == loc[:-1] and repr(loc[-1]) in e.message for e in errors), errors
    else:
        assert loc in paths, [(list(e.absolute_path), e.message) for e in errors]


def test_editors_and_loader_agree_on_yaml_1_2_scalars(site: Site) -> None:
    """Unquoted numbers and booleans are numbers and booleans to an editor, text to the loader."""
    text = CLAIM_YML.replace("verdict: half-true", "verdict: false").replace("author: Test Author", "author: 2024")
    site.with_example().write("claims/bridge-cost.yml", text)
    site.write_config()
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
    data = editor_load(text)
    assert data["verdict"] is False and data["author"] == 2024
    assert not list(validator("claim").iter_errors(data))


def test_source_schema_agrees_on_partial_dates() -> None:
    for published, ok in (("2022-03", True), ("2022", True), ("2022-03-04", True), ("March 2022", False)):
        data = editor_load(SOURCE_YML.replace("published: 2024-03-04", f"published: {published}"))
        assert validator("source").is_valid(data) is ok, published


BROKEN_SOURCES = [
    (
        "javascript-url",
        SOURCE_YML.replace("url: https://example.org/bridge", "url: javascript:alert(1)"),
        ("url",),
        "URL scheme javascript: is not allowed",
    ),
    (
        "credentials-in-url",
        SOURCE_YML.replace("url: https://example.org/bridge", "url: https://user:pw@example.org/"),
        ("url",),
        "credentials",
    ),
    ("month-13", SOURCE_YML.replace("published: 2024-03-04", "published: 2024-13"), ("published",), "not a real date"),
    ("bad-text-name", SOURCE_YML.replace("text: bridge.txt", "text: ../bridge.txt"), ("text",), "String should match"),
    ("unknown-field", SOURCE_YML + "publsher: X\n", ("publsher",), "unknown field `publsher`"),
]


@pytest.mark.parametrize("name,text,loc,message", BROKEN_SOURCES, ids=[c[0] for c in BROKEN_SOURCES])
def test_schema_and_loader_reject_a_broken_source_at_the_same_field(
    site: Site, name: str, text: str, loc: tuple, message: str
) -> None:
    site.with_example().write("seeds/example-times-bridge.yml", text)
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    document, _ = read_yaml(text.encode(), "seeds/example-times-bridge.yml")
    found = [p for p in problems if p.path == "seeds/example-times-bridge.yml" and message in p.message]
    assert found, [p.format() for p in problems]
    assert (found[0].line, found[0].column) == document.position(loc, key=name == "unknown-field")
    errors = list(validator("source").iter_errors(editor_load(text)))
    if name == "unknown-field":
        assert any(tuple(e.absolute_path) == () and repr(loc[-1]) in e.message for e in errors), errors
    else:
        assert loc in {tuple(e.absolute_path) for e in errors}, [(list(e.absolute_path), e.message) for e in errors]
