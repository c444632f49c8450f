"""Fact checks in the site's language: the catalogues, every generated page kind in Spanish and
Arabic with no English message left, dates, lang/dir of record text, feeds, head tags and
structured data, per-language verdicts, overriding messages, the fallback warning."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from factcheck.core.i18n import Messages, catalogue_path, shipped_languages
from factcheck.core.i18n.extract import missing_messages, used_messages

from conftest import ROOT, build_site, page

FIXTURES = Path(__file__).parent / "languages"
LANGUAGES = ("en", "es", "fr", "pt", "de", "ar")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def build(project: Path, strict: bool = True) -> Path:
    return build_site(project / "mkdocs.yml", strict=strict, site_dir=str(project / "site"))


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("es") / "es"
    shutil.copytree(FIXTURES / "es", work)
    return build(work)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("ar") / "ar"
    shutil.copytree(FIXTURES / "ar", work)
    return build(work)


# -- the catalogues ---------------------------------------------------------------------------


def test_every_catalogue_translates_every_message_the_templates_and_code_use() -> None:
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in used_messages() if m.id}
    assert len(used) > 100, "the extractor found the messages of templates and code"
    assert "Claimed by" in used and "Showing all %(total)s fact check." in used and "Rated %(verdict)s" in used
    assert set(LANGUAGES) <= set(shipped_languages())
    for language in LANGUAGES:
        assert missing_messages(language) == [], f"the {language} catalogue lacks messages: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_the_plural_forms_of_cldr(language: str) -> None:
    with open(catalogue_path(language), "rb") as handle:
        catalogue = read_po(handle, locale=language)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= allowed, (language, message.id, string)
            if not isinstance(message.id, tuple):  # plural forms may leave the number out ("one", "two")
                assert set(PLACEHOLDER.findall(string)) == allowed, (language, message.id, string)
        if isinstance(message.id, tuple):
            assert len(strings) == catalogue.num_plurals, (language, message.id)


def test_plural_forms_follow_cldr_for_the_script() -> None:
    arabic = Messages("ar")
    forms = arabic.plural_categories("%(num)d fact check", "%(num)d fact checks")
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert forms["two"] != forms["few"] != forms["many"]
    assert Messages("en").plural_categories("%(num)d fact check", "%(num)d fact checks") == {
        "one": "%(num)d fact check",
        "other": "%(num)d fact checks",
    }
    spanish = Messages("es")
    assert spanish.ngettext("%(num)d fact check", "%(num)d fact checks", 1) == "%(num)d verificación"
    assert spanish.ngettext("%(num)d fact check", "%(num)d fact checks", 2) == "%(num)d verificaciones"


def test_dates_come_from_cldr() -> None:
    assert Messages("es").date("2024-03-04") == "4 de marzo de 2024"
    assert Messages("es").date("2024-03") == "marzo de 2024"
    assert Messages("de").date("2024-03-04") == "4. März 2024"
    assert Messages("fr").date("2024") == "2024"
    assert Messages("en").date("2024-03-04") == "4 March 2024"  # as our English pages always had it
    assert Messages("en-US").date("2024-03-04") == "March 4, 2024"


def test_the_messages_command_lists_untranslated_messages_and_writes_a_catalogue(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "factcheck.cli", "messages"]
    done = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and "es: 0 untranslated" in done.stdout, done.stderr
    done = subprocess.run([*run, "--missing", "it"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "Claimed by" in done.stdout.splitlines()
    out = tmp_path / "it.po"
    done = subprocess.run([*run, "--new", "it", "--out", str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open(out, "rb") as handle:
        catalogue = read_po(handle)
    assert catalogue.num_plurals == 3 and catalogue.get("Claimed by") is not None


# -- a Spanish site ------------------------------------------------------------------------------


def english_fragments() -> list[re.Pattern[str]]:
    """The English messages as they could appear in a page: the text between placeholders, with
    at least two words or one long word (shorter ones are not telling)."""
    patterns = []
    for message in used_messages():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" :.,;()“”")
                if len(re.findall(r"[A-Za-z]", piece)) >= 6:
                    patterns.append(re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])"))
    return patterns


def our_text(soup: BeautifulSoup, page_language: str) -> str:
    """What the plugin wrote on a page, without record text in another language."""
    content = soup.select_one(".md-content")
    for element in content.select("[lang]"):
        if element["lang"] != page_language:
            element.decompose()
    for element in content.select(
        "bdi, .fc-archive, .fc-search-fields"
    ):  # names, titles, the archived text, hidden search data
        element.decompose()
    return " ".join(content.get_text(" ").split())


PAGE_KINDS = [
    "claims/coste-puente/",
    "claims/bridge-english/",
    "sources/diario-puente/",
    "sources/times-bridge/",
    "verdicts/enganoso/",
    "claimants/juana-alcaldesa/",
    "topics/infraestructuras/",
    "claims/",
    "verdicts/",
    "claimants/",
    "topics/",
    "sources/",
    "corrections/",
    "search/",
    "",
    "acerca/",
]


@pytest.mark.parametrize("url", PAGE_KINDS)
def test_a_spanish_site_has_no_english_message_left(spanish: Path, url: str) -> None:
    soup = page(spanish, url)
    assert soup.html["lang"] == "es"
    text = our_text(soup, "es")
    left = [p.pattern for p in english_fragments() if p.search(text)]
    assert not left, f"{url}: English left: {left}\n{text}"
    title = soup.title.get_text()
    assert not [p.pattern for p in english_fragments() if p.search(title)], title


def test_spanish_pages_say_it_in_spanish(spanish: Path) -> None:
    claim = page(spanish, "claims/coste-puente/")
    box = claim.select_one(".fc-claimbox__facts")
    assert [dt.get_text() for dt in box.select("dt")] == ["Afirmado por", "Dónde y cuándo", "Nuestro veredicto"]
    badge = claim.select_one(".fc-verdict")
    assert " ".join(badge.get_text().split()) == "Veredicto: Engañoso"
    assert claim.select_one(".fc-byline time").get_text() == "10 de marzo de 2024"
    assert "afirmación hecha el 4 de marzo de 2024" in claim.select_one(".fc-appearances").get_text()
    assert claim.select_one(".fc-publisher time").get_text() == "marzo de 2024"  # a month-precision date
    assert claim.select_one('meta[name="twitter:label1"]')["content"] == "Veredicto"
    assert claim.select_one('meta[name="twitter:data1"]')["content"] == "Engañoso"
    assert claim.select_one('meta[property="og:description"]')["content"].startswith("Engañoso: ")
    nav = [a.get_text(strip=True) for a in claim.select(".md-nav--primary .md-nav__link")]
    assert {
        "Verificaciones",
        "Todas las verificaciones",
        "Veredictos",
        "Nuestras calificaciones",
        "Fuentes",
        "Temas",
        "Correcciones",
    } <= set(nav)
    assert not {"Claims", "Claimants", "Verdicts", "Sources", "Topics", "Corrections"} & set(nav)
    ratings = page(spanish, "verdicts/")
    assert (
        "Engañoso" in ratings.get_text() and "Contiene datos ciertos" in ratings.get_text()
    )  # the es label and definition
    assert "calificación 2 en una escala de 1 (peor) a 3 (mejor)" in " ".join(ratings.get_text().split())
    index = page(spanish, "claims/")
    assert "3 verificaciones, de la más reciente" in index.get_text()
    script = json.loads(index.select_one("[data-fc-messages]")["data-fc-messages"])
    assert script["lang"] == "es"
    assert script["showing_all"] == {
        "one": "Se muestra la única verificación (%(total)s).",
        "many": "Se muestran las %(total)s verificaciones.",
        "other": "Se muestran las %(total)s verificaciones.",
    }
    topic = page(spanish, "topics/presupuestos/")
    assert "1 verificación sobre Presupuestos." in " ".join(topic.get_text().split())


def test_spanish_search_filters_feeds_and_structured_data(spanish: Path) -> None:
    claim = page(spanish, "claims/coste-puente/")
    filters = {el["data-pagefind-filter"] for el in claim.select("[data-pagefind-filter]")}
    assert filters == {"Veredicto", "Quién lo dijo", "Tema", "Fuente"}
    review = json.loads(claim.select_one('script[type="application/ld+json"]').string)
    assert review["inLanguage"] == "es" and review["itemReviewed"]["inLanguage"] == "es"
    assert review["reviewRating"]["alternateName"] == "Engañoso"
    assert {w["inLanguage"] for w in review["itemReviewed"]["appearance"]} == {"es"}
    english = json.loads(
        page(spanish, "claims/bridge-english/").select_one('script[type="application/ld+json"]').string
    )
    assert english["itemReviewed"]["inLanguage"] == "en" and english["inLanguage"] == "es"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(spanish / "feeds" / "fact-checks.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert feed.find(f"{atom}title").text == "Verificaciones de prueba: últimas verificaciones"
    assert feed.find(f"{atom}subtitle").text == "Las últimas verificaciones publicadas por Mesa de verificación."
    summary = feed.find(f"{atom}entry/{atom}summary").text
    assert summary.startswith("Afirmación: Las vacunas contienen microchips. Veredicto: Falso.")
    corrections = ET.parse(spanish / "feeds" / "corrections.xml").getroot()
    assert corrections.find(f"{atom}entry/{atom}title").text.startswith("Corrección: ")
    links = {a["title"] for a in claim.select('link[type="application/atom+xml"]')}
    assert links == {
        "Verificaciones de prueba: últimas verificaciones",
        "Verificaciones de prueba: correcciones y actualizaciones",
    }


def test_record_text_carries_its_language_and_direction(spanish: Path, arabic: Path) -> None:
    claim = page(spanish, "claims/coste-puente/")
    quotes = claim.select(".fc-evidence__quote")
    assert [q["lang"] for q in quotes] == ["es", "en"]  # each quote in its source's language
    assert not any(q.has_attr("dir") for q in quotes)  # both left-to-right, like the page
    assert claim.select_one("h1")["lang"] == "es"
    english = page(spanish, "claims/bridge-english/")
    assert english.select_one("h1")["lang"] == "en"
    assert english.select_one(".fc-claimbox__summary")["lang"] == "en"
    archived = page(spanish, "sources/times-bridge/").select_one(".fc-archive")
    assert archived["lang"] == "en" and not archived.has_attr("dir")

    home = page(arabic, "")
    assert home.html["lang"] == "ar" and home.body["dir"] == "rtl"  # Material's, from theme.language
    english = page(arabic, "claims/bridge-may/")
    assert english.select_one("h1")["lang"] == "en" and english.select_one("h1")["dir"] == "ltr"
    assert english.select_one(".fc-claimbox__summary")["dir"] == "ltr"
    arabic_claim = page(arabic, "claims/kulfat-jisr/")
    quotes = arabic_claim.select(".fc-evidence__quote")
    assert [(q["lang"], q.get("dir")) for q in quotes] == [("ar", None), ("en", "ltr")]
    archived = page(arabic, "sources/times-bridge/").select_one(".fc-archive")
    assert (archived["lang"], archived["dir"]) == ("en", "ltr")
    assert page(arabic, "sources/sahifa-jisr/").select_one(".fc-archive")["lang"] == "ar"
    badge = arabic_claim.select_one(".fc-verdict")
    assert badge.select_one("bdi.fc-verdict__label").get_text() == "مضلل"  # the value isolated from the label
    assert arabic_claim.select_one(".fc-claimbox__facts dd a bdi").get_text() == "رئيسة البلدية"


@pytest.mark.parametrize(
    "url",
    [
        "claims/kulfat-jisr/",
        "claims/bridge-may/",
        "sources/times-bridge/",
        "verdicts/mudallil/",
        "claims/",
        "verdicts/",
        "corrections/",
        "topics/",
        "",
    ],
)
def test_an_arabic_site_has_no_english_message_left(arabic: Path, url: str) -> None:
    soup = page(arabic, url)
    text = our_text(soup, "ar")
    left = [p.pattern for p in english_fragments() if p.search(text)]
    assert not left, f"{url}: English left: {left}\n{text}"
    assert not re.search(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|"
        r"December)\b",
        text,
    ), text


# -- a site's own wording, and the fallback ---------------------------------------------------


def test_a_site_changes_messages_in_mkdocs_yml_and_with_its_own_catalogue(tmp_path: Path) -> None:
    project = tmp_path / "es"
    shutil.copytree(FIXTURES / "es", project)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - factcheck:\n",
            "  - factcheck:\n      messages:\n        Our verdict: Nuestra calificación\n"
            '        "%(num)d fact check": ["%(num)d chequeo", "%(num)d chequeos", "%(num)d chequeos"]\n',
            1,
        ),
        encoding="utf-8",
    )
    site = build(project)
    claim = page(site, "claims/coste-puente/")
    assert "Nuestra calificación" in [dt.get_text() for dt in claim.select(".fc-claimbox__facts dt")]
    assert "1 chequeo" in page(site, "verdicts/").get_text()


def test_a_message_missing_from_a_catalogue_falls_back_to_english_with_one_warning(tmp_path: Path, caplog) -> None:
    project = tmp_path / "it"
    shutil.copytree(FIXTURES / "es", project)
    catalogue = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "messages", "--new", "it", "--out", str(project / "factcheck-it.po")],
        capture_output=True,
        text=True,
    )
    assert catalogue.returncode == 0, catalogue.stderr
    po = project / "factcheck-it.po"
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Claimed by"\nmsgstr ""', 'msgid "Claimed by"\nmsgstr "Affermato da"'
    )
    po.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("language: es", "language: it")
        .replace("  - factcheck:\n", "  - factcheck:\n      catalogue: factcheck-it.po\n", 1),
        encoding="utf-8",
    )
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):  # strict: a warning stops the build
        build(project)
    caplog.clear()
    site = build(project, strict=False)
    warnings = [
        r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "not translated" in r.getMessage()
    ]
    assert sum("'Our verdict'" in w for w in warnings) == 1, "one warning per message, naming it"
    assert not any("'Claimed by'" in w for w in warnings)
    claim = page(site, "claims/coste-puente/")
    assert [dt.get_text() for dt in claim.select(".fc-claimbox__facts dt")][:2] == ["Affermato da", "Where and when"]


def test_an_unknown_message_key_is_refused_by_name(tmp_path: Path, caplog) -> None:
    project = tmp_path / "es"
    shutil.copytree(FIXTURES / "es", project)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - factcheck:\n", "  - factcheck:\n      messages:\n        Our verdikt: Nuestra calificación\n", 1
        ),
        encoding="utf-8",
    )
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build(project)
    assert "plugins.factcheck.messages.Our verdikt: no such message" in caplog.text
    assert "Traceback" not in caplog.text
    assert not (project / "site").exists(), "nothing was built"


def test_the_catalogues_are_package_data() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"factcheck.core.i18n" = ["catalogues/**/*"]' in text


# -- factcheck init --language ---------------------------------------------------------------


@pytest.mark.parametrize(
    "language,home,nav,verdict",
    [
        ("es", "Verificaciones", "Nuestras calificaciones", "Mayormente falso"),
        ("ar", "تحققات", "أحكامنا", "زائف في معظمه"),
        ("pt-BR", "Verificações", "Nossos vereditos", "Quase falso"),
    ],
)
def test_init_writes_a_site_in_its_language(tmp_path: Path, language: str, home: str, nav: str, verdict: str) -> None:
    import yaml

    project = tmp_path / "site-project"
    done = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "init", str(project), "--language", language],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == language
    assert nav in [next(iter(item)) for item in config["nav"]]
    claim = yaml.safe_load((project / "claims" / "example-claim.yml").read_text(encoding="utf-8"))
    source = yaml.safe_load((project / "seeds" / "example-source.yml").read_text(encoding="utf-8"))
    assert source["language"] == language.split("-")[0]
    site = build(project)
    assert page(site, "").select_one("h1").get_text().rstrip("¶") == home
    claim_page = page(site, "claims/example-claim/")
    assert claim_page.select_one("h1").get_text() == claim["headline"]
    assert " ".join(claim_page.select_one(".fc-claimbox .fc-verdict").get_text().split()).endswith(verdict)
    text = our_text(claim_page, claim_page.html["lang"])
    assert not [p.pattern for p in english_fragments() if p.search(text)], text
