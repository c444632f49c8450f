"""Hostile and broken input: no record in a pull request can break, hijack or silently corrupt the site.

* a corpus of hostile or broken records (tests/hostile/) and the exact problem each must produce
  (tests/hostile/expected.txt), plus byte-level cases that cannot live in a text file;
* hostile but valid records, built into a real site: their text reaches every page, the search
  index and the sitemap as inert text, proven in Debian's Chromium too (no dialog, no canary);
* ids, paths and URLs: symbolic links out of the record folders, two pages with one URL;
* all or nothing: a build that fails after MkDocs would have cleaned ``site/`` leaves the previous
  site as it was; two builds of the same records are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort, PluginError

from conftest import CLAIM_YML, SOURCE_TEXT, Site, page
from factcheck.core.checks.loader import load_catalog
from factcheck.core.checks.quotes import ArchivedText
from factcheck.core.settings import settings_from_mkdocs_yml

CORPUS = Path(__file__).parent / "hostile"


def problems_of(site: Site) -> list[str]:
    """First lines of every problem, as `factcheck validate` prints them."""
    _catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    return [p.format().split("\n")[0] for p in problems]


def expected_problems() -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for line in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expected.setdefault(line.split(":", 1)[0], []).append(line)
    return expected


CORPUS_FILES = sorted(f"{kind}/{p.name}" for kind in ("claims", "seeds") for p in (CORPUS / kind).glob("*.yml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS_FILES) + len(BYTE_CASES) >= 30
    assert set(expected_problems()) <= set(CORPUS_FILES)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_each_hostile_record_gets_exactly_its_problem(site: Site, name: str) -> None:
    site.with_example().write(name, (CORPUS / name).read_bytes())
    assert problems_of(site) == expected_problems().get(name, [])


def test_the_whole_corpus_at_once_through_the_cli(site: Site) -> None:
    site.with_example()
    for name in CORPUS_FILES:
        site.write(name, (CORPUS / name).read_bytes())
    result = subprocess.run([sys.executable, "-m", "factcheck.cli", "validate"], cwd=site.root,
                            capture_output=True, text=True, env={**os.environ, "GITHUB_ACTIONS": "false"})
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if ": error: " in line or ": warning: " in line]
    expected = [line for lines in expected_problems().values() for line in lines]
    assert sorted(reported) == sorted(expected)
    assert re.search(r"^hint: ", result.stdout.replace("\n    hint: ", "\nhint: "), re.MULTILINE)


# (name, bytes of claims/<name>.yml, the exact problem)
BYTE_CASES = [
    ("latin-1", CLAIM_YML.replace("id: bridge-cost", "id: latin-1").replace("Jane Mayor", "Jos\xe9 Mayor").encode("latin-1"),
     "claims/latin-1.yml:4:12: error: file is not valid UTF-8"),
    ("utf-16", CLAIM_YML.encode("utf-16"), "claims/utf-16.yml:1:1: error: file is not valid UTF-8"),
    ("empty", b"", "claims/empty.yml:1:1: error: file is empty"),
    ("only-comments", b"# id: only-comments\n\n# nothing else\n", "claims/only-comments.yml:1:1: error: file is empty"),
    ("only-bom", b"\xef\xbb\xbf", "claims/only-bom.yml:1:1: error: file is empty"),
    ("only-null", b"~\n", "claims/only-null.yml:1:1: error: a record must be a mapping of fields, found a single value"),
    ("oversized", b"id: oversized\nanalysis: |\n" + b"  padding padding padding padding\n" * 9000,
     "claims/oversized.yml:1:1: error: file is 306,026 bytes; records are limited to 262,144"),
    ("nul-byte", CLAIM_YML.replace("id: bridge-cost", "id: nul-byte").encode().replace(b"Test Author", b"Test\x00Author"),
     "claims/nul-byte.yml:18:13: error: file contains a control character (U+0000)"),
    ("bracket-bomb", b"id: bracket-bomb\ntopics: " + b"[" * 100_000,
     "claims/bracket-bomb.yml:2:40: error: YAML nested too deeply (records nest at most 32 levels)"),
    ("brace-bomb", b"id: brace-bomb\ntopics: " + b"{a: " * 50_000,  # libyaml's own composer would crash
     "claims/brace-bomb.yml:2:133: error: YAML nested too deeply (records nest at most 32 levels)"),
    ("dash-bomb", b"id: dash-bomb\ntopics:\n" + b"- " * 100_000 + b"x",
     "claims/dash-bomb.yml:3:63: error: YAML nested too deeply (records nest at most 32 levels)"),
]


@pytest.mark.parametrize("name,raw,expected", BYTE_CASES, ids=[c[0] for c in BYTE_CASES])
def test_broken_bytes_are_reported_not_raised(site: Site, name: str, raw: bytes, expected: str) -> None:
    site.with_example().write(f"claims/{name}.yml", raw)
    problems = problems_of(site)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_yaml_1_1_surprises_are_read_as_the_text_written(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace(
        "topics: [Infrastructure]", "topics: [no, on, yes, 1_000, '1:20', 1:20:30, 2022-03-03, 0o17, .inf, ~x]"))
    catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
    assert problems == []
    assert [t.name for t in catalog.topics.values()] == sorted(
        ["no", "on", "yes", "1_000", "1:20", "1:20:30", "2022-03-03", "0o17", ".inf", "~x"], key=str.casefold)


# -- ids, paths, URLs ---------------------------------------------------------------------------

def test_a_record_symlinked_out_of_claims_is_not_read(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("token: hunter2-very-secret\n", encoding="utf-8")
    site.with_example()
    (site.root / "claims" / "leak.yml").symlink_to(secret)
    (site.root / "seeds" / "leak2.yml").symlink_to(secret)
    problems = problems_of(site)
    assert problems == ["claims/leak.yml:1:1: error: record is not a file inside claims/",
                        "seeds/leak2.yml:1:1: error: record is not a file inside seeds/"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_among_the_records_is_refused_without_waiting_for_it(site: Site) -> None:
    site.with_example()
    os.mkfifo(site.root / "claims" / "pipe.yml")  # opening it for reading would wait for a writer
    assert problems_of(site) == ["claims/pipe.yml:1:1: error: record is not a file inside claims/"]


def test_a_record_linked_to_another_file_inside_claims_is_read_through_the_link(site: Site) -> None:
    site.with_example()
    (site.root / "claims" / "drafts").mkdir()
    (site.root / "claims" / "bridge-cost.yml").rename(site.root / "claims" / "drafts" / "original.yml")
    (site.root / "claims" / "bridge-cost.yml").symlink_to(site.root / "claims" / "drafts" / "original.yml")
    # the linked file is a record of its own under its own name, and the link is read as bridge-cost
    assert problems_of(site) == [
        "claims/drafts/original.yml:1:5: error: id 'bridge-cost' does not match the file name 'original.yml'"]


def test_an_archived_text_symlinked_out_of_seeds_is_not_read(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SOURCE_TEXT, encoding="utf-8")
    site.with_example()
    (site.root / "seeds" / "bridge.txt").unlink()
    (site.root / "seeds" / "bridge.txt").symlink_to(secret)
    assert "seeds/example-times-bridge.yml:2:7: error: the archived text must be a file inside the seeds folder" \
        in problems_of(site)


def test_two_claimants_with_one_page_are_an_error(site: Site) -> None:
    site.with_example().write("claims/second.yml", CLAIM_YML.replace("id: bridge-cost", "id: second")
                              .replace("name: Jane Mayor", "name: Jane-Mayor"))
    assert any("claims/second.yml:4:9: error: claimant 'Jane-Mayor' has the same page as 'Jane Mayor'" in p
               for p in problems_of(site))


def test_two_topics_with_one_page_are_an_error(site: Site) -> None:
    site.with_example().write("claims/second.yml", CLAIM_YML.replace("id: bridge-cost", "id: second")
                              .replace("topics: [Infrastructure]", "topics: [C++]"))
    site.write("claims/third.yml", CLAIM_YML.replace("id: bridge-cost", "id: third").replace("[Infrastructure]", "[C]"))
    assert "claims/third.yml:17:10: error: topic 'C' is written 'C++' elsewhere" in problems_of(site)


@pytest.mark.parametrize("hand_written", ["claims/bridge-cost/index.md", "topics/README.md", "claims/bridge-cost.md"])
def test_a_hand_written_page_with_a_generated_url_is_an_error(site: Site, hand_written: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    site.with_example().write(f"site_src/{hand_written}", "# Mine\n")
    with pytest.raises((PluginError, Abort)):
        site.build()
    assert f"factcheck: site_src/{hand_written} would be replaced by a generated page" in caplog.text
    assert not (site.root / "site").exists()


def test_a_topic_named_like_a_reserved_page_gets_its_own_url(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace("[Infrastructure]", "[Index, Search]"))
    site_dir = site.build()
    assert page(site_dir, "topics/index-page/").select_one("h1").get_text() == "Index"
    assert page(site_dir, "topics/search-page/").select_one("h1").get_text() == "Search"
    assert page(site_dir, "topics/").select_one("h1").get_text() == "Topics"


def test_quotes_match_whatever_the_unicode_normal_form() -> None:
    composed, decomposed = "Caf\u00e9 “owner” said", "Cafe\u0301 \"owner\" said"
    assert unicodedata.normalize("NFC", "Cafe\u0301") == "Caf\u00e9" != "Cafe\u0301"
    assert len(ArchivedText(f"The {decomposed} no.").find(composed)) == 1
    assert len(ArchivedText(f"The {composed} no.").find(decomposed)) == 1


def test_a_decomposed_archive_matches_a_composed_quote_in_a_build(site: Site) -> None:
    site.with_example().write("seeds/bridge.txt", unicodedata.normalize("NFD", SOURCE_TEXT.replace("mayor", "maire élu")))
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("quote: it cost 12 million euros",
                                                           "quote: The maire élu said on Monday"))
    assert problems_of(site) == []
    site_dir = site.build()
    mark = page(site_dir, "sources/example-times-bridge/").select_one(".fc-archive mark.fc-quote")
    assert unicodedata.normalize("NFC", mark.get_text()) == "The maire élu said on Monday"


# -- hostile but valid: inert everywhere it appears ---------------------------------------------

PAYLOAD = '<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">'
RAW_FORMS = ("<script>window.__xss", "<img src=x", "<svg onload", "<iframe", '"><b>', "<b>bold")
SHORT_TITLE = 'The bridge cost 12 million euros <script>window.__xss=1;alert(1)</script><img src=x…'
HOSTILE_SOURCE_TEXT = SOURCE_TEXT + "\n<script>window.__xss=3</script> <svg onload=alert(3)> and more text.\n"


def neutral_records(site: Site) -> None:
    """Valid records whose every text field carries markup that must reach readers as text."""
    site.with_example()
    site.write("seeds/bridge.txt", HOSTILE_SOURCE_TEXT)
    site.write("seeds/example-times-bridge.yml", f"""\
