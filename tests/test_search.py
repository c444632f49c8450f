"""What the search engines index: claim pages with their verdict, claimant, topics and publishers;
not the archived texts, not the lists that repeat every claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import page, run_cli


def material_index(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_material_index_carries_the_verdict_and_leaves_out_the_archive(site) -> None:
    site.with_example()
    site.write_config(plugin_extra="search: material\n")
    site_dir = site.build()
    docs = material_index(site_dir)
    claim = [d for d in docs if d["location"].startswith("claims/bridge-cost/")]
    assert claim and all(d["boost"] > 1 for d in claim)
    assert claim[0]["tags"] == ["Verdict: Half true", "Jane Mayor", "Infrastructure", "The Example Times"]
    everything = json.dumps(docs)
    assert "a figure the council disputes" not in everything, "the archived text is not indexed"
    source = [d for d in docs if d["location"].startswith("sources/example-times-bridge/")]
    assert source and "The Example Times" in json.dumps(source)
    # lists of claims (indexes, verdict, claimant, topic pages) do not compete with the claim page
    for d in docs:
        for words in ("The bridge cost 12 million euros", "Jane Mayor"):
            if words in d["title"] + d["text"]:
                assert d["location"].startswith(("claims/bridge-cost/", "claimants/")), d["location"]
    assert not (site_dir / "pagefind").exists(), "search: material runs no Pagefind"


def test_pagefind_indexes_claim_source_and_written_pages_with_filters(site) -> None:
    site.with_example()
    site_dir = site.build()  # Pagefind is the default
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 3  # claim, source, home
    claim = page(site_dir, "claims/bridge-cost/")
    body = claim.select_one("[data-pagefind-body]")
    assert body is not None and body.select_one("h1") is not None
    filters = {
        (el["data-pagefind-filter"], " ".join(el.get_text().split())) for el in body.select("[data-pagefind-filter]")
    }
    # the filter names are what Pagefind's UI shows readers: the site's words for them
    assert filters >= {
        ("Verdict", "Half true"),
        ("Who said it", "Jane Mayor"),
        ("Topic", "Infrastructure"),
        ("Source", "Bridge to open in May, mayor says"),
    }
    source = page(site_dir, "sources/example-times-bridge/")
    assert source.select_one(".fc-archive").find_parent(attrs={"data-pagefind-ignore": True}) is not None
    index = page(site_dir, "claims/")
    assert index.select_one("[data-pagefind-body]") is None, "the claims index is not indexed"
    form = index.select_one("form.fc-searchform")
    assert form["action"] == "../search/" and form.select_one("input")["name"] == "search"
    assert page(site_dir, "search/").select_one("#fc-pagefind") is not None


def test_claims_index_has_filters_for_every_verdict_claimant_topic_and_source(site) -> None:
    site.with_example()
    site.write_config(plugin_extra="search: material\n")
    index = page(site.build(), "claims/")
    form = index.select_one("form[data-fc-filters]")
    # in the page from the first paint (no layout shift); hidden without JavaScript
    assert not form.has_attr("hidden")
    assert "form[data-fc-filters]{display:none}" in index.select_one("head noscript").decode_contents()
    options = {select["name"]: [o["value"] for o in select.select("option")] for select in form.select("select")}
    assert options["verdict"] == ["", "true", "half-true", "false", "unproven"]
    assert options["claimant"] == ["", "jane-mayor"]
    assert options["topic"] == ["", "infrastructure"]
    assert options["source"] == ["", "example-times-bridge"]
    assert index.select_one("form.fc-searchform") is None, "no Pagefind search with search: material"
    assert not (site.root / "site" / "search" / "index.html").exists()


def test_an_unknown_search_engine_is_refused(site) -> None:
    site.with_example()
    site.write_config(plugin_extra="search: lunr\n")
    from mkdocs.config.base import ValidationError
    from mkdocs.exceptions import Abort, ConfigurationError

    with pytest.raises((Abort, ConfigurationError, ValidationError)):
        site.build()


def test_factcheck_validate_refuses_an_unknown_search_engine_like_the_build(site) -> None:
    """The core's settings check the option, so a pull-request check catches it without a build."""
    site.with_example()
    site.write_config(plugin_extra="search: lunr\n")
    result = run_cli(site, "validate")
    assert result.returncode == 2
    assert "plugins.factcheck.search: Input should be 'pagefind' or 'material'" in result.stderr
