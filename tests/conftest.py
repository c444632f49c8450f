"""Shared helpers: build real sites with MkDocs into temporary folders and read what readers get."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# `factcheck validate` remembers what it checked in the user's cache folder; tests keep their own.
CACHE_DIR = os.environ["FACTCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="factcheck-test-cache-")
atexit.register(shutil.rmtree, CACHE_DIR, True)
pytest_plugins = ["browser_support"]  # browser fixtures: chromium, served_site, tab

VERDICTS = yaml.safe_load("""
- {id: "true", label: "True", definition: Accurate., colour: "#1a7f37", rating: 5}
- {id: half-true, label: Half true, definition: Partly accurate., colour: "#b08800", rating: 3}
- {id: "false", label: "False", definition: Not accurate., colour: "#c62828", rating: 1}
- {id: unproven, label: Unproven, definition: Cannot be established., colour: "#546e7a"}
""")

SOURCE_TEXT = """The Example Times

The mayor said on Monday that the bridge “will open in May” and that it cost 12 million euros.

Critics said the bridge’s real cost was 15 million euros — a figure the council disputes.
"""

SOURCE_YML = """\
id: example-times-bridge
text: bridge.txt
title: Bridge to open in May, mayor says
publisher: The Example Times
url: https://example.org/bridge
published: 2024-03-04
"""

CLAIM_YML = """\
id: bridge-cost
claim: The bridge cost 12 million euros.
claimant:
  name: Jane Mayor
  role: Mayor of Example
appearances:
  - source: example-times-bridge
    quote: it cost 12 million euros
verdict: half-true
summary: The council's figure leaves out the overruns.
analysis: |
  Critics put the figure higher. See [the source](source:example-times-bridge).
evidence:
  - source: example-times-bridge
    quote: "Critics said the bridge's real cost was 15 million euros - a figure"
    stance: contradicts
topics: [Infrastructure]
author: Test Author
published: 2024-03-10
"""


class Site:
    """A throwaway fact-check project: mkdocs.yml, site_src/, claims/, seeds/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "site_src").mkdir(parents=True)
        (root / "claims").mkdir()
        (root / "seeds").mkdir()
        (root / "site_src" / "index.md").write_text("# Home\n\n<!-- factcheck:latest -->\n", encoding="utf-8")
        self.write_config()

    def write_config(self, extra: str = "", plugin_extra: str = "") -> None:
        verdicts = yaml.safe_dump(VERDICTS, allow_unicode=True, sort_keys=False)
        config = textwrap.dedent("""\
            site_name: Test checks
            site_url: https://example.github.io/repo/
            repo_url: https://github.com/example/repo
            edit_uri: edit/main/site_src/
            docs_dir: site_src
            theme:
              name: material
              features: [content.action.edit]
            plugins:
              - search
              - factcheck:
            """) + textwrap.indent(plugin_extra, "      ") + "      verdicts:\n" + textwrap.indent(verdicts, "        ") + extra
        (self.root / "mkdocs.yml").write_text(config, encoding="utf-8")

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def with_example(self) -> Site:
        self.write("seeds/bridge.txt", SOURCE_TEXT)
        self.write("seeds/example-times-bridge.yml", SOURCE_YML)
        self.write("claims/bridge-cost.yml", CLAIM_YML)
        return self

    def build(self, strict: bool = True) -> Path:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return Path(config.site_dir)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "project")


@pytest.fixture(scope="session")
def built_repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (its real claims and seeds), built once with --strict."""
    work = tmp_path_factory.mktemp("repo")
    for name in ("mkdocs.yml", "site_src", "claims", "seeds"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(work / "mkdocs.yml"), strict=True, site_dir=str(work / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return work / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site_dir: Path, url_path: str) -> BeautifulSoup:
    """The HTML of a page addressed like a reader would: 'claims/x/' -> claims/x/index.html."""
    target = site_dir / url_path
    if url_path.endswith("/") or url_path == "":
        target = target / "index.html"
    return soup(target)


def site_base(site_dir: Path) -> str:
    """The URL path the site is served under (from site_url), e.g. '/repo/'."""
    config = site_dir.parent / "mkdocs.yml"
    if config.exists():
        for line in config.read_text(encoding="utf-8").splitlines():
            if line.startswith("site_url:"):
                return urlsplit(line.split(":", 1)[1].strip()).path or "/"
    return "/"


def resolve_link(site_dir: Path, from_file: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a link lands on, or None for links off the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return from_file, unquote(parts.fragment)
    if parts.path.startswith("/"):
        base = site_base(site_dir)
        if not parts.path.startswith(base):
            return site_dir / "__outside_the_site__", ""
        target = (site_dir / unquote(parts.path[len(base):])).resolve()
    else:
        target = (from_file.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)
