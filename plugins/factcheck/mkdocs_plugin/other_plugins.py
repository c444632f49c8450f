"""What we read from, or adjust in, the other plugins of the same build (Material's search,
social and optimize plugins; any plugin handling ``page_content``).

Each function looks at ``config.plugins`` once per build. They are kept together so that what
we assume about another plugin's internals is in one place, next to why.
"""

from __future__ import annotations

from typing import Any


def search_entries(config) -> list | None:
    """Material's search index entries of this build (a list it appends each page's entries to),
    or None when the search plugin is not used. Raises LookupError for a search plugin whose
    index we do not understand: then every page is rendered on every build."""
    found = None
    for plugin in config.plugins.values():
        module = plugin.__class__.__module__
        if module.startswith(("material.plugins.search", "mkdocs.contrib.search")):
            entries = getattr(getattr(plugin, "search_index", None), "entries", None)
            if not isinstance(entries, list) or not module.startswith("material."):
                raise LookupError(module)
            found = entries
    return found


def social_cards(config) -> bool:
    """Material's social plugin draws the card of every page but ours (claim pages turn it off in
    their front matter): with it on, other pages get its card and not our site card."""
    social = config.plugins.get("material/social") or config.plugins.get("social")
    return social is not None and bool(social.config.get("enabled", True)) and bool(social.config.get("cards", True))


def skip_material_index(config) -> None:
    """With Pagefind as the engine, Material's search plugin stays only for the header's search box
    (Material shows it only with the plugin on), which our partials/search.html turns into a form
    opening Pagefind's search page: no page loads Material's index, so it is neither built
    (Material parses every page for it, about 14 % of a build and most of its memory) nor written."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.__class__.__module__.startswith("material.plugins.search"):
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not plugin]


def page_content_only_ours(config, plugin: Any) -> bool:
    """No other plugin handles `page_content`: then a generated page is rendered when it is written
    (on_page_context) rather than when MkDocs reads every page before writing any, so that the
    build holds one generated page's HTML at a time, not all of them (most of its memory)."""
    handlers = config.plugins.events["page_content"]
    return all(getattr(handler, "__self__", None) is plugin for handler in handlers)


def exclude_cards_from_optimize(config) -> None:
    """Our share cards are generated PNGs, already compressed and byte-identical from equal input:
    Material's optimize plugin leaves them alone."""
    optimize = config.plugins.get("material/optimize") or config.plugins.get("optimize")
    if optimize is not None and "cards/*" not in optimize.config.optimize_exclude:
        optimize.config.optimize_exclude.append("cards/*")
