"""Open data: one JSON document per claim and one for the catalogue, with stable ids and absolute URLs."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from factcheck.core.checks.quotes import normalize

from conftest import ROOT, Site, page, soup

CLAIM_IDS = sorted(p.stem for p in (ROOT / "claims").glob("*.yml"))
SOURCE_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.yml"))
SITE_URL = "https://example.github.io/factcheck-site/"


def load(site_dir: Path, path: str) -> dict:
    return json.loads((site_dir / path).read_text(encoding="utf-8"))


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def test_catalogue_lists_every_claim_source_and_verdict(built_repo_site: Path) -> None:
    catalog = load(built_repo_site, "data/catalog.json")
    assert catalog["format"] == "mkdocs-factcheck/1"
    assert catalog["url"] == SITE_URL + "data/catalog.json"
    assert sorted(c["id"] for c in catalog["claims"]) == CLAIM_IDS
    assert sorted(s["id"] for s in catalog["sources"]) == SOURCE_IDS
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    options = next(p["factcheck"] for p in config["plugins"] if isinstance(p, dict) and "factcheck" in p)
    assert [v["id"] for v in catalog["verdicts"]] == [v["id"] for v in options["verdicts"]]
    assert catalog["publisher"]["name"] == options["organisation"]["name"]
    published = [c["published"] for c in catalog["claims"]]
    assert published == sorted(published, reverse=True)


def test_every_url_in_the_open_data_is_absolute_and_resolves(built_repo_site: Path) -> None:
    catalog = load(built_repo_site, "data/catalog.json")
    checked = 0
    for value in strings(catalog):
        if value.startswith(SITE_URL):
            parts = urlsplit(value)
            path = parts.path[len(urlsplit(SITE_URL).path):]
            target = built_repo_site / path
            target = target / "index.html" if path.endswith("/") or not path else target
            assert target.is_file(), value
            if parts.fragment:
                assert soup(target).find(id=parts.fragment) is not None, value
            checked += 1
        elif value.startswith(("http:", "https:")):
            continue
        else:
            assert not value.startswith(("/", "../", "claims/", "sources/")), f"relative URL {value!r}"
    assert checked > len(CLAIM_IDS) * 5
    for claim in catalog["claims"]:
        for key in ("url", "data_url"):
            assert claim[key].startswith(SITE_URL)


def test_each_claim_document_matches_its_record_and_its_page(built_repo_site: Path) -> None:
    catalog = {c["id"]: c for c in load(built_repo_site, "data/catalog.json")["claims"]}
    for claim_id in CLAIM_IDS:
        document = load(built_repo_site, f"data/claims/{claim_id}.json")
        assert document["data_url"] == SITE_URL + f"data/claims/{claim_id}.json"
        review = document.pop("claim_review")
        assert document == catalog[claim_id]
        record = yaml.safe_load((ROOT / "claims" / f"{claim_id}.yml").read_text(encoding="utf-8"))
        assert document["id"] == claim_id and document["url"] == SITE_URL + f"claims/{claim_id}/"
        assert normalize(document["claim"]) == normalize(record["claim"])
        assert document["verdict"]["id"] == str(record["verdict"]).lower()
        assert document["published"] == str(record["published"])
        assert len(document["evidence"]) == len(record["evidence"])
        assert [a["quote"] for a in document["appearances"]] == [a["quote"] for a in record["appearances"]]
        assert "**" not in document["summary"] and "<" not in document["summary"]
        ld = json.loads(page(built_repo_site, f"claims/{claim_id}/").select_one('script[type="application/ld+json"]').string)
        assert review == ld


def test_markdown_becomes_plain_text_and_ids_follow_the_records(site: Site) -> None:
    site.with_example()
    site_dir = site.build()
    document = load(site_dir, "data/claims/bridge-cost.json")
    assert document["analysis"] == "Critics put the figure higher. See the source."
    assert document["claimant"]["id"] == "jane-mayor"
    assert document["topics"] == [{"id": "infrastructure", "name": "Infrastructure",
                                   "url": "https://example.github.io/repo/topics/infrastructure/"}]
    assert document["appearances"][0]["source_url"] == "https://example.org/bridge"
    assert document["appearances"][0]["archive_url"].startswith(
        "https://example.github.io/repo/sources/example-times-bridge/#")


def test_the_readme_documents_the_new_options_and_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from factcheck.core.settings import Organisation, Settings

    for key in Settings.model_fields:
        if key not in ("root", "site_url", "repo_url"):
            assert f"`{key}`" in readme, key
    for key in Organisation.model_fields:
        assert f"`organisation.{key}`" in readme or f"`.{key}`" in readme, key
    for name in ("feeds/fact-checks.xml", "feeds/corrections.xml", "data/catalog.json", "data/claims/<id>.json",
                 "<!-- factcheck:organisation -->", "corrections/"):
        assert name in readme, name
