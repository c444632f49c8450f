"""The plugins teams already use, beside ours: one small site built with each, one at a time and
all together, in a git repository whose one commit is backdated; the assertions read the output.

Versions tested are the ones installed from pyproject's `test` extra (README, "Works with").
"""

from __future__ import annotations

import collections
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from factcheck.core.outputs.card_drawing import BOLD, REGULAR

from conftest import Site, resolve_link, soup

COMMIT_DATE = "2024-01-02T03:04:05+00:00"  # the backdated commit of every file of the fixture
CLAIM = "claims/bridge-cost/"
SOURCE = "sources/example-times-bridge/"
NOTES = "notes/"
SITEMAP = (
    "{http://www.sitemaps.org/schemas/sitemap/0.9}"  # a hand-written page with a team tag equal to one of our topics
)

NEW_CLAIM_YML = """\
id: bridge-opening
claim: The bridge opens in May.
claimant: {name: Jane Mayor, role: Mayor of Example}
appearances:
  - source: example-times-bridge
    quote: will open in May
verdict: unproven
summary: No date has been confirmed.
analysis: The council has not confirmed a date.
evidence:
  - source: example-times-bridge
    quote: will open in May
    stance: context
topics: [Infrastructure]
author: Test Author
published: 2024-03-11
"""


def _i18n() -> str:
    return """\
- i18n:
    docs_structure: suffix
    languages:
      - {locale: en, default: true, name: English, build: true}
      - {locale: fr, name: Français, build: true}
"""


# name -> (plugins listed before factcheck, plugins listed after it)
PLUGINS: dict[str, tuple[str, str]] = {
    "rss": ("", "- rss:\n    match_path: claims/.*\n"),
    "rss-first": ("- rss:\n    match_path: claims/.*\n", ""),
    "i18n": ("", _i18n()),  # before git-revision-date-localized, which requires it
    "git-revision-date-localized": ("", "- git-revision-date-localized:\n    enable_creation_date: true\n"),
    "tags": ("", "- tags\n"),
    "social": ("", "- social\n"),
    "redirects": ("", "- redirects:\n    redirect_maps:\n      old-check.md: claims/bridge-cost.md\n"),
    "redirects-first": ("- redirects:\n    redirect_maps:\n      old-check.md: claims/bridge-cost.md\n", ""),
    "offline": ("", "- offline\n"),
    # (archive and category pages off: mkdocs-static-i18n drops the blog's generated views)
    "blog": ("", "- blog:\n    archive: false\n    categories: false\n"),
    # (this machine may be offline: Material's bundle names mermaid on unpkg.com, fetched lazily)
    "privacy": ("", "- privacy:\n    assets_exclude: [unpkg.com/*]\n"),
    "optimize": ("", "- optimize\n"),
    "awesome-nav": ("", "- awesome-nav\n"),
    "i18n+optimize": ("", _i18n() + "- optimize\n"),
    # under i18n, to a page every edition has (the claim is in the English edition only)
    "redirects-to-sources": ("- redirects:\n    redirect_maps:\n      old-sources.md: sources/index.md\n", ""),
    "minify": ("", "- minify:\n    minify_html: true\n"),
    "glightbox": ("", "- glightbox\n"),
}


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_site(root: Path, before: str, after: str) -> Site:
    site = Site(root).with_example()
    site.write(
        "site_src/notes.md",
        "---\ntags: [Infrastructure]\n---\n# Notes\n\nThe team's notes on the bridge. ![Bridge](bridge.png)\n",
    )
    site.write("site_src/bridge.png", _png())
    site.write("site_src/tags.md", "# Tags\n\n<!-- material/tags -->\n")
    site.write("site_src/blog/index.md", "# Blog\n")
    site.write("site_src/blog/posts/hello.md", "---\ndate: 2024-02-01\n---\n# Hello\n\nOur first post.\n")
    site.write("site_src/.nav.yml", "nav:\n  - index.md\n  - Fact checks: claims/index.md\n  - '*'\n")
    # Material's social plugin fetches its font from Google Fonts once into its cache: this machine
    # may be offline, so the cache holds a local font under the name it looks for (the package's
    # own DejaVu Sans, so no system font package is needed)
    fonts = root / ".cache" / "plugin" / "social" / "fonts" / "Roboto"
    fonts.mkdir(parents=True)
    for style, font in (("Regular", REGULAR), ("Bold", BOLD)):
        shutil.copy(font, fonts / f"{style}.ttf")
    site.write_config(theme_extra="font: false\n", plugins_before=before, plugins_after=after)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "The desk's first fact check")
    return site


