"""Pages that contact no one else, load one search engine and do not jump: every page kind of the
repository's site, opened in Debian's Chromium as a reader would, with every request recorded."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE_URL = "http://127.0.0.1/REPO/"  # the site_url browser_support builds with; the sitemap's pages start with it

# one page of every kind the site has: generated lists and records, hand-written pages, search, 404
PAGE_KINDS = {
    "home": "",
    "claims index": "claims/",
    "claim": "claims/putin-xi-met-37-times/",
    "source": "sources/nextshark-china-fake-news/",
    "ratings": "verdicts/",
    "verdict": "verdicts/mostly-true/",
    "claimants index": "claimants/",
    "claimant": "claimants/press-tv/",
    "topics index": "topics/",
    "topic": "topics/trade/",
    "sources index": "sources/",
    "corrections": "corrections/",
    "hand-written": "about/",
    "search": "search/?search=trade",
    "not found": "404.html",  # what GitHub Pages serves for a missing page
}

# Chromium's layout-shift entries, summed as Lighthouse's CLS does (session windows: shifts less
# than 1 s apart and within 5 s form one window; the largest window counts)
CLS_OBSERVER = """() => {
  window.__shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__shifts.push({value: entry.value, time: entry.startTime});
    }
  }).observe({type: "layout-shift", buffered: true});
}"""
CLS = """() => {
  let best = 0, current = 0, first = 0, last = -Infinity;
  for (const s of window.__shifts) {
    if (s.time - last > 1000 || s.time - first > 5000) { current = 0; first = s.time; }
    current += s.value; last = s.time; best = Math.max(best, current);
  }
  return best;
}"""


def open_recording(context, url: str):
    """Open ``url`` in a new page of ``context``; returns (page, requests, failures)."""
    page = context.new_page()
    requests: list[str] = []
    failures: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failures.append(f"failed: {request.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: failures.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.add_init_script(f"({CLS_OBSERVER})()")
    page.goto(url, wait_until="networkidle")
    return page, requests, failures


def outside_the_site(server, requests: list[str]) -> list[str]:
    """The requests that leave the site's origin (scheme, host and port), data: and blob: aside."""
    origin = urlsplit(server.url())[:2]
    return [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url)[:2] != origin]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_page_contacts_only_its_own_site_and_finds_everything(served_site, chromium, kind) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page, requests, failures = open_recording(context, served_site.url(PAGE_KINDS[kind]))
    page.wait_for_timeout(500)  # scripts that start late (Material's repository facts) have run
    context.close()
    outside = outside_the_site(served_site, requests)
    assert not outside, f"{kind}: requests to other sites:\n" + "\n".join(outside)
    assert not failures, f"{kind}:\n" + "\n".join(failures)
    # one search engine per page: Pagefind is the default, so Material's index and worker never load
    assert not [url for url in requests if "search_index" in url or "/workers/search" in url], kind
    pagefind = [url for url in requests if "/pagefind/" in url]
    assert bool(pagefind) == (kind == "search"), f"{kind}: Pagefind loaded only by the search page"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_page_does_not_shift_on_a_phone(served_site, chromium, kind) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    page, _, _ = open_recording(context, served_site.url(PAGE_KINDS[kind]))
    page.wait_for_timeout(1000)
    shift = page.evaluate(CLS)
    context.close()
    assert shift < 0.1, f"{kind}: cumulative layout shift {shift:.3f}"


def test_the_claims_index_filters_are_there_from_the_first_paint(served_site, chromium) -> None:
    """The form is in the HTML, visible, and its count already right before any script runs."""
    context = chromium.new_context(java_script_enabled=True)
    page = context.new_page()
    page.route(re.compile(r".*factcheck\.js$"), lambda route: route.abort())  # our script never runs
    page.goto(served_site.url("claims/"))
    expect(page.locator("form[data-fc-filters]")).to_be_visible()
    items = page.locator(".fc-claims-index .fc-item").count()
    expect(page.locator(".fc-filters__count")).to_have_text(f"Showing all {items} fact checks.")
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_search_box_searches_with_pagefind(served_site, tab, width) -> None:
    tab.set_viewport_size({"width": width, "height": 900})
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(served_site.url("claims/putin-xi-met-37-times/"))
    if width < 700:  # on a phone the box opens from the header's search button
        tab.locator("label.md-header__button[for=__search]").click()
    box = tab.locator(".md-header input[name=search]")
    expect(box).to_be_focused() if width < 700 else box.click()
    box.press_sequentially("biggest trading partner")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/REPO/search/\?search=biggest\+trading\+partner$"))
    first = tab.locator(".pagefind-ui__result-link").first
    expect(first).to_have_attribute("href", re.compile(r"/claims/china-russias-biggest-trading-partner/"))
    assert not [url for url in requests if "search_index" in url or "/workers/search" in url]


def test_every_published_page_loads_without_a_404_or_another_site(served_site, chromium) -> None:
    """Every page the sitemap lists (the same kinds as above, but all of them: each claim, source,
    verdict, claimant and topic, every hand-written page), then search and the 404 page, on a phone."""
    with urlopen(served_site.url("sitemap.xml")) as response:
        sitemap = response.read().decode("utf-8")
    paths = [loc.removeprefix(SITE_URL) for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)]
    assert len(paths) > 40 and "" in paths and "claims/putin-xi-met-37-times/" in paths, paths
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    problems: list[str] = []
    for path in [*paths, PAGE_KINDS["search"], PAGE_KINDS["not found"]]:
        page, requests, failures = open_recording(context, served_site.url(path))
        page.wait_for_timeout(100)
        page.close()
        problems += [f"/{path}: {failure}" for failure in failures]
        problems += [f"/{path}: request to another site: {url}" for url in outside_the_site(served_site, requests)]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("missing", ["no-such-page/", "claims/no-such-claim/", "topics/trade/no/such/depth/"])
def test_the_not_found_page_loads_everything_at_any_depth(served_site, chromium, missing) -> None:
    """GitHub Pages answers a missing address with 404.html and status 404, wherever it is: the page
    must still find its styles, scripts and images there (only the address itself is a 404)."""
    with urlopen(served_site.url("404.html")) as response:
        not_found = response.read()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    url = served_site.url(missing)
    context.route(url, lambda route: route.fulfill(status=404, body=not_found, content_type="text/html"))
    page, requests, failures = open_recording(context, url)
    styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    context.close()
    responses = [f for f in failures if not f.startswith("console ")]
    console = [f for f in failures if f.startswith("console ")]
    assert responses == [f"404 {url}"], failures  # the address itself, nothing it loads
    assert len(console) <= 1 and all("status of 404" in line for line in console), console  # Chromium's note of it
    assert not outside_the_site(served_site, requests)
    assert styled in ("sticky", "fixed"), "Material's stylesheet applies"
    assert any("/assets/javascripts/factcheck.js" in r for r in requests)
