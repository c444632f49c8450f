"""The fast YAML readers (line by line, then libyaml events) give exactly what the full reader
gives, or leave the file to it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.records.yaml import read as yamlread

from conftest import CLAIM_YML, ROOT, SOURCE_YML


def full_read(raw: bytes):
    """read_yaml with both fast paths switched off: the reference behaviour."""
    fast, simple = yamlread._read_plain_fast, yamlread.read_simple
    yamlread._read_plain_fast = lambda text: yamlread.UNUSUAL
    yamlread.read_simple = lambda text: yamlread.UNUSUAL
    try:
        return yamlread.read_yaml(raw, "x.yml")
    finally:
        yamlread._read_plain_fast, yamlread.read_simple = fast, simple


def same(raw: bytes) -> None:
    fast_doc, fast_problems = yamlread.read_yaml(raw, "x.yml")
    full_doc, full_problems = full_read(raw)
    assert fast_problems == full_problems
    if full_doc is None:
        assert fast_doc is None
    else:
        assert (fast_doc.data, fast_doc.positions, fast_doc.key_positions) == (
            full_doc.data,
            full_doc.positions,
            full_doc.key_positions,
        )


RECORDS = sorted(ROOT.glob("claims/*.yml")) + sorted(ROOT.glob("seeds/*.yml"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.name for p in RECORDS])
def test_shipped_records_take_the_fast_path_with_the_same_result(path) -> None:
    raw = path.read_bytes()
    assert yamlread._read_plain_fast(raw.decode("utf-8")) is not yamlread.UNUSUAL
    same(raw)


TRICKY = [
    "a: &x 1\nb: *x\n",
    "a: !!int 1\n",
    "a: 1\nb: 2\na: 3\n",
    "<<: {a: 1}\n",
    "? [a]\n: b\n",
    "# only\n",
    "",
    "a: b\n---\nc: d\n",
    "- a\n- b\n",
    "x",
    "a: null\nb: ~\nc:\nd: 'null'\ne: [~, '', \"\"]\n",
    "a: !!str null\n",
    "a: ! x\n",
    "a: {b: [1, {c: d}]}\n",
    "a: 'it''s'\nb: |\n  x\n  y\nc: >\n  z\n",
    "a: b: c\n",
    "a:\t b\n",
    "\ufeffa: b\n",
    "a: &anchor b\n",
    "&a {b: c}\n",
    "!foo {a: b}\n",
    "a: !!seq [b]\n",
    "%YAML 1.1\n---\na: b\n",
    "--- a\n...\n",
    "a: [b, *c]\n",
    "{a: b}: c\n",
    "a:\n  - b\n  -\n  - ''\n",
    "---\n",
    "a: [[[[b]]]]\n",
    "a: " + "[" * 32 + "]" * 32 + "\n",
    "a: " + "[" * 33 + "]" * 33 + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(40)),
    "[a, b]: c\n",
    "? |\n  k\n: v\n",
    'a: "\\u202e"\n',
]


@pytest.mark.parametrize("text", TRICKY)
def test_unusual_files_give_the_same_result(text: str) -> None:
    same(text.encode("utf-8"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, '"', "'", "|"]), st.booleans())
def test_generated_documents_give_the_same_result(data, style, flow) -> None:
    try:
        text = yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=True)
    except yaml.YAMLError:
        return
    same(text.encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([CLAIM_YML, SOURCE_YML]),
    st.integers(0, 400),
    st.sampled_from(["&", "*", "!", ": ", "<<: ", "\t", "'", '"', "- ", "? ", "---\n", "{", "[", "#", "\n  ", "%"]),
)
def test_damaged_records_give_the_same_result(record: str, at: int, insert: str) -> None:
    at = min(at, len(record))
    same((record[:at] + insert + record[at:]).encode("utf-8"))
