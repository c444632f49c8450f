"""`mkdocs serve` rebuilds incrementally; after every edit the served site must be, byte for byte,
what a full `mkdocs build` of the same records gives.

The serve side runs MkDocs' own serve sequence in this process (load the configuration again
and build, with one plugin object kept across rebuilds, as `mkdocs serve` does); the reference
is a full build in a fresh process with the same site_url.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synth import write_factcheck_site

SERVE_URL = "http://127.0.0.1:8123/"
REFERENCE = r"""
import os, sys
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
config.site_url = sys.argv[3]
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


INDEX_PARTS = ("pagefind/filter/", "pagefind/fragment/", "pagefind/index/", "pagefind/pagefind.", "pagefind/wasm.")


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's index files are named by hashes that differ from one run to the next, even on
    the same site (its output is not deterministic): they are compared by what they hold."""
    return {
        path: data
        for path, data in files.items()
        if not path.startswith(INDEX_PARTS) and path != "pagefind/pagefind-entry.json"
    }


def pagefind_summary(files: dict[str, bytes]) -> object:
    """The pages Pagefind indexed, per language, and that every index file the entry names exists."""
    if "pagefind/pagefind-entry.json" not in files:
        return None
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    for language in entry["languages"].values():
        assert f"pagefind/pagefind.{language['hash']}.pf_meta" in files
    return {name: language["page_count"] for name, language in entry["languages"].items()}


def full_build(root: Path, out: Path) -> dict[str, bytes]:
    done = subprocess.run(
        [sys.executable, "-c", REFERENCE, str(root / "mkdocs.yml"), str(out), SERVE_URL],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return tree(out)


class Served:
    """MkDocs' serve loop (mkdocs/commands/serve.py) without the HTTP server."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        self.root, self.site_dir, self.plugin = root, site_dir, None
        self.rebuild(first=True)

    def rebuild(self, first: bool = False) -> dict[str, bytes]:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site_dir))
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
        self.plugin = config.plugins["factcheck"]
        if self.plugin.background is not None:
            self.plugin.background.wait(300)
        return tree(self.site_dir)

    def close(self) -> None:
        self.plugin.on_shutdown()
        self.plugin.on_startup(command="build", dirty=False)  # the object is shared by later tests


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# With Pagefind and Material's search only, unchanged pages skip MkDocs' page loop (written from
# the cache); with another plugin (Material's tags) they go through it with empty content.
@pytest.mark.parametrize(("search", "other_plugin"), [("pagefind", None), ("material", "tags")])
def test_served_site_equals_a_full_build_after_each_edit(tmp_path: Path, search: str, other_plugin: str | None) -> None:
    root = tmp_path / "site"
    write_factcheck_site(root, 40, search=search)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"  # a site's own template, edited below
    if other_plugin:
        config["plugins"].insert(1, other_plugin)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Desk notice{% endblock %}\n', encoding="utf-8"
    )
    served = Served(root, tmp_path / "served")
    claims, seeds = root / "claims", root / "seeds"
    steps = [
        ("edit a claim's text", lambda: edit(claims / "claim-7.yml", "'Claim 7:", "'Claim 7 (edited):")),
        ("change a verdict", lambda: _set_verdict(claims / "claim-3.yml")),
        (
            "add a claim",
            lambda: (claims / "claim-new.yml").write_text(
                (claims / "claim-5.yml")
                .read_text(encoding="utf-8")
                .replace("id: claim-5", "id: claim-new")
                .replace("Claim 5:", "A new claim:")
                .replace("published: 2025-", "published: 2026-"),
                encoding="utf-8",
            ),
        ),
        ("delete a claim", lambda: (claims / "claim-11.yml").unlink()),
        ("break a claim's record", lambda: edit(claims / "claim-9.yml", "id: claim-9", "id: [claim-9")),
        ("repair it", lambda: edit(claims / "claim-9.yml", "id: [claim-9", "id: claim-9")),
        ("edit a source", lambda: edit(seeds / "source-2.yml", "title: ", "title: Retitled ")),
        ("edit a source's archived text", lambda: _append(seeds / "source-3.txt", "\nA paragraph archived later.\n")),
        ("edit a template", lambda: edit(root / "overrides" / "main.html", "Desk notice", "Desk notice, updated")),
        ("edit a claim after the template", lambda: edit(claims / "claim-8.yml", "'Claim 8:", "'Claim 8 (edited):")),
        ("edit mkdocs.yml", lambda: edit(root / "mkdocs.yml", "site_name: Bench", "site_name: Bench desk")),
    ]
    everything = {"edit a template", "edit mkdocs.yml"}  # what must rebuild every page
    try:
        reused, skipped, kept = [], [], []
        for number, (what, change) in enumerate(steps):
            change()
            if what == "break a claim's record":  # the build stops; the next one starts from what is served
                with pytest.raises(Abort):
                    served.rebuild()
                continue
            got = served.rebuild()
            reused.append(len(served.plugin.hits))
            skipped.append(len(served.plugin.finished))
            kept.append(len(getattr(served.plugin.files, "kept", ())))
            # the served folder, kept between rebuilds, holds no leftovers: no empty folder of a
            # deleted page, nothing set aside
            assert not [p for p in served.site_dir.rglob("*") if p.is_dir() and not any(p.iterdir())], what
            assert not (served.site_dir / ".factcheck-previous").exists(), what
            expected = full_build(root, tmp_path / f"reference-{number}")
            assert pagefind_summary(got) == pagefind_summary(expected), what
            got, expected = without_index(got), without_index(expected)
            assert got.keys() == expected.keys(), what
            different = [path for path in expected if got[path] != expected[path]]
            assert not different, f"after '{what}': {different[:10]}"
            if what == "edit a source's archived text":
                assert "A paragraph archived later." in got["sources/source-3/index.html"].decode()
            if what == "edit a template":
                assert "Desk notice, updated" in got["claims/claim-1/index.html"].decode()
        assert "A new claim:" in got["claims/claim-new/index.html"].decode()
        assert "claims/claim-11/index.html" not in got
    finally:
        served.close()
    # the incremental path was taken: most pages came from the cache, except after a change to
    # the configuration or a template; without another plugin they skipped MkDocs' page loop
    steps_done = [what for what, _ in steps if what != "break a claim's record"]
    assert all((n == 0) == (what in everything) for what, n in zip(steps_done, reused, strict=True)), reused
    assert all(n > 20 for what, n in zip(steps_done, reused, strict=True) if what not in everything), reused
    if other_plugin is None:
        assert all(n > 20 for what, n in zip(steps_done, skipped, strict=True) if what not in everything), skipped
        # unchanged files stay in the served folder, not written again (all of them after a change
        # to the configuration or a template)
        assert all((n == 0) == (what in everything) for what, n in zip(steps_done, kept, strict=True)), kept
    else:
        assert not any(skipped), skipped
        assert not any(kept), kept  # another plugin may write files of its own: the folder is emptied


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _set_verdict(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = [
        (
            "verdict: unproven"
            if line.startswith("verdict:") and line != "verdict: unproven"
            else "verdict: false"
            if line.startswith("verdict:")
            else line
        )
        for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_serve_logs_each_note_once_not_at_every_save(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A note (a source without a recorded digest) is in the log of the first build; a rebuild
    after a save says that the earlier notes still stand instead of repeating every one."""
    import logging

    root = tmp_path / "site"
    write_factcheck_site(root, 12, search="material")
    caplog.set_level(logging.INFO, logger="mkdocs")
    served = Served(root, tmp_path / "served")
    try:
        first = [r.getMessage() for r in caplog.records if "has no recorded digest" in r.getMessage()]
        assert first, "the first build logs the notes"
        caplog.clear()
        edit(root / "claims" / "claim-3.yml", "'Claim 3:", "'Claim 3 (edited):")
        served.rebuild()
        again = [r.getMessage() for r in caplog.records]
        assert not [message for message in again if "has no recorded digest" in message], again
        assert f"{len(set(first))} note(s) shown at an earlier build still stand" in " ".join(again)
        caplog.clear()
        (root / "seeds" / "source-new.yml").write_text(
            (root / "seeds" / "source-0.yml").read_text(encoding="utf-8").replace("id: source-0", "id: source-new"),
            encoding="utf-8",
        )
        served.rebuild()
        new = [r.getMessage() for r in caplog.records if "has no recorded digest" in r.getMessage()]
        assert [message for message in new if "source-new" in message], new  # a new note is shown
    finally:
        served.close()
