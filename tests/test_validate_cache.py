"""`factcheck validate` checks again only what changed, and a change anywhere it depends on is seen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CACHE_DIR, CLAIM_YML, SOURCE_TEXT, Site, run_cli


def validate(
    site: Site, *args: str, cache_dir: str = CACHE_DIR, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real `factcheck validate` process: the cache is what one run leaves to the next."""
    return run_cli(site, "validate", *args, env={"FACTCHECK_CACHE_DIR": cache_dir, **(env or {})}, process=True)


def claims(site: Site, count: int) -> Site:
    site.with_example()
    for n in range(count):
        site.write(f"claims/claim-{n}.yml", CLAIM_YML.replace("id: bridge-cost", f"id: claim-{n}"))
    return site


def test_a_second_run_checks_only_the_changed_files(site: Site) -> None:
    claims(site, 20)
    first = validate(site)
    assert first.stdout == "factcheck: 21 claims and 1 sources are valid\n"
    assert (
        validate(site).stdout
        == "factcheck: 21 claims and 1 sources are valid (21 unchanged since the last validation)\n"
    )
    site.write(
        "claims/claim-3.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-3").replace("Jane Mayor", "Jane Major")
    )
    site.write("claims/claim-4.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-4").replace("half-true", "nope"))
    changed = validate(site)
    assert changed.returncode == 1
    assert "claims/claim-4.yml:9:10: error: unknown verdict 'nope'" in changed.stdout
    # what compares claims runs every time: an unchanged file is still compared with the changed ones
    site.write(
        "claims/claim-4.yml", CLAIM_YML.replace("id: bridge-cost", "id: claim-4").replace("Jane Mayor", "Jane  Mayor")
    )
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
    assert (
        validate(site).stdout == "factcheck: 3 claims and 1 sources are valid (3 unchanged since the last validation)\n"
    )


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


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the factcheck package that the test may change, found first on PYTHONPATH."""
    import factcheck

    copy = tmp_path / "code"
    shutil.copytree(Path(factcheck.__file__).parent, copy / "factcheck", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_change_to_the_program_checks_every_claim_again(site: Site, tmp_path: Path) -> None:
    """The cached outcomes are those of this program: a change to its code, however deep in the
    package, drops them (a contributor who updates mkdocs-factcheck gets a full check)."""
    claims(site, 3)
    code = _package_copy(tmp_path)
    env = {"PYTHONPATH": str(code)}
    assert validate(site, env=env).stdout == "factcheck: 4 claims and 1 sources are valid\n"
    assert "(4 unchanged" in validate(site, env=env).stdout
    deep = code / "factcheck" / "core" / "records" / "yaml" / "lines.py"
    deep.write_bytes(deep.read_bytes() + b"\n# changed\n")
    assert validate(site, env=env).stdout == "factcheck: 4 claims and 1 sources are valid\n"


def test_every_module_of_the_package_is_part_of_the_cache_context(site: Site, tmp_path: Path) -> None:
    """Each module in turn, changed by one byte, changes the context the cache is kept under; and
    every factcheck module that a validation imports lies in the folder that is hashed."""
    site.with_example()
    code = _package_copy(tmp_path)
    script = r"""
import sys
from pathlib import Path
from factcheck import cli
from factcheck.core.checks import cache
from factcheck.core.settings import settings_from_mkdocs_yml

assert cli.main(["validate", "--no-cache"]) == 0
package = cache._PACKAGE
assert package == Path(sys.argv[1]).resolve() / "factcheck", package
outside = [name for name, module in sys.modules.items() if name.split(".")[0] == "factcheck"
           and getattr(module, "__file__", None) and not Path(module.__file__).resolve().is_relative_to(package)]
assert not outside, outside
settings = settings_from_mkdocs_yml(Path("mkdocs.yml"))
before = cache._context(settings, "mkdocs.yml")
modules = sorted(package.rglob("*.py"))
assert len(modules) > 40, modules
for module in modules:
    original = module.read_bytes()
    module.write_bytes(original + b" ")
    changed = cache._context(settings, "mkdocs.yml")
    module.write_bytes(original)
    assert changed != before, f"{module.relative_to(package)} is not part of the cache's context"
assert cache._context(settings, "mkdocs.yml") == before
print(len(modules), "modules")
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(code)],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(code)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("modules")
