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
CC_BY = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


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
            path = parts.path[len(urlsplit(SITE_URL).path) :]
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
        assert (document.pop("format"), document.pop("licence")) == ("mkdocs-factcheck/1", CC_BY)
        assert document.pop("schema") == SITE_URL + "data/schema/claim.json"
        assert document == catalog[claim_id]
        record = yaml.safe_load((ROOT / "claims" / f"{claim_id}.yml").read_text(encoding="utf-8"))
        assert document["id"] == claim_id and document["url"] == SITE_URL + f"claims/{claim_id}/"
        assert normalize(document["claim"]) == normalize(record["claim"])
        assert document["verdict"]["id"] == str(record["verdict"]).lower()
        assert document["published"] == str(record["published"])
        assert len(document["evidence"]) == len(record["evidence"])
        assert [a["quote"] for a in document["appearances"]] == [a["quote"] for a in record["appearances"]]
        assert "**" not in document["summary"] and "<" not in document["summary"]
        ld = json.loads(
            page(built_repo_site, f"claims/{claim_id}/").select_one('script[type="application/ld+json"]').string
        )
        assert review == ld


def test_markdown_becomes_plain_text_and_ids_follow_the_records(site: Site) -> None:
    site.with_example()
    site_dir = site.build()
    document = load(site_dir, "data/claims/bridge-cost.json")
    assert document["analysis"] == "Critics put the figure higher. See the source."
    assert document["claimant"]["id"] == "jane-mayor"
    assert document["topics"] == [
        {
            "id": "infrastructure",
            "name": "Infrastructure",
            "url": "https://example.github.io/repo/topics/infrastructure/",
        }
    ]
    assert document["appearances"][0]["source_url"] == "https://example.org/bridge"
    assert document["appearances"][0]["archive_url"].startswith(
        "https://example.github.io/repo/sources/example-times-bridge/#"
    )


def test_the_readme_documents_the_new_options_and_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from factcheck.core.settings import Organisation, Settings

    for key in Settings.model_fields:
        if key not in ("root", "site_url", "repo_url", "docs_dir"):
            assert f"`{key}`" in readme, key
    for key in Organisation.model_fields:
        assert f"`organisation.{key}`" in readme or f"`.{key}`" in readme, key
    for name in (
        "feeds/fact-checks.xml",
        "feeds/corrections.xml",
        "data/catalog.json",
        "data/claims/<id>.json",
        "<!-- factcheck:organisation -->",
        "corrections/",
    ):
        assert name in readme, name


def data_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in (site_dir / "data").rglob("*.json") if "schema" not in p.parts)


def test_every_data_file_is_valid_against_the_published_schema_and_licensed(built_repo_site: Path) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    checked = 0
    for path in data_files(built_repo_site):
        data = load(built_repo_site, str(path.relative_to(built_repo_site)))
        if path.name == "claimreview-feed.json":
            assert data["license"] == CC_BY["url"]
            continue
        assert data["format"] == "mkdocs-factcheck/1" and data["licence"] == CC_BY
        assert data["schema"].startswith(SITE_URL + "data/schema/")
        schema = load(built_repo_site, data["schema"][len(SITE_URL) :])  # the schema the file names, as published
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
        assert errors == [], f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"
        checked += 1
    assert checked == len(CLAIM_IDS) + 1


