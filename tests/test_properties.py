"""Property-based tests: arbitrary YAML and arbitrary text in every field never crash the generator.

Every input either builds or produces reported problems (never an uncaught exception), and no
markup from record text reaches the output unescaped. Most examples go through the core API
(reader, models, loader, renderer), which is fast; a few go through a full MkDocs build.
"""

from __future__ import annotations

import html
import string
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from factcheck.core.checks.loader import load_catalog
from factcheck.core.problems import Problem, Severity
from factcheck.core.records.yaml.read import read_yaml
from factcheck.core.settings import settings_from_mkdocs_yml
from factcheck.core.site.markdown import MarkdownRenderer
from factcheck.core.site.pages import plan_pages
from factcheck.core.site.render import Renderer

from conftest import SOURCE_TEXT, Site

# Markup that must never come out as markup. The canaries make a leak easy to spot in any page.
PAYLOADS = [
    "<xss-canary>",
    "<script data-canary>alert(1)</script>",
    '<img data-canary src=x onerror="alert(1)">',
    '"><svg data-canary onload=alert(1)>',
    "</title><xss-canary>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&lt;xss-canary&gt;",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "`<xss-canary>`",
    "    <xss-canary>",
    "<",
    ">",
    "&",
    '"',
    "'",
    "<iframe data-canary>",
    "<math><xss-canary>",
    "<style data-canary>",
    "**bold**",
    "[a](claim:nope)",
    "\u202e",
]
NICE = string.ascii_letters + string.digits + " .,;:!?-'\"<>&/\\=()[]{}*_`#~|%+é€“”—"
# Markup that passes validation in a Markdown field: shown as written, never as markup.
MARKDOWN_SAFE = [
    "`<xss-canary>`",
    "&lt;xss-canary&gt;",
    "**bold**",
    "[a](https://example.org/?q=1)",
    "1 < 2",
    "a > b",
    "&amp;",
    "``<script data-canary>``",
    "\n\n    <xss-canary>\n\n",
    "\n```\n<xss-canary>\n```\n",
]
PLAIN_URLS = ["https://example.org/a", "http://example.org/?q=<xss-canary>", 'https://example.org/"><xss-canary>']


def joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(
        st.one_of(st.sampled_from(pieces), st.text(alphabet=NICE, max_size=12)), min_size=1, max_size=5
    ).map(lambda parts: "x " + "".join(parts))


# Wild: anything at all, mostly reported as problems. Plain: hostile but valid, mostly rendered.
wild = st.one_of(st.sampled_from(PAYLOADS), joined(PAYLOADS), st.text(max_size=20))
plain = joined([p for p in PAYLOADS if p not in ("\u202e", "[a](claim:nope)")])
plain_markdown = joined(MARKDOWN_SAFE)
texts = wild
urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a",
            "http://example.org/?q=<xss-canary>",
            "javascript:alert(1)",
            "//evil.example/",
            "https://u:p@example.org/",
            "data:text/html,x",
            "mailto:a@b.c",
            'https://example.org/"><xss-canary>',
        ]
    ),
    texts,
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(markup: str, where: str = "", *, theme: bool = False) -> None:
    """No canary element or attribute, no event handler, no script URL; outside a theme's page
    (``theme=False``: our fragments, search entries) no active element at all."""
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    active = {"xss-canary"} if theme else {"xss-canary", "script", "iframe", "svg", "math", "style", "img"}
    for tag, attrs in parser.tags:
        names = {name for name, _value in attrs}
        assert tag not in active, (where, tag, attrs)
        assert "data-canary" not in names, (where, tag, attrs)
        assert not any(name.startswith("on") for name in names), (where, tag, attrs)
        for name, value in attrs:
            if name in ("href", "src") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, tag, attrs)


def assert_reported(problems: list[Problem]) -> None:
    assert any(p.severity is Severity.ERROR for p in problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
        problem.format().encode("utf-8")  # printable, whatever the record held
        problem.github_annotation().encode("utf-8")


# -- the YAML reader --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_reported(raw: bytes) -> None:
    document, problems = read_yaml(raw, "claims/x.yml")
    assert (document is None) == bool(problems)
    for problem in problems:
        assert problem.path == "claims/x.yml" and problem.line >= 1 and problem.column >= 1


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=15), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(yaml_values, st.sampled_from(["block", "flow"]))
def test_any_yaml_document_is_read_as_plain_text_data(value: object, style: str) -> None:
    raw = yaml.safe_dump(value, allow_unicode=True, default_flow_style=(style == "flow")).encode("utf-8")
    document, problems = read_yaml(raw, "claims/x.yml")
    if document is None:
        assert problems
        return

    def plain(node: object) -> None:  # only mappings, lists, strings and None: YAML 1.1 typing is gone
        if isinstance(node, dict):
            for key, item in node.items():
                assert isinstance(key, str)
                plain(item)
        elif isinstance(node, list):
            for item in node:
                plain(item)
        else:
            assert node is None or isinstance(node, str), node

    plain(document.data)


# -- records through loader and renderer ------------------------------------------------------


def record_strategy(
    text: st.SearchStrategy[str],
    markdown: st.SearchStrategy[str],
    url: st.SearchStrategy[str],
    claimant_id: st.SearchStrategy[str | None],
) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            "claim": text,
            "name": text,
            "role": text,
            "quote": text,
            "summary": markdown,
            "analysis": markdown,
            "note": markdown,
            "title": text,
            "url": url,
            "topics": st.lists(text, max_size=3),
            "author": text,
            "source_title": text,
            "publisher": text,
            "same_as": url,
            "claimant_id": claimant_id,
        }
    )


