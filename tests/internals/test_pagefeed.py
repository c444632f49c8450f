"""Pagefind fed page by page: the bundle it writes is complete, and an incomplete one is recognised
(the build then indexes the finished site with the command instead of publishing it)."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.core.outputs.pagefeed import PageFeed, bundle_complete


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