id: example-times-bridge
text: bridge.txt
title: 'Bridge </title><script>window.__xss=4</script> {PAYLOAD}'
publisher: 'The Example Times "><b>bold</b>'
publisher_description: '<iframe src=https://evil.example/>'
url: 'https://example.org/bridge?q="><script>window.__xss=5</script>'
published: 2024-03-04
published_note: '{PAYLOAD}'
""")
    site.write("claims/bridge-cost.yml", f"""\
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
""")


@pytest.fixture(scope="module")
def neutral_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("neutral") / "project")
    neutral_records(site)
    return site.build(strict=True)


def text_files(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("*")) if p.suffix in (".html", ".json", ".xml", ".txt")]


def test_a_hostile_headline_is_shown_as_text_everywhere(site: Site) -> None:
    headline = '"><script>window.__xss=12</script> Did it </title> cost & more?'
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace(
        "claimant:", f"headline: '{headline}'\nclaimant:", 1))
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
    too_long = site.write("claims/bridge-cost.yml", CLAIM_YML.replace("claimant:", f"headline: {'x' * 121}\nclaimant:", 1))
    result = subprocess.run([sys.executable, "-m", "factcheck.cli", "validate", "--no-cache"], cwd=site.root,
                            capture_output=True, text=True)
    assert f"{too_long.relative_to(site.root)}:3:11: error: `headline`: String should have at most 120 characters" \
        in result.stdout, result.stdout


def test_hostile_text_is_shown_as_text(neutral_site: Path) -> None:
    html = page(neutral_site, "claims/bridge-cost/")
    assert html.select_one("h1").get_text() == f"The bridge cost 12 million euros {PAYLOAD}"  # no headline: the claim
    assert html.select_one(".fc-claimbox__claim") is None  # shown once, as the title
    assert html.select_one("title").get_text() == f"{SHORT_TITLE} - Test checks"
    assert html.select(".md-header__topic .md-ellipsis")[-1].get_text().strip() == SHORT_TITLE
    assert html.select_one('meta[name="description"]')["content"].startswith("Half true: Overruns &lt;script&gt;")
    assert PAYLOAD in html.select_one(".fc-claimbox").get_text()
    assert html.select_one(".fc-byline").get_text().strip().startswith(f"Fact check by {PAYLOAD}, reviewed by \"><svg")
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


def test_the_search_index_holds_only_inert_html(neutral_site: Path) -> None:
    """Material inserts search titles and texts with innerHTML: they must be escaped HTML."""
    index = json.loads((neutral_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    seen = ""
    for doc in index["docs"]:
        for field in ("title", "text"):
            fragment = BeautifulSoup(doc.get(field) or "", "html.parser")
            for tag in fragment.find_all(True):
                assert tag.name in {"p", "ul", "ol", "li", "code", "pre", "a", "em", "strong", "blockquote",
                                    "dl", "dt", "dd", "mark", "sup", "table", "tr", "td", "th", "tbody", "thead",
                                    "q", "time", "span", "b", "i", "del", "br", "hr"}, (doc["location"], tag)
                assert not any(name.startswith("on") for name in tag.attrs), (doc["location"], tag)
            seen += fragment.get_text()
    assert "<script>window.__xss=1;alert(1)</script>" in seen


def test_nothing_is_written_into_the_record_folders(tmp_path: Path) -> None:
    site = Site(tmp_path / "project")
    neutral_records(site)

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {str(p.relative_to(site.root)): (p.read_bytes(), p.stat().st_mtime_ns)
                for folder in ("claims", "seeds", "site_src") for p in (site.root / folder).rglob("*")
                if p.is_file()}

    before = snapshot()
    site.build()
    subprocess.run([sys.executable, "-m", "factcheck.cli", "validate"], cwd=site.root, capture_output=True, check=True)
    assert snapshot() == before


# -- the real browser ---------------------------------------------------------------------------

@pytest.fixture
def browser(chromium):
    """Debian's Chromium through Playwright: the session's one browser (tests/browser_support.py),
    which fails under CI and skips elsewhere, with the reason, when it cannot start."""
    return chromium


@pytest.fixture
def served(neutral_site: Path):
    """The built site over HTTP on 127.0.0.1, at the path its site_url names (/repo/)."""
    root = neutral_site.parent / "served"
    if not root.exists():
        root.mkdir()
        (root / "repo").symlink_to(neutral_site)
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
    pages = ["", "claims/", "claims/bridge-cost/", "sources/example-times-bridge/", "sources/",
             "claimants/", "topics/", "verdicts/half-true/"]
    pages += [f"{kind}/{p.name}/" for kind in ("claimants", "topics") for p in (neutral_site / kind).iterdir()
              if p.is_dir()]
    for path in pages:
        tab.goto(served + path, wait_until="load")
        assert tab.evaluate("window.__xss") is None, path
    tab.goto(served + "claims/bridge-cost/", wait_until="load")
    assert tab.title() == f"{SHORT_TITLE} - Test checks"
    assert tab.inner_text("h1") == f"The bridge cost 12 million euros {PAYLOAD}"
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


# -- all or nothing -----------------------------------------------------------------------------

def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Site) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(".site."))


def test_a_failure_while_rendering_leaves_the_previous_site(site: Site) -> None:
    site_dir = site.with_example().build()
    (site_dir / ".nojekyll").write_text("", encoding="utf-8")
    before = tree(site_dir)
    site.write("overrides/factcheck/claim.html", "{{ no_such_variable }}")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                                          encoding="utf-8")
    with pytest.raises(Exception, match="no_such_variable"):
        site.build()
    assert tree(site_dir) == before
    assert leftovers(site) == []


def test_strict_warnings_counted_at_the_end_leave_the_previous_site(site: Site) -> None:
    site_dir = site.with_example().build()
    before = tree(site_dir)
    site.write("site_src/about.md", "# About\n\n[broken](missing.md)\n")
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("Jane Mayor", "Jane Maire"))
    with pytest.raises(Abort, match="strict mode"):
        site.build(strict=True)
    assert tree(site_dir) == before
    assert leftovers(site) == []
    site.build(strict=False)  # without --strict the same warning does not stop the build
    assert "Jane Maire" in (site_dir / "claims" / "bridge-cost" / "index.html").read_text(encoding="utf-8")


def test_a_failed_first_build_leaves_no_site(site: Site) -> None:
    site.with_example().write("site_src/about.md", "# About\n\n[broken](missing.md)\n")
    with pytest.raises(Abort):
        site.build(strict=True)
    assert not (site.root / "site").exists()
    assert leftovers(site) == []


def test_a_good_build_replaces_the_site_and_keeps_hidden_files(site: Site) -> None:
    site_dir = site.with_example().build()
    (site_dir / ".git").mkdir()
    (site_dir / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site_dir / "stale.html").write_text("old", encoding="utf-8")
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("Jane Mayor", "Jane Maire"))
    site.build()
    assert (site_dir / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site_dir / "stale.html").exists()
    assert "Jane Maire" in (site_dir / "claims" / "bridge-cost" / "index.html").read_text(encoding="utf-8")
    assert leftovers(site) == []


def test_mkdocs_serve_still_serves_the_site(site: Site) -> None:
    site.with_example()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        body = ""
        for _attempt in range(120):  # the first build takes a few seconds; bounded in count
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/repo/claims/bridge-cost/", timeout=5) as reply:
                    body = reply.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert "The bridge cost 12 million euros." in body, server.stdout.read() if server.poll() is not None else ""
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (site.root / "site").exists()
    assert leftovers(site) == []


# -- deterministic output -----------------------------------------------------------------------

def test_two_builds_are_byte_identical_and_dated_by_the_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    builds = []
    for name in ("first", "second-in-another-folder"):
        site = Site(tmp_path / name / "project")
        neutral_records(site)
        # Pagefind's own filter and metadata index files are not byte-stable between runs
        # (upstream: Pagefind/pagefind#638); everything we and MkDocs write must be
        builds.append({name: data for name, data in tree(site.build()).items() if not name.startswith("pagefind/")})
    assert builds[0].keys() == builds[1].keys()
    assert [name for name in builds[0] if builds[0][name] != builds[1][name]] == []
    sitemap = builds[0]["sitemap.xml"].decode("utf-8")
    dates = dict(re.findall(r"<loc>https://example\.github\.io/repo/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates["claims/bridge-cost/"] == "2024-03-10"
    assert set(dates.values()) == {"2024-03-10"}, "no page may carry the build date"
    gz = builds[0]["sitemap.xml.gz"]
    midnight = int(dt.datetime(2024, 3, 10, tzinfo=dt.timezone.utc).timestamp())
    assert int.from_bytes(gz[4:8], "little") == midnight
    assert gzip.decompress(gz).decode("utf-8") == sitemap
    assert hashlib.sha256(builds[0]["search/search_index.json"]).digest() == \
        hashlib.sha256(builds[1]["search/search_index.json"]).digest()
