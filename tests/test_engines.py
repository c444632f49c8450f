"""Engines: ProperDocs builds the same site as MkDocs; `factcheck check-site` catches one that drops our pages.

Zensical reads mkdocs.yml but ignores third-party plugins and exits 0: a build without the
factcheck plugin is what it produces, and check-site must fail on it, naming the missing files.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factcheck.core.authoring.starter import Options, init_site
from test_init import build

from conftest import run_cli

ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site from `factcheck init`, with one more claim, so each kind of page exists twice."""
    root = tmp_path_factory.mktemp("engines") / "site"
    init_site(root, Options(site_url="https://checks.example.org/"))
    claim = (root / "claims" / "example-claim.yml").read_text(encoding="utf-8")
    second = (
        claim.replace("id: example-claim", "id: second-claim")
        .replace("name: The Mayor of Example Town", "name: Council Spokesperson")
        .replace("topics: [Example topic]", "topics: [Budgets]")
        .replace("verdict: mostly-false", 'verdict: "false"')
    )
    (root / "claims" / "second-claim.yml").write_text(second, encoding="utf-8")
    return root


def check_site(site_dir: Path, config: Path) -> tuple[int, str]:
    result = run_cli(Path.cwd(), "check-site", str(site_dir), "--config", str(config))
    return result.returncode, result.stdout + result.stderr


def test_check_site_passes_on_a_real_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_dir = build(project)
    code, output = check_site(site_dir, project / "mkdocs.yml")
    assert code == 0, output
    assert "2 claims, 1 sources" in output


def test_check_site_fails_on_a_build_without_the_plugin(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What Zensical does today: the same mkdocs.yml, built without our plugin, exit code 0."""
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    config = yaml.safe_load((copy / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "factcheck" in p)]
    (copy / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site_dir = build(copy, strict=False)
    assert (site_dir / "about" / "index.html").is_file(), "the hand-written pages are there"

    code, output = check_site(site_dir, project / "mkdocs.yml")
    assert code == 1
    missing = {line.removeprefix("missing: ") for line in output.splitlines() if line.startswith("missing: ")}
    site = site_dir.as_posix()
    for path in [
        "claims/example-claim/index.html",
        "claims/second-claim/index.html",
        "sources/example-source/index.html",
        "verdicts/false/index.html",
        "claimants/council-spokesperson/index.html",
        "topics/budgets/index.html",
        "claims/index.html",
        "corrections/index.html",
        "feeds/fact-checks.xml",
        "feeds/corrections.xml",
        "data/catalog.json",
        "data/claims/second-claim.json",
        "search/index.html",
        "pagefind/pagefind.js",
    ]:
        assert f"{site}/{path}" in missing, path
    assert "ignores the factcheck plugin" in output


def test_check_site_names_one_missing_page(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_dir = tmp_path / "site"
    shutil.copytree(build(project), site_dir)
    (site_dir / "topics" / "budgets" / "index.html").unlink()
    code, output = check_site(site_dir, project / "mkdocs.yml")
    assert code == 1
    assert [line for line in output.splitlines() if line.startswith("missing:")] == [
        f"missing: {site_dir.as_posix()}/topics/budgets/index.html"
    ]


def test_check_site_follows_use_directory_urls(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "flat"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    with open(copy / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("use_directory_urls: false\n")
    site_dir = build(copy)
    assert (site_dir / "claims" / "example-claim.html").is_file()
    assert check_site(site_dir, copy / "mkdocs.yml")[0] == 0


def test_check_site_without_a_site(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check_site(tmp_path / "nowhere", project / "mkdocs.yml")
    assert code == 2 and "build the site first" in output


# Pagefind's index is not the same from one build to the next, even by the same engine (measured:
# two MkDocs builds of this site differ in pagefind-entry.json, the .pf_meta file and some
# .pf_filter files, whose names are hashes). Its files are compared by folder and count instead.
PAGEFIND = "pagefind/"


def engine_build(engine: str, project: Path, site_dir: Path) -> None:
    command = [
        str(Path(sys.executable).with_name(engine)),
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        env={**ENGINE_ENV, "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def tree(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and not p.relative_to(site_dir).as_posix().startswith(PAGEFIND)
    )


def pagefind_shape(site_dir: Path) -> dict[str, int]:
    shape: dict[str, int] = {}
    for path in (site_dir / PAGEFIND).rglob("*"):
        if path.is_file():
            key = path.parent.relative_to(site_dir).as_posix() + "/*" + "".join(path.suffixes[-1:])
            shape[key] = shape.get(key, 0) + 1
    return shape


def test_properdocs_builds_what_mkdocs_builds(project: Path, tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("properdocs").exists():
        pytest.fail("properdocs is missing: install the test extra (pip install -e '.[test]')")
    engine_build("mkdocs", project, tmp_path / "mkdocs")
    engine_build("properdocs", project, tmp_path / "properdocs")
    files = tree(tmp_path / "mkdocs")
    assert files == tree(tmp_path / "properdocs")
    assert "claims/second-claim/index.html" in files
    assert pagefind_shape(tmp_path / "mkdocs") == pagefind_shape(tmp_path / "properdocs")
    assert (tmp_path / "properdocs" / "pagefind" / "pagefind.js").is_file()
    generator = '<meta name="generator"'
    differing = []
    for relative in files:
        ours, theirs = tmp_path / "mkdocs" / relative, tmp_path / "properdocs" / relative
        if filecmp.cmp(ours, theirs, shallow=False):
            continue
        strip = [line for line in ours.read_bytes().splitlines() if generator.encode() not in line]
        other = [line for line in theirs.read_bytes().splitlines() if generator.encode() not in line]
        if strip != other:
            differing.append(relative)
    assert differing == []
    claim = (tmp_path / "properdocs" / "claims" / "example-claim" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in claim and "Mostly false" in claim
