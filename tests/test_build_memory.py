"""What `mkdocs build` no longer holds (issue #18, memory) is still there for other plugins.

The feeds and the open data are made when MkDocs writes them, and a generated page is rendered
when it is written rather than when MkDocs reads every page: a plugin (here a site's hook) that
reads a data file from `files`, or that handles `page_content`, still sees what it saw before.
"""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.core.outputs.prepare import json_pieces, to_json

from conftest import Site, page

READ_FILES_HOOK = """
from pathlib import Path

from mkdocs.plugins import event_priority

seen = {}


@event_priority(-200)  # after every plugin's on_files, ours included
def on_files(files, config):
    for path in ("data/catalog.json", "data/claims/bridge-cost.json", "feeds/fact-checks.xml"):
        seen[path] = files.get_file_from_path(path).content_bytes


def on_post_build(config):
    for path, data in seen.items():
        Path(config.site_dir, "hook-" + path.replace("/", "-")).write_bytes(data)
"""

PAGE_CONTENT_HOOK = """
def on_page_content(html, page, config, files):
    if page.file.src_uri == "claims/bridge-cost.md":
        seen = "rendered" if "Critics put the figure higher" in html else "empty"
        return html + f'<p id="hook-mark">the hook saw the page {seen}</p>'
    return html
"""


def _with_hook(site: Site, name: str, code: str) -> None:
    site.write(name, code)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {name}\n", encoding="utf-8")


def test_a_plugin_reads_the_open_data_and_feeds_from_files(site: Site) -> None:
    site.with_example()
    _with_hook(site, "read_files.py", READ_FILES_HOOK)
    out = site.build()
    for path in ("data/catalog.json", "data/claims/bridge-cost.json", "feeds/fact-checks.xml"):
        written = (out / path).read_bytes()
        assert (out / ("hook-" + path.replace("/", "-"))).read_bytes() == written  # what the plugin read
    catalog = json.loads((out / "data/catalog.json").read_text(encoding="utf-8"))
    assert [claim["id"] for claim in catalog["claims"]] == ["bridge-cost"]
    assert json.loads((out / "data/claims/bridge-cost.json").read_text(encoding="utf-8"))["id"] == "bridge-cost"


def test_a_plugin_handling_page_content_sees_the_generated_page(site: Site) -> None:
    site.with_example()
    _with_hook(site, "page_content.py", PAGE_CONTENT_HOOK)
    out = site.build()
    claim = page(out, "claims/bridge-cost/")
    assert claim.select_one("#hook-mark").get_text() == "the hook saw the page rendered"
    assert "Critics put the figure higher" in claim.get_text()


def test_json_pieces_give_the_document_byte_for_byte() -> None:
    document = {"name": "Fakten \u2014 \u00fcberpr\u00fcft", "items": None, "after": {"x": [1, 2]}}
    items = [{"id": "a", "text": "\u201cquoted\u201d"}, {"id": "b"}, {}]
    expected = to_json({**document, "items": items})
    assert b"".join(json_pieces(document, "items", iter(items))) == expected
    assert b"".join(json_pieces(document, "items", iter([]))) == to_json({**document, "items": []})


def test_json_pieces_when_the_document_holds_the_stand_in() -> None:
    """A site name that happens to hold the stand-in for the list: the document is made whole."""
    document = {"name": "\x00factcheck items\x00", "items": None}
    assert b"".join(json_pieces(document, "items", [1, 2])) == to_json({**document, "items": [1, 2]})


def test_the_open_data_is_written_when_mkdocs_copies_it(site: Site, tmp_path: Path) -> None:
    """A dirty build (`mkdocs build --dirty`) writes the data files too, every time."""
    from conftest import build_site

    site.with_example()
    out = build_site(site.root / "mkdocs.yml", site_dir=str(tmp_path / "out"))
    (out / "data/catalog.json").unlink()
    build_site(site.root / "mkdocs.yml", site_dir=str(tmp_path / "out"), dirty=True, strict=False)
    assert json.loads((out / "data/catalog.json").read_text(encoding="utf-8"))["claims"][0]["id"] == "bridge-cost"
