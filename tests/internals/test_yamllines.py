"""The line-by-line YAML reader gives exactly what the libyaml events reader gives, or leaves the file to it.

The events reader is itself compared with PyYAML's full reader (test_yamlread_fast.py), so this
chain pins the data of every record to what PyYAML reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.records.yaml import lines as yamllines
from factcheck.core.records.yaml import read as yamlread
from factcheck.core.records.yaml.guard import first_text_problem

from conftest import CLAIM_YML, ROOT, SOURCE_YML

sys.path.insert(0, str(ROOT / "benchmarks"))
from validate_bench import CLAIM as BENCH_CLAIM  # noqa: E402

UNUSUAL = yamllines.UNUSUAL


def agrees(text: str) -> bool:
    """The line reader's data equals the events reader's, or it declined; True when it read it."""
    if first_text_problem(text) is not None:  # refused before any reader runs
        return False
    lines = yamllines.read_simple(text)
    if lines is UNUSUAL:
        return False
    events = yamlread._read_plain_fast(text)
    assert events is not yamlread.UNUSUAL, f"the line reader read what libyaml refuses: {text!r}"
    assert lines == events, text
    return True


BENCH = BENCH_CLAIM.format(n=7, s=3, speaker=5, year=2001, verdict="true", other=8, half=3, topic=2)
RECORDS = sorted(ROOT.glob("claims/*.yml")) + sorted(ROOT.glob("seeds/*.yml"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.name for p in RECORDS])
def test_shipped_records_are_read_line_by_line_with_the_same_data(path: Path) -> None:
    assert agrees(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [CLAIM_YML, SOURCE_YML, BENCH], ids=["claim", "source", "benchmark"])
def test_the_documented_shapes_are_read_line_by_line(text: str) -> None:
    assert agrees(text)


# Read line by line: each must give libyaml's data.
COMMON = [
    "a: b\n",
    "a: b   \n",
    "a:    b\n",
    "a:\n",
    "a: ~\nb: null\nc: Null\nd: NULL\ne: ''\nf: \"\"\n",
    "a: yes\nb: 1_000\nc: 2022-03-03\nd: 0o17\ne: .inf\nf: 1:20\n",
    "a: it's\nb: a#b\nc: x:y\nd: http://e.org/f?g=h#i\n",
    "a: 'it''s'\nb: '\"'\nc: ''''\n",
    'a: "say \\"no\\""\nb: "back\\\\slash"\nc: "\\\\"\nd: "# : \' x"\n',
    "a: [b, c]\nb: []\nc: [ ]\nd: [~, null, x y  z]\ne: [ a ,b ]\n",
    "a:\n- b\n- c\nd: e\n",
    "a:\n  - b\n  - c\nd: e\n",
    "a:\n    - b\n    -   c\n",
    "a:\n  b: c\n  d:\n    e: f\ng: h\n",
    "a:\n- b: c\n  d: e\n- f: g\n",
    "a:\n  -   b: c\n      d: e\n",
    "a:\n- - b\n  - c\n- d\n",
    "a:\n-\n- b\n-\n",
    "a:\n-\n  b: c\n",
    "a:\n  # note\n  b: c\n# note\nd: e\n",
    "# head\n\na: b\n\n\nc: d\n",
    "a: |\n  x\n  y\n",
    "a: |-\n  x\n\n",
    "a: |+\n  x\n\n\nb: c\n",
    "a: |\n  x\n\n\n",
    "a: >\n  x\n  y\n\n  z\n",
    "a: >-\n  x\n    more\n  y\n",
    "a: >+\n  x\n \n",
    "a: |\n  x\n   indented\n  # kept\nb: c\n",
    "a: >\n  one\n\n\n  two\n   three\n  four\n",
    "a: |\n    x\n    y\n",
    "a:\n- |\n  x\n- >-\n  y\n  z\n",
    "a:\n  b: |\n    x\n  c: d\n",
    "a: |\n  x\n# after\nb: c\n",
    "a: |\n  x\n  \n  y\n",
    "a: caf\u00e9 \u00e0 l'\u00e9t\u00e9\n",
    "a: \u201cquoted\u201d \u2014 dash\n",
    "a_b: c\nA1: d\n",
    "a: b\u00a0\n",
    'a: "caf\u00e9"\n',
]

# Left to libyaml (which may accept or refuse them): each must come back UNUSUAL.
LEFT = [
    "a: b",
    "a:\tb\n",
    "a: b\r\n",
    "a: b # comment\n",
    'a: "x\\ny"\n',
    'a: "\\u00e9"\n',
    'a: "x" y\n',
    "a: 'x' y\n",
    "a: b\n  c\n",
    "a:\n  b\n  c\n",
    "a: &x b\n",
    "a: *x\n",
    "a: !!str b\n",
    "a: {b: c}\n",
    "a: [b, [c]]\n",
    "a: [b,]\n",
    'a: ["b"]\n',
    "a: [b: c]\n",
    "a-b: c\n",
    '"a": b\n',
    "a b: c\n",
    "a : b\n",
    "a: b\na: c\n",
    "<<: b\n",
    "? a\n: b\n",
    "- a\n",
    "  a: b\n",
    "---\na: b\n",
    "a: b\n...\n",
    "%YAML 1.1\n---\na: b\n",
    "a: b: c\n",
    "a: b:\n",
    "a: -b\n",
    "a: |\n\n  x\n",
    "a: |\n",
    "a: |\nb: c\n",
    "a: |2\n  x\n",
    "a: |\n  x\n    \n",
    "a: >\n  x\n   \n",
    "a:\n  - b\n  c: d\n",
    "a:\n- b\n  c: d\n",
    "# only a comment\n",
    "",
    "\n",
    "a: b\u2028c\n",
    'a: "x\n  y"\n',
    "a: 'x\n  y'\n",
]


@pytest.mark.parametrize("text", COMMON)
def test_common_shapes_are_read_line_by_line(text: str) -> None:
    assert agrees(text)


@pytest.mark.parametrize("text", LEFT)
def test_unusual_shapes_are_left_to_libyaml(text: str) -> None:
    assert yamllines.read_simple(text) is UNUSUAL


# -- generated records ----------------------------------------------------------------------

# Plain words the line reader reads, and words it may leave to libyaml (or libyaml refuses).
PLAIN = ["a", "b c", "yes", "null", "~", "caf\u00e9", "it's", "a#b", "x,y", "1:2", "\u00a0x", "http://e.org/a?b=c"]
ODD = [
    "",
    "-1",
    "x: y",
    "x:",
    "a #b",
    "'q'",
    '"q"',
    "[x]",
    "{x}",
    "?",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%",
    "@",
    "`",
    "#",
    "- x",
    "-",
    "::",
    "\\",
    '\\"',
]
QUOTABLE = PLAIN + ODD + ["\u2014", "  ", " lead", "trail "]
KEYS = ["id", "claim", "note", "a_b", "Key2", "null"]
ODD_KEYS = ["a-b", "x y", "<<", '"k"']


@st.composite
def records(draw: st.DrawFn) -> tuple[str, bool]:
    """(record-like YAML text, whether it is in the shape the line reader must read)."""
    step = draw(st.sampled_from([2, 4]))
    out: list[str] = []
    clean = [True]

    def pick(usual: list[str], odd: list[str]) -> str:
        if draw(st.integers(0, 5)) == 0:
            clean[0] = False
            return draw(st.sampled_from(odd))
        return draw(st.sampled_from(usual))

    def scalar() -> str:
        style = draw(st.sampled_from(["", "", "'", '"']))
        if style == "'":
            return "'" + draw(st.sampled_from(QUOTABLE)).replace("'", "''") + "'"
        if style == '"':
            return '"' + draw(st.sampled_from(QUOTABLE)).replace("\\", "\\\\").replace('"', '\\"') + '"'
        return " ".join(
            draw(st.lists(st.just(None), min_size=1, max_size=3).map(lambda n: [pick(PLAIN, ODD) for _ in n]))
        )

    def value(indent: int, depth: int) -> None:
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "map", "list"] if depth < 3 else ["scalar"]))
        if kind == "scalar":
            out[-1] += " " + scalar()
        elif kind == "flow":
            words = [pick(["a", "b c", "yes", "null", "~", "caf\u00e9"], ODD) for _ in range(draw(st.integers(0, 3)))]
            out[-1] += " [" + draw(st.sampled_from([",", ", ", " , "])).join(words) + "]"
        elif kind == "block":
            out[-1] += " " + draw(st.sampled_from(["|", "|-", "|+", ">", ">-", ">+"]))
            inner = indent + step + draw(st.sampled_from([0, 0, 1]))
            out.append(" " * inner + pick(["x y", "z", "# c", "- item"], ["  more", "", " " * (inner + 1)]))
            for line in draw(st.lists(st.sampled_from(["x y", "  more", "", " ", "# c", "- item", "z"]), max_size=4)):
                out.append(" " * inner + line if line.strip() else line)
        elif kind == "map":
            mapping(indent + step, depth + 1)
        else:
            sequence(indent + draw(st.sampled_from([0, step])), depth + 1)

    def mapping(indent: int, depth: int) -> None:
        keys = [pick(KEYS, ODD_KEYS) for _ in range(draw(st.integers(1, 3)))]
        if len(set(keys)) < len(keys):
            clean[0] = False
        for key in keys:
            out.append(" " * indent + key + ":")
            value(indent, depth)
            if draw(st.integers(0, 6)) == 0:
                out.append(draw(st.sampled_from(["", " " * indent + "# note", "  ", "#"])))

    def sequence(indent: int, depth: int) -> None:
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                out.append(" " * indent + "-" + " " * draw(st.integers(1, 3)))
                column = len(out[-1])
                out[-1] += pick(KEYS, ODD_KEYS) + ":"
                value(column, depth)
            else:
                out.append(" " * indent + "-")
                value(indent, depth)

    mapping(0, 0)
    return "\n".join(out) + "\n", clean[0]


@settings(max_examples=2000, deadline=None)
@given(records())
def test_generated_records_give_libyamls_data_and_the_usual_ones_are_read(record: tuple[str, bool]) -> None:
    text, usual = record
    read = agrees(text)
    if usual:
        assert read, f"a record in the common shape was left to libyaml: {text!r}"


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from([CLAIM_YML, SOURCE_YML, BENCH]),
    st.integers(0, 2000),
    st.sampled_from(
        [
            "&",
            "*",
            "!",
            ": ",
            "\t",
            "'",
            '"',
            "- ",
            "? ",
            "---\n",
            "{",
            "[",
            "]",
            ",",
            "#",
            " #",
            "\n",
            "\n  ",
            "\n\n",
            "|",
            ">",
            "\\",
            '\\"',
            "  ",
            "-",
            ":",
            "~",
            "\n- ",
            "\n  - ",
            "a: b\n",
            "\u00a0",
            "\u2028",
            "\r",
        ]
    ),
)
def test_damaged_records_give_libyamls_data_or_are_left_to_it(record: str, at: int, insert: str) -> None:
    at = min(at, len(record))
    agrees(record[:at] + insert + record[at:])