plain_records = record_strategy(plain, plain_markdown, st.sampled_from(PLAIN_URLS), st.sampled_from([None, "some-one"]))
records = st.one_of(record_strategy(wild, wild, urls, st.one_of(st.none(), wild)), plain_records)


def write_records(root: Path, r: dict) -> Site:
    site = Site(root)
    claimant = {"name": r["name"], "role": r["role"], "same_as": [r["same_as"]]}
    if r["claimant_id"] is not None:
        claimant["id"] = r["claimant_id"]
    claim = {
        "id": "prop",
        "claim": r["claim"],
        "claimant": claimant,
        "appearances": [{"source": "src", "quote": "QUOTE " + r["quote"]}],
        "verdict": "false",
        "summary": r["summary"],
        "analysis": r["analysis"],
        "evidence": [
            {"source": "src", "quote": "it cost 12 million euros", "stance": "contradicts", "note": r["note"]},
            {"url": r["url"], "title": r["title"], "stance": "context"},
        ],
        "topics": r["topics"],
        "author": r["author"],
        "published": "2024-03-10",
    }
    source = {
        "id": "src",
        "text": "src.txt",
        "title": r["source_title"],
        "publisher": r["publisher"],
        "url": "https://example.org/src",
        "published": "2024-03",
    }
    site.write("claims/prop.yml", yaml.safe_dump(claim, allow_unicode=True, sort_keys=False))
    site.write("seeds/src.yml", yaml.safe_dump(source, allow_unicode=True, sort_keys=False))
    site.write("seeds/src.txt", SOURCE_TEXT + "\n\nQUOTE " + r["quote"] + "\n")
    return site


def link(path: str, anchor: str = "") -> str:
    return "/" + path.removesuffix(".md") + "/" + (f"#{anchor}" if anchor else "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_any_record_is_rendered_inert_or_reported(r: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = write_records(Path(tmp) / "p", r)
        settings_ = settings_from_mkdocs_yml(site.root / "mkdocs.yml")
        catalog, problems = load_catalog(settings_)
        event("reported" if catalog is None else "rendered")
        if catalog is None:
            assert_reported(problems)
            return
        renderer = Renderer(catalog, settings_)
        for plan in plan_pages(catalog):
            assert_inert(renderer.render(plan, link).html, plan.path)
            assert "<" not in html.escape(plan.title) + html.escape(plan.description)
        assert_inert(renderer.render_latest(link), "latest")


@settings(max_examples=300, deadline=None)
@given(st.one_of(wild, joined(PAYLOADS + MARKDOWN_SAFE + ["\n", "\n\n", "<b>", "</p>", "[", "](", ")", "<http://x>"])))
def test_the_markdown_renderer_alone_never_lets_markup_through(text: str) -> None:
    """The second line of defence: even Markdown that validation would refuse renders inert."""
    rendered = RENDERER.render(text, lambda scheme, ref: f"/{scheme}s/{ref}/")
    assert_inert(rendered, text)


RENDERER = MarkdownRenderer()


def test_the_property_strategy_builds_sometimes() -> None:
    """Guard against a strategy that only ever produces errors (and so proves nothing about rendering)."""
    example = {
        "claim": "<xss-canary> a",
        "name": '"><svg data-canary onload=alert(1)>',
        "role": "r",
        "quote": "<!-- q",
        "summary": "`<xss-canary>`",
        "analysis": "&lt;xss-canary&gt;",
        "note": "<",
        "title": "</title><xss-canary>",
        "url": 'https://example.org/"><xss-canary>',
        "topics": ["<xss-canary>"],
        "author": "a",
        "source_title": "t",
        "publisher": "p",
        "same_as": "http://example.org/?q=<xss-canary>",
        "claimant_id": None,
    }
    with tempfile.TemporaryDirectory() as tmp:
        site = write_records(Path(tmp) / "p", example)
        catalog, problems = load_catalog(settings_from_mkdocs_yml(site.root / "mkdocs.yml"))
        assert catalog is not None, [p.format() for p in problems]


# -- a few full builds ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_records)
def test_any_record_builds_inert_or_is_reported(r: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = write_records(Path(tmp) / "p", r)
        try:
            site_dir = site.build(strict=False)
        except (PluginError, Abort):
            event("reported")
            assert not (site.root / "site").exists()
            return
        event("built")
        for path in site_dir.rglob("*.html"):
            assert_inert(path.read_text(encoding="utf-8"), str(path), theme=True)
        # Pagefind (the default) indexes these pages; Material's index is not written (its escaping
        # is held by test_hostile_markup's `search: material` site)
        assert not (site_dir / "search" / "search_index.json").exists()


# -- the nesting guard ------------------------------------------------------------------------


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


nested = st.recursive(
    st.text(alphabet="ab", max_size=2),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=2), st.dictionaries(st.sampled_from("kx"), inner, min_size=1, max_size=2)
    ),
    max_leaves=60,
)


@settings(max_examples=200, deadline=None)
@given(nested, st.integers(min_value=0, max_value=40), st.booleans(), st.sampled_from([2, 4]))
def test_the_nesting_guard_never_lets_a_deep_document_through(
    value: object, wrap: int, flow: bool, indent: int
) -> None:
    """Every reader counts the depth itself: a deep document is refused, any other is read, in any YAML style."""
    from factcheck.core.records.yaml.guard import MAX_DEPTH

    for level in range(wrap):
        value = [value] if level % 2 else {"k": value}
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent)
    document, problems = read_yaml(text.encode(), "claims/x.yml")
    if _depth(value) > MAX_DEPTH:
        assert document is None and [p.message for p in problems] == [
            f"YAML nested too deeply (records nest at most {MAX_DEPTH} levels)"
        ], text
    else:
        assert problems == [] and document is not None and document.data == value, text
