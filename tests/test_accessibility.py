"""Accessibility, as axe-core (the npm package, injected into the page) sees it in Chromium.

No rule is disabled: the stock theme's own problems are fixed through our theme overrides and CSS.
"""

from __future__ import annotations

import pytest

from browser_support import PHONE, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "claims/",
    "search/",
    "claims/putin-xi-met-37-times/",
    "sources/presstv-china-fake-news/",
    "verdicts/",
    "verdicts/unproven/",
    "claimants/press-tv/",
    "topics/",
    "about/",
]


def axe_violations(tab) -> list[str]:
    # colours are measured as they are drawn: not while a transition (the search results fading in
    # after each keystroke) is halfway
    tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node_modules/.installed` (npm ci)", pytrace=False)
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:160] for n in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(served_site, tab, path, width) -> None:
    if width == "phone":
        tab.set_viewport_size(PHONE)
    tab.goto(served_site.url(path))
    if path == "search/":
        tab.locator(".pagefind-ui__search-input").wait_for()
    problems = axe_violations(tab)
    assert not problems, "\n".join(problems)


def test_axe_finds_no_violations_in_search_results(served_site, tab) -> None:
    tab.goto(served_site.url("search/?search=Putin"))
    tab.locator(".pagefind-ui__result").first.wait_for()
    tab.locator("input.md-search__input").click()  # the header's box, open
    problems = axe_violations(tab)
    assert not problems, "\n".join(problems)


def test_axe_finds_no_violations_in_material_search_results(served_material_site, tab) -> None:
    tab.goto(served_material_site.url(""))
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Putin")
    tab.locator(".md-search-result__item").first.wait_for()
    problems = axe_violations(tab)
    assert not problems, "\n".join(problems)


def test_verdict_badges_do_not_rely_on_colour_alone(built_repo_site) -> None:
    from conftest import soup

    badges = 0
    for html_file in built_repo_site.rglob("*.html"):
        for badge in soup(html_file).select(".fc-verdict"):
            badges += 1
            label = badge.select_one(".fc-verdict__label")
            assert label is not None and label.get_text().strip(), f"{html_file}: a badge without its label"
    assert badges > 20


@pytest.mark.parametrize("ci,outcome,code", [("1", "1 error", 1), ("", "1 skipped", 0)])
def test_browser_tests_fail_in_ci_when_the_browser_cannot_start(tmp_path, ci, outcome, code) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, FACTCHECK_CHROMIUM=str(tmp_path / "no-such-chromium"), CI=ci)
    if not ci:
        env.pop("CI")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rfs",
            str(ROOT / "tests" / "test_browser.py"),
            "-k",
            "plain_list",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert outcome in done.stdout and done.returncode == code, done.stdout[-2000:]
    assert "no-such-chromium is missing" in done.stdout
