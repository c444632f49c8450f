"""Browser test support: build a site, serve it under a sub-path like a GitHub project site, and
drive Debian's Chromium (/usr/bin/chromium) through Playwright, without downloading a browser.

Outside CI a missing or broken browser skips the browser tests with the reason; with ``CI`` set
it fails them, so CI never passes without having run them.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")  # overridable to test the failure path
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PREFIX = "/REPO/"
PHONE = {"width": 360, "height": 740}


def build_site(work: Path, site_url: str = f"http://127.0.0.1{PREFIX}", search: str | None = None) -> Path:
    """The repository's site (its mkdocs.yml, pages, claims, seeds) built into ``work/site``."""
    from conftest import build_site as build
    from conftest import copy_repository_site

    config = copy_repository_site(work)
    if search:
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("  - factcheck:\n", f"  - factcheck:\n      search: {search}\n", 1), encoding="utf-8"
        )
    return build(config, site_dir=str(work / "site"), site_url=site_url)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder at PREFIX only; everything else is a 404, as on GitHub Pages."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class Server:
    def __init__(self, site_dir: Path) -> None:
        handler = functools.partial(_Handler, directory=str(site_dir))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(site_dir: Path) -> Iterator[Server]:
    server = Server(site_dir)
    try:
        yield server
    finally:
        server.close()


def launch_browser():
    """(playwright, browser), or a skip (outside CI) / failure (in CI) saying why not."""
    problem = None
    if not os.access(CHROMIUM, os.X_OK):
        problem = f"{CHROMIUM} is missing: install Debian's chromium (`make system-deps`)"
    else:
        try:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            try:
                return playwright, playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
            except Exception:
                playwright.stop()
                raise
        except Exception as exc:  # the browser could not start: say why
            problem = f"Chromium could not start through Playwright: {exc}"
    if os.environ.get("CI"):
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


def _patient_expectations() -> None:
    """Pagefind loads its index and filters asynchronously; on a busy 2-core CI machine that can
    take longer than Playwright's 5 s default, so assertions wait up to 20 s."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # the tests then fail or skip with the reason, in launch_browser
        return
    expect.set_options(timeout=20_000)


_patient_expectations()


SEARCH_GROUPS = ("Verdict", "Who said it", "Topic", "Source")  # Pagefind's filter groups on an English site

# Every result Pagefind lists is drawn (its title link is there, not the loading placeholder).
RESULTS_DRAWN = """() => { const results = [...document.querySelectorAll('.pagefind-ui__result')];
    return results.length > 0 && results.every(r => r.querySelector('.pagefind-ui__result-link')); }"""


def settled_search(tab, groups: tuple[str, ...] = SEARCH_GROUPS) -> None:
    """Wait for what a reader sees once Pagefind's search page has settled, rather than for its
    first step: the count for the query, every result drawn, and the filter panel with every group
    (Pagefind fills the message, the results and the filters in steps; a search that ran before
    all the filters had loaded shows only some groups until factcheck.js searches again)."""
    from playwright.sync_api import expect

    expect(tab.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^\d+ results? for "))
    panel = tab.locator(".pagefind-ui__filter-panel")
    expect(panel.locator("summary")).to_have_count(len(groups))
    for name in groups:
        expect(panel.locator("summary", has_text=re.compile(f"^{re.escape(name)}$"))).to_have_count(1)
    tab.wait_for_function(RESULTS_DRAWN)


# --- fixtures (imported by the browser test modules) ---------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    playwright, browser = launch_browser()
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The repository's site with the default search (Pagefind) served at http://127.0.0.1:<port>/REPO/."""
    site_dir = build_site(tmp_path_factory.mktemp("served"))
    yield from serve(site_dir)


@pytest.fixture(scope="session")
def served_material_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The repository's site with `search: material`: Material's box in the header (with Pagefind,
    the default, the header's box is a form that opens the Pagefind search page)."""
    yield from serve(build_site(tmp_path_factory.mktemp("material"), search="material"))


@pytest.fixture
def tab(chromium):
    """A fresh page; fails the test on any JavaScript error or failed request on our site."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"JavaScript error: {exc}"))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.errors = errors
    yield page
    context.close()
    assert not errors, "\n".join(errors)
