"""Paths from a pull request: a build never writes, renames or deletes through a symbolic link or
outside site_dir; record folders that are links out of the project are not read; file and folder
names under claims/ and seeds/ are restricted like ids."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import Site, build_site, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def build_error(caplog: pytest.LogCaptureFixture):
    """Build, expect a refusal, return what MkDocs printed for it."""

    def run(site: Site) -> str:
        caplog.clear()
        with pytest.raises((PluginError, Abort)) as caught:
            site.build()
        return caplog.text + str(caught.value)

    return run


def outside_folder(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sentinel.txt").write_text("keep me", encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.txt").write_text("and me", encoding="utf-8")
    return outside


def no_leftovers(root: Path) -> None:
    assert not [p.name for p in root.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_site_as_a_link_to_an_outside_folder_is_refused(site: Site, tmp_path: Path, build_error) -> None:
    outside = outside_folder(tmp_path)
    before = tree(outside)
    site.with_example()
    (site.root / "site").symlink_to(outside, target_is_directory=True)
    message = build_error(site)
    assert "site: error: site_dir is a symbolic link" in message and "hint:" in message, message
    assert tree(outside) == before, "the folder the link points to is untouched"
    assert (site.root / "site").is_symlink()
    no_leftovers(site.root)
    no_leftovers(tmp_path)


def test_site_as_a_link_to_the_parent_folder_is_refused(site: Site, build_error) -> None:
    site.with_example()
    before = tree(site.root)
    (site.root / "site").symlink_to("..", target_is_directory=True)
    assert "site: error: site_dir is a symbolic link (to ..)" in build_error(site)
    assert (site.root / "claims" / "bridge-cost.yml").exists()
    assert {k: v for k, v in tree(site.root).items() if k.split("/")[0] != "site"} == before


def test_a_parent_folder_of_site_dir_as_a_link_is_refused(site: Site, tmp_path: Path, build_error) -> None:
    outside = outside_folder(tmp_path)
    before = tree(outside)
    site.with_example()
    site.write_config(extra="site_dir: out/site\n")
    (site.root / "out").symlink_to(outside, target_is_directory=True)
    message = build_error(site)
    assert "out: error: a parent folder of site_dir" in message, message
    assert tree(outside) == before and not (outside / "site").exists()


def test_a_link_inside_site_dir_is_refused(site: Site, tmp_path: Path, build_error) -> None:
    outside = outside_folder(tmp_path)
    before = tree(outside)
    site_dir = site.with_example().build()
    (site_dir / "assets" / "elsewhere").symlink_to(outside, target_is_directory=True)
    message = build_error(site)
    assert "site/assets/elsewhere: error: a symbolic link inside site_dir" in message, message
    assert tree(outside) == before
    assert (site_dir / "assets" / "elsewhere").is_symlink(), "the previous site is left as it was"
    # the same under --dirty, where MkDocs writes into site_dir in place
    with pytest.raises((PluginError, Abort)):
        build_site(site.root / "mkdocs.yml", dirty=True)
    assert tree(outside) == before


def test_site_dir_holding_the_project_or_the_records_is_refused(site: Site, build_error) -> None:
    site.with_example()
    before = tree(site.root)
    site.write_config(extra="site_dir: claims\n")
    assert "site_dir holds" in build_error(site)
    assert tree(site.root / "claims") == {k[len("claims/") :]: v for k, v in before.items() if k.startswith("claims/")}


def test_a_normal_build_still_works_and_keeps_hidden_files(site: Site) -> None:
    site_dir = site.with_example().build()
    (site_dir / ".nojekyll").write_text("", encoding="utf-8")
    assert (site.with_example().build() / ".nojekyll").exists()


# -- record folders and names -------------------------------------------------------------------


def validate(site: Site) -> subprocess.CompletedProcess[str]:
    return run_cli(site, "validate", "--no-cache")


@pytest.mark.parametrize("folder", ["claims", "seeds"])
def test_a_record_folder_linked_out_of_the_project_is_not_read(
    site: Site, tmp_path: Path, build_error, folder: str
) -> None:
    site.with_example()
    outside = tmp_path / f"outside-{folder}"
    (site.root / folder).rename(outside)
    (site.root / folder).symlink_to(outside, target_is_directory=True)
    expected = f"{folder}:1:1: error: the {folder} folder is a symbolic link"
    result = validate(site)
    assert result.returncode != 0 and expected in result.stdout, result.stdout
    assert expected in build_error(site)
    assert not (site.root / "site").exists(), "nothing was built"


HOSTILE_FOLDER = '"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("folder", ["claims", "seeds"])
def test_a_record_in_a_folder_with_a_hostile_name_is_refused(site: Site, build_error, folder: str) -> None:
    site.with_example()
    name = "bridge-cost.yml" if folder == "claims" else "example-times-bridge.yml"
    (site.root / folder / HOSTILE_FOLDER).mkdir()
    (site.root / folder / name).rename(site.root / folder / HOSTILE_FOLDER / name)
    (site.root / folder / "bad\nname").mkdir()
    expected = [
        f"{folder}/:1:1: error: folder name {ascii(HOSTILE_FOLDER)} is not allowed; its records are not read",
        f"{folder}/:1:1: error: folder name 'bad\\nname' is not allowed; its records are not read",
    ]
    result = validate(site)
    assert result.returncode != 0
    for line in expected:
        assert line in result.stdout, result.stdout
    assert "hint: use letters a-z, digits" in result.stdout
    message = build_error(site)
    assert all(line in message for line in expected), message
    assert not (site.root / "site").exists(), "nothing was built"


def test_hidden_folders_are_ignored_and_the_edit_link_is_quoted(site: Site) -> None:
    site.with_example()
    (site.root / "claims" / ".drafts").mkdir()
    (site.root / "claims" / ".drafts" / "x.yml").write_text("not: a claim\n", encoding="utf-8")
    (site.root / "claims" / "2024_03.v1").mkdir()
    (site.root / "claims" / "bridge-cost.yml").rename(site.root / "claims" / "2024_03.v1" / "bridge-cost.yml")
    from conftest import page

    edit = page(site.build(), "claims/bridge-cost/").select_one("a[href*='/edit/']")
    assert edit["href"] == "https://github.com/example/repo/edit/main/claims/2024_03.v1/bridge-cost.yml"


# -- language and direction of archived texts ---------------------------------------------------


@pytest.mark.parametrize(
    "language,direction",
    [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("en", None), ("zh-Hans", None), ("qaa", None)],
)
def test_the_archived_text_carries_the_sources_language_and_direction(
    site: Site, language: str, direction: str | None
) -> None:
    from conftest import SOURCE_YML, page

    site.with_example().write("seeds/example-times-bridge.yml", SOURCE_YML + f"language: {language}\n")
    archive = page(site.build(), "sources/example-times-bridge/").select_one(".fc-archive")
    assert archive["lang"] == language
    assert archive.get("dir") == direction, "dir only where it differs from the page's (ltr)"
    assert not archive.find_parents(attrs={"lang": "und"})
