"""Atom feeds (latest fact checks, corrections), the corrections page, and the corrections rule."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from conftest import CLAIM_YML, ROOT, Site, page, soup

A = "{http://www.w3.org/2005/Atom}"
CLAIM_IDS = sorted(p.stem for p in (ROOT / "claims").glob("*.yml"))
REPO_SITE_URL = "https://example.github.io/factcheck-site/"
TEST_SITE_URL = "https://example.github.io/repo/"


def parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    return root


def rfc3339(text: str) -> dt.datetime:
    assert "T" in text and (text.endswith("Z") or "+" in text), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def target_file(site_dir: Path, site_url: str, href: str) -> Path:
    assert href.startswith(site_url), f"{href} is not an absolute link into the site"
    path = urlsplit(href).path[len(urlsplit(site_url).path) :]
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


def check_feed(root: ET.Element, site_dir: Path, site_url: str, feed_path: str) -> list[ET.Element]:
    """Valid Atom (RFC 4287's required elements, RFC 3339 dates), every link resolving to a built file."""
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{tag}") is not None, tag
    rfc3339(root.find(f"{A}updated").text)
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == site_url + feed_path
    entries = root.findall(f"{A}entry")
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    for link in root.iter(f"{A}link"):
        href = link.get("href")
        target = target_file(site_dir, site_url, href)
        assert target.is_file(), f"broken link in {feed_path}: {href}"
        fragment = urlsplit(href).fragment
        if fragment:
            assert soup(target).find(id=fragment) is not None, f"{href}: no #{fragment}"
    for entry in entries:
        for tag in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{A}{tag}") is not None and (tag == "link" or entry.find(f"{A}{tag}").text), tag
        for tag in ("updated", "published"):
            if entry.find(f"{A}{tag}") is not None:
                rfc3339(entry.find(f"{A}{tag}").text)
        summary = entry.find(f"{A}summary")
        assert summary.get("type") == "text" and not re.search(r"<[A-Za-z/!]|\*\*", summary.text), "plain text"
    return entries


def test_latest_feed_lists_the_newest_fact_checks(built_repo_site: Path) -> None:
    root = parse_feed(built_repo_site / "feeds" / "fact-checks.xml")
    entries = check_feed(root, built_repo_site, REPO_SITE_URL, "feeds/fact-checks.xml")
    records = {c: yaml.safe_load((ROOT / "claims" / f"{c}.yml").read_text(encoding="utf-8")) for c in CLAIM_IDS}
    assert len(entries) == min(20, len(CLAIM_IDS))
    published = [e.find(f"{A}published").text for e in entries]
    assert published == sorted(published, reverse=True)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    verdicts = {
        v["id"]: v["label"]
        for p in config["plugins"]
        if isinstance(p, dict) and "factcheck" in p
        for v in p["factcheck"]["verdicts"]
    }
    for entry in entries:
        href = entry.find(f"{A}link").get("href")
        claim_id = href.rstrip("/").rsplit("/", 1)[1]
        data = records[claim_id]
        label = verdicts[str(data["verdict"]).lower()]
        claim = " ".join(data["claim"].split())
        assert entry.find(f"{A}title").text == f"{label}: {data.get('headline') or claim}"  # as the page's title
        assert entry.find(f"{A}category").get("label") == label
        said = f"Claim: {claim} " if data.get("headline") else ""  # under a headline, the claim is in the summary
        assert entry.find(f"{A}summary").text.startswith(f"{said}Verdict: {label}.")
        assert entry.find(f"{A}published").text == f"{data['published']}T00:00:00Z"


def test_every_page_advertises_both_feeds(built_repo_site: Path) -> None:
    for html_file in built_repo_site.rglob("index.html"):
        if "assets" in html_file.parts:
            continue
        html = soup(html_file)
        # autodiscovery: a rel token "alternate" and a feed type
        links = html.select('head link[rel~="alternate"][type="application/atom+xml"]')
        # Material's language switcher fetches sitemap.xml beside every link[rel=alternate]
        # (exact value): feeds/sitemap.xml would be a 404 on every page view
        assert not html.select('link[rel="alternate"][href*="feeds/"]'), html_file
        hrefs = sorted(link["href"] for link in links)
        assert hrefs == [REPO_SITE_URL + "feeds/corrections.xml", REPO_SITE_URL + "feeds/fact-checks.xml"], html_file
        for href in hrefs:
            assert target_file(built_repo_site, REPO_SITE_URL, href).is_file()


def test_repository_corrections_feed_is_valid(built_repo_site: Path) -> None:
    root = parse_feed(built_repo_site / "feeds" / "corrections.xml")
    check_feed(root, built_repo_site, REPO_SITE_URL, "feeds/corrections.xml")
    assert page(built_repo_site, "corrections/").select_one("h1").get_text() == "Corrections and updates"


CORRECTED = CLAIM_YML.replace(
    "published: 2024-03-10\n",
    """\
published: 2024-03-10
updated: 2024-05-01
corrections:
  - date: 2024-04-02
    kind: update
    note: Added the council's **answer** to our questions.
  - date: 2024-05-01
    kind: correction
    note: "Corrected the cost overrun: it is 3 million euros, not 4 million & not < 5."
""",
)


def with_corrections(site: Site) -> Path:
    site.with_example().write("claims/bridge-cost.yml", CORRECTED)
    site.write(
        "claims/second-check.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: second-check\nheadline: What did the bridge cost?").replace(
            "published: 2024-03-10\n",
            "published: 2024-03-12\nupdated: 2024-04-20\ncorrections:\n"
            "  - {date: 2024-04-20, kind: correction, note: Fixed the mayor's title.}\n",
        ),
    )
    return site.build()


