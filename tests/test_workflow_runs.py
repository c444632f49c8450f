"""The workflows' `run:` steps, run as GitHub would run them: in a clean clone of this repository,
in a fresh venv, with the variables GitHub sets given test values. Linting alone missed a workflow
whose `pip install .` left the templates out of the package.

`uses:` steps are GitHub's (checkout, setup-python, artifacts): the clone and the venv stand in
for the first two, and the test checks that what the artifact steps upload exists."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import factcheck

from conftest import ROOT, page

WORKFLOWS = ROOT / ".github" / "workflows"
VERSION = factcheck.__version__  # the one source of the version (pyproject.toml reads it)
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# the conditions the workflows use, as on a run where nothing was cancelled
CONDITIONS = {"!cancelled()": True}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git repository (not an sdist)"),
]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def clean_clone(target: Path) -> str:
    """A clone of this repository with the working tree's tracked and new (not ignored) files on
    top, committed: what a pull request of the current work would check out. Returns the base SHA."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    base = git(target, "rev-parse", "HEAD").strip()
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source, copy = ROOT / name, target / name
        if source.is_symlink() or source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.unlink(missing_ok=True)
            shutil.copy2(source, copy, follow_symlinks=False)
        elif not source.exists():
            copy.unlink(missing_ok=True)  # deleted in the working tree
    git(target, "add", "-A")
    git(
        target,
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "commit",
        "--quiet",
        "--allow-empty",
        "--no-verify",
        "-m",
        "The working tree",
    )
    return base


def substitute(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"the test has no value for ${{{{ {match.group(1)} }}}}: add one"
        return values[match.group(1)]

    return EXPRESSION.sub(value, text)


def runs(step: dict) -> bool:
    condition = str(step.get("if", "")).strip()
    if not condition:
        return True
    condition = EXPRESSION.fullmatch(condition).group(1) if EXPRESSION.fullmatch(condition) else condition
    assert condition in CONDITIONS, f"the test does not know the condition {condition!r}: add it"
    return CONDITIONS[condition]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, empty but for pip, shared by the workflows (the first one installs into it
    from nothing; the others then find the lock satisfied, which saves minutes)."""
    path = tmp_path_factory.mktemp("workflow-venv")
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path


def run_workflow(name: str, tmp_path: Path, venv: Path) -> Path:
    """Runs every job's `run:` steps in order; returns the clone they ran in."""
    clone = tmp_path / "repo"
    base = clean_clone(clone)
    (tmp_path / "runner").mkdir()
    summary, output, github_env = tmp_path / "summary.md", tmp_path / "output", tmp_path / "env"
    values = {"vars.SITE_URL": "", "github.event.pull_request.base.sha": base, "github.ref_name": f"v{VERSION}"}
    github = {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "Example/fact-checks",
        "GITHUB_REPOSITORY_OWNER": "Example",
        "GITHUB_WORKSPACE": str(clone),
        "GITHUB_REF_NAME": f"v{VERSION}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ENV": str(github_env),
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
    }
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "VIRTUAL_ENV", "PYTHON"))}
    workflow = yaml.load(
        (clone / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )  # `on` stays a key, values stay text
    for job_name, job in workflow["jobs"].items():
        job_env = {k: substitute(v, values) for k, v in job.get("env", {}).items()}
        for step in job.get("steps", []):
            if "run" not in step or not runs(step):
                continue
            env = {
                **base_env,
                **github,
                **job_env,
                **{k: substitute(v, values) for k, v in step.get("env", {}).items()},
            }
            cwd = clone / step.get("working-directory", ".")
            started = time.monotonic()
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", substitute(step["run"], values)],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            print(f"{name}: {step.get('name')}: {time.monotonic() - started:.1f} s")
            assert result.returncode == 0, (
                f"{name}: job {job_name}, step {step.get('name', step['run'])!r} failed:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith(("actions/upload-artifact@", "actions/upload-pages-artifact@")):
                uploaded = clone / step["with"]["path"]
                assert uploaded.is_dir() and any(uploaded.iterdir()), f"{name}: nothing to upload at {uploaded}"
    return clone


def test_publish_workflow_runs_green_and_builds_for_the_pages_address(tmp_path: Path, venv: Path) -> None:
    clone = run_workflow("publish.yml", tmp_path, venv)
    home = page(clone / "site", "")
    assert home.select_one('link[rel="canonical"]')["href"] == "https://example.github.io/fact-checks/"
    claim = page(clone / "site", "claims/foreign-ministry-spoke-on-wednesday/")
    assert claim.select_one("h1") is not None
    assert git(clone, "status", "--porcelain", "--", "claims", "seeds") == ""  # the records untouched


def test_pull_request_workflow_runs_green_and_summarises_for_reviewers(tmp_path: Path, venv: Path) -> None:
    clone = run_workflow("pull-request.yml", tmp_path, venv)
    assert page(clone / "site", "claims/foreign-ministry-spoke-on-wednesday/").select_one("h1") is not None
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").strip(), "the reviewer summary is empty"


def test_release_workflow_builds_a_wheel_that_builds_the_site(tmp_path: Path, venv: Path) -> None:
    clone = run_workflow("release.yml", tmp_path, venv)
    (wheel,) = (clone / "dist").glob("*.whl")
    (sdist,) = (clone / "dist").glob("*.tar.gz")
    assert (
        wheel.name == f"mkdocs_factcheck-{VERSION}-py3-none-any.whl"
        and sdist.name == f"mkdocs_factcheck-{VERSION}.tar.gz"
    )
    # the step installed the wheel (not the clone), so the site came from the packaged templates
    site = tmp_path / "runner" / "wheel-site"
    assert page(site, "claims/foreign-ministry-spoke-on-wednesday/").select_one("h1") is not None
    installed = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from importlib.metadata import distribution; "
            "print(distribution('mkdocs-factcheck').read_text('direct_url.json'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"/dist/{wheel.name}" in installed, installed


def test_release_workflow_refuses_a_tag_that_is_not_the_version(tmp_path: Path) -> None:
    workflow = yaml.load((WORKFLOWS / "release.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name", "").startswith("Check that the tag"))
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "TAG": "v0.0.0-not-this"},
    )
    assert result.returncode == 1
    assert f"::error::the tag v0.0.0-not-this is not v{VERSION}" in result.stdout
