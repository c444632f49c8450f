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
