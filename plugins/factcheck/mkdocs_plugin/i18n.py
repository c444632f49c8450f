"""What our pages need from mkdocs-static-i18n, which builds the site once per language.

It reads its own state (the language being built, its list of each language's pages for
sitemap.xml); both are looked up with defaults, so a change on its side degrades to the default
language's folder and a sitemap without our pages, never to a crash.
"""

from __future__ import annotations

from mkdocs.structure.files import File


def language_folder(config) -> str:
    """The folder mkdocs-static-i18n builds the current language into ('' for the default)."""
    i18n = config.plugins["i18n"]
    if getattr(i18n, "is_default_language_build", True):
        return ""
    return str(getattr(i18n, "current_language", "") or "")


def list_in_sitemap(config, pages: list[File]) -> None:
    """mkdocs-static-i18n writes sitemap.xml from its own list of each language's pages, each with
    its `alternates` (other languages' versions): ours join the list, with no alternates named."""
    i18n = config.plugins["i18n"]
    per_language = getattr(i18n, "i18n_files_per_language", None)
    for file in pages:
        file.alternates = {}  # type: ignore[attr-defined]  # our own attribute on MkDocs' File, read by the sitemap template
    if isinstance(per_language, dict):
        per_language.setdefault(getattr(i18n, "current_language", None), []).extend(pages)


def current_language(config) -> str:
    """The language mkdocs-static-i18n is building: our on_config runs before its own, which sets
    theme.language for that language, so this is read from its state (the default language until
    its first on_config)."""
    i18n = config.plugins["i18n"]
    return str(getattr(i18n, "current_language", None) or default_language(config))


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
