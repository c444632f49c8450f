"""`factcheck diff`: the reviewer's summary of what a change does to the records, from real git history."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import CLAIM_YML, SOURCE_TEXT, Site, run_cli

SECOND_CLAIM = (
    CLAIM_YML.replace("id: bridge-cost", "id: bridge-opens-in-may")
    .replace("claim: The bridge cost 12 million euros.", "claim: The bridge will open in May.")
    .replace("quote: it cost 12 million euros", 'quote: the bridge "will open in May"')
    .replace("verdict: half-true", "verdict: unproven")
)
THIRD_CLAIM = CLAIM_YML.replace("id: bridge-cost", "id: council-disputes").replace(
    "verdict: half-true", '"verdict": "true"'
)


def git(site: Site, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    return subprocess.run(["git", *args], cwd=site.root, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(site: Site) -> Site:
    site.with_example()
    site.write("claims/bridge-opens-in-may.yml", SECOND_CLAIM)
    site.write("claims/council-disputes.yml", THIRD_CLAIM)
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "base")
    return site


def test_diff_summarises_a_change_for_reviewers(repo: Site) -> None:
    # verdict change without a correction entry, and a changed quote
    repo.write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace("verdict: half-true", 'verdict: "false"').replace(
            "quote: it cost 12 million euros", "quote: that it cost 12 million euros"
        ),
    )
    # verdict change with a correction entry
    repo.write(
        "claims/bridge-opens-in-may.yml",
        SECOND_CLAIM.replace("verdict: unproven", 'verdict: "true"')
        + "updated: 2024-05-02\ncorrections:\n  - date: 2024-05-02\n    kind: update\n    note: The bridge opened.\n",
    )
    os.remove(repo.root / "claims" / "council-disputes.yml")
    repo.write(
        "claims/new/mayor-budget.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: mayor-budget").replace(
            "claim: The bridge cost 12 million euros.", "claim: The **budget** is [balanced](https://evil.example)."
        ),
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    result = run_cli(repo, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Fact-check changes: `HEAD~1` → `HEAD`")
    assert "**1 claim(s) added · 1 removed · 2 verdict change(s) · 1 quote change(s) · 1 correction(s) added**" in out
    added = out.split("### Claims added", 1)[1].split("###", 1)[0]
    assert (
        "`mayor-budget` · verdict `half-true` · Jane Mayor: The \\*\\*budget\\*\\* is \\[balanced\\]\\(https://evil.example\\)."
        in added
    )
    removed = out.split("### Claims removed", 1)[1].split("###", 1)[0]
    assert "`council-disputes`" in removed
    warning = out.split("> [!WARNING]", 1)[1].split("\n\n", 1)[0]
    assert "> - `bridge-cost`: `half-true` → `false`" in warning
    assert "bridge-opens-in-may" not in warning
    verdicts = out.split("### Verdict changes", 1)[1].split("###", 1)[0]
    assert "| `bridge-cost` | `half-true` → `false` | ⚠️ **missing** |" in verdicts
    assert "| `bridge-opens-in-may` | `unproven` → `true` | 2024-05-02 update: The bridge opened. |" in verdicts
    quotes = out.split("### Quotes changed", 1)[1].split("###", 1)[0]
    assert (
        "- `bridge-cost` `appearances[0]`:\n  - before: it cost 12 million euros\n"
        "  - after: that it cost 12 million euros"
    ) in quotes
    corrections = out.split("### Corrections added", 1)[1].split("###", 1)[0]
    assert "- `bridge-opens-in-may` 2024-05-02 (update): The bridge opened." in corrections
    other = out.split("### Other claim fields changed", 1)[1]
    assert "- `bridge-opens-in-may`: `updated`" in other


def test_diff_reports_source_changes_and_the_working_tree(repo: Site) -> None:
    repo.write("seeds/bridge.txt", SOURCE_TEXT.replace("12 million", "twelve million"))
    repo.write(
        "seeds/example-times-bridge.yml",
        (repo.root / "seeds/example-times-bridge.yml")
        .read_text()
        .replace("title: Bridge to open in May, mayor says", "title: Bridge opens in May"),
    )
    repo.write(
        "seeds/other.yml",
        "id: other\ntext: other.txt\ntitle: Other\npublisher: P\nurl: https://example.org/o\npublished: 2024\n",
    )
    repo.write("claims/bridge-cost.yml", CLAIM_YML.replace('    quote: "Critics', '    quote: "critics'))
    result = run_cli(repo, "diff", "HEAD")  # against the working tree, untracked files included
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "→ `working tree`" in out
    assert "- added `other`: Other (P)" in out
    assert "- changed `example-times-bridge`: `title`" in out
    assert "⚠️ archived text `seeds/bridge.txt` changed" in out
    assert "- `bridge-cost` `evidence[0]`:" in out


def test_diff_without_changes_and_with_a_bad_revision(repo: Site) -> None:
    same = run_cli(repo, "diff", "HEAD", "HEAD")
    assert same.returncode == 0 and "No claim or source records changed." in same.stdout
    bad = run_cli(repo, "diff", "no-such-branch", "HEAD")
    assert bad.returncode == 2
    assert "unknown revision 'no-such-branch'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_diff_lists_status_changes_for_reviewers(repo: Site) -> None:
    repo.write("claims/bridge-cost.yml", CLAIM_YML + "status: draft\n")
    repo.write("claims/bridge-opens-in-may.yml", SECOND_CLAIM + "status: review\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "unpublish")
    repo.write("claims/bridge-opens-in-may.yml", SECOND_CLAIM + "status: published\n")
    repo.write("claims/new-one.yml", THIRD_CLAIM.replace("id: council-disputes", "id: new-one") + "status: draft\n")
    first = run_cli(repo, "diff", "HEAD~1", "HEAD").stdout
    assert "· 2 status change(s)**" in first
    table = first.split("### Status changes", 1)[1].split("###", 1)[0]
    assert "| `bridge-cost` | `published` → `draft` | ⚠️ **taken off the site** |" in table
    assert "| `bridge-opens-in-may` | `published` → `review` | ⚠️ **taken off the site** |" in table
    assert "`status`" not in first.split("### Other claim fields changed", 1)[-1]
    second = run_cli(repo, "diff", "HEAD").stdout
    assert "| `bridge-opens-in-may` | `review` → `published` | **goes live** |" in second
    added = second.split("### Claims added", 1)[1].split("###", 1)[0]
    assert "- `new-one` · verdict `true` · status `draft` (not published)" in added
