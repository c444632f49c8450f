"""Bad records: every problem reported at once, at its file, line and column, with a hint."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import CLAIM_YML, Site, run_cli

# (name, claim file text, expected "line:column: error: message" fragment, expected hint fragment)
BAD_CLAIMS = [
    (
        "yaml-syntax",
        CLAIM_YML.replace("claim: The bridge", "claim: The: bridge"),
        "2:11: error: YAML syntax error: mapping values are not allowed",
        "must be quoted",
    ),
    (
        "unknown-field",
        CLAIM_YML.replace("topics:", "topcis:"),
        "17:1: error: unknown field `topcis`",
        "did you mean `topics`?",
    ),
    (
        "missing-field",
        CLAIM_YML.replace("verdict: half-true\n", ""),
        "1:1: error: missing required field `verdict`",
        "verdict id from the site's scale",
    ),
    (
        "wrong-type",
        CLAIM_YML.replace(
            "appearances:\n  - source: example-times-bridge\n    quote: it cost 12 million euros",
            "appearances: example-times-bridge",
        ),
        "6:14: error: `appearances`: Input should be a valid list",
        "YAML list",
    ),
    (
        "unknown-verdict",
        CLAIM_YML.replace("verdict: half-true", "verdict: half-truth"),
        "9:10: error: unknown verdict 'half-truth'",
        "did you mean 'half-true'?",
    ),
    (
        "unknown-source",
        CLAIM_YML.replace(
            "  - source: example-times-bridge\n    quote: it", "  - source: example-times\n    quote: it"
        ),
        "7:13: error: unknown source 'example-times'",
        "did you mean 'example-times-bridge'?",
    ),
    (
        "id-not-file-name",
        CLAIM_YML.replace("id: bridge-cost", "id: bridge-costs"),
        "1:5: error: id 'bridge-costs' does not match the file name 'bridge-cost.yml'",
        "rename the file",
    ),
    (
        "invalid-date",
        CLAIM_YML.replace("published: 2024-03-10", "published: 2024-02-30"),
        "19:12: error: `published`: Input should be a valid date",
        "YYYY-MM-DD",
    ),
    (
        "quote-not-found",
        CLAIM_YML.replace("quote: it cost 12 million euros", "quote: it cost 13 million euros"),
        "8:12: error: quote not found in source 'example-times-bridge' (seeds/bridge.txt)",
        'the closest passage is "it cost 12 million euros',
    ),
    (
        "bad-stance",
        CLAIM_YML.replace("stance: contradicts", "stance: refutes"),
        "16:13: error: `evidence[0].stance`: must be one of the allowed values",
        "'supports', 'contradicts' or 'context'",
    ),
    (
        "duplicate-key",
        CLAIM_YML.replace("topics: [Infrastructure]", 'topics: [Infrastructure]\nverdict: "true"'),
        "18:1: error: duplicate key 'verdict' (first given on line 9)",
        "keeps only the last value",
    ),
    (
        "ambiguous-quote",
        CLAIM_YML.replace("quote: it cost 12 million euros", "quote: bridge"),
        "8:12: error: quote occurs 2 times in source 'example-times-bridge'",
        "longer passage",
    ),
]


@pytest.mark.parametrize("name,text,expected,hint", BAD_CLAIMS, ids=[c[0] for c in BAD_CLAIMS])
def test_validate_reports_the_problem_where_it_is(site: Site, name: str, text: str, expected: str, hint: str) -> None:
    site.with_example().write("claims/bridge-cost.yml", text)
    result = run_cli(site, "validate")
    assert result.returncode == 1, result.stdout
    assert f"claims/bridge-cost.yml:{expected}" in result.stdout, result.stdout
    assert hint in result.stdout.split(expected, 1)[1].split("\n")[1].split("hint: ", 1)[1], result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_every_problem_is_reported_at_once(site: Site) -> None:
    site.with_example()
    site.write(
        "claims/second.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: second").replace("verdict: half-true", "verdict: nope"),
    )
    site.write("claims/third.yml", "id: third\nclaim: [unclosed\n")
    site.write(
        "claims/bridge-cost.yml", CLAIM_YML.replace("quote: it cost 12 million euros", "quote: it cost 99 euros")
    )
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert "claims/bridge-cost.yml:8:12: error: quote not found" in result.stdout
    assert "claims/second.yml:9:10: error: unknown verdict 'nope'" in result.stdout
    assert "claims/third.yml:3:1: error: YAML syntax error" in result.stdout
    assert "3 error(s)" in result.stdout


def test_duplicate_ids_across_folders(site: Site) -> None:
    site.with_example()
    site.write("claims/2024/bridge-cost.yml", CLAIM_YML)
    result = run_cli(site, "validate")
    assert "claims/bridge-cost.yml:1:5: error: duplicate claim id 'bridge-cost'" in result.stdout
    assert "already used by claims/2024/bridge-cost.yml" in result.stdout


def test_github_annotations_under_actions(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace("verdict: half-true", "verdict: nope"))
    result = run_cli(site, "validate", env={"GITHUB_ACTIONS": "true"})
    assert "::error file=claims/bridge-cost.yml,line=9,col=10,title=factcheck::unknown verdict 'nope'" in result.stdout


def test_valid_records_pass(site: Site) -> None:
    site.with_example()
    result = run_cli(site, "validate")
    assert result.returncode == 0, result.stdout
    assert "1 claims and 1 sources are valid" in result.stdout


def test_build_stops_before_writing_and_keeps_the_previous_site(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example()
    site_dir = site.build()
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("verdict: half-true", "verdict: nope"))
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    assert "claims/bridge-cost.yml:9:10: error: unknown verdict 'nope'" in str(raised.value) + caplog.text
    after = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert after == before


def test_mkdocs_build_cli_reports_without_traceback(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace("published: 2024-03-10", "published: soon"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "claims/bridge-cost.yml:19:12: error: `published`: Input should be a valid date" in output
    assert "Traceback" not in output
    assert not (site.root / "site" / "claims").exists()


def test_source_problems(site: Site) -> None:
    site.with_example()
    site.write(
        "seeds/example-times-bridge.yml",
        "id: example-times-bridge\ntext: missing.txt\ntitle: T\npublisher: P\n"
        "url: javascript:alert(1)\npublished: 2024-13\n",
    )
    result = run_cli(site, "validate")
    assert "seeds/example-times-bridge.yml:5:6: error: `url`: URL scheme javascript: is not allowed" in result.stdout
    assert "seeds/example-times-bridge.yml:6:12: error: `published`:" in result.stdout


def test_a_hand_written_page_in_the_way_of_a_generated_one_is_an_error(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    site.with_example().write("site_src/claims/bridge-cost.md", "# mine\n")
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    assert "site_src/claims/bridge-cost.md would be replaced by a generated page" in str(raised.value) + caplog.text
