"""The package as pip installs it, outside the repository: a new team's first hour, end to end.

The editable install of the rest of the suite reads templates and theme files from the working
tree, so it would never notice a wheel or an sdist that lacks them. Here the wheel and the sdist
are built from a copy of the repository's files, each is installed into a fresh venv in a
temporary folder, and that venv's own commands start, check and build a site there, as the
README tells a new team to. Dependencies come from pip's configured indexes (or its cache).

Slow (a venv and a dependency install per artifact, a minute or two): run it alone with
``pytest -m install``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.install

# Files a site build reads from the package at run time (one of each kind).
RUNTIME_FILES = [
    "factcheck/core/site/templates/factcheck/claim.html",
    "factcheck/mkdocs_plugin/theme/factcheck-page.html",
    "factcheck/mkdocs_plugin/theme/partials/toc.html",
    "factcheck/mkdocs_plugin/theme/assets/stylesheets/factcheck.css",
    "factcheck/mkdocs_plugin/theme/assets/javascripts/factcheck.js",
    "factcheck/core/authoring/starter/mkdocs.yml.tmpl",
    "factcheck/core/authoring/starter/github/workflows/publish.yml",
    "factcheck/core/authoring/starter/gitignore",
    "factcheck/core/authoring/starter/seeds/example-source.txt",
]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's files as a clone has them (tracked or not ignored), outside the repository."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    copy = tmp_path_factory.mktemp("source") / "mkdocs-factcheck"
    for relative in filter(None, listed):
        source = ROOT / relative
        if source.is_file() and not source.is_symlink():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / relative)
    return copy


def build_artifact(kind: str, source: Path, dist: Path) -> Path:
    if kind == "wheel":
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", ".", "-w", str(dist)], source)
        return next(dist.glob("mkdocs_factcheck-*.whl"))
    run([sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), "."], source)
    return next(dist.glob("mkdocs_factcheck-*.tar.gz"))


def members(artifact: Path) -> set[str]:
    if artifact.suffix == ".whl":
        return set(zipfile.ZipFile(artifact).namelist())
    with tarfile.open(artifact) as archive:  # mkdocs_factcheck-X/plugins/factcheck/… -> factcheck/…
        return {name.split("/plugins/", 1)[1] for name in archive.getnames() if "/plugins/" in name}


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_an_installed_package_starts_and_builds_a_site(kind: str, source_copy: Path, tmp_path: Path) -> None:
    artifact = build_artifact(kind, source_copy, tmp_path / "dist")
    inside = members(artifact)
    assert [name for name in RUNTIME_FILES if name not in inside] == [], f"{artifact.name} lacks run-time files"

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    bin_dir = venv / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(artifact)], tmp_path, timeout=900)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        NO_MKDOCS_2_WARNING="1",
        FACTCHECK_CACHE_DIR=str(tmp_path / "cache"),
    )
    work = tmp_path / "work"
    work.mkdir()
    where = run([str(bin_dir / "python"), "-c", "import factcheck; print(factcheck.__file__)"], work, env)
    assert Path(where.strip()).is_relative_to(venv), f"factcheck imported from {where.strip()}, not the venv"

    out = run([str(bin_dir / "factcheck"), "init", "site"], work, env)
    assert "cd site" in out
    site = work / "site"
    assert "1 claims and 1 sources are valid" in run([str(bin_dir / "factcheck"), "validate", "--strict"], site, env)
    run([str(bin_dir / "mkdocs"), "build", "--strict"], site, env)
    assert "has all" in run([str(bin_dir / "factcheck"), "check-site", "site"], site, env)

    built = site / "site"
    claim = BeautifulSoup(
        (built / "claims" / "example-claim" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "Did the footbridge cost what was budgeted?" in claim.h1.get_text()
    assert "Mostly false" in claim.get_text()
    assert claim.find("script", type="application/ld+json"), "the ClaimReview structured data"
    stylesheet = "assets/stylesheets/factcheck.css"
    assert (built / stylesheet).is_file() and (built / stylesheet).stat().st_size > 1000
    assert claim.find("link", rel="stylesheet", href=f"../../{stylesheet}"), "the claim page loads our CSS"
    assert "{{" not in str(claim) and "{%" not in str(claim), "the templates were rendered"
    index = BeautifulSoup((built / "claims" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("a", href="example-claim/"), "the claims index links the claim"