def test_the_published_schema_refuses_a_wrong_document(built_repo_site: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = load(built_repo_site, "data/schema/claim.json")
    document = load(built_repo_site, f"data/claims/{CLAIM_IDS[0]}.json")
    validator = Draft202012Validator(schema)
    assert validator.is_valid(document)
    for broken in (
        {**document, "published": "3 March"},
        {k: v for k, v in document.items() if k != "licence"},
        {**document, "surprise": 1},
        {**document, "verdict": {**document["verdict"], "rating": "five"}},
    ):
        assert not validator.is_valid(broken)


def test_claimreview_data_feed_has_every_claimreview_with_its_licence(built_repo_site: Path) -> None:
    feed = load(built_repo_site, "data/claimreview-feed.json")
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    assert feed["url"] == SITE_URL + "data/claimreview-feed.json"
    assert feed["license"] == CC_BY["url"]
    assert feed["publisher"]["@type"] == "Organization"
    reviews = feed["dataFeedElement"]
    assert sorted(r["url"] for r in reviews) == sorted(f"{SITE_URL}claims/{c}/" for c in CLAIM_IDS)
    for review in reviews:
        page_review = load(built_repo_site, f"data/claims/{review['url'].rstrip('/').rsplit('/', 1)[1]}.json")[
            "claim_review"
        ]
        assert {**review, "@context": "https://schema.org"} == page_review
    assert load(built_repo_site, "data/catalog.json")["claimreview_feed"] == feed["url"]


def test_the_data_feed_fits_the_schemaorg_vocabulary(built_repo_site: Path) -> None:
    from schemaorg import VOCABULARY, vocabulary_path

    if vocabulary_path() is None:
        import pytest

        pytest.skip("schema.org vocabulary not found")
    assert VOCABULARY.vocabulary.check(load(built_repo_site, "data/claimreview-feed.json")) == []


def test_about_page_and_data_files_declare_a_configured_licence(site: Site) -> None:
    site.with_example()
    site.write("site_src/about.md", "# About\n\n<!-- factcheck:organisation open_data -->\n")
    site.write_config(
        plugin_extra="data_licence: {name: ODbL 1.0, url: https://opendatacommons.org/licenses/odbl/1-0/}\n"
    )
    site_dir = site.build()
    odbl = {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
    assert load(site_dir, "data/catalog.json")["licence"] == odbl
    assert load(site_dir, "data/claims/bridge-cost.json")["licence"] == odbl
    assert load(site_dir, "data/claimreview-feed.json")["license"] == odbl["url"]
    about = soup(site_dir / "about" / "index.html").select_one(".fc-organisation__open-data")
    links = {a.get_text(): a["href"] for a in about.select("a")}
    assert links["ODbL 1.0"] == odbl["url"] and links["ODbL 1.0"] and about.select_one('a[rel="license"]')
    assert (site_dir / "about" / links["data/catalog.json"]).resolve() == (site_dir / "data" / "catalog.json").resolve()


READING_HOOK = """import json, os


def on_post_build(config):
    found = {path: os.path.isfile(os.path.join(config.site_dir, path))
             for path in ("data/catalog.json", "data/claims/bridge-cost.json", "feeds/fact-checks.xml",
                          "cards/claims/bridge-cost.png")}
    with open(os.path.join(config.site_dir, "..", "seen.json"), "w") as out:
        json.dump(found, out)
"""


def test_another_plugin_finds_the_open_data_feeds_and_cards_written_in_its_post_build(site: Site) -> None:
    """With Pagefind our files that are not pages may be written while Pagefind writes its index,
    at the very end of the build (mkdocs_plugin/deferred_files.py): only when no other plugin
    could look for them in its own on_post_build."""
    site.with_example()
    site.write("reading_hook.py", READING_HOOK)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - reading_hook.py\n", encoding="utf-8")
    built = site.build()
    seen = json.loads((built.parent / "seen.json").read_text(encoding="utf-8"))
    assert seen == dict.fromkeys(seen, True) and len(seen) == 4, seen
    for path in seen:  # and in the published site, as without the hook
        assert (built / path).is_file(), path


def test_the_default_build_writes_every_open_data_file_feed_and_card(site: Site) -> None:
    site.with_example()
    built = site.build()
    for path in ("data/catalog.json", "data/claims/bridge-cost.json", "feeds/fact-checks.xml", "feeds/corrections.xml"):
        assert (built / path).stat().st_size > 0, path
    assert load(built, "data/claims/bridge-cost.json")["id"] == "bridge-cost"
    assert (built / "cards" / "claims" / "bridge-cost.png").read_bytes().startswith(b"\x89PNG")
    assert (built / "pagefind" / "pagefind-entry.json").is_file()
