"""A site in Spanish and English with mkdocs-static-i18n (tests/languages/bilingual): each
language's edition has our generated pages in its language, with the claims written in it; a fact
check in both languages is two records linked by `translation_of`, each the other's alternate.
Read from the built HTML: `<html lang>`, the messages, the dates, the language switcher and the
`<link rel="alternate" hreflang>` of every generated page, the feeds of each edition.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_languages import FIXTURES, english_fragments, our_text

from conftest import build_site, page, resolve_link

ATOM = "{http://www.w3.org/2005/Atom}"
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
    expected = {"es": file_of(bilingual, url), "en": file_of(bilingual, english) if english else home}
    for found in (switcher(bilingual, url), alternates(bilingual, url)):
        assert found == expected, url
        assert all(target.is_file() for target in found.values()), found
    if english:  # and back again, to this very page
        assert switcher(bilingual, english)["es"] == file_of(bilingual, url)
        assert page(bilingual, english).html["lang"] == "en"


@pytest.mark.parametrize("url", [english for english in ES_PAGES.values() if english] + EN_ONLY)
def test_an_english_page_is_in_english(bilingual: Path, url: str) -> None:
    soup = page(bilingual, url)
    assert soup.html["lang"] == "en"
    assert switcher(bilingual, url)["en"] == file_of(bilingual, url)
    assert alternates(bilingual, url)["en"] == file_of(bilingual, url)
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