def _png() -> bytes:
    from PIL import Image  # Material's imaging extra (social, optimize)

    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), "#1a7f37").save(buffer, "PNG")
    return buffer.getvalue()


def page_file(out: Path, url: str) -> Path:
    """The file of a page, with directory URLs or without (the offline plugin turns them off)."""
    if (out / url / "index.html").is_file() or not url:
        return out / url / "index.html"
    return out / (url.rstrip("/") + ".html")


def absolute(out: Path, url: str) -> str:
    """The page's address as feeds and sitemaps give it."""
    return "https://example.github.io/repo/" + page_file(out, url).relative_to(out).as_posix().removesuffix(
        "index.html"
    )


def page(out: Path, url: str):
    return soup(page_file(out, url))


def build_in(site: Site, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`mkdocs build --strict` in the project folder, as users run it (the RSS plugin asks git in
    the current folder). A process of its own: MkDocs keeps plugin instances from one config
    load to the next in one process, and some plugins (Material's blog) clean up for good when
    a build ends."""
    monkeypatch.chdir(site.root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site.root / "site"


# --- what each plugin should show ---------------------------------------------------------------


def check_rss(out: Path) -> None:
    items = {}
    for feed in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        for item in ET.parse(out / feed).getroot().iter("item"):
            items[item.findtext("link")] = item
    claim = items[absolute(out, CLAIM)]
    assert claim.findtext("title") == "The bridge cost 12 million euros."
    assert "The council's figure leaves out the overruns." in claim.findtext("description")
    assert claim.findtext("pubDate") == "Tue, 02 Jan 2024 03:04:05 +0000"  # the record's commit


def check_git_dates(out: Path, dates: int = 2) -> None:
    """The record's commit date as the page's revision date (and, here, its creation date)."""
    for url in (CLAIM, SOURCE):
        facts = page(out, url).select(".md-source-file .git-revision-date-localized-plugin-date")
        assert [fact.get_text(strip=True) for fact in facts] == ["January 2, 2024"] * dates, url


def check_i18n(out: Path) -> None:
    """The claim (no `language`: the site's, English) is in the English edition; the French one
    has every other generated page, in French, and links only within itself."""
    locations = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert absolute(out, CLAIM) in locations and "The bridge cost 12 million euros." in page(out, CLAIM).get_text()
    assert (
        not (out / "fr" / "claims" / "bridge-cost").exists()
        and not (out / "fr" / "claims" / "bridge-cost.html").exists()
    )
    for prefix, lang in (("", "en"), ("fr/", "fr")):
        for url in (CLAIM if not prefix else "claims/", SOURCE):
            shown = page(out, prefix + url)
            assert shown.html["lang"] == lang
            # (without directory URLs, as under the offline plugin, a folder's page keeps its index.html)
            assert {absolute(out, prefix + url), absolute(out, prefix + url) + "index.html"} & set(locations)
            target = page_file(out, prefix + url)
            for a in shown.select(".md-content a[href]"):
                landed = resolve_link(out, target, a["href"])
                if landed is not None:
                    assert landed[0].is_file(), f"{prefix}{url}: {a['href']} leads nowhere"
                    assert landed[0].is_relative_to(out / "fr") == (lang == "fr"), a["href"]
    assert "Toutes les vérifications" in page(out, "fr/claims/").get_text()
    assert "À propos de cette source" in page(out, "fr/" + SOURCE).get_text()


def check_tags(out: Path) -> None:
    claim = page(out, CLAIM)
    assert not claim.select(".md-tag"), "search terms shown as tags"
    index_file = page_file(out, "tags/")
    listed = [resolve_link(out, index_file, a["href"]) for a in soup(index_file).select(".md-content a[href]")]
    pages = [
        target.relative_to(out).as_posix()
        for target, _ in filter(None, listed)
        if target.is_relative_to(out) and target != index_file
    ]
    # the team's page under its tag, once; our claims are on our topic pages, not here
    assert pages == [page_file(out, NOTES).relative_to(out).as_posix()], pages
    assert "bridge-cost" not in (out / "tags.json").read_text(encoding="utf-8")
    # with Pagefind (the default) the claim's terms are Pagefind's filters (Material's index is not
    # built, test_all_or_nothing; mkdocs-static-i18n still writes one, it drives Material's search itself)
    filters = " | ".join(" ".join(el.get_text().split()) for el in claim.select("[data-pagefind-filter]"))
    for term in ("Half true", "Jane Mayor", "Infrastructure", "Bridge to open in May, mayor says"):
        assert term in filters, (term, filters)


def _meta_counts(soup) -> collections.Counter:
    return collections.Counter(
        m.get("property") or m.get("name")
        for m in soup.find_all("meta")
        if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:"))
    )


def check_social(out: Path) -> None:
    claim = _meta_counts(page(out, CLAIM))
    assert claim and max(claim.values()) == 1, claim
    assert page(out, CLAIM).find("meta", property="og:title")["content"] == "The bridge cost 12 million euros."
    assert not list((out / "assets" / "images" / "social" / "claims").glob("bridge-cost*"))  # ours wins
    for url in ("", SOURCE, NOTES):  # social's card, alone
        counts = _meta_counts(page(out, url))
        assert counts["og:image"] == 1 and max(counts.values()) == 1, (url, counts)


def check_redirects_to_sources(out: Path) -> None:
    for prefix in ("",):  # (the further languages' redirect pages are mkdocs-redirects' and i18n's)
        old = page_file(out, prefix + "old-sources/")
        href = soup(old).find("link", rel="canonical")["href"].replace("https://example.github.io/repo/", "/repo/")
        landed = resolve_link(out, old, href)
        assert landed is not None and landed[0] == page_file(out, prefix + "sources/"), href


def check_redirects(out: Path) -> None:
    old = page(out, "old-check/")
    href = old.find("link", rel="canonical")["href"]
    assert href.endswith(page_file(out, CLAIM).relative_to(out).as_posix().removesuffix("index.html"))
    assert page_file(out, CLAIM).is_file()


def check_offline(out: Path) -> None:
    search = page(out, "search/").find(id="fc-pagefind")
    assert search["data-fc-all"] == "../claims/index.html"  # where the page sends readers from files
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "assets" / "javascripts" / "factcheck.js").is_file()


def check_blog(out: Path) -> None:
    assert "Our first post." in page(out, "blog/").get_text()
    assert "The bridge cost 12 million euros." in page(out, CLAIM).get_text()


def check_privacy(out: Path) -> None:
    for url in ("", CLAIM):
        html = page_file(out, url).read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def check_optimize(out: Path) -> None:
    assert list(out.rglob("bridge.png"))  # the team's image, optimised (pngquant), still there


def check_awesome_nav(out: Path) -> None:
    home = page(out, "")
    links = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert "Fact checks" in links


def check_minify(out: Path) -> None:
    html = page_file(out, CLAIM).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "\n    " not in article and "The bridge cost 12 million euros." in article


def check_glightbox(out: Path) -> None:
    assert page(out, NOTES).select("a.glightbox")


def check_common(out: Path) -> None:
    claim = page(out, CLAIM)
    assert claim.find(class_=re.compile("verdict")) is not None
    assert (out / "feeds").is_dir() and (out / "data").is_dir()


CHECKS = {
    "rss": check_rss,
    "rss-first": check_rss,
    "git-revision-date-localized": check_git_dates,
    "i18n": check_i18n,
    "tags": check_tags,
    "social": check_social,
    "redirects": check_redirects,
    "redirects-first": check_redirects,
    "offline": check_offline,
    "blog": check_blog,
    "privacy": check_privacy,
    "optimize": check_optimize,
    "awesome-nav": check_awesome_nav,
    "minify": check_minify,
    "glightbox": check_glightbox,
    "i18n+optimize": lambda out: (check_i18n(out), check_optimize(out)),
    "redirects-to-sources": check_redirects_to_sources,
}


@pytest.mark.parametrize("name", list(PLUGINS))
def test_one_plugin_at_a_time(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = PLUGINS[name]
    out = build_in(make_site(tmp_path / "project", before, after), monkeypatch)
    check_common(out)
    CHECKS[name](out)


# All together, each listed once (redirects and RSS before factcheck, the rest after it), in two
# builds, because mkdocs-rss-plugin 1.19 and mkdocs-static-i18n 1.3.1 cannot share one build (with
# or without factcheck): i18n builds each further language by running every plugin's on_config
# again on the same config, and RSS's on_config turns its own `date_from_meta.default_time` from
# "00:00" into a datetime in place, so the second call warns "[RSS-plugin]: Config error:
# `date_from_meta.default_time` value '1900-01-01 00:00:00' format doesn't match the expected
# format %H:%M" (fatal under --strict); and both languages' builds would write the one
# feed_rss_*.xml at the site's root. So: every plugin but i18n, and every plugin but RSS.
PAIRS = ("rss", "redirects", "i18n+optimize", "redirects-to-sources")
TOGETHER = {
    "without i18n": [n for n in PLUGINS if n not in (*PAIRS, "i18n")],
    # a redirect to a claim would miss in the French edition, which has no English claim
    "without rss": [n for n in PLUGINS if n not in (*PAIRS, "rss-first", "redirects-first")] + ["redirects-to-sources"],
}

# mkdocs-static-i18n and Material's blog: the blog index lists no post in any language (so without
# factcheck too); their pairing is theirs, the blog's check is left out of that combination
NOT_CHECKED = {"without rss": {"blog"}}


@pytest.mark.parametrize("combination", list(TOGETHER))
def test_all_plugins_together(combination: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = TOGETHER[combination]
    before = "".join(PLUGINS[n][0] for n in names)
    after = "".join(PLUGINS[n][1] for n in names)
    out = build_in(make_site(tmp_path / "project", before, after), monkeypatch)
    check_common(out)
    for name in names:
        if name not in NOT_CHECKED.get(combination, ()):
            CHECKS[name](out)


# A MkDocs hook that makes MkDocs slow to remove a file from its list (as on a busy machine):
# Material's optimize plugin removes each image just after handing it to its thread pool, whose job
# renames the file (src_uri) when the image is already in its cache, so the removal fails unless
# the job waits for it. This made the all-together build fail about 1 run in 6; here, every time.
SLOW_REMOVE_HOOK = """\
import time
from mkdocs.structure.files import Files

_remove = Files.remove


def _slow_remove(self, file):
    time.sleep(0.05)
    _remove(self, file)


Files.remove = _slow_remove
"""


@pytest.mark.parametrize("i18n", [False, True], ids=["rebuilt", "second language"])
def test_optimize_with_its_cache_warm_builds_every_time(
    i18n: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With its cache warm (a second build, or mkdocs-static-i18n's next language in the same
    process), Material's optimize finishes an image's job at once: the build still succeeds."""
    site = make_site(tmp_path / "project", "", (_i18n() if i18n else "") + PLUGINS["optimize"][1])
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - slow_remove.py\n", encoding="utf-8")
    site.write("slow_remove.py", SLOW_REMOVE_HOOK)
    for _ in range(1 if i18n else 2):  # the first build fills the cache
        out = build_in(site, monkeypatch)
    check_common(out)
    check_optimize(out)
    assert (site.root / ".cache" / "plugin" / "optimize" / "manifest.json").is_file()
    if i18n:  # the French edition was built too, with the cache warm from the English one
        assert page(out, "fr/").html["lang"] == "fr"


def test_an_uncommitted_record_gets_no_revision_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git has no date for a record not yet committed: the page shows none, not the build's."""
    site = make_site(tmp_path / "project", "", "- git-revision-date-localized\n")
    site.write("claims/bridge-opening.yml", NEW_CLAIM_YML)
    out = build_in(site, monkeypatch)
    assert not page(out, "claims/bridge-opening/").select(".git-revision-date-localized-plugin-date")
    check_git_dates(out, dates=1)  # the committed ones keep theirs
    assert not (site.root / "claims" / "bridge-cost.md").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "claims", "seeds"],
        cwd=site.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == "?? claims/bridge-opening.yml\n"  # nothing wrote to the records


@pytest.mark.browser
def test_search_page_opened_from_files_says_search_needs_a_server(
    chromium, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's offline build is opened from files, where no browser runs Pagefind (a JavaScript
    module): the search page says so and points to the list of all fact checks, instead of hanging."""
    out = build_in(make_site(tmp_path / "project", "", PLUGINS["offline"][1]), monkeypatch)
    context = chromium.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto((out / "search" / "index.html").as_uri())
        note = tab.locator("#fc-pagefind [role=status]")
        note.wait_for(timeout=10_000)
        assert "opened from files" in note.inner_text()
        assert tab.locator("#fc-pagefind input").count() == 0
        note.locator("a").click()
        tab.wait_for_url("**/claims/index.html")
        assert "The bridge cost 12 million euros." in tab.locator(".md-content").inner_text()
    finally:
        context.close()
    assert not errors, errors
