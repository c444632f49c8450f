"""The engine-independent core: records, loading, validation, cross-referencing and rendering.

Nothing in this package may import MkDocs: another site engine must be able to reuse it whole.
The names below are the core's public API, what an engine adapter (``factcheck.mkdocs_plugin``)
and the ``factcheck`` command use; the modules behind them may move, these names stay.

They are loaded on first use (PEP 562), so that ``from factcheck.core import log_safe`` does not
import pydantic, Jinja2 and Markdown: each ``factcheck`` subcommand imports only what it runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name -> the module (relative to this package) that defines it
_API: dict[str, str] = {
    # settings: the plugin options, read from mkdocs.yml without MkDocs
    "Settings": ".settings",
    "SettingsError": ".settings",
    "settings_from_options": ".settings",
    "settings_from_mkdocs_yml": ".settings",
    "read_mkdocs_yml": ".settings",
    "plugin_options": ".settings",
    "DEFAULT_ENGINE": ".settings",
    "ENGINES": ".settings",
    # problems: path:line:column reports
    "Severity": ".problems",
    "display_path": ".problems",
    "format_report": ".problems",
    "log_safe": ".problems",
    # urls: the generated files' paths
    "OUTPUT_FILES": ".urls",
    # records -> checks
    "load_catalog": ".checks.loader",
    "validate": ".checks.validation",
    "SCHEMAS": ".records.schema",
    "schema_file_name": ".records.schema",
    "schema_text": ".records.schema",
    # site: pages and their HTML
    "PagePlan": ".site.pages",
    "plan_pages": ".site.pages",
    "Renderer": ".site.render",
    "expand_markers": ".site.markers",
    # outputs: feeds, open data, structured data, search, the all-or-nothing site folder
    "PublicationError": ".outputs.prepare",
    "prepare_publication": ".outputs.prepare",
    "SearchError": ".outputs.search",
    "run_pagefind": ".outputs.search",
    "search_page_plan": ".outputs.search",
    "search_body": ".outputs.search",
    "SEARCH_PAGE": ".outputs.search",
    "CardOptions": ".outputs.prepare",
    "CardCache": ".outputs.cards",
    "site_logo": ".outputs.cards",
    "text_direction": ".site.archive",
    "expected_files": ".outputs.sitecheck",
    "missing_files": ".outputs.sitecheck",
    "site_layout": ".outputs.sitecheck",
    # archiving: the originals of sources, their digests
    "original_files": ".archiving.originals",
    "digest_notes": ".archiving.tamper",
    # review and authoring: `factcheck diff`, `new`, `init`
    "compare": ".review.diff",
    "to_markdown": ".review.diff",
    "GitError": ".review.gitrev",
    "snapshots": ".review.gitrev",
    "ScaffoldError": ".authoring.scaffold",
    "new_claim": ".authoring.scaffold",
    "new_source": ".authoring.scaffold",
    "InitError": ".authoring.starter",
    "Options": ".authoring.starter",
    "init_site": ".authoring.starter",
    "installed_requirement": ".authoring.starter",
}
_MODULES: dict[str, str] = {
    "staging": ".outputs.staging",  # site_dir_problems, staging_dir_for, publish, discard, UnsafeSiteDir
}

__all__ = sorted([*_API, *_MODULES])


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value: Any = import_module(_MODULES[name], __name__)
    elif name in _API:
        value = getattr(import_module(_API[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported eagerly
    from .archiving.originals import original_files
    from .archiving.tamper import digest_notes
    from .authoring.scaffold import ScaffoldError, new_claim, new_source
    from .authoring.starter import InitError, Options, init_site, installed_requirement
    from .checks.loader import load_catalog
    from .checks.validation import validate
    from .outputs import staging
    from .outputs.cards import CardCache, site_logo
    from .outputs.prepare import CardOptions, PublicationError, prepare_publication
    from .outputs.search import SEARCH_PAGE, SearchError, run_pagefind, search_body, search_page_plan
    from .outputs.sitecheck import expected_files, missing_files, site_layout
    from .problems import Severity, display_path, format_report, log_safe
    from .records.schema import SCHEMAS, schema_file_name, schema_text
    from .review.diff import compare, to_markdown
    from .review.gitrev import GitError, snapshots
    from .settings import (
        DEFAULT_ENGINE,
        ENGINES,
        Settings,
        SettingsError,
        plugin_options,
        read_mkdocs_yml,
        settings_from_mkdocs_yml,
        settings_from_options,
    )
    from .site.archive import text_direction
    from .site.markers import expand_markers
    from .site.pages import PagePlan, plan_pages
    from .site.render import Renderer
    from .urls import OUTPUT_FILES
