"""A claim's last change is one date: ``updated``, or the newest logged change when that is later.
Every output gives it (ClaimReview, the page's head, the sitemap, the open data, the fact-checks
feed), `validate` checks the log's dates against ``published`` and ``updated``, and each entry of
the corrections feed links to its own anchor on the claim page."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import CLAIM_YML, Site, page, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CLAIM_URL = "https://example.github.io/repo/claims/bridge-cost/"

TWO_CORRECTIONS = (
    CLAIM_YML
    + """\
corrections:
  - date: 2024-04-02
    kind: update
    note: Added the council's answer.
  - date: 2024-05-01
    kind: correction
    note: Corrected the overrun.
"""
)


def validate(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(site, "validate", *args)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def published_dates(site_dir: Path) -> dict[str, str]:
    """The claim's last-change date as each output gives it (the day only)."""
    html = page(site_dir, "claims/bridge-cost/")
    review = next(
        d
        for d in (json.loads(s.string) for s in html.select('script[type="application/ld+json"]'))
        if d.get("@type") == "ClaimReview"
    )
    sitemap = ET.parse(site_dir / "sitemap.xml").getroot()
    lastmod = next(u.find(f"{SITEMAP}lastmod").text for u in sitemap if u.find(f"{SITEMAP}loc").text == CLAIM_URL)
    feed = ET.parse(site_dir / "feeds" / "fact-checks.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href") == CLAIM_URL)
    data = json.loads((site_dir / "data" / "claims" / "bridge-cost.json").read_text(encoding="utf-8"))
    return {
        "dateModified": review["dateModified"][:10],
        "article:modified_time": html.select_one('meta[property="article:modified_time"]')["content"][:10],
        "sitemap lastmod": lastmod[:10],
        "open data updated": data["updated"][:10],
        "feed entry updated": entry.find(f"{ATOM}updated").text[:10],
    }


def test_two_corrections_without_updated_move_every_date(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", TWO_CORRECTIONS)
    dates = published_dates(site.build(strict=False))
    assert dates == dict.fromkeys(dates, "2024-05-01")
    byline = page(site.root / "site", "claims/bridge-cost/").select_one(".fc-byline").get_text(" ", strip=True)
    assert "updated 1 May 2024" in byline or "updated May 1, 2024" in byline, byline


def test_a_stale_updated_is_overridden_by_a_later_correction(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        TWO_CORRECTIONS.replace("published: 2024-03-10\n", "published: 2024-03-10\nupdated: 2024-04-02\n"),
    )
    dates = published_dates(site.build(strict=False))
    assert dates == dict.fromkeys(dates, "2024-05-01")


def test_corrections_without_updated_warn_and_fail_strict(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example().write("claims/bridge-cost.yml", TWO_CORRECTIONS)
    expected = [
        "claims/bridge-cost.yml:21:11: warning: `corrections[0].date` is 2024-04-02, but the claim has no `updated` date",  # noqa: E501 - one message, as printed
        "claims/bridge-cost.yml:24:11: warning: `corrections[1].date` is 2024-05-01, but the claim has no `updated` date",  # noqa: E501 - one message, as printed
    ]
    normal = validate(site)
    assert normal.returncode == 0 and problem_lines(normal.stdout) == expected, normal.stdout
    assert "hint: add `updated: 2024-05-01` (the newest change)" in normal.stdout
    strict = validate(site, "--strict")
    assert strict.returncode == 1 and problem_lines(strict.stdout) == expected
    with pytest.raises((PluginError, Abort)):
        site.build(strict=True)
    assert expected[1] in caplog.text


def test_a_correction_later_than_updated_is_a_warning(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        TWO_CORRECTIONS.replace("published: 2024-03-10\n", "published: 2024-03-10\nupdated: 2024-04-02\n"),
    )
    result = validate(site)
    assert result.returncode == 0
    assert problem_lines(result.stdout) == [
        "claims/bridge-cost.yml:25:11: warning: `corrections[1].date` is 2024-05-01, later than `updated` (2024-04-02)"
    ]
    assert "hint: set `updated: 2024-05-01` (the newest change)" in result.stdout
    assert validate(site, "--strict").returncode == 1


def test_a_correction_before_publication_is_an_error(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace(
            "published: 2024-03-10\n",
            (
                "published: 2024-03-10\nupdated: 2024-03-12\ncorrections:\n"
                "  - {date: 2024-03-12, note: Fixed a name.}\n  - {date: 2024-03-01, note: Before we published.}\n"
            ),
        ),
    )
    expected = (
        "claims/bridge-cost.yml:23:12: error: `corrections[1].date` is 2024-03-01, before the claim was "
        "published (2024-03-10)"
    )
    result = validate(site)
    assert result.returncode == 1 and problem_lines(result.stdout) == [expected], result.stdout
    with pytest.raises((PluginError, Abort)):
        site.build(strict=False)
    assert expected in caplog.text


def test_an_up_to_date_log_gives_no_warning(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        TWO_CORRECTIONS.replace("published: 2024-03-10\n", "published: 2024-03-10\nupdated: 2024-05-01\n"),
    )
    result = validate(site, "--strict")
    assert result.returncode == 0 and problem_lines(result.stdout) == [], result.stdout


def test_every_corrections_feed_entry_points_at_an_anchor_on_its_page(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        TWO_CORRECTIONS.replace("published: 2024-03-10\n", "published: 2024-03-10\nupdated: 2024-05-01\n").replace(
            "    note: Corrected the overrun.\n",
            "    note: Corrected the overrun.\n  - {date: 2024-05-01, note: And a typo.}\n",
        ),
    )
    site_dir = site.build()
    feed = ET.parse(site_dir / "feeds" / "corrections.xml").getroot()
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 3
    fragments = []
    for entry in entries:
        for url in (entry.find(f"{ATOM}id").text, entry.find(f"{ATOM}link").get("href")):
            parts = urlsplit(url)
            assert parts._replace(fragment="").geturl() == CLAIM_URL
            assert page(site_dir, "claims/bridge-cost/").find(id=parts.fragment) is not None, url
        fragments.append(urlsplit(entry.find(f"{ATOM}link").get("href")).fragment)
    assert fragments == ["change-2024-05-01-1", "change-2024-05-01-2", "change-2024-04-02-1"]
    items = page(site_dir, "claims/bridge-cost/").select("li.fc-correction")
    assert [li["id"] for li in items] == fragments
    assert "Corrected the overrun" in items[0].get_text()
