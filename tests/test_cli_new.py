"""`factcheck new`: skeletons dated today, with a free id, that never overwrite a file."""

from __future__ import annotations

import datetime as dt
import json

from factcheck.core.records.yaml.read import read_yaml
from test_schema import validator

from conftest import CLAIM_YML, Site, run_cli
from editor_yaml import editor_load


def test_new_claim_writes_a_dated_skeleton_that_validate_explains(site: Site) -> None:
    site.with_example()
    result = run_cli(site, "new", "claim")
    assert result.returncode == 0, result.stderr
    path = site.root / "claims" / "new-claim.yml"
    assert "wrote claims/new-claim.yml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/claim.schema.json\n")
    document, problems = read_yaml(text.encode(), "claims/new-claim.yml")
    assert not problems
    assert document.data["id"] == "new-claim"
    assert document.data["published"] == dt.date.today().isoformat()
    assert "one of: true, half-true, false, unproven" in text
    assert not list(validator("claim").iter_errors(editor_load(text)))
    check = run_cli(site, "validate", "claims/new-claim.yml")
    assert check.returncode == 1
    assert "claims/new-claim.yml:15:10: error: unknown verdict 'choose-a-verdict'" in check.stdout
    assert "unknown source 'source-id'" in check.stdout


def test_new_claim_picks_a_free_id_and_never_overwrites(site: Site) -> None:
    site.with_example()
    site.write("claims/2024/new-claim.yml", "id: new-claim\n")
    assert run_cli(site, "new", "claim").returncode == 0
    assert (site.root / "claims" / "new-claim-2.yml").exists()
    assert run_cli(site, "new", "claim").returncode == 0
    assert (site.root / "claims" / "new-claim-3.yml").exists()
    before = (site.root / "claims" / "bridge-cost.yml").read_bytes()
    refused = run_cli(site, "new", "claim", "--id", "bridge-cost")
    assert refused.returncode == 1
    assert "'bridge-cost' is already used" in refused.stderr and "nothing was written" in refused.stderr
    assert (site.root / "claims" / "bridge-cost.yml").read_bytes() == before
    chosen = run_cli(site, "new", "claim", "--id", "bridge-opening")
    assert chosen.returncode == 0 and (site.root / "claims" / "bridge-opening.yml").exists()
    invalid = run_cli(site, "new", "claim", "--id", "Bridge Opening")
    assert invalid.returncode == 1 and "invalid id" in invalid.stderr


def test_new_source_archives_the_text_byte_for_byte(site: Site, tmp_path) -> None:
    site.with_example()
    capture = tmp_path / "Mayor Interview.txt"
    capture.write_bytes("The mayor said “yes”.\r\n\r\nEnd.  \n".encode())
    result = run_cli(site, "new", "source", "--text", str(capture), "--url", "https://example.org/a?b=1#c")
    assert result.returncode == 0, result.stderr
    archived = site.root / "seeds" / "mayor-interview.txt"
    assert archived.read_bytes() == capture.read_bytes()
    meta = (site.root / "seeds" / "mayor-interview.yml").read_text(encoding="utf-8")
    document, problems = read_yaml(meta.encode(), "seeds/mayor-interview.yml")
    assert not problems
    assert document.data["text"] == "mayor-interview.txt"
    assert document.data["url"] == "https://example.org/a?b=1#c"
    assert document.data["captured"] == dt.date.today().isoformat()
    assert meta.startswith("# yaml-language-server: $schema=../schemas/source.schema.json\n")
    check = run_cli(site, "validate", "seeds/mayor-interview.yml")
    assert "seeds/mayor-interview.yml:12:12: error: `published`:" in check.stdout
    again = run_cli(site, "new", "source", "--text", str(capture), "--id", "mayor-interview")
    assert again.returncode == 1 and "already used" in again.stderr
    assert archived.read_bytes() == capture.read_bytes()
    second = run_cli(site, "new", "source", "--text", str(capture))
    assert second.returncode == 0 and (site.root / "seeds" / "mayor-interview-2.yml").exists()


def test_new_source_refuses_text_that_is_not_utf8(site: Site, tmp_path) -> None:
    site.with_example()
    capture = tmp_path / "latin1.txt"
    capture.write_bytes("café".encode("latin-1"))
    result = run_cli(site, "new", "source", "--text", str(capture))
    assert result.returncode == 1 and "not UTF-8" in result.stderr
    assert not (site.root / "seeds" / "latin1.yml").exists() and not (site.root / "seeds" / "latin1.txt").exists()


def test_validate_prints_positions_and_annotations_for_a_broken_record(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml", CLAIM_YML.replace("topics:", "topcis:").replace("verdict: half-true", "verdict: nope")
    )
    result = run_cli(site, "validate", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "claims/bridge-cost.yml:17:1: error: unknown field `topcis`" in lines
    assert any(
        line.startswith("::error file=claims/bridge-cost.yml,line=17,col=1,title=factcheck::unknown field `topcis`")
        for line in lines
    ), result.stdout
    plain = run_cli(site, "validate")
    assert "::error" not in plain.stdout


def test_schema_files_are_json(site: Site) -> None:
    result = run_cli(site, "schema")
    assert result.returncode == 0
    for kind in ("claim", "source"):
        assert json.loads((site.root / "schemas" / f"{kind}.schema.json").read_text())["$schema"].endswith(
            "2020-12/schema"
        )
