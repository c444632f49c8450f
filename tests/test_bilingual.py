"""A site in Spanish and English with mkdocs-static-i18n (tests/languages/bilingual): each
language's edition has our generated pages in its language, with the claims written in it; a fact
check in both languages is two records linked by `translation_of`, each the other's alternate.
Read from the built HTML: `<html lang>`, the messages, the dates, the language switcher and the
`<link rel="alternate" hreflang>` of every generated page, the feeds of each edition.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_languages import FIXTURES, english_fragments, our_text

from conftest import build_site, page, resolve_link

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# (page in the Spanish edition, its English version or None): every kind of generated page
ES_PAGES = {
    "claims/coste-puente/": "en/claims/bridge-cost/",  # one fact check, a record per language
    "claims/vacunas-chips/": None,  # in Spanish only
    "sources/diario-puente/": "en/sources/diario-puente/",
    "sources/times-bridge/": "en/sources/times-bridge/",
    "verdicts/enganoso/": "en/verdicts/enganoso/",
    "claimants/juana-alcaldesa/": "en/claimants/juana-alcaldesa/",  # named by claims in both
    "claimants/cuenta-anonima/": None,
    "topics/infraestructuras/": None,  # the English claims' topic is "Infrastructure"
    "claims/": "en/claims/",
    "verdicts/": "en/verdicts/",
    "claimants/": "en/claimants/",
    "topics/": "en/topics/",
    "sources/": "en/sources/",
    "corrections/": "en/corrections/",
    "search/": "en/search/",
}
EN_ONLY = ["en/claims/bridge-english/", "en/claimants/jane-mayor/", "en/topics/infrastructure/"]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bilingual") / "bilingual"
    shutil.copytree(FIXTURES / "bilingual", work)
    return build_site(work / "mkdocs.yml", site_dir=str(work / "site"))


def file_of(out: Path, url: str) -> Path:
    return out / url / "index.html"


def switcher(out: Path, url: str) -> dict[str, Path]:
    """Where the language switcher of a page leads, per language (the file each link lands on)."""
    links = page(out, url).select("a.md-select__link[hreflang]")
    landed = {a["hreflang"]: resolve_link(out, file_of(out, url), a["href"]) for a in links}
    return {lang: hit[0] for lang, hit in landed.items() if hit is not None}


def alternates(out: Path, url: str) -> dict[str, Path]:
    links = page(out, url).select('head link[rel="alternate"][hreflang]')
    landed = {link["hreflang"]: resolve_link(out, file_of(out, url), link["href"]) for link in links}
    return {lang: hit[0] for lang, hit in landed.items() if hit is not None}


@pytest.mark.parametrize("url", list(ES_PAGES))
def test_a_spanish_page_is_in_spanish_and_switches_to_its_english_version(bilingual: Path, url: str) -> None:
    soup = page(bilingual, url)
    assert soup.html["lang"] == "es"
    left = [p.pattern for p in english_fragments() if p.search(our_text(soup, "es"))]
    assert not left, f"{url}: English left: {left}"
    english = ES_PAGES[url]
    home = file_of(bilingual, "en/")
    here = file_of(bilingual, url)
    # the switcher leads to the English version, else to the English edition's home...
    assert switcher(bilingual, url) == {"es": here, "en": file_of(bilingual, english) if english else home}
    # ...but hreflang names only a true version (a home page is not one), x-default the Spanish
    expected = {"es": here, "en": file_of(bilingual, english), "x-default": here} if english else {"es": here}
    assert alternates(bilingual, url) == expected, url
    assert all(target.is_file() for target in [*switcher(bilingual, url).values(), *expected.values()])
    if english:  # and back again, to this very page
        assert switcher(bilingual, english)["es"] == file_of(bilingual, url)
        assert page(bilingual, english).html["lang"] == "en"


@pytest.mark.parametrize("url", [english for english in ES_PAGES.values() if english] + EN_ONLY)
def test_an_english_page_is_in_english(bilingual: Path, url: str) -> None:
    soup = page(bilingual, url)
    assert soup.html["lang"] == "en"
    here = file_of(bilingual, url)
    assert switcher(bilingual, url)["en"] == here
    found = alternates(bilingual, url)
    if url in EN_ONLY:  # no Spanish version: no alternate, though the switcher leads to the Spanish home
        assert found == {"en": here}
        assert switcher(bilingual, url)["es"] == file_of(bilingual, "")
    else:
        spanish = file_of(bilingual, next(es for es, en in ES_PAGES.items() if en == url))
        assert found == {"en": here, "es": spanish, "x-default": spanish}
    assert "Buscar" not in our_text(soup, "en") and "verificaciones" not in our_text(soup, "en")


def test_each_edition_lists_the_claims_written_in_its_language(bilingual: Path) -> None:
    def listed(url: str) -> set[str]:
        links = page(bilingual, url).select(".md-content a[href]")
        landed = [resolve_link(bilingual, file_of(bilingual, url), a["href"]) for a in links]
        return {hit[0].parent.name for hit in landed if hit and hit[0].parent.parent.name == "claims"}

    assert listed("claims/") == {"coste-puente", "vacunas-chips"}
    assert listed("en/claims/") == {"bridge-cost", "bridge-english"}
    assert not (bilingual / "claims" / "bridge-english").exists()
    assert not (bilingual / "en" / "claims" / "vacunas-chips").exists()
    for url in ("", "en/"):
        assert all(target.is_file() for target in switcher(bilingual, url).values())


def test_each_edition_has_its_messages_dates_and_verdict_labels(bilingual: Path) -> None:
    spanish = page(bilingual, "claims/coste-puente/").select_one(".md-content").get_text(" ")
    english = page(bilingual, "en/claims/bridge-cost/").select_one(".md-content").get_text(" ")
    assert "Nuestro veredicto" in spanish and "Engañoso" in spanish and "10 de marzo de 2024" in spanish
    assert "Our verdict" in english and "Misleading" in english and "10 March 2024" in english
    assert "Engañoso" not in english
    source = page(bilingual, "en/sources/times-bridge/").select_one(".md-content").get_text(" ")
    assert "About this source" in source and "4 March 2024" in source
    assert page(bilingual, "en/").title.get_text().endswith("Test fact checks")  # the English site_name


def test_each_edition_has_its_own_feed(bilingual: Path) -> None:
    def items(path: str) -> list[str]:
        entries = ET.parse(bilingual / path).getroot().iter(f"{ATOM}entry")
        return [entry.findtext(f"{ATOM}id") or "" for entry in entries]

    assert sorted(link.rsplit("/", 2)[1] for link in items("feeds/fact-checks.xml")) == [
        "coste-puente",
        "vacunas-chips",
    ]
    english = items("en/feeds/fact-checks.xml")
    assert sorted(link.rsplit("/", 2)[1] for link in english) == ["bridge-cost", "bridge-english"]
    assert all(link.startswith("https://example.github.io/verifica/en/claims/") for link in english)


def test_the_english_feeds_and_open_data_are_the_english_editions(bilingual: Path) -> None:
    """The feeds' id, self and alternate links, the open data's and ClaimReview's URLs name the
    files and pages of the English edition (in en/), where they are published."""
    site = "https://example.github.io/verifica/"

    def published(url: str) -> Path:  # the file an absolute URL of the site is served from
        assert url.startswith(site), url
        path = bilingual / url.removeprefix(site)
        return path / "index.html" if url.endswith("/") else path

    for name, listing in (("fact-checks", "claims/"), ("corrections", "corrections/")):
        feed = ET.parse(bilingual / "en" / "feeds" / f"{name}.xml").getroot()
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert feed.findtext(f"{ATOM}id") == links["self"] == f"{site}en/feeds/{name}.xml"
        assert links["alternate"] == f"{site}en/{listing}"
        assert feed.findtext(f"{ATOM}title", "").startswith("Test fact checks: ")  # the English site_name
        spanish = ET.parse(bilingual / "feeds" / f"{name}.xml").getroot()
        assert spanish.findtext(f"{ATOM}id") == f"{site}feeds/{name}.xml"
    head = page(bilingual, "en/claims/bridge-cost/").select('head link[type="application/atom+xml"]')
    assert {link["href"] for link in head} == {f"{site}en/feeds/fact-checks.xml", f"{site}en/feeds/corrections.xml"}

    catalog = json.loads((bilingual / "en" / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["url"] == f"{site}en/data/catalog.json"
    assert catalog["claimreview_feed"] == f"{site}en/data/claimreview-feed.json"
    assert catalog["schema"] == f"{site}en/data/schema/catalog.json"
    assert catalog["site"] == {"name": "Test fact checks", "url": f"{site}en/"}
    for claim in catalog["claims"]:
        assert claim["url"].startswith(f"{site}en/claims/") and claim["data_url"].startswith(f"{site}en/data/")
        document = json.loads(published(claim["data_url"]).read_text(encoding="utf-8"))
        assert document["claim_review"]["url"] == claim["url"]
        assert published(document["schema"]).is_file()
    schema = json.loads((bilingual / "en" / "data" / "schema" / "catalog.json").read_text(encoding="utf-8"))
    assert schema["$id"] == catalog["schema"]
    feed = json.loads((bilingual / "en" / "data" / "claimreview-feed.json").read_text(encoding="utf-8"))
    assert feed["url"] == catalog["claimreview_feed"]
    assert {review["url"] for review in feed["dataFeedElement"]} == {c["url"] for c in catalog["claims"]}
    ld = page(bilingual, "en/claims/bridge-cost/").select_one('script[type="application/ld+json"]')
    assert json.loads(ld.get_text())["url"] == f"{site}en/claims/bridge-cost/"
    for url in [catalog["url"], catalog["claimreview_feed"], *(c["url"] for c in catalog["claims"])]:
        assert published(url).is_file(), url


def test_the_sitemap_lists_every_editions_pages_with_their_versions(bilingual: Path) -> None:
    """sitemap.xml (mkdocs-static-i18n's) lists our pages of both editions beside the hand-written
    ones, each with `xhtml:link` alternates to its true versions, as it does for its own pages."""
    site = "https://example.github.io/verifica/"
    root = ET.parse(bilingual / "sitemap.xml").getroot()
    listed: dict[str, dict[str, str]] = {}
    for entry in root.iter(f"{SITEMAP}url"):
        loc = (entry.findtext(f"{SITEMAP}loc") or "").removeprefix(site)
        listed[loc] = {link.get("hreflang") or "": (link.get("href") or "").removeprefix(site) for link in entry}
        listed[loc].pop("", None)  # loc, lastmod, changefreq
    for spanish, english in ES_PAGES.items():
        assert listed[spanish] == ({"es": spanish, "en": english} if english else {"es": spanish}), spanish
        if english:
            assert listed[english] == {"es": spanish, "en": english}, english
    for english in EN_ONLY:
        assert listed[english] == {"en": english}
    assert listed["acerca/"] == {"es": "acerca/", "en": "en/acerca/"}  # a hand-written page, for comparison
    for loc in listed:  # every address is a page of the built site
        assert file_of(bilingual, loc).is_file(), loc


def test_a_translation_of_an_unknown_or_same_language_claim_stops_the_build(tmp_path: Path, caplog) -> None:
    from mkdocs.exceptions import Abort

    work = tmp_path / "bilingual"
    shutil.copytree(FIXTURES / "bilingual", work)
    record = work / "claims" / "bridge-cost.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("translation_of: coste-puente", "translation_of: coste-puentes"), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(work / "mkdocs.yml", site_dir=str(work / "site"))
    assert "claims/bridge-cost.yml:3:17: error: `translation_of`: link to unknown claim 'coste-puentes'" in caplog.text
    record.write_text(text.replace("language: en\n", ""), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(work / "mkdocs.yml", site_dir=str(work / "site"))
    assert "`translation_of: coste-puente` names a claim in the same language (es)" in caplog.text
    assert "Traceback" not in caplog.text and not (work / "site").exists()
