"""Pagefind fed page by page: the bundle it writes is complete, and an incomplete one is recognised
(the build then indexes the finished site with the command instead of publishing it)."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
from pathlib import Path

from factcheck.core.outputs import pagefeed
from factcheck.core.outputs.pagefeed import PageFeed, bundle_complete
from factcheck.core.outputs.search import run_pagefind


def page(number: int) -> str:
    return (
        f"<html lang='en'><body><main data-pagefind-body><h1>Claim {number}</h1>"
        f"<p>The bridge cost {number} million euros.</p></main></body></html>"
    )


def test_a_fed_index_is_written_whole_before_pagefind_stops(tmp_path: Path) -> None:
    for _ in range(3):  # the service is stopped right after writing, each time
        site = tmp_path / f"site-{_}"
        feed = PageFeed()
        for number in range(40):
            feed.add(page(number), f"claims/claim-{number}/index.html")
        feed.finish(site)
        bundle = site / "pagefind"
        assert bundle_complete(bundle)
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == 40


def listing(number: int) -> str:
    return f"<html lang='en'><body><main><h1>List {number}</h1><p>Bridges and tunnels.</p></main></body></html>"


def indexed_words(bundle: Path) -> tuple[int, set[str]]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    fragments = [json.loads(_fragment(path)) for path in (bundle / "fragment").glob("*.pf_fragment")]
    return entry["languages"]["en"]["page_count"], {fragment["url"] for fragment in fragments}


def _fragment(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    return data[data.index(b"{") :]


def test_pages_without_a_body_are_left_out_once_a_page_has_one_as_pagefind_does(tmp_path: Path) -> None:
    """Pagefind's rule: with data-pagefind-body on some page, pages without it are not indexed;
    with it on none, every page is. The feed gives the same index as the command either way."""
    mixed, plain = tmp_path / "mixed", tmp_path / "plain"
    feed = PageFeed()
    feed.add(listing(1), "topics/a/index.html")
    feed.add(page(1), "claims/claim-1/index.html")
    feed.add(listing(2), "topics/b/index.html")
    assert feed.held == ["topics/a/index.html", "topics/b/index.html"]  # not sent to Pagefind
    feed.finish(mixed)
    assert indexed_words(mixed / "pagefind") == (1, {"/claims/claim-1/"})
    feed = PageFeed()
    for number in (1, 2):
        (plain / f"topics/t{number}").mkdir(parents=True)
        (plain / f"topics/t{number}/index.html").write_text(listing(number), encoding="utf-8")
        feed.add(listing(number), f"topics/t{number}/index.html")
    feed.finish(plain)
    assert indexed_words(plain / "pagefind") == (2, {"/topics/t1/", "/topics/t2/"})
    command = tmp_path / "command"
    shutil.copytree(plain, command, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(command)
    assert indexed_words(command / "pagefind") == indexed_words(plain / "pagefind")


def test_an_empty_or_broken_entry_file_is_not_a_complete_bundle(tmp_path: Path) -> None:
    site = tmp_path / "site"
    feed = PageFeed()
    feed.add(page(1), "claims/claim-1/index.html")
    feed.finish(site)
    bundle = site / "pagefind"
    entry = bundle / "pagefind-entry.json"
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    saved = entry.read_bytes()
    entry.write_bytes(b"")
    assert not bundle_complete(bundle)
    entry.write_bytes(saved)
    meta.write_bytes(b"")
    assert not bundle_complete(bundle)
    meta.unlink()
    assert not bundle_complete(bundle)


def test_a_build_run_from_asynchronous_code_leaves_indexing_to_the_command() -> None:
    """The feed steps its own event loop in the build's thread: not possible inside a running loop
    (the plugin then indexes the finished site with the command, as before the feed existed)."""

    async def inside() -> bool:
        return pagefeed.possible()

    assert pagefeed.possible()
    assert asyncio.run(inside()) is False
