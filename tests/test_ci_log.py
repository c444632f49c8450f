"""Nothing from a pull request can write its own line into the CI log: file and folder names and
record text are printed with their line breaks and control characters escaped, and GitHub's
workflow commands get GitHub's own escaping (actions/toolkit: ``%`` ``CR`` ``LF`` in the message,
and ``:`` ``,`` too in a property). The reviewer's Markdown summary escapes them as well."""

from __future__ import annotations

import re
import subprocess

import pytest
from mkdocs.exceptions import Abort, PluginError

from factcheck.core.problems import Problem, Severity
from factcheck.core.review.diff import Changes, VerdictChange, to_markdown

from conftest import CLAIM_YML, Site, run_cli

FORGED = "x\n::warning title=forged::all records are valid"
ESCAPE = "\x1b]0;owned\x07\x1b[2J"


def validate(site: Site) -> subprocess.CompletedProcess[str]:
    return run_cli(site, "validate", env={"GITHUB_ACTIONS": "true"})


def hostile_folder(site: Site, folder: str) -> None:
    site.with_example().write(
        f"claims/{folder}/other.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: other").replace("verdict: half-true", "verdict: nope"),
    )


def test_a_line_break_in_a_folder_name_forges_no_workflow_command(site: Site) -> None:
    hostile_folder(site, FORGED)
    result = validate(site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert len(commands) == 1
    # The folder is refused by name; the refusal itself prints the name escaped, on one line.
    assert commands[0].startswith(
        "::error file=claims/,line=1,col=1,title=factcheck::folder name "
        "'x\\n::warning title=forged::all records are valid' is not allowed"
    )
    assert (
        "claims/:1:1: error: folder name 'x\\n::warning title=forged::all records are valid' "
        "is not allowed; its records are not read"
    ) in lines
    assert not any("\r" in line or "\x1b" in line for line in lines)


def test_terminal_escapes_in_a_folder_name_are_shown_not_sent(site: Site) -> None:
    hostile_folder(site, ESCAPE)
    result = validate(site)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "claims/:1:1: error: folder name '\\x1b]0;owned\\x07\\x1b[2J' is not allowed" in result.stdout
    assert (
        "::error file=claims/,line=1,col=1,title=factcheck::folder name '\\x1b]0;owned\\x07\\x1b[2J'" in result.stdout
    )


def test_the_build_log_escapes_the_same_way(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    hostile_folder(site, FORGED)
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    text = str(raised.value) + caplog.text
    assert "claims/:1:1: error: folder name 'x\\n::warning title=forged::all records are valid' is not allowed" in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


@pytest.mark.parametrize(
    "hostile",
    ["a\r\n::error::forged", "a\u2028::error::forged", "a\x85::error::forged", "a\x1b[31mred", "100%0A::error::forged"],
)
def test_record_text_in_a_message_stays_on_its_line(hostile: str) -> None:
    problem = Problem("claims/a.yml", 3, 5, f"claimant {hostile} differs", f"write {hostile}", Severity.WARNING)
    printed = problem.format().splitlines()
    assert len(printed) == 2 and printed[1].startswith("    hint: ")
    assert not any(ch in problem.format() for ch in "\r\x1b\x85\u2028")
    annotation = problem.github_annotation()
    assert annotation.count("\n") == 0 and "\x1b" not in annotation and "\u2028" not in annotation
    assert annotation.startswith("::warning file=claims/a.yml,line=3,col=5,title=factcheck::claimant ")
    if "%" in hostile:  # GitHub decodes %0A into a line break: a literal one must stay %250A
        assert "100%250A::error::forged" in annotation


def test_a_path_that_starts_like_a_command_does_not_start_the_line() -> None:
    assert Problem("::error::forged.yml", 1, 1, "m").format().startswith("./::error::forged.yml:1:1: error: m")


def test_the_reviewers_summary_is_inert_markdown() -> None:
    changes = Changes(base="main", head="HEAD")
    changes.verdicts.append(
        VerdictChange(
            "bridge-cost",
            "half-true",
            "nope | ⚠️ **fine** |\x1b[2J\n::error::x",
            ({"date": "2024-05-01", "note": "<img src=x onerror=alert(1)> | x"},),
        )
    )
    markdown = to_markdown(changes)
    row = next(line for line in markdown.splitlines() if line.startswith("| `bridge-cost`"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells, whatever the record wrote
    assert "\x1b" not in markdown and "<img" not in markdown.replace("\\<img", "")
    assert not any(line.startswith("::") for line in markdown.splitlines())
