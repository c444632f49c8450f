"""Hostile but valid records, built into a real site: their text reaches every page, the search
index and the sitemap as inert text, and no payload runs in Debian's Chromium (no dialog, no canary)."""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import CLAIM_YML, SOURCE_TEXT, Site, page, run_cli

PAYLOAD = '<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">'
RAW_FORMS = ("<script>window.__xss", "<img src=x", "<svg onload", "<iframe", '"><b>', "<b>bold")
SHORT_TITLE = "The bridge cost 12 million euros <script>window.__xss=1;alert(1)</script><img src=x…"
HOSTILE_SOURCE_TEXT = SOURCE_TEXT + "\n<script>window.__xss=3</script> <svg onload=alert(3)> and more text.\n"


def neutral_records(site: Site) -> None:
    """Valid records whose every text field carries markup that must reach readers as text."""
    site.with_example()
    site.write("seeds/bridge.txt", HOSTILE_SOURCE_TEXT)
    site.write(
        "seeds/example-times-bridge.yml",
        f"""\
id: example-times-bridge
text: bridge.txt
title: 'Bridge </title><script>window.__xss=4</script> {PAYLOAD}'
publisher: 'The Example Times "><b>bold</b>'
publisher_description: '<iframe src=https://evil.example/>'
url: 'https://example.org/bridge?q="><script>window.__xss=5</script>'
published: 2024-03-04
published_note: '{PAYLOAD}'
""",
    )
    site.write(
        "claims/bridge-cost.yml",
        f"""\
id: bridge-cost
claim: 'The bridge cost 12 million euros {PAYLOAD}'
short: '</script><script>window.__xss=9</script>'
claimant:
  name: 'Jane {PAYLOAD}'
  role: '"><svg onload=alert(4)>'
  same_as: ['https://example.org/jane?x="><script>window.__xss=6</script>']
appearances:
  - source: example-times-bridge
    quote: 'said the bridge’s real cost was 15 million euros'
verdict: half-true
summary: 'Overruns &lt;script&gt;window.__xss=7&lt;/script&gt; [the report](https://example.org/r "t\\" onmouseover=\\"window.__xss=8")'
analysis: |
  Text in `<script>window.__xss=9</script>` code, and a [link](https://example.org/?a=1&b=2).

      <iframe src="javascript:alert(5)"></iframe>
evidence:
  - source: example-times-bridge
    quote: '<script>window.__xss=3</script> <svg onload=alert(3)>'
    stance: context
    note: 'Not a tag: 1 < 2 > 0 &amp; <3'
  - url: 'https://example.org/?"><script>window.__xss=10</script>'
    title: '{PAYLOAD}'
    stance: context
topics: ['</title><script>window.__xss=11</script>', no]
author: '{PAYLOAD}'
reviewer: '"><svg onload=alert(6)>'
published: 2024-03-10
""",
    )


@pytest.fixture(scope="module")
def neutral_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("neutral") / "project")
    neutral_records(site)
    return site.build(strict=True)


def text_files(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("*")) if p.suffix in (".html", ".json", ".xml", ".txt")]


def test_a_hostile_headline_is_shown_as_text_everywhere(site: Site) -> None:
    headline = '"><script>window.__xss=12</script> Did it </title> cost & more?'
    site.with_example().write(
        "claims/bridge-cost.yml", CLAIM_YML.replace("claimant:", f"headline: '{headline}'\nclaimant:", 1)
    )
    built = site.build(strict=True)
    html = page(built, "claims/bridge-cost/")
    assert html.select_one("h1").get_text() == headline
    assert html.select_one(".fc-claimbox__claim").get_text() == "The bridge cost 12 million euros."
    assert html.select_one("title").get_text() == f"{headline} - Test checks"
    assert html.select_one('meta[property="og:title"]')["content"] == headline
    assert all("__xss" not in (tag.string or "") for tag in html.select("script"))
    raw = (built / "claims/bridge-cost/index.html").read_text(encoding="utf-8")
    assert "<script>window.__xss=12" not in raw
    data = json.loads((built / "data/claims/bridge-cost.json").read_text(encoding="utf-8"))
    assert data["headline"] == headline
    too_long = site.write(
        "claims/bridge-cost.yml", CLAIM_YML.replace("claimant:", f"headline: {'x' * 121}\nclaimant:", 1)
    )
    result = run_cli(site, "validate", "--no-cache")
    assert (
        f"{too_long.relative_to(site.root)}:3:11: error: `headline`: String should have at most 120 characters"
        in result.stdout
    ), result.stdout


