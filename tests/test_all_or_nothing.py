"""All or nothing: a build that fails after MkDocs would have cleaned ``site/`` leaves the previous
site as it was, a good one replaces it whole; two builds of the same records are byte-identical."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import signal
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from test_hostile_markup import neutral_records

from conftest import CLAIM_YML, Site, start_mkdocs, stop_serving


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Site) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(".site."))


def test_a_failure_while_rendering_leaves_the_previous_site(site: Site) -> None:
    site_dir = site.with_example().build()
    (site_dir / ".nojekyll").write_text("", encoding="utf-8")
    before = tree(site_dir)
    site.write("overrides/factcheck/claim.html", "{{ no_such_variable }}")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    with pytest.raises(Exception, match="no_such_variable"):
        site.build()
    assert tree(site_dir) == before
    assert leftovers(site) == []


def test_strict_warnings_counted_at_the_end_leave_the_previous_site(site: Site) -> None:
    site_dir = site.with_example().build()
    before = tree(site_dir)
    site.write("site_src/about.md", "# About\n\n[broken](missing.md)\n")
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("Jane Mayor", "Jane Maire"))
    with pytest.raises(Abort, match="strict mode"):
        site.build(strict=True)
    assert tree(site_dir) == before
    assert leftovers(site) == []
    site.build(strict=False)  # without --strict the same warning does not stop the build
    assert "Jane Maire" in (site_dir / "claims" / "bridge-cost" / "index.html").read_text(encoding="utf-8")


def test_a_failed_first_build_leaves_no_site(site: Site) -> None:
    site.with_example().write("site_src/about.md", "# About\n\n[broken](missing.md)\n")
    with pytest.raises(Abort):
        site.build(strict=True)
    assert not (site.root / "site").exists()
    assert leftovers(site) == []


def test_a_good_build_replaces_the_site_and_keeps_hidden_files(site: Site) -> None:
    site_dir = site.with_example().build()
    (site_dir / ".git").mkdir()
    (site_dir / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site_dir / "stale.html").write_text("old", encoding="utf-8")
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("Jane Mayor", "Jane Maire"))
    site.build()
    assert (site_dir / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site_dir / "stale.html").exists()
    assert "Jane Maire" in (site_dir / "claims" / "bridge-cost" / "index.html").read_text(encoding="utf-8")
    assert leftovers(site) == []


SLOW_HOOK = "import time\n\n\ndef on_post_page(output, page, config):\n    time.sleep(0.3)\n    return output\n"
STOPS = {"Ctrl-C": signal.SIGINT, "a cancelled job": signal.SIGTERM, "the terminal closed": signal.SIGHUP}


@pytest.mark.parametrize("stop", STOPS)
def test_a_build_stopped_half_way_leaves_the_previous_site_and_no_staging_folder(site: Site, stop: str) -> None:
    """`mkdocs build` stopped while it writes pages (a cancelled CI job gets SIGINT, then SIGTERM):
    the previous site as it was, and no `.site.partial-*` left in the project."""
    site_dir = site.with_example().build()
    before = tree(site_dir)
    site.write("slow_hook.py", SLOW_HOOK)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - slow_hook.py\n", encoding="utf-8")
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("Jane Mayor", "Jane Maire"))
    build = start_mkdocs(site.root, "build", "--strict")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            page.name == "index.html" for folder in site.root.glob(".site.partial-*") for page in folder.rglob("*")
        ):
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before it was stopped:\n" + build.communicate()[0]
        build.send_signal(STOPS[stop])
        output = build.communicate(timeout=60)[0]
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode != 0, output
    assert tree(site_dir) == before, "the previous site changed"
    assert leftovers(site) == [], output
    assert "Traceback" not in output, output


def test_mkdocs_serve_still_serves_the_site(site: Site) -> None:
    site.with_example()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start_mkdocs(site.root, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}")
    try:
        body = ""
        for _attempt in range(120):  # the first build takes a few seconds; bounded in count
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/repo/claims/bridge-cost/", timeout=5) as reply:
                    body = reply.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert "The bridge cost 12 million euros." in body, server.stdout.read() if server.poll() is not None else ""
    finally:
        stop_serving(server)
    assert not (site.root / "site").exists()
    assert leftovers(site) == []


# -- deterministic output -----------------------------------------------------------------------


def test_two_builds_are_byte_identical_and_dated_by_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    builds = []
    for name in ("first", "second-in-another-folder"):
        site = Site(tmp_path / name / "project")
        neutral_records(site)
        # Pagefind's own filter and metadata index files are not byte-stable between runs
        # (upstream: Pagefind/pagefind#638); everything we and MkDocs write must be
        builds.append({name: data for name, data in tree(site.build()).items() if not name.startswith("pagefind/")})
    assert builds[0].keys() == builds[1].keys()
    assert [name for name in builds[0] if builds[0][name] != builds[1][name]] == []
    sitemap = builds[0]["sitemap.xml"].decode("utf-8")
    dates = dict(
        re.findall(r"<loc>https://example\.github\.io/repo/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)
    )
    assert dates["claims/bridge-cost/"] == "2024-03-10"
    assert set(dates.values()) == {"2024-03-10"}, "no page may carry the build date"
    gz = builds[0]["sitemap.xml.gz"]
    midnight = int(dt.datetime(2024, 3, 10, tzinfo=dt.UTC).timestamp())
    assert int.from_bytes(gz[4:8], "little") == midnight
    assert gzip.decompress(gz).decode("utf-8") == sitemap
    # with Pagefind (the default) Material's index is neither built nor written: no reader fetches it
    assert "search/search_index.json" not in builds[0]
    assert any(name.startswith("pagefind/") for name in tree(tmp_path / "first" / "project" / "site"))
