"""What `validate` says of a Markdown field is what the page shows: the checker reads links,
images and code as the renderer's parser does (nested link definitions, e-mail autolinks, images
quoted as code), and reports at the field's line:column, in `validate` and in the build alike."""

from __future__ import annotations

import subprocess

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import CLAIM_YML, Site, page, run_cli

ANALYSIS = "analysis: |\n  Critics put the figure higher. See [the source](source:example-times-bridge).\n"
LINK_HINT = "links are https://…, mailto:…, or claim:ID / source:ID / verdict:ID"


def with_analysis(site: Site, body: str) -> Site:
    """The example site, with the claim's analysis (line 11 of the file) replaced by ``body``."""
    block = "analysis: |\n" + "".join(f"  {line}\n" if line else "\n" for line in body.split("\n"))
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace(ANALYSIS, block))
    return site


def validate(site: Site) -> subprocess.CompletedProcess[str]:
    return run_cli(site, "validate")


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


NESTED_UNSAFE = [
    ("blockquote", "See [the report][r].\n\n> [r]: javascript:alert(1)", "javascript:alert(1)", "javascript"),
    ("list-item", "See [the report][r].\n\n- a point\n\n    [r]: vbscript:msgbox(1)", "vbscript:msgbox(1)", "vbscript"),
    ("lazy-continuation", "> a quote\n[r]: data:text/html,x\n\nSee [it][r].", "data:text/html,x", "data"),
    ("deep", "> > - a\n>   > [r]: JavaScript:alert(1)\n\nSee [it][r].", "JavaScript:alert(1)", "javascript"),
    ("unused", "- a point\n\n    [r]: javascript:alert(1)", "javascript:alert(1)", "javascript"),
]


@pytest.mark.parametrize("name,body,target,scheme", NESTED_UNSAFE, ids=[c[0] for c in NESTED_UNSAFE])
def test_unsafe_link_definitions_are_reported_at_any_depth(
    site: Site, name: str, body: str, target: str, scheme: str
) -> None:
    result = validate(with_analysis(site, body))
    assert result.returncode == 1
    assert problem_lines(result.stdout) == [
        f"claims/bridge-cost.yml:11:11: error: `analysis`: link {target!r}: URL scheme {scheme}: is not allowed; "
        "use http, https or mailto"
    ]
    assert f"hint: {LINK_HINT}" in result.stdout


def test_the_build_refuses_a_nested_unsafe_definition_at_the_same_place(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    with_analysis(site, "See [the report][r].\n\n> [r]: javascript:alert(1)")
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    assert (
        "claims/bridge-cost.yml:11:11: error: `analysis`: link 'javascript:alert(1)': URL scheme javascript: "
        "is not allowed"
    ) in str(raised.value) + caplog.text
    assert not (site.root / "site" / "claims").exists()


def test_an_email_autolink_is_published_as_a_mail_link(site: Site) -> None:
    with_analysis(site, "Write to <desk@example.org> or <mailto:tips@example.org>.")
    assert validate(site).returncode == 0
    analysis = page(site.build(), "claims/bridge-cost/")
    links = {a.get_text(): a.get("href") for a in analysis.select("a[href^='mailto:']")}
    assert links == {"desk@example.org": "mailto:desk@example.org", "tips@example.org": "mailto:tips@example.org"}


BROKEN_LINKS = [
    (
        "space-in-autolink",
        "See <https://example.org/a b>.",
        "`analysis`: link 'https://example.org/a b': URLs cannot contain spaces",
    ),
    (
        "ftp-autolink",
        "See <ftp://example.org/file>.",
        "`analysis`: link 'ftp://example.org/file': URL scheme ftp: is not allowed; use http, https or mailto",
    ),
    ("empty-target", "See [the report]().", "`analysis`: link has no target"),
    (
        "space-in-target",
        "See [it](https://example.org/a b).",
        "`analysis`: link 'https://example.org/a b': URLs cannot contain spaces",
    ),
    (
        "not-an-address",
        'Write to <"x"@example.org>.',
        "`analysis`: link 'mailto:\"x\"@example.org': mailto: needs one address, name@example.org",
    ),
    (
        "internal-in-brackets",
        "See <claim:bridge-cost>.",
        "`analysis`: <claim:bridge-cost> is shown as written, not as a link",
    ),
]


@pytest.mark.parametrize("name,body,message", BROKEN_LINKS, ids=[c[0] for c in BROKEN_LINKS])
def test_links_that_would_publish_without_a_target_are_errors(site: Site, name: str, body: str, message: str) -> None:
    result = validate(with_analysis(site, body))
    assert problem_lines(result.stdout) == [f"claims/bridge-cost.yml:11:11: error: {message}"]


def test_the_renderer_drops_what_validate_refuses(site: Site) -> None:
    """Built without the plugin's checks in the way: what the renderer makes of each refused link."""
    from factcheck.core.site.markdown import MarkdownRenderer

    renderer = MarkdownRenderer()
    for _name, body, _message in BROKEN_LINKS[:4]:
        html = renderer.render(body, lambda scheme, ref: None)
        assert "href" not in html, html


CODE = [
    ("inline-code", "Quoted as `![chart](https://example.org/c.png)` in the post."),
    ("code-block", "The post's source:\n\n    ![chart](https://example.org/c.png)\n    <script>alert(1)</script>"),
    ("fence-as-code", "```\n![chart](https://example.org/c.png) [x](javascript:alert(1))\n```"),
    ("double-backticks", "``a ` ![chart](https://example.org/c.png)``"),
]


@pytest.mark.parametrize("name,body", CODE, ids=[c[0] for c in CODE])
def test_markup_inside_code_is_shown_as_written(site: Site, name: str, body: str) -> None:
    result = validate(with_analysis(site, body))
    assert result.returncode == 0, result.stdout
    html = page(site.build(), "claims/bridge-cost/")
    code = " ".join(c.get_text() for c in html.select("article code"))
    assert "![chart](https://example.org/c.png)" in code
    assert not html.select("article img[src*='example.org']")


REAL_IMAGES = [
    ("inline", "A chart: ![chart](https://example.org/c.png)"),
    ("reference", "A chart: ![chart][c]\n\n[c]: https://example.org/c.png"),
    ("in-a-quote", "> ![chart](https://example.org/c.png)"),
    ("beside-code", "`code` and ![chart](https://example.org/c.png)"),
]


@pytest.mark.parametrize("name,body", REAL_IMAGES, ids=[c[0] for c in REAL_IMAGES])
def test_real_images_are_still_refused(site: Site, name: str, body: str) -> None:
    result = validate(with_analysis(site, body))
    assert problem_lines(result.stdout) == [
        "claims/bridge-cost.yml:11:11: error: `analysis`: images are not allowed in Markdown fields"
    ]
