"""Shared helpers: build real sites with MkDocs into temporary folders and read what readers get."""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
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

    def write_config(
        self,
        extra: str = "",
        plugin_extra: str = "",
        *,
        theme_extra: str = "",
        plugins_before: str = "",
        plugins_after: str = "",
    ) -> None:
        """mkdocs.yml: Material, Material's search, factcheck with the test verdicts. ``plugin_extra``
        goes into factcheck's options, ``theme_extra`` into `theme:`, ``plugins_before`` and
        ``plugins_after`` (list items, `- name: ...`) around factcheck, ``extra`` at the top level."""
        verdicts = yaml.safe_dump(VERDICTS, allow_unicode=True, sort_keys=False)
        config = (
            textwrap.dedent("""\
            site_name: Test checks
            site_url: https://example.github.io/repo/
            repo_url: https://github.com/example/repo
            edit_uri: edit/main/site_src/
            docs_dir: site_src
            theme:
              name: material
              features: [content.action.edit]
            """)
            + textwrap.indent(theme_extra, "  ")
            + "plugins:\n  - search\n"
            + textwrap.indent(plugins_before, "  ")
            + "  - factcheck:\n"
            + textwrap.indent(plugin_extra, "      ")
            + "      verdicts:\n"
            + textwrap.indent(verdicts, "        ")
            + textwrap.indent(plugins_after, "  ")
            + extra
        )
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
        return build_site(self.root / "mkdocs.yml", strict=strict)


def build_site(config_file: Path, *, strict: bool = True, dirty: bool = False, **overrides: str) -> Path:
    """`mkdocs build` of ``config_file`` (``overrides``: site_dir, site_url…), in this process, the
    way the command runs the plugin's events; the built site's folder. The one builder of the tests."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def copy_repository_site(work: Path) -> Path:
    """The repository's own site (mkdocs.yml, pages, claims, seeds) copied into ``work``; its mkdocs.yml."""
    for name in ("mkdocs.yml", "site_src", "claims", "seeds"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
    return work / "mkdocs.yml"


def run_cli(
    cwd: Path | Site, *args: str, env: dict[str, str] | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """`factcheck ARGS` in ``cwd`` (a folder or a Site), as a contributor or CI runs it: exit code,
    stdout, stderr. ``GITHUB_ACTIONS`` is unset unless ``env`` sets it. The one CLI runner of the
    tests: in this process (``cli.main``), or with ``process=True`` as a real ``factcheck`` process
    (for what only a process shows: forking, imports, the environment it starts with)."""
    folder = cwd.root if isinstance(cwd, Site) else cwd
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    if process:
        return subprocess.run(
            [sys.executable, "-m", "factcheck.cli", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
        )
    from factcheck import cli

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _chdir(folder):
            try:
                code = cli.main(list(args))
            except SystemExit as exit_:  # argparse: usage errors, --help
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["factcheck", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _chdir(folder: Path):  # contextlib.chdir from Python 3.11
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "project")


@pytest.fixture(scope="session")
def built_repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (its real claims and seeds), built once with --strict."""
    work = tmp_path_factory.mktemp("repo")
    return build_site(copy_repository_site(work), site_dir=str(work / "site"))


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
        target = (site_dir / unquote(parts.path[len(base) :])).resolve()
    else:
        target = (from_file.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def start_mkdocs(folder: Path, *args: str, new_session: bool = False, **env: str) -> subprocess.Popen:
    """`mkdocs ARGS` started in ``folder`` as a user runs it, its output (stdout and stderr) piped
    as text; ``env`` added to the environment; ``new_session``: in a process group of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        start_new_session=new_session,
    )


def stop_serving(server: subprocess.Popen, timeout: float = 60) -> str | None:
    """Stop `mkdocs serve` the way a writer does, with Ctrl-C (SIGINT): MkDocs then runs the
    plugins' on_shutdown and deletes its temporary site folder; a plain SIGTERM ends Python before
    either, leaving folders behind in the temporary directory. Terminated, then killed, only if it
    has not stopped within ``timeout``. Returns what it printed, if that was piped."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        return server.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        server.terminate()
        try:
            return server.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            return server.communicate()[0]
