"""Reading a record or an archived text: no traceback, and every position where an editor shows it.

* damaged records of every class (nesting bombs, directives, line breaks only YAML sees, control
  characters, dates no output can carry, broken encodings), each with the exact problem a user
  sees from `factcheck validate` and from `mkdocs build`, which writes nothing;
* the same problems at the same lines whether a file ends its lines with LF, CRLF or CR;
* libyaml's behaviours across releases (where it stops by itself, how far it reads ahead),
  reproduced here: the answer never depends on them;
* archived texts: hidden characters warned at their line and column, none of them published raw;
* arbitrary damage to a record's bytes and arbitrary dates: problems, never an exception.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent

from factcheck.core.checks.loader import load_catalog
from factcheck.core.records.models import Claim
from factcheck.core.records.reading import read_records
from factcheck.core.records.yaml import read as yamlread
from factcheck.core.records.yaml.read import read_yaml
from factcheck.core.settings import settings_from_mkdocs_yml
from factcheck.core.text import text_position

from conftest import CLAIM_YML, SOURCE_TEXT, Site, page


def claim(name: str, old: str = "", new: str = "") -> str:
    """The example claim under the id ``name``, with ``old`` replaced by ``new``."""
    text = CLAIM_YML.replace("id: bridge-cost", f"id: {name}")
    assert old in text
    return text.replace(old, new, 1)


def run(site: Site, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false", "NO_MKDOCS_2_WARNING": "1"},
    )


def reported(output: str) -> list[str]:
    return sorted(
        line.split("] ", 1)[-1].removeprefix("ERROR   -  ").removeprefix("WARNING -  ").strip()
        for line in output.splitlines()
        if ": error: " in line or ": warning: " in line
    )


# (file, its bytes, the exact problem): every class of damage, each with its position
DAMAGED = [
    (
        "depth-brackets",
        claim("depth-brackets", "topics: [Infrastructure]", "topics: " + "[" * 5000).encode(),
        "claims/depth-brackets.yml:17:40: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "depth-closed",
        claim("depth-closed", "topics: [Infrastructure]", "topics: " + "[" * 999 + "]" * 999).encode(),
        "claims/depth-closed.yml:17:40: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "depth-mixed",
        claim("depth-mixed", "topics: [Infrastructure]", "topics: " + "[{a: " * 3000).encode(),
        "claims/depth-mixed.yml:17:85: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "depth-dashes",
        claim("depth-dashes", "topics: [Infrastructure]", "topics:\n" + "- " * 3000 + "x").encode(),
        "claims/depth-dashes.yml:18:63: error: YAML nested too deeply (records nest at most 32 levels)",
    ),
    (
        "directive-yaml",
        ("%YAML 1.3\n---\n" + claim("directive-yaml")).encode(),
        "claims/directive-yaml.yml:1:1: error: YAML directive %YAML is not allowed in records",
    ),
    (
        "directive-tag",
        ("# a comment\n%TAG !e! tag:example.org,2000:\n---\n" + claim("directive-tag")).encode(),
        "claims/directive-tag.yml:2:1: error: YAML directive %TAG is not allowed in records",
    ),
    (
        "directive-bomb",
        ("%YAML 1.1\n---\n" + claim("directive-bomb", "[Infrastructure]", "[" * 5000)).encode(),
        "claims/directive-bomb.yml:1:1: error: YAML directive %YAML is not allowed in records",
    ),
    (
        "directive-cr",
        ("%FOO bar\r---\r" + claim("directive-cr").replace("\n", "\r")).encode(),
        "claims/directive-cr.yml:1:1: error: YAML directive %FOO is not allowed in records",
    ),
    (
        "line-separator",
        claim("line-separator", "author: Test Author", "author: Desk\u2028verdict: false").encode(),
        "claims/line-separator.yml:18:13: error: file contains a line separator (U+2028)",
    ),
    (
        "paragraph-separator",
        claim("paragraph-separator", "Jane Mayor", "Jane\u2029Mayor").encode(),
        "claims/paragraph-separator.yml:4:13: error: file contains a paragraph separator (U+2029)",
    ),
    (
        "next-line",
        claim("next-line", "author: Test Author", "author: Desk\x85verdict: false").encode(),
        "claims/next-line.yml:18:13: error: file contains a next-line character (U+0085)",
    ),
    (
        "separator-in-comment",
        ("# note\u2028id: evil\n" + claim("separator-in-comment")).encode(),
        "claims/separator-in-comment.yml:1:7: error: file contains a line separator (U+2028)",
    ),
    (
        "nul-cr",
        claim("nul-cr", "Test Author", "Test\x00Author").replace("\n", "\r").encode(),
        "claims/nul-cr.yml:18:13: error: file contains a control character (U+0000)",
    ),
    (
        "nul-crlf",
        claim("nul-crlf", "Test Author", "Test\x00Author").replace("\n", "\r\n").encode(),
        "claims/nul-crlf.yml:18:13: error: file contains a control character (U+0000)",
    ),
    (
        "latin-1-after-utf-8",
        claim("latin-1-after-utf-8", "Jane Mayor", "Zoë Mayor").encode().replace(b"Mayor of", b"Jos\xe9 of"),
        "claims/latin-1-after-utf-8.yml:5:12: error: file is not valid UTF-8",
    ),
    (
        "latin-1-cr",
        claim("latin-1-cr", "Jane Mayor", "Zoë Mayor").replace("\n", "\r").encode().replace(b"Mayor of", b"Jos\xe9 of"),
        "claims/latin-1-cr.yml:5:12: error: file is not valid UTF-8",
    ),
    (
        "far-future",
        claim("far-future", "published: 2024-03-10", "published: 9999-12-31").encode(),
        "claims/far-future.yml:19:12: error: `published`: 9999-12-31 is outside the dates a site can publish "
        "(1970-01-01 to 2099-12-31)",
    ),
    (
        "before-1970",
        claim("before-1970", "published: 2024-03-10", "published: 1969-12-31").encode(),
        "claims/before-1970.yml:19:12: error: `published`: 1969-12-31 is outside the dates a site can publish "
        "(1970-01-01 to 2099-12-31)",
    ),
    (
        "updated-2106",
        claim(
            "updated-2106",
            "published: 2024-03-10",
            "published: 2024-03-10\nupdated: 2106-02-08\ncorrections:\n  - date: 2106-02-08\n    note: Fixed.",
        ).encode(),
        "claims/updated-2106.yml:20:10: error: `updated`: 2106-02-08 is outside the dates a site can publish "
        "(1970-01-01 to 2099-12-31)",
    ),
    (
        "updated-2106",
        None,
        "claims/updated-2106.yml:22:11: error: `corrections[0].date`: 2106-02-08 is outside the dates a site can "
        "publish (1970-01-01 to 2099-12-31)",
    ),
    (
        "february-30",
        claim("february-30", "published: 2024-03-10", "published: 2022-02-30").encode(),
        "claims/february-30.yml:19:12: error: `published`: Input should be a valid date or datetime, "
        "day value is outside expected range",
    ),
    (
        "year-0",
        claim("year-0", "published: 2024-03-10", "published: 0000-01-01").encode(),
        "claims/year-0.yml:19:12: error: `published`: Input should be a valid date in the format YYYY-MM-DD, "
        "year 0 is out of range",
    ),
    (
        "huge-number",
        claim("huge-number", "published: 2024-03-10", "published: " + "9" * 5000).encode(),
        "claims/huge-number.yml:19:12: error: `published`: Input should be a valid date in the format YYYY-MM-DD",
    ),
    (
        "odd-time-zone",
        claim("odd-time-zone", "published: 2024-03-10", "published: 2022-03-03T25:61:00+99:99").encode(),
        "claims/odd-time-zone.yml:19:12: error: `published`: Input should be a valid date in the format YYYY-MM-DD",
    ),
    (
        "appearance-date",
        claim(
            "appearance-date",
            "    quote: it cost 12 million euros",
            "    quote: it cost 12 million euros\n    date: 2022-03-03 10:00:00 +14:30",
        ).encode(),
        "claims/appearance-date.yml:9:11: error: `appearances[0].date`: Input should be a valid date in the format "
        "YYYY-MM-DD",
    ),
]
DAMAGED_FILES = {name: raw for name, raw, _ in DAMAGED if raw is not None}
EXPECTED = sorted(line for _, _, line in DAMAGED)


@pytest.fixture(scope="module")
def damaged_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("damaged") / "project").with_example()
    for name, raw in DAMAGED_FILES.items():
        site.write(f"claims/{name}.yml", raw)
    return site


def test_every_damaged_record_gets_its_problem_from_factcheck_validate(damaged_site: Site) -> None:
    result = run(damaged_site, "factcheck.cli", "validate", "--no-cache")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert reported(result.stdout) == EXPECTED, result.stdout


def test_mkdocs_build_reports_the_same_and_writes_nothing(damaged_site: Site) -> None:
    result = run(damaged_site, "mkdocs", "build", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert reported(output) == EXPECTED, output
    assert not (damaged_site.root / "site").exists()
    assert not [p.name for p in damaged_site.root.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize(
    "name,raw,expected",
    [case for case in DAMAGED if case[1] is not None],
    ids=[case[0] for case in DAMAGED if case[1] is not None],
)
def test_each_damaged_record_alone(site: Site, name: str, raw: bytes, expected: str) -> None:
    site.with_example().write(f"claims/{name}.yml", raw)
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert expected in [p.format().split("\n")[0] for p in problems]
    assert all(p.hint for p in problems)


# -- line endings: every position is the editor's -------------------------------------------------

BROKEN = (
    claim("broken")
    .replace(
        "analysis: |\n  Critics put the figure higher.",
        "analysis: |\n  Critics put the figure higher.\n\n  A <b>bold</b> claim.",
    )
    .replace("quote: it cost 12 million euros", "quote: it cost 13 million euros")
)
BROKEN_PROBLEMS = [
    "claims/broken.yml:8:12: error: quote not found in source 'example-times-bridge' (seeds/bridge.txt)",
    "claims/broken.yml:11:11: error: `analysis`: raw HTML is not allowed in Markdown fields",
]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_problems_are_at_the_same_lines_whatever_the_line_endings(site: Site, ending: str) -> None:
    site.with_example().write("claims/broken.yml", BROKEN.replace("\n", ending).encode())
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert [p.format().split("\n")[0] for p in problems] == BROKEN_PROBLEMS


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_yaml_errors_are_at_the_same_place_whatever_the_line_endings(ending: str) -> None:
    cases = {
        "author: Test Author": ("author: !x Test Author", "18:9: YAML tag '!x' is not allowed in records"),
        "topics: [Infrastructure]": (
            "topics: [Infrastructure\n",
            "19:7: YAML syntax error: expected ',' or ']', but got ':'",
        ),
        "published: 2024-03-10": (
            "published: 2024-03-10\nverdict: x",
            "20:1: duplicate key 'verdict' (first given on line 9)",
        ),
        "Jane Mayor": ("Jane\x07Mayor", "4:13: file contains a control character (U+0007)"),
    }
    for old, (new, expected) in cases.items():
        _document, problems = read_yaml(claim("x", old, new).replace("\n", ending).encode(), "x.yml")
        assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [expected], (ending, old)


def test_positions_count_lines_as_editors_do() -> None:
    text = "a\r\nb\rc\nd\u2028e\x85f\u2029g"
    assert [text_position(text, text.index(c)) for c in "abcdefg"] == [
        (1, 1),
        (2, 1),
        (3, 1),
        (4, 1),
        (4, 3),
        (4, 5),
        (4, 7),
    ]
    assert text_position(text, 2) == (1, 3)  # the LF of a CRLF ends the line its CR began to end


# -- libyaml's behaviours, reproduced --------------------------------------------------------------


def _depth_limited(limit: int) -> type:
    """A libyaml event parser that stops by itself, with its own error, at ``limit`` levels
    (PyYAML 6.0.4's bundled libyaml does at 1,000; older ones never do)."""

    class StopsEarly(yamlread._CFastParser):  # type: ignore[misc,name-defined]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def get_event(self):  # noqa: ANN201
            event = super().get_event()
            if type(event) in (MappingStartEvent, SequenceStartEvent):
                self.depth += 1
                if self.depth > limit:
                    raise yaml.YAMLError(f"emulated libyaml: maximum depth {limit} exceeded")
            elif type(event) in (MappingEndEvent, SequenceEndEvent):
                self.depth -= 1
            return event

    return StopsEarly


class _ReadsAhead(yamlread._CFastParser if yamlread._CFastParser else object):  # type: ignore[misc]
    """A libyaml event parser that reads the whole stream before handing out its first event:
    an error anywhere comes before any event."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.events: list | None = None

    def get_event(self):  # noqa: ANN201
        if self.events is None:
            self.events = []
            while True:
                event = super().get_event()
                self.events.append(event)
                if event is None or type(event).__name__ == "StreamEndEvent":
                    break
            self.events.reverse()
        return self.events.pop() if self.events else None


LIBYAML_CASES = [
    claim("x"),
    claim("x", "author: Test Author", "author: !x Test Author"),
    claim("x", "[Infrastructure]", "[" * 5000),
    claim("x", "[Infrastructure]", "[" * 999 + "]" * 999),
    claim("x", "[Infrastructure]", "[" * 31 + "a" + "]" * 31),
    claim("x", "[Infrastructure]", "[" * 32 + "a" + "]" * 32),
    claim("x", "[Infrastructure]", "{a: " * 3000),
    claim("x", "topics: [Infrastructure]", "topics:\n" + "- " * 3000 + "x"),
    claim("x", "[Infrastructure]", "[" * 40 + "]]" * 20 + ": :"),
    "%YAML 1.3\n---\n" + claim("x"),
]


def _answers() -> list[tuple[object, list[str]]]:
    answers = []
    for text in LIBYAML_CASES:
        document, problems = read_yaml(text.encode(), "x.yml")
        answers.append((document.data if document else None, [p.format() for p in problems]))
    return answers


@pytest.mark.skipif(yamlread._CFastParser is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize(
    "behaviour", ["stops at 1", "stops at 5", "stops at 33", "stops at 1000", "reads ahead", "absent"]
)
def test_the_answer_does_not_depend_on_libyaml(monkeypatch: pytest.MonkeyPatch, behaviour: str) -> None:
    expected = _answers()
    parser = (
        {"reads ahead": _ReadsAhead, "absent": None}[behaviour]
        if behaviour in ("reads ahead", "absent")
        else _depth_limited(int(behaviour.split()[-1]))
    )
    monkeypatch.setattr(yamlread, "_CFastParser", parser)
    assert _answers() == expected
    monkeypatch.undo()
    assert [problems for _data, problems in expected][2:4] == [
        [
            "x.yml:17:40: error: YAML nested too deeply (records nest at most 32 levels)\n"
            "    hint: a record is a mapping of fields with a few lists; remove the extra brackets or dashes"
        ]
    ] * 2


def test_deep_input_never_reaches_pythons_recursion_limit() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the default: the readers recurse at most MAX_DEPTH levels
    try:
        for text in LIBYAML_CASES:
            read_yaml(text.encode(), "x.yml")
    finally:
        sys.setrecursionlimit(limit)


# -- archived texts ----------------------------------------------------------------------------


def test_hidden_characters_in_an_archived_text_are_warned_at_their_place_and_never_published(site: Site) -> None:
    text = SOURCE_TEXT.replace("\n", "\r").replace(" disputes", "\x00disputes\x1b\x7f\x85") + "\rEnd\u2028here.\r"
    site.with_example().write("seeds/bridge.txt", text.encode())
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert [p.format().split("\n")[0] for p in problems] == [
        "seeds/bridge.txt:5:80: warning: archived text contains a control character (U+0000)"
    ]
    site_dir = site.build(strict=False)
    raw = (site_dir / "sources/example-times-bridge/index.html").read_text(encoding="utf-8")
    assert not any(c in raw for c in "\x00\x1b\x7f\x85")
    archive = page(site_dir, "sources/example-times-bridge/").select_one(".fc-archive")
    assert "council\ufffddisputes\ufffd\ufffd\ufffd." in archive.get_text()
    assert [p.get_text()[:12].strip() for p in archive.select("p")] == [
        "The Example",
        "The mayor sa",
        "Critics said",
        "End\u2028here.",
    ]


def test_line_numbers_in_an_archived_text_are_the_editors(site: Site) -> None:
    text = "First line\u2028still the first\r\rit cost 12 million euros.\r\rAgain: it cost 12 million euros.\r"
    site.with_example().write("seeds/bridge.txt", text.encode())
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert (
        "claims/bridge-cost.yml:8:12: error: quote occurs 2 times in source 'example-times-bridge' "
        "(lines 3, 5 of seeds/bridge.txt)" in [p.format().split("\n")[0] for p in problems]
    )


# -- arbitrary damage: problems, never an exception ---------------------------------------------------

HOSTILE_BYTES = st.sampled_from(
    [
        b"\x00",
        b"\r",
        b"\n",
        b"\t",
        b"[",
        b"{",
        b"- ",
        b"%YAML 1.3\n",
        b"!",
        b"&a ",
        b"*a",
        b"\xe2\x80\xa8",
        b"\xc2\x85",
        b"\xff",
        b"\xe9",
        b":",
        b"'",
        b'"',
        b"\\",
        b"#",
        b"9999-12-31",
        b"0000-00-00",
        b"2022-02-30",
        b"T25:00:00+99:00",
        b"---\n",
        b"...",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(CLAIM_YML)),
            st.integers(min_value=0, max_value=3),
            st.one_of(HOSTILE_BYTES, st.binary(max_size=4)),
        ),
        max_size=6,
    )
)
def test_damaged_bytes_give_problems_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, int, bytes]]
) -> None:
    raw = CLAIM_YML.encode()
    for at, cut, insert in edits:
        raw = raw[:at] + insert + raw[at + cut :]
    folder = tmp_path_factory.getbasetemp() / "damaged-bytes"
    folder.mkdir(exist_ok=True)
    path = folder / "bridge-cost.yml"
    path.write_bytes(raw)
    read = read_records([path], Claim, folder, folder)[0]  # raises nothing
    lines = raw.decode("utf-8", "replace")
    last_line = text_position(lines, len(lines))[0]
    for problem in read.problems:
        assert 1 <= problem.line <= last_line and problem.column >= 1, (raw, problem)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.dates().map(str),
        st.datetimes().map(str),
        st.integers().map(str),
        st.from_regex(r"-?\d{1,6}-\d{1,3}-\d{1,3}([T ]\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?)?", fullmatch=True),
    )
)
def test_any_date_gives_a_problem_or_a_publishable_day(value: str) -> None:
    text = CLAIM_YML.replace(
        "published: 2024-03-10", f"published: {yaml.safe_dump(value).removesuffix(chr(10))}".removesuffix("\n...")
    )
    document, problems = read_yaml(text.encode(), "x.yml")
    if document is None:
        assert problems and all(p.line >= 1 for p in problems)
        return
    try:
        record = Claim.model_validate(document.data)
    except Exception as exc:  # noqa: BLE001 - only pydantic's ValidationError is allowed
        assert type(exc).__name__ == "ValidationError", exc
        return
    assert 1970 <= record.published.year <= 2099