def test_corrections_feed_and_page_list_every_change_newest_first(site: Site) -> None:
    site_dir = with_corrections(site)
    root = parse_feed(site_dir / "feeds" / "corrections.xml")
    entries = check_feed(root, site_dir, TEST_SITE_URL, "feeds/corrections.xml")
    assert [(e.find(f"{A}updated").text[:10], e.find(f"{A}category").get("term")) for e in entries] == [
        ("2024-05-01", "correction"),
        ("2024-04-20", "correction"),
        ("2024-04-02", "update"),
    ]
    assert entries[0].find(f"{A}link").get("href") == TEST_SITE_URL + "claims/bridge-cost/#change-2024-05-01-1"
    assert entries[1].find(f"{A}link").get("href") == TEST_SITE_URL + "claims/second-check/#change-2024-04-20-1"
    assert [e.find(f"{A}title").text for e in entries] == [  # as the claim page's title: headline, else claim
        "Correction: The bridge cost 12 million euros.",
        "Correction: What did the bridge cost?",
        "Update: The bridge cost 12 million euros.",
    ]
    assert entries[2].find(f"{A}summary").text == "Added the council's answer to our questions."
    assert entries[0].find(f"{A}summary").text.endswith("not 4 million & not < 5.")  # text, escaped by XML
    assert root.find(f"{A}updated").text == "2024-05-01T00:00:00Z"

    listing = page(site_dir, "corrections/")
    items = listing.select(".fc-corrections .fc-correction")
    assert [i["data-kind"] for i in items] == ["correction", "correction", "update"]
    assert [i.select_one("time")["datetime"] for i in items] == ["2024-05-01", "2024-04-20", "2024-04-02"]
    for item, claim_id in zip(items, ["bridge-cost", "second-check", "bridge-cost"], strict=True):
        assert item.select_one("a.fc-correction__claim")["href"] == f"../claims/{claim_id}/#corrections"
    feed_link = listing.select_one('article a[href$="corrections.xml"]')
    assert (site_dir / "corrections" / feed_link["href"]).resolve() == (
        site_dir / "feeds" / "corrections.xml"
    ).resolve()
    # the claim's own page still shows its log (core behaviour), with the anchor the links use
    claim_page = page(site_dir, "claims/bridge-cost/")
    assert claim_page.find(id="corrections") is not None
    assert len(claim_page.select(".fc-corrections .fc-correction")) == 2


def test_feed_entries_option_limits_the_latest_feed(site: Site) -> None:
    site.with_example()
    for n in range(3):
        site.write(
            f"claims/check-{n}.yml",
            CLAIM_YML.replace("id: bridge-cost", f"id: check-{n}").replace(
                "published: 2024-03-10", f"published: 2024-03-1{n + 1}"
            ),
        )
    site.write_config(plugin_extra="feed_entries: 2\n")
    site_dir = site.build()
    entries = parse_feed(site_dir / "feeds" / "fact-checks.xml").findall(f"{A}entry")
    assert [e.find(f"{A}id").text for e in entries] == [
        TEST_SITE_URL + "claims/check-2/",
        TEST_SITE_URL + "claims/check-1/",
    ]


MISSING_LOG = CLAIM_YML.replace("published: 2024-03-10\n", "published: 2024-03-10\nupdated: 2024-04-02\n")
WARNING = (
    "claims/bridge-cost.yml:20:10: warning: `updated` is 2024-04-02 but the corrections log has no entry for that day"
)


def test_an_update_without_a_log_entry_warns_in_a_normal_build(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example().write("claims/bridge-cost.yml", MISSING_LOG)
    site_dir = site.build(strict=False)
    assert WARNING in caplog.text
    assert (site_dir / "claims" / "bridge-cost" / "index.html").is_file()


def test_an_update_without_a_log_entry_fails_a_strict_build(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example().write("claims/bridge-cost.yml", MISSING_LOG)
    with pytest.raises((PluginError, Abort)) as raised:
        site.build(strict=True)
    assert WARNING in str(raised.value) + caplog.text
    assert not (site.root / "site").exists()


def test_validate_reports_the_missing_log_entry_and_fails_with_strict(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", MISSING_LOG)
    run = [sys.executable, "-m", "factcheck.cli", "validate"]
    env = {**os.environ, "GITHUB_ACTIONS": "false"}
    normal = subprocess.run(run, cwd=site.root, capture_output=True, text=True, env=env)
    strict = subprocess.run([*run, "--strict"], cwd=site.root, capture_output=True, text=True, env=env)
    assert normal.returncode == 0 and WARNING in normal.stdout
    assert strict.returncode == 1 and WARNING in strict.stdout