def test_hostile_text_is_shown_as_text(neutral_site: Path) -> None:
    html = page(neutral_site, "claims/bridge-cost/")
    assert html.select_one("h1").get_text() == f"The bridge cost 12 million euros {PAYLOAD}"  # no headline: the claim
    assert html.select_one(".fc-claimbox__claim") is None  # shown once, as the title
    assert html.select_one("title").get_text() == f"{SHORT_TITLE} - Test checks"
    assert html.select(".md-header__topic .md-ellipsis")[-1].get_text().strip() == SHORT_TITLE
    # plain text (the Markdown's entities resolved), escaped in the attribute
    assert html.select_one('meta[name="description"]')["content"].startswith(
        "Half true: Overruns <script>window.__xss=7</script> the report"
    )
    raw = (neutral_site / "claims/bridge-cost/index.html").read_text(encoding="utf-8")
    assert 'name="description" content="Half true: Overruns &lt;script&gt;window.__xss=7&lt;/script&gt;' in raw
    assert PAYLOAD in html.select_one(".fc-claimbox").get_text()
    assert html.select_one(".fc-byline").get_text().strip().startswith(f'Fact check by {PAYLOAD}, reviewed by "><svg')
    summary = html.select_one(".fc-claimbox__summary")
    assert "<script>window.__xss=7</script>" in summary.get_text()
    link = summary.select_one("a")
    assert link["href"] == "https://example.org/r" and set(link.attrs) == {"href", "title", "rel"}
    assert "<script>window.__xss=9</script>" in html.select_one(".fc-analysis code").get_text()
    assert '<iframe src="javascript:alert(5)"></iframe>' in html.select_one(".fc-analysis pre").get_text()
    assert html.select_one(".fc-evidence__note").get_text().strip() == "Not a tag: 1 < 2 > 0 & <3"
    source = page(neutral_site, "sources/example-times-bridge/")
    marks = [mark.get_text() for mark in source.select(".fc-archive mark.fc-quote")]
    assert "<script>window.__xss=3</script> <svg onload=alert(3)>" in marks
    assert source.select_one("h1").get_text().startswith("Bridge </title><script>window.__xss=4</script>")


def test_no_markup_from_records_reaches_any_file(neutral_site: Path) -> None:
    for path in text_files(neutral_site):
        raw = path.read_text(encoding="utf-8")
        if path.suffix != ".json":  # JSON data files hold the records' text as text, which is right
            for form in RAW_FORMS:
                assert form not in raw, f"{path.relative_to(neutral_site)} contains {form!r}"
        if path.suffix == ".html":
            doc = BeautifulSoup(raw, "html.parser")
            for tag in doc.find_all(True):
                assert not any(name.lower().startswith("on") for name in tag.attrs), (path, tag)
                for name in ("href", "src", "action", "formaction"):
                    value = str(tag.get(name, "")).strip().lower()
                    assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, tag)
            for script in doc.find_all("script"):
                if script.get("type") == "application/ld+json":  # data, not code: must not close the element
                    assert "<" not in script.get_text(), path
                    json.loads(script.get_text())
                else:
                    assert "__xss" not in script.get_text(), path
            assert not doc.find_all(["iframe", "object", "embed", "base"]), path
        elif path.suffix == ".xml":  # feeds: HTML carried in XML (Atom type="html", RSS description)
            for element in ElementTree.fromstring(path.read_bytes()).iter():
                if element.get("type") in ("html", "xhtml") or element.tag.endswith("description"):
                    assert_inert_fragment("".join(element.itertext()), path)
        elif path.suffix == ".json":
            data = json.loads(raw)
            if path.name == "search_index.json" or "content_html" in raw:  # HTML inside JSON
                for key, value in json_strings(data):
                    if path.name == "search_index.json" or key in ("content_html", "summary_html"):
                        assert_inert_fragment(value, path)


