"""Sites in other languages, as a reader meets them in Debian's Chromium, served under /REPO/:
an Arabic site mirrors (screenshots at phone and desktop widths, label and value in the right
order), a Spanish site's search stems Spanish words and speaks Spanish."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_support import PREFIX, serve
from conftest import build_site

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "languages"


def build_fixture(work: Path, language: str) -> Path:
    project = work / language
    shutil.copytree(FIXTURES / language, project)
    return build_site(project / "mkdocs.yml", site_dir=str(project / "site"), site_url=f"http://127.0.0.1{PREFIX}")


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    yield from serve(build_fixture(tmp_path_factory.mktemp("ar-site"), "ar"))


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory):
    yield from serve(build_fixture(tmp_path_factory.mktemp("es-site"), "es"))


def box(locator):
    found = locator.bounding_box()
    assert found is not None, locator
    return found


RTL_PAGES = {
    "claim": "claims/kulfat-jisr/",
    "source": "sources/times-bridge/",
    "verdict": "verdicts/mudallil/",
    "index": "claims/",
}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", list(RTL_PAGES))
def test_an_arabic_site_mirrors(arabic_site, chromium, tmp_path: Path, kind: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(arabic_site.url(RTL_PAGES[kind]))
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == "rtl"
        tab.screenshot(path=str(tmp_path / f"ar-{kind}-{width}.png"), full_page=True)
        assert (tmp_path / f"ar-{kind}-{width}.png").stat().st_size > 10_000
        badge = tab.locator(".md-content .fc-verdict").first
        # the colour bar is on the start side: the right
        widths = tab.evaluate(
            """el => { const s = getComputedStyle(el);
            return [parseFloat(s.borderRightWidth), parseFloat(s.borderLeftWidth)]; }""",
            badge.element_handle(),
        )
        assert widths[0] > widths[1], widths
        if kind in ("claim", "verdict"):
            # "الحكم: مضلل": the label is to the right of the value, both inside the badge
            label, value = box(badge.locator(".fc-verdict__prefix")), box(badge.locator(".fc-verdict__label"))
            assert label["x"] >= value["x"] + value["width"] - 1, (label, value)
        if kind == "claim":
            facts = tab.locator(".fc-claimbox__facts")
            term, value = box(facts.locator("dt").first), box(facts.locator("dd").first)
            assert term["x"] + term["width"] >= value["x"] + value["width"] - 1  # aligned on the right
            english = tab.locator(".fc-evidence__quote[lang=en]")
            assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
        if kind == "source":
            archive = tab.locator(".fc-archive")
            assert archive.evaluate("el => getComputedStyle(el).direction") == "ltr"  # an English text
            content = box(tab.locator(".md-content__inner"))
            paragraph = box(archive.locator("p").first)
            assert paragraph["x"] >= content["x"]  # inside the column, its bar on the start side
            assert (
                archive.evaluate("el => parseFloat(getComputedStyle(el).borderLeftWidth)") > 0
            )  # ltr: bar on its left
        if kind == "index":
            count = tab.locator(".fc-filters__count")
            expect(count).to_have_text("عرض التحققَين كليهما.")  # Arabic dual, chosen with Intl.PluralRules
            tab.fill("#fc-filter-text", "الجسر")
            expect(count).to_have_text("عرض 1 من أصل تحققَين.")
    finally:
        context.close()
    assert not errors, errors


def test_pagefind_indexes_each_site_in_its_language(arabic_site, spanish_site) -> None:
    for server, language in ((arabic_site, "ar"), (spanish_site, "es")):
        entry = json.loads(
            (
                Path(server.httpd.RequestHandlerClass.keywords["directory"]) / "pagefind" / "pagefind-entry.json"
            ).read_text(encoding="utf-8")
        )
        assert set(entry["languages"]) == {language}, entry["languages"]


def test_spanish_search_finds_another_form_of_a_word_and_speaks_spanish(spanish_site, tab) -> None:
    # the summary says "Ninguna vacuna autorizada"; a reader types the plural "autorizadas", which
    # is no prefix of it: only Spanish stemming finds it
    tab.goto(spanish_site.url("search/?search=autorizadas"))
    first = tab.locator(".pagefind-ui__result").first
    first.wait_for(timeout=20000)
    assert "claims/vacunas-chips/" in first.locator("a.pagefind-ui__result-link").get_attribute("href")
    expect(first.locator(".pagefind-ui__result-link")).to_have_text(
        "Veredicto: Falso · ¿Llevan microchips las vacunas?"
    )
    assert "Verdict" not in first.inner_text()
    panel = tab.locator(".pagefind-ui__filter-panel")
    for name in ("Veredicto", "Quién lo dijo", "Tema", "Fuente"):
        expect(panel.locator("summary", has_text=re.compile(f"^{name}$"))).to_have_count(1)
    assert (
        tab.locator("#fc-pagefind input.pagefind-ui__search-input").get_attribute("placeholder")
        == "Palabras de una afirmación, un nombre, un veredicto…"
    )


def test_the_spanish_claims_index_counts_in_spanish(spanish_site, tab) -> None:
    tab.goto(spanish_site.url("claims/"))
    count = tab.locator(".fc-filters__count")
    expect(count).to_have_text("Se muestran las 3 verificaciones.")
    tab.select_option("#fc-filter-verdict", "falso")
    expect(count).to_have_text("Se muestran 1 de 3 verificaciones.")
