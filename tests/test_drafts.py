"""Editorial status: only `status: published` claims reach readers; `mkdocs serve` previews the
others with a banner; `validate` reports placeholders left from `factcheck new`."""

from __future__ import annotations

import contextlib
import gzip
import json
import zlib
from pathlib import Path

from conftest import CLAIM_YML, Site, run_cli, soup

MARKER = "Zqxdraftmarker"
DRAFT_YML = f"""\
id: draft-claim
claim: The bridge will open in May, {MARKER} says.
claimant:
  name: {MARKER} Person
  role: {MARKER} role
appearances:
  - source: example-times-bridge
    quote: "will open in May"
verdict: unproven
summary: "TODO: what we found about {MARKER}"
evidence:
  - source: example-times-bridge
    quote: "a figure the council disputes"
    stance: context
topics: [Infrastructure, {MARKER} topic]
author: Test Author
published: 2024-03-12
status: draft
corrections:
  - date: 2024-03-13
    note: "{MARKER} correction."
updated: 2024-03-13
"""


def readable(data: bytes) -> str:
    """A built file as a consumer reads it: gzip (sitemap.xml.gz, Pagefind's index) unpacked."""
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_a_draft_reaches_no_page_feed_data_file_sitemap_or_search_index(site: Site) -> None:
    site.with_example()
    site.write("claims/draft-claim.yml", DRAFT_YML)
    site_dir = site.build()  # --strict: a draft with placeholders is no warning
    leaks = [
        str(p.relative_to(site_dir))
        for p in site_dir.rglob("*")
        if p.is_file() and MARKER.lower() in readable(p.read_bytes()).lower()
    ]
    assert leaks == []
    assert not (site_dir / "claims" / "draft-claim").exists()
    assert not (site_dir / "data" / "claims" / "draft-claim.json").exists()
    assert not list(site_dir.glob("claimants/*person*")), "a claimant with only drafts gets no page"
    assert not list(site_dir.glob(f"topics/{MARKER.lower()}*"))
    assert (site_dir / "pagefind" / "pagefind-entry.json").is_file()
    catalog = json.loads((site_dir / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in catalog["claims"]] == ["bridge-cost"]
    unproven = soup(site_dir / "verdicts" / "unproven" / "index.html")
    assert unproven.select(".fc-item") == [], "the verdict page lists no draft"
    topic = soup(site_dir / "topics" / "infrastructure" / "index.html")
    assert len(topic.select(".fc-item")) == 1
    assert "draft-claim" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")


def test_a_published_claim_cannot_link_to_a_draft(site: Site) -> None:
    site.with_example()
    site.write("claims/draft-claim.yml", DRAFT_YML.replace(f"TODO: what we found about {MARKER}", "Unclear."))
    site.write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace("See [the source]", "See [the draft](claim:draft-claim), [the source]"),
    )
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert (
        "claims/bridge-cost.yml:11:11: error: `analysis` links to claim 'draft-claim', which is not published "
        "(claims/draft-claim.yml)"
    ) in result.stdout


def test_validate_reports_placeholders_as_errors_when_published_and_notes_in_a_draft(site: Site) -> None:
    site.with_example()
    site.write("claims/draft-claim.yml", DRAFT_YML)
    result = run_cli(site, "validate", "--strict")
    assert result.returncode == 0, result.stdout
    assert (
        "claims/draft-claim.yml:10:10: note: `summary` still holds the placeholder "
        f"'TODO: what we found about {MARKER}'"
    ) in result.stdout
    assert "0 error(s), 0 warning(s), 1 note(s)" in result.stdout
    annotations = run_cli(site, "validate", env={"GITHUB_ACTIONS": "true"})
    assert "::notice file=claims/draft-claim.yml,line=10,col=10," in annotations.stdout
    site.write("claims/draft-claim.yml", DRAFT_YML.replace("status: draft", "status: published"))
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert "claims/draft-claim.yml:10:10: error: `summary` still holds the placeholder" in result.stdout


def test_new_claim_is_a_draft_that_validate_explains(site: Site) -> None:
    site.with_example()
    assert run_cli(site, "new", "claim").returncode == 0
    text = (site.root / "claims" / "new-claim.yml").read_text(encoding="utf-8")
    assert "\nstatus: draft " in text
    result = run_cli(site, "validate", "claims/new-claim.yml")
    notes = [line for line in result.stdout.splitlines() if ": note: " in line and "placeholder" in line]
    assert len(notes) >= 6  # claim, claimant name, quotes, summary, analysis, author


def test_serve_previews_a_draft_with_a_banner(site: Site, tmp_path: Path) -> None:
    """What `mkdocs serve` builds: MkDocs' serve build (drafts included), started as serve."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.with_example()
    site.write("claims/draft-claim.yml", DRAFT_YML.replace("status: draft", "status: review"))
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/repo/")
    finally:
        config.plugins.on_shutdown()
    page = soup(tmp_path / "served" / "claims" / "draft-claim" / "index.html")
    banner = page.select_one(".fc-draft-banner")
    assert banner is not None and "In review" in banner.get_text() and "not published" in banner.get_text()
    index = soup(tmp_path / "served" / "claims" / "index.html")
    tags = [item.select_one(".fc-draft-tag") for item in index.select(".fc-item")]
    assert sorted(t.get_text() if t else "" for t in tags) == ["", "In review"]


def test_check_site_expects_the_published_claims_and_the_new_data_files(site: Site) -> None:
    site.with_example()
    site.write("claims/draft-claim.yml", DRAFT_YML)
    site_dir = site.build()
    result = run_cli(site, "check-site", str(site_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(1 claims, 1 sources)" in result.stdout
    (site_dir / "data" / "claimreview-feed.json").unlink()
    result = run_cli(site, "check-site", str(site_dir))
    assert result.returncode == 1 and "missing: " in result.stdout and "data/claimreview-feed.json" in result.stdout
