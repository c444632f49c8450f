"""Markdown fields: the plain-text fast path renders exactly what Python-Markdown would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.site.markdown import _MARKDOWN_SYNTAX, MarkdownRenderer

RENDERER = MarkdownRenderer()
TEXT = st.text(alphabet=st.sampled_from(list("abc XYZ123.,;:'\"?()-+%/\n\t—“”éü*_[]<>&#=!|~`>")), max_size=120)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_fast_path_matches_python_markdown(text: str) -> None:
    text = text.strip()  # records are stripped when loaded
    if _MARKDOWN_SYNTAX.search(text):
        return
    assert RENDERER.render(text, lambda scheme, ref: None) == RENDERER._render_markdown(text, lambda s, r: None)


def test_markdown_still_renders_markdown() -> None:
    html = RENDERER.render("Some *emphasis* and a [link](https://example.org).", lambda s, r: None)
    assert "<em>emphasis</em>" in html and 'href="https://example.org"' in html


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_plain_text_fast_path_matches_the_rendered_text(text: str) -> None:
    from factcheck.core.site.plaintext import PlainText, html_to_text

    text = text.strip()
    if not text or _MARKDOWN_SYNTAX.search(text):
        return
    assert PlainText()(text) == html_to_text(RENDERER._render_markdown(text, lambda s, r: None))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aZ09+.-:/ \t\x01#é", max_size=12))
def test_link_schemes_are_read_as_urlsplit_reads_them(target: str) -> None:
    from urllib.parse import urlsplit

    from factcheck.core.checks.markdown import _scheme

    assert _scheme(target) == urlsplit(target).scheme.lower()
