"""`factcheck validate` checks again only what changed, and a change anywhere it depends on is seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import CACHE_DIR, CLAIM_YML, SOURCE_TEXT, Site


def validate(site: Site, *args: str, cache_dir: str = CACHE_DIR) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | {"FACTCHECK_CACHE_DIR": cache_dir}
    return subprocess.run([sys.executable, "-m", "factcheck.cli", "validate", *args], cwd=site.root,
                          capture_output=True, text=True, env=env, timeout=120)


def claims(site: Site, count: int) -> Site:
    site.with_example()
    for n in range(count):
        site.write(f"claims/claim-{n}.yml", CLAIM_YML.replace("id: bridge-cost", f"id: claim-{n}"))
    return site


def test_a_second_run_checks_only_the_changed_files(site: Site) -> None:
    claims(site, 20)
    first = validate(site)
    assert first.stdout == "factcheck: 21 claims and 1 sources are valid\n"
    assert validate(site).stdout == "factcheck: 21 claims and 1 sources are valid (21 unchanged since the last validation)\n"
    site.write("claims/claim-3.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-3").replace("Jane Mayor", "Jane Major"))
    site.write("claims/claim-4.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-4").replace("half-true", "nope"))
    changed = validate(site)
    assert changed.returncode == 1
    assert "claims/claim-4.yml:9:10: error: unknown verdict 'nope'" in changed.stdout
    # what compares claims runs every time: an unchanged file is still compared with the changed ones
    site.write("claims/claim-4.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-4").replace("Jane Mayor", "Jane  Mayor"))
    again = validate(site)
    assert "claims/claim-4.yml:4:9: error: claimant 'Jane  Mayor' has the same page as 'Jane Mayor'" in again.stdout
    assert again.stdout == validate(site, "--no-cache").stdout


def test_a_removed_or_added_file_is_seen(site: Site) -> None:
    claims(site, 3)
    validate(site)
    (site.root / "claims/claim-1.yml").unlink()
    site.write("claims/sub/claim-0.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-0"))
    result = validate(site)
    assert "claims/sub/claim-0.yml:1:5: error: duplicate claim id 'claim-0'" in result.stdout
    (site.root / "claims/sub/claim-0.yml").unlink()
    assert validate(site).stdout == "factcheck: 3 claims and 1 sources are valid (3 unchanged since the last validation)\n"


def test_a_changed_source_text_checks_every_claim_again(site: Site) -> None:
    claims(site, 5)
    assert validate(site).returncode == 0
    site.write("seeds/bridge.txt", SOURCE_TEXT.replace("it cost 12 million euros", "it cost 13 million euros"))
    result = validate(site)
    assert result.returncode == 1
    assert result.stdout.count("error: quote not found in source 'example-times-bridge'") == 6


def test_changed_settings_check_every_claim_again(site: Site) -> None:
    claims(site, 5)
    assert validate(site).returncode == 0
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config.replace("id: half-true", "id: half-truth"), encoding="utf-8")
    result = validate(site)
    assert result.stdout.count("error: unknown verdict 'half-true'") == 6, result.stdout


def test_a_broken_cache_is_ignored(site: Site, tmp_path: Path) -> None:
    claims(site, 5)
    cache_dir = str(tmp_path / "cache")
    validate(site, cache_dir=cache_dir)
    [cache_file] = Path(cache_dir).iterdir()
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["files"]["claims/claim-2.yml"]["facts"] = "nonsense"
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert validate(site, cache_dir=cache_dir).stdout.startswith("factcheck: 6 claims and 1 sources are valid")
    cache_file.write_text("{not json", encoding="utf-8")
    assert validate(site, cache_dir=cache_dir).stdout == "factcheck: 6 claims and 1 sources are valid\n"


def test_no_cache_reads_and_writes_nothing_and_the_project_is_untouched(site: Site, tmp_path: Path) -> None:
    claims(site, 2)
    before = sorted((p.relative_to(site.root), p.read_bytes()) for p in site.root.rglob("*") if p.is_file())
    cache_dir = tmp_path / "cache"
    assert validate(site, "--no-cache", cache_dir=str(cache_dir)).returncode == 0
    assert not cache_dir.exists()
    validate(site, cache_dir=str(cache_dir))
    assert [p.name.startswith("validate-") and p.suffix == ".json" for p in cache_dir.iterdir()] == [True]
    after = sorted((p.relative_to(site.root), p.read_bytes()) for p in site.root.rglob("*") if p.is_file())
    assert after == before


def test_an_unwritable_cache_folder_only_costs_time(site: Site, tmp_path: Path) -> None:
    claims(site, 2)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = validate(site, cache_dir=str(blocker / "cache"))
    notes = ("note: " in line or line.startswith("    hint:") for line in result.stderr.splitlines())
    assert result.returncode == 0 and all(notes)  # only the note that the example source has no digests