def json_strings(value: object, key: str = ""):
    """(key, string) for every string in a JSON document."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from json_strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item, key)


def assert_inert_fragment(markup: str, where: Path) -> None:
    fragment = BeautifulSoup(markup, "html.parser")
    assert not fragment.find_all(["script", "img", "svg", "iframe", "style", "math", "object", "embed"]), where
    for tag in fragment.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), (where, tag)


def test_the_search_index_holds_only_inert_html(neutral_material_site: Path, neutral_site: Path) -> None:
    """Material inserts search titles and texts with innerHTML: they must be escaped HTML. (With
    Pagefind, the default, Material's index is not written at all.)"""
    assert not (neutral_site / "search" / "search_index.json").exists()
    index = json.loads((neutral_material_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    seen = ""
    for doc in index["docs"]:
        for field in ("title", "text"):
            fragment = BeautifulSoup(doc.get(field) or "", "html.parser")
            for tag in fragment.find_all(True):
                assert tag.name in {
                    "p",
                    "ul",
                    "ol",
                    "li",
                    "code",
                    "pre",
                    "a",
                    "em",
                    "strong",
                    "blockquote",
                    "dl",
                    "dt",
                    "dd",
                    "mark",
                    "sup",
                    "table",
                    "tr",
                    "td",
                    "th",
                    "tbody",
                    "thead",
                    "q",
                    "time",
                    "span",
                    "b",
                    "i",
                    "del",
                    "br",
                    "hr",
                }, (doc["location"], tag)
                assert not any(name.startswith("on") for name in tag.attrs), (doc["location"], tag)
            seen += fragment.get_text()
    assert "<script>window.__xss=1;alert(1)</script>" in seen


def test_nothing_is_written_into_the_record_folders(tmp_path: Path) -> None:
    site = Site(tmp_path / "project")
    neutral_records(site)

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {
            str(p.relative_to(site.root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for folder in ("claims", "seeds", "site_src")
            for p in (site.root / folder).rglob("*")
            if p.is_file()
        }

    before = snapshot()
    site.build()
    assert run_cli(site, "validate", process=True).returncode == 0  # a real process, as CI runs it
    assert snapshot() == before


# -- the real browser ---------------------------------------------------------------------------


@pytest.fixture
def browser(chromium):
    """Debian's Chromium through Playwright: the session's one browser (tests/browser_support.py),
    which fails under CI and skips elsewhere, with the reason, when it cannot start."""
    return chromium


@pytest.fixture(scope="module")
def neutral_material_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile records with `search: material`: Material's search box in the header (with
    Pagefind, the default, the header's box is a form that opens the search page)."""
    site = Site(tmp_path_factory.mktemp("neutral-material") / "project")
    neutral_records(site)
    site.write_config(plugin_extra="search: material\n")
    return site.build(strict=True)


@pytest.fixture
def served(neutral_site: Path):
    """The built site over HTTP on 127.0.0.1, at the path its site_url names (/repo/)."""
    yield from _serve(neutral_site)


@pytest.fixture
def served_material(neutral_material_site: Path):
    yield from _serve(neutral_material_site)


def _serve(site_dir: Path):
    root = site_dir.parent / "served"
    if not root.exists():
        root.mkdir()
        (root / "repo").symlink_to(site_dir)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(browser, served: str, neutral_site: Path) -> None:
    context = browser.new_context()
    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())  # stay on this machine
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [
        "",
        "claims/",
        "claims/bridge-cost/",
        "sources/example-times-bridge/",
        "sources/",
        "claimants/",
        "topics/",
        "verdicts/half-true/",
    ]
    pages += [
        f"{kind}/{p.name}/" for kind in ("claimants", "topics") for p in (neutral_site / kind).iterdir() if p.is_dir()
    ]
    for path in pages:
        tab.goto(served + path, wait_until="load")
        assert tab.evaluate("window.__xss") is None, path
    tab.goto(served + "claims/bridge-cost/", wait_until="load")
    assert tab.title() == f"{SHORT_TITLE} - Test checks"
    assert tab.inner_text("h1") == f"The bridge cost 12 million euros {PAYLOAD}"
    assert dialogs == []
    context.close()


@pytest.mark.browser
def test_no_payload_runs_in_materials_search(browser, served_material: str) -> None:
    context = browser.new_context()
    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())  # stay on this machine
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(served_material + "claims/bridge-cost/", wait_until="load")
    # Material's search renders index entries with innerHTML: search for the payload's words
    tab.keyboard.press("/")  # Material's shortcut: open the search box
    tab.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Type to')")
    tab.locator("input.md-search__input").press_sequentially("bridge")
    tab.wait_for_selector(".md-search-result__item")
    for more in tab.locator(".md-search-result__more summary").all():
        more.click()
    results = tab.inner_text(".md-search-result")
    assert "<script>window.__xss=1;alert(1)</script>" in results
    assert tab.evaluate("window.__xss") is None
    assert dialogs == []
    context.close()
