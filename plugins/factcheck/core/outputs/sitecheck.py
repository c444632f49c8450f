"""``factcheck check-site SITE_DIR``: is every fact-check page really in the built site?

An engine that reads mkdocs.yml but skips third-party plugins (Zensical does so today) builds a
site with exit code 0 and none of our pages. This check derives, from the records, every file
the plugin writes (the pages of ``core.pages``, the feeds and open data of ``core.published``,
Pagefind's bundle when it is the search) and lists those missing. It reads the site's options
without importing MkDocs, as ``factcheck validate`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..site.pages import plan_pages
from ..urls import OUTPUT_FILES, data_claim_path
from .search import DEFAULT_ENGINE, PAGEFIND_DIR, search_page_plan

PAGEFIND_ENTRY = f"{PAGEFIND_DIR}/pagefind.js"


def output_path(doc_path: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs (and engines laid out like it) writes the page of ``claims/x.md``.

    ``x/index.md`` is ``x/index.html``; any other ``x/y.md`` is ``x/y/index.html`` with directory
    URLs (the default) and ``x/y.html`` without.
    """
    stem = doc_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index") or not use_directory_urls:
        return stem + ".html"
    return stem + "/index.html"


def expected_files(catalog: Catalog, use_directory_urls: bool = True, search: str = DEFAULT_ENGINE) -> list[str]:
    """Every file the factcheck plugin adds to a built site, relative to the site folder."""
    plans = plan_pages(catalog) + ([search_page_plan()] if search == "pagefind" else [])
    files = [output_path(plan.path, use_directory_urls) for plan in plans]
    files += [*OUTPUT_FILES, *(data_claim_path(claim_id) for claim_id in catalog.claims)]
    if search == "pagefind":
        files.append(PAGEFIND_ENTRY)
    return files


def missing_files(site_dir: Path, expected: list[str]) -> list[str]:
    return [path for path in expected if not (site_dir / path).is_file()]


def site_layout(mkdocs_yml: dict[str, Any], options: dict[str, Any]) -> tuple[bool, str]:
    """``use_directory_urls`` and the plugin's search engine, as the site's mkdocs.yml sets them."""
    return mkdocs_yml.get("use_directory_urls", True) is not False, str(options.get("search", DEFAULT_ENGINE))
