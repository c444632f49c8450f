"""`factcheck init DIR`: a new team's site validates, builds strictly, and never overwrites a file."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from factcheck.cli import main
from factcheck.core.authoring.starter import requirement_for
from test_workflows import actionlint

from conftest import build_site, page, run_cli


def init(*args: str) -> tuple[int, str, str]:
    result = run_cli(Path.cwd(), "init", *args)
    return result.returncode, result.stdout, result.stderr


def build(root: Path, strict: bool = True) -> Path:
    return build_site(root / "mkdocs.yml", strict=strict)


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def new_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = init(str(tmp_path / "mysite"))
    assert code == 0, err
    return tmp_path / "mysite"


def test_init_writes_a_site_that_validates_and_builds_strictly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = init("mysite")
    assert code == 0, err
    root = tmp_path / "mysite"
    # the next three commands, in order
    lines = [line.strip() for line in out.splitlines()]
    start = lines.index("cd mysite")
    assert lines[start : start + 3] == ["cd mysite", "factcheck validate", "mkdocs serve"]
    assert {
        ".github/workflows/pull-request.yml",
        ".github/workflows/publish.yml",
        ".github/ISSUE_TEMPLATE/submit-claim.yml",
        ".github/ISSUE_TEMPLATE/report-error.yml",
        ".gitignore",
        "CONTRIBUTING.md",
        "mkdocs.yml",
        "requirements.txt",
        "schemas/claim.schema.json",
        "schemas/source.schema.json",
        "site_src/index.md",
        "site_src/about.md",
        "site_src/methodology.md",
        "site_src/corrections-policy.md",
        "claims/example-claim.yml",
        "seeds/example-source.yml",
        "seeds/example-source.txt",
    } <= set(files_under(root))

    assert main(["-f", str(root / "mkdocs.yml"), "validate", "--strict", "--no-cache"]) == 0
    assert "1 claims and 1 sources are valid" in capsys.readouterr().out

    site_dir = build(root)
    claim = page(site_dir, "claims/example-claim/")
    assert claim.h1 and "footbridge" in claim.h1.get_text()
    assert "Mostly false" in claim.get_text()
    assert "It cost 12 million euros, exactly as budgeted" in claim.get_text()
    home = page(site_dir, "")
    assert home.find("a", href="claims/example-claim/"), "the home page lists the latest fact check"
    about = page(site_dir, "about/").get_text()
    assert "TODO: your organisation's name" in about and "Funding" in about
    assert (site_dir / "feeds" / "fact-checks.xml").is_file()


def test_every_record_resolves_its_schema_line(new_site: Path) -> None:
    for record in [*new_site.glob("claims/*.yml"), *new_site.glob("seeds/*.yml")]:
        first = record.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert (record.parent / first.split("=", 1)[1]).is_file(), first


def test_the_examples_are_easy_to_remove(new_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in [*new_site.glob("claims/example-*"), *new_site.glob("seeds/example-*")]:
        path.unlink()
    assert main(["-f", str(new_site / "mkdocs.yml"), "validate", "--strict", "--no-cache"]) == 0
    site_dir = build(new_site)
    assert (site_dir / "claims" / "index.html").is_file()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "existing"
    (root / "site_src").mkdir(parents=True)
    (root / "site_src" / "about.md").write_text("# Our own about page\n", encoding="utf-8")
    (root / "notes.txt").write_text("kept\n", encoding="utf-8")
    before = files_under(root)
    code, out, err = init(str(root))
    assert code == 1
    assert f"{root / 'site_src' / 'about.md'} already exists" in err and "nothing was written" in err
    assert files_under(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt", "site_src"]


def test_init_refuses_a_link_on_the_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "site"
    root.mkdir()
    os.symlink(elsewhere, root / "claims")
    code, out, err = init(str(root))
    assert code == 1 and f"{root / 'claims'} is in the way" in err
    assert list(elsewhere.iterdir()) == [] and [p.name for p in root.iterdir()] == ["claims"]


def test_init_into_an_existing_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert init(str(tmp_path / "empty"))[0] == 0
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


def test_options_land_in_mkdocs_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_url = "https://checks.example.org/it's#x:y"
    repo_url = 'https://github.com/our-org/"checks"'
    code, out, err = init(str(tmp_path / "s"), "--site-url", site_url, "--repo-url", repo_url, "--language", "fr")
    assert code == 0, err
    config = yaml.safe_load((tmp_path / "s" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == site_url + "/"
    assert config["repo_url"] == repo_url
    assert config["theme"]["language"] == "fr"
    organisation = next(p["factcheck"] for p in config["plugins"] if isinstance(p, dict))["organisation"]
    assert organisation["url"] == site_url + "/"
    assert organisation["logo"] == site_url + "/assets/images/logo.svg"
    assert organisation["submit_claim"] == repo_url + "/issues/new?template=submit-claim.yml"


def test_options_pass_validation_and_the_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "s"
    assert (
        init(
            str(root),
            "--site-url",
            "https://checks.example.org/fr",
            "--repo-url",
            "https://github.com/our-org/checks",
            "--language",
            "pt-BR",
        )[0]
        == 0
    )
    site_dir = build(root)
    assert page(site_dir, "").html["lang"].startswith("pt")  # Material writes "pt" for pt-BR
    assert (
        page(site_dir, "claims/example-claim/").find("link", rel="canonical")["href"]
        == "https://checks.example.org/fr/claims/example-claim/"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--site-url", "javascript:alert(1)"], "--site-url 'javascript:alert(1)': URL scheme javascript:"),
        (["--repo-url", "ftp://example.org/x"], "--repo-url 'ftp://example.org/x': URL scheme ftp:"),
        (["--site-url", "https://exa mple.org/"], "cannot contain spaces"),
        (["--site-url", "https://example.org/\nfoo: bar"], "--site-url"),
        (["--language", "en\nfoo: bar"], "is not a language code"),
        (["--language", "zz"], "Material for MkDocs has no translation for it"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = init(str(tmp_path / "s"), *args)
    assert code == 1 and message in err and "nothing was written" in err
    assert not (tmp_path / "s").exists()


def test_the_generated_workflows_pass_actionlint_and_install_the_package(new_site: Path) -> None:
    workflows = sorted(str(p) for p in (new_site / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run([actionlint(), "-no-color", *workflows], cwd=new_site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in workflows:
        steps = [
            step.get("run", "")
            for job in yaml.safe_load(Path(path).read_text())["jobs"].values()
            for step in job.get("steps", [])
        ]
        assert "python -m pip install -r requirements.txt" in steps
        assert "factcheck check-site site" in steps
        assert not any("pip install ." in step for step in steps)
    requirement = (new_site / "requirements.txt").read_text().splitlines()[-1]
    from importlib.metadata import version

    # this test's copy is an editable install from a folder: the version, which pip reads as PyPI's
    assert requirement == f"mkdocs-factcheck=={version('mkdocs-factcheck')}"


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("direct_url", "line", "noted"),
    [
        (None, "mkdocs-factcheck==1.2.0", False),  # from an index (PyPI)
        (
            json.dumps(
                {"url": "https://github.com/newsroom/mkdocs-factcheck", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
            ),
            f"mkdocs-factcheck @ git+https://github.com/newsroom/mkdocs-factcheck@{COMMIT}",
            False,
        ),
        (  # a token in the URL never reaches the committed requirements.txt
            json.dumps(
                {
                    "url": "https://x-token:s3cret@github.com/newsroom/fc",
                    "vcs_info": {"vcs": "git", "commit_id": COMMIT},
                }
            ),
            f"mkdocs-factcheck @ git+https://github.com/newsroom/fc@{COMMIT}",
            False,
        ),
        (json.dumps({"url": "file:///home/me/mkdocs-factcheck", "dir_info": {}}), "mkdocs-factcheck==1.2.0", True),
        (
            json.dumps({"url": "file:///tmp/mkdocs_factcheck-1.2.0-py3-none-any.whl", "archive_info": {}}),
            "mkdocs-factcheck==1.2.0",
            True,
        ),
        ("{not json", "mkdocs-factcheck==1.2.0", False),
    ],
)
def test_requirements_txt_names_the_plugin_as_it_was_installed(direct_url: str | None, line: str, noted: bool) -> None:
    requirement = requirement_for("1.2.0", direct_url)
    assert requirement.line == line
    assert (requirement.note is not None) == noted
    if noted:
        assert "requirements.txt" in requirement.note and "git+https://" in requirement.note


def test_init_from_a_local_copy_says_the_workflows_need_the_package_from_somewhere_they_reach(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "init", "site")
    assert result.returncode == 0, result.stderr
    assert "note: requirements.txt asks for mkdocs-factcheck" in result.stdout  # this copy: an editable folder
