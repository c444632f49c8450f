"""The repository's own site, as a reader gets it: pages, cross-links, marked quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck.core.checks.quotes import normalize

from conftest import ROOT, page, resolve_link, soup

CLAIM_IDS = sorted(p.stem for p in (ROOT / "claims").glob("*.yml"))
SOURCE_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.yml"))


def claim_record(claim_id: str) -> dict:
    return yaml.safe_load((ROOT / "claims" / f"{claim_id}.yml").read_text(encoding="utf-8"))


def test_the_seed_content_is_substantial() -> None:
    assert len(CLAIM_IDS) >= 10
    assert len(SOURCE_IDS) == 2
    for name in ("000_f4b3450d40c47ef6.txt", "001_1d44988c4797ba0e.txt"):
        shared = ROOT.parent / "shared" / "seeds" / name
        if shared.exists():
            assert (ROOT / "seeds" / name).read_bytes() == shared.read_bytes(), f"{name} must be byte for byte"


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim_page_shows_the_record(built_repo_site: Path, claim_id: str) -> None:
    record = claim_record(claim_id)
    html = page(built_repo_site, f"claims/{claim_id}/")
    box = html.select_one(".fc-claimbox")
    assert box is not None
    if record.get("headline"):  # the headline is the title; the claim opens the box
        assert html.select_one("h1").get_text() == record["headline"]
        assert normalize(box.select_one(".fc-claimbox__claim").get_text()) == normalize(record["claim"])
    else:  # the claim is the title, shown once
        assert normalize(html.select_one("h1.fc-claim-title").get_text()) == normalize(record["claim"])
        assert box.select_one(".fc-claimbox__claim") is None
    assert record["claimant"]["name"] in box.get_text()
    badge = box.select_one("a.fc-verdict")
    assert badge["data-verdict"] == str(record["verdict"]).lower()
    assert badge["href"].endswith(f"verdicts/{str(record['verdict']).lower()}/")
    edit = html.select_one('a[rel="edit"]')
    assert edit["href"].endswith(f"/edit/main/claims/{claim_id}.yml")
    assert len(html.select(".fc-evidence__item")) == len(record["evidence"])


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_source_page_shows_metadata_and_text(built_repo_site: Path, source_id: str) -> None:
    meta = yaml.safe_load((ROOT / "seeds" / f"{source_id}.yml").read_text(encoding="utf-8"))
    html = page(built_repo_site, f"sources/{source_id}/")
    assert html.select_one("h1").get_text() == meta["title"]
    text = (ROOT / "seeds" / meta["text"]).read_text(encoding="utf-8")
    archive = html.select_one(".fc-archive")
    # the whole archived text is there, unchanged apart from white space
    shown = archive.get_text()
    for backref in archive.select(".fc-backrefs"):
        shown = shown.replace(backref.get_text(), "", 1)
    assert normalize(shown) == normalize(text)
    assert html.select_one(f'a[href="{meta["url"]}"]') is not None
    edit = html.select_one('a[rel="edit"]')
    assert edit["href"].endswith(f"/edit/main/seeds/{source_id}.yml")


def test_nextshark_page_tells_original_from_capture(built_repo_site: Path) -> None:
    html = page(built_repo_site, "sources/nextshark-china-fake-news/")
    meta = html.select_one(".fc-source__meta").get_text(" ")
    assert "nextshark.com" in meta and "globalnewst.com" in meta
    assert "exact day not known" in meta


def internal_links(site_dir: Path):
    for html_file in sorted(site_dir.rglob("*.html")):
        if "assets" in html_file.parts:
            continue
        document = soup(html_file)
        for anchor in document.select("a[href]"):
            target = resolve_link(site_dir, html_file, anchor["href"])
            if target is not None:
                yield html_file, anchor, target


def test_every_internal_link_and_anchor_resolves(built_repo_site: Path) -> None:
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    for html_file, anchor, (target, fragment) in internal_links(built_repo_site):
        if not target.exists():
            broken.append(f"{html_file.relative_to(built_repo_site)} -> {anchor['href']}")
            continue
        if fragment and target.suffix == ".html":
            if target not in ids_cache:
                ids_cache[target] = {el["id"] for el in soup(target).select("[id]")}
            if fragment not in ids_cache[target]:
                broken.append(f"{html_file.relative_to(built_repo_site)} -> {anchor['href']} (no #{fragment})")
    assert not broken, "\n".join(broken)


def links_from(site_dir: Path, url_path: str, scope: str = "article") -> set[Path]:
    file = site_dir / url_path / "index.html"
    found = set()
    for anchor in soup(file).select(f"{scope} a[href]"):
        target = resolve_link(site_dir, file, anchor["href"])
        if target:
            found.add(target[0])
    return found


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_links_from_a_claim_are_mirrored(built_repo_site: Path, claim_id: str) -> None:
    claim_file = (built_repo_site / "claims" / claim_id / "index.html").resolve()
    out = links_from(built_repo_site, f"claims/{claim_id}", ".fc-claim")
    kinds = {"sources", "verdicts", "claimants", "topics"}
    targets = [t for t in out if t.parent.parent.name in kinds]
    assert {t.parent.parent.name for t in targets} == kinds, "a claim links its source, verdict, claimant, topic"
    for target in targets:
        back = links_from(built_repo_site, str(target.parent.relative_to(built_repo_site)))
        assert claim_file in back, f"{target} does not link back to {claim_id}"


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_each_quote_link_lands_on_its_exact_marked_passage(built_repo_site: Path, claim_id: str) -> None:
    claim_file = built_repo_site / "claims" / claim_id / "index.html"
    quote_links = soup(claim_file).select(".fc-claim q a[href], .fc-evidence__quote a[href]")
    assert quote_links
    for link in quote_links:
        target, fragment = resolve_link(built_repo_site, claim_file, link["href"])
        source = soup(target)
        anchor = source.find(id=fragment)
        assert anchor is not None and anchor.name in ("mark", "span")
        marked = source.select(f'mark[data-quotes~="{fragment}"]')
        assert normalize("".join(m.get_text() for m in marked)) == normalize(link.get_text())
        # and the passage links back to this claim's quotation
        backrefs = [a["href"] for a in source.select(".fc-backref")]
        assert any(h.endswith(f"claims/{claim_id}/#cite-{fragment}") for h in backrefs)


def test_claim_and_source_pages_stay_out_of_the_navigation(built_repo_site: Path) -> None:
    nav = page(built_repo_site, "").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert any(h.rstrip("/").endswith("claims") for h in hrefs)
    assert not any("/claims/" in h and not h.rstrip("/").endswith("claims") for h in hrefs)
    assert not any("sources/" in h and not h.rstrip("/").endswith("sources") for h in hrefs)


def test_home_lists_the_latest_checks_newest_first(built_repo_site: Path) -> None:
    home = page(built_repo_site, "")
    items = home.select(".fc-latest__item")
    assert 1 <= len(items) <= 10
    dates = [item.select_one("time")["datetime"] for item in items]
    assert dates == sorted(dates, reverse=True)


def test_ratings_page_is_generated_from_the_configured_scale(built_repo_site: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    ratings = page(built_repo_site, "verdicts/")
    labels = [el.get_text() for el in ratings.select(".fc-scale .fc-verdict__label")]
    assert labels and all(f"label: {label}" in config or f'label: "{label}"' in config for label in labels)


def test_index_pages_list_every_claim_once(built_repo_site: Path) -> None:
    index = page(built_repo_site, "claims/")
    listed = [a["href"].rstrip("/").split("/")[-1] for a in index.select(".fc-item__claim")]
    assert sorted(listed) == CLAIM_IDS
    per_verdict = []
    for verdict_dir in (built_repo_site / "verdicts").iterdir():
        if verdict_dir.is_dir():
            per_verdict += [a["href"] for a in soup(verdict_dir / "index.html").select(".fc-item__claim")]
    assert len(per_verdict) == len(CLAIM_IDS)
