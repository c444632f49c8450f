"""What our pages need from mkdocs-static-i18n, which builds the site once per language.

It reads its own state (the language being built, its list of each language's pages for
sitemap.xml); both are looked up with defaults, so a change on its side degrades to the default
language's folder and a sitemap without our pages, never to a crash.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from mkdocs.structure.files import File

from ..core import PagePlan
from ..core.i18n.editions import Editions


def language_folder(config) -> str:
    """The folder mkdocs-static-i18n builds the current language into ('' for the default)."""
    i18n = config.plugins["i18n"]
    if getattr(i18n, "is_default_language_build", True):
        return ""
    return str(getattr(i18n, "current_language", "") or "")


def list_in_sitemap(config, pages: list[tuple[File, dict[str, str]]]) -> None:
    """mkdocs-static-i18n writes sitemap.xml from its own list of each language's pages, each with
    its `alternates` (language -> that language's version, the page itself included), written
    as `<xhtml:link rel="alternate" hreflang>`: ours join the list, each with its versions
    (language -> URL from the site's root)."""
    i18n = config.plugins["i18n"]
    per_language = getattr(i18n, "i18n_files_per_language", None)
    for file, versions in pages:
        # our own attribute on MkDocs' File, read by the sitemap template
        file.alternates = {  # type: ignore[attr-defined]
            lang: file if url == file.url else _Elsewhere(url) for lang, url in versions.items()
        }
    if isinstance(per_language, dict):
        per_language.setdefault(getattr(i18n, "current_language", None), []).extend(file for file, _ in pages)


@dataclass(frozen=True)
class _Elsewhere:
    """A page of another edition as the sitemap template reads it: its URL from the site's root
    (built later, it has no MkDocs page yet, so the template falls back to site_url + url)."""

    url: str
    page: None = None


def current_language(config) -> str:
    """The language mkdocs-static-i18n is building: our on_config runs before its own, which sets
    theme.language for that language, so this is read from its state (the default language until
    its first on_config)."""
    i18n = config.plugins["i18n"]
    return str(getattr(i18n, "current_language", None) or default_language(config))


def site_name(config) -> str:
    """The site name of the language being built: mkdocs-static-i18n sets a language's
    `site_name` on the config in its on_config, after ours, so it is read from its settings."""
    i18n = config.plugins["i18n"]
    try:
        name = i18n.current_language_config.site_name
    except Exception:  # its state, not ours (it raises a bare Exception for an unknown language): no override
        name = None
    original = getattr(i18n, "original_configs", None)  # the site_name before any language's override
    fallback = original.get("site_name") if isinstance(original, dict) else None
    return str(name or fallback or config.site_name)


def default_language(config) -> str:
    i18n = config.plugins["i18n"]
    return str(getattr(i18n, "default_language", None) or config.theme.get("language") or "en")


def build_languages(config) -> list[str]:
    return [str(lang) for lang in getattr(config.plugins["i18n"], "build_languages", [])]


def switcher(config) -> list[dict]:
    """The language switcher's entries as mkdocs-static-i18n made them (each language's home),
    copied: it resets config.extra.alternate from them for each of its own pages."""
    entries = getattr(config.plugins["i18n"], "extra_alternate", None) or config.extra.get("alternate") or []
    return [dict(entry) for entry in entries if isinstance(entry, dict)]


def equivalents(editions: Editions, plan: PagePlan, language: str, config) -> dict[str, str]:
    """A generated page's versions, language -> URL from the site's root: the claim's
    translations, or the page at the same path in every edition that has it (and this page
    itself, in ``language``)."""
    versions = editions.alternates(plan.path, plan.kind, plan.key)
    versions.setdefault(language, plan.path)  # a claim with no translation: itself
    urls = {lang: File(path, None, "", config.use_directory_urls).url for lang, path in versions.items()}
    return {lang: posixpath.join("" if lang == editions.default else lang, url) for lang, url in urls.items()}


def switch_languages(versions: dict[str, str], default: str, config, context) -> None:
    """Material's language switcher and its `<link rel="alternate" hreflang>` both come from
    config.extra.alternate, which mkdocs-static-i18n sets for its own pages only. For ours, the
    head links name only the page's true ``versions`` (search engines take an alternate for the
    same content in another language), with x-default the ``default`` language's; the switcher
    (our partials/alternate.html reads `factcheck_switcher`) leads to the page's version in
    each edition, else to that edition's home."""
    entries = switcher(config)  # each language's home
    for entry in entries:
        if str(entry.get("lang")) in versions:
            entry["link"] = versions[str(entry["lang"])]
    alternates = [dict(entry) for entry in entries if str(entry.get("lang")) in versions]
    if len(versions) > 1 and default in versions:
        alternates.append({"name": "", "lang": "x-default", "link": versions[default]})
    # both ways: mkdocs-static-i18n sets it as an attribute, which Jinja reads before the key
    config.extra["alternate"] = alternates
    config.extra.alternate = alternates
    context["factcheck_switcher"] = entries
