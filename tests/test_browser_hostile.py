"""Hostile records in every field, read in Debian's Chromium: the search page (Pagefind's UI,
which inserts filter values, titles and excerpts as HTML) and every generated page kind.

Each payload sets ``window.__pwned`` and calls ``alert``; the test records both, and looks for
injected elements in the DOM (an ``<img>``/``<svg>`` with an event handler, a ``javascript:`` link).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_support import SEARCH_GROUPS, Server, serve, settled_search
from conftest import SOURCE_TEXT, Site

pytestmark = pytest.mark.browser


def payloads(mark: str, markdown: bool = False) -> str:
    """The hostile forms, each tagged with the field it is in (a YAML double-quoted string's
    content). Markdown fields refuse raw HTML, so there the raw forms are code spans."""
    tick = "`" if markdown else ""
    return (
        f'{tick}<img src=x onerror=window.__pwned=\\"{mark}\\";alert(1)>{tick} '
        f'&lt;img src=x onerror=window.__pwned=\\"{mark}2\\";alert(2)&gt; '
        f'{tick}\\"><svg onload=window.__pwned=\\"{mark}3\\";alert(3)>{tick} '
        f'&#60;svg onload=window.__pwned=\\"{mark}4\\"&#62; javascript:window.__pwned=\\"{mark}5\\"'
    )


def hostile_records(site: Site) -> None:
    p = payloads
    site.write("seeds/bridge.txt", SOURCE_TEXT + f"\nBridge words {p('archive').replace(chr(92), '')}\n")
    site.write(
        "seeds/example-times-bridge.yml",
        f"""\
id: example-times-bridge
text: bridge.txt
title: "Bridge {p("source-title")}"
publisher: "Times {p("publisher")}"
publisher_description: "{p("publisher-description")}"
author: "Reporter {p("source-author")}"
url: https://example.org/bridge
published: 2024-03-04
published_note: "{p("published-note", True)}"
capture_note: "{p("capture-note", True)}"
language: ar
""",
    )
    site.write(
        "claims/bridge-cost.yml",
        f"""\
id: bridge-cost
claim: "The bridge cost {p("claim")}"
headline: "Bridge <img src=x onerror=window.__pwned=\\"h\\"> &lt;b&gt; \\"><svg onload=alert(9)>"
short: "Bridge <img src=x onerror=window.__pwned=\\"s\\"> </script>"
claimant:
  name: "Jane {p("claimant-name")}"
  role: "Mayor {p("claimant-role")}"
appearances:
  - source: example-times-bridge
    quote: it cost 12 million euros
verdict: half-true
summary: "Bridge summary {p("summary", True)}"
analysis: "Bridge analysis {p("analysis", True)}"
evidence:
  - source: example-times-bridge
    quote: "Critics said the bridge's real cost was 15 million euros - a figure"
    stance: contradicts
    note: "Bridge note {p("evidence-note", True)}"
  - url: https://example.org/report
    title: "Report {p("evidence-title")}"
    stance: context
topics: ["Bridges {p("topic")}", "&lt;img src=x onerror=window.__pwned=\\"t2\\"&gt;"]
author: "Desk {p("author")}"
reviewer: "Editor {p("reviewer")}"
published: 2024-03-10
updated: 2024-03-12
corrections:
  - date: 2024-03-12
    note: "Bridge correction {p("correction", True)}"
""",
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    site = Site(tmp_path_factory.mktemp("hostile-browser") / "project")
    hostile_records(site)
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("https://example.github.io/repo/", "http://127.0.0.1/REPO/"),
        encoding="utf-8",
    )
    site_dir = site.build(strict=True)
    yield from serve(site_dir)


INJECTED = """() => [...document.querySelectorAll('*')].filter(el =>
    [...el.attributes].some(a => /^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href)$/i.test(a.name)
                                                         && /^\\s*(javascript|data|vbscript):/i.test(a.value) && !/^javascript:void\\(0\\);?$/.test(a.value)))
    || (el.tagName.toLowerCase() === 'img' && el.getAttribute('src') === 'x')).map(el => el.outerHTML.slice(0, 200))"""


def open_tab(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())  # stay on this machine
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return context, tab, dialogs


def assert_clean(tab, dialogs: list[str], where: str) -> None:
    tab.wait_for_timeout(300)  # let an image's error event fire
    assert tab.evaluate("window.__pwned") is None, f"{where}: a payload ran ({tab.evaluate('window.__pwned')})"
    assert dialogs == [], f"{where}: a dialog opened"
    assert tab.evaluate(INJECTED) == [], f"{where}: injected elements"


@pytest.mark.parametrize("query", ["bridge", "img onerror", "pwned", "Jane", "Times", "javascript"])
def test_the_search_page_shows_hostile_records_as_text(hostile_site: Server, chromium, query: str) -> None:
    context, tab, dialogs = open_tab(chromium)
    tab.goto(hostile_site.url("search/"))
    tab.locator("#fc-pagefind input.pagefind-ui__search-input").fill(query)
    # Typed at once, the query may be searched before Pagefind has every filter (then factcheck.js
    # searches again): wait for the page a reader ends up with, every group in the panel, then
    # open each group (opened earlier, a group could end up holding another filter).
    settled_search(tab)
    panel = tab.locator(".pagefind-ui__filter-panel")
    for details in panel.locator("details").all():
        if not details.evaluate("element => element.open"):
            details.locator("summary").click()
    for group in SEARCH_GROUPS:
        expect(panel.locator("details[open] summary", has_text=group)).to_have_count(1)
    # each hostile value is there, shown as text: the claimant, the source's title, the two topics
    expect(panel.locator("details[open] label", has_text="Jane")).to_be_visible()
    expect(panel.locator("details[open] label", has_text="img src")).to_have_count(4)
    expect(tab.locator(".pagefind-ui__result-title", has_text="Bridge")).not_to_have_count(0)
    assert_clean(tab, dialogs, f"search/?search={query}")
    # choosing a hostile filter value is harmless too
    panel.locator("input[type=checkbox]").first.check()
    tab.wait_for_timeout(500)
    assert_clean(tab, dialogs, f"search/ with a filter, query {query}")
    context.close()


def generated_pages(site_dir: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site_dir)) + "/" for p in site_dir.rglob("index.html") if "pagefind" not in p.parts
    )


def test_every_generated_page_shows_hostile_records_as_text(hostile_site: Server, chromium) -> None:
    site_dir = Path(hostile_site.httpd.RequestHandlerClass.keywords["directory"])
    pages = generated_pages(site_dir)
    assert {"./", "claims/bridge-cost/", "sources/example-times-bridge/", "search/"} <= set(pages)
    assert any(p.startswith("claimants/jane") for p in pages) and any(p.startswith("topics/") for p in pages)
    context, tab, dialogs = open_tab(chromium)
    for path in pages:
        tab.goto(hostile_site.url("" if path == "./" else path), wait_until="load")
        assert_clean(tab, dialogs, path)
    context.close()
