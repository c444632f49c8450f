"""A site in several languages: one edition per language, each with its own generated pages.

A claim belongs to the edition of its ``language`` (a claim without one is in the site's default
language); a fact check published in two languages is two records, the translation naming the
other with ``translation_of``. Sources and verdicts are in every edition. Each edition's lists
(indexes, verdict, claimant and topic pages, feeds, open data) hold that edition's claims.

Every edition is built on its own (mkdocs-static-i18n builds one language after another), but a
page's language switcher must know, in the first build already, where the same page is in the
others: :func:`plan_editions` works out every edition's pages once, from the records alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..site.pages import page_path, plan_pages


@dataclass(frozen=True)
class Editions:
    default: str
    languages: tuple[str, ...]
    pages: dict[str, frozenset[str]]  # language -> the generated pages of its edition
    versions: dict[str, dict[str, str]] = field(default_factory=dict)  # claim id -> {language: claim id}

    def alternates(self, path: str, kind: str, key: str | None) -> dict[str, str]:
        """Where the page ``path`` is in each edition that has it: language -> page path. A claim
        page's counterpart is its translation's page; any other page is at the same path."""
        if kind == "claim" and key is not None:
            return {lang: page_path("claim", cid) for lang, cid in self.versions.get(key, {}).items()}
        return {lang: path for lang in self.languages if path in self.pages.get(lang, ())}


def language_of(catalog: Catalog, claim_id: str, default: str) -> str:
    return catalog.claims[claim_id].claim.language or default


def plan_editions(catalog: Catalog, languages: Iterable[str], default: str, extra: Iterable[str] = ()) -> Editions:
    """Every edition's pages (``extra``: pages every edition has, such as the search page) and
    every claim's versions, from the claims readers get (see :func:`edition_problems` for the
    translations that cannot be placed)."""
    languages = tuple(dict.fromkeys([default, *languages]))
    pages = {
        lang: frozenset([*(plan.path for plan in plan_pages(catalog.in_edition(lang, default))), *extra])
        for lang in languages
    }
    groups: dict[str, dict[str, str]] = {}
    for claim_id, entry in catalog.claims.items():
        original = entry.claim.translation_of
        if original is None or original not in catalog.claims:
            continue
        group = groups.setdefault(original, {language_of(catalog, original, default): original})
        group.setdefault(language_of(catalog, claim_id, default), claim_id)
    versions = {cid: group for group in groups.values() for cid in group.values()}
    return Editions(default, languages, pages, versions)


def edition_problems(catalog: Catalog, default: str) -> list[str]:
    """Translations that cannot be told apart from their original: in the same language as the
    claim they translate, or a second version in a language that already has one."""
    found = []
    seen: dict[tuple[str, str], str] = {}
    for claim_id, entry in catalog.claims.items():
        original = entry.claim.translation_of
        if original is None or original not in catalog.claims:
            continue
        language = language_of(catalog, claim_id, default)
        if catalog.claims[original].claim.translation_of is not None:
            found.append(
                f"claim {claim_id!r}: `translation_of: {original}` names a translation; "
                "hint: name the claim it translates (every version names the same original)"
            )
        elif language == language_of(catalog, original, default):
            found.append(
                f"claim {claim_id!r}: `translation_of: {original}` names a claim in the same language "
                f"({language}); hint: give the translation its `language`"
            )
        elif (original, language) in seen:
            found.append(
                f"claim {claim_id!r}: claim {seen[original, language]!r} is already the {language} version "
                f"of {original!r}; hint: one version per language"
            )
        seen.setdefault((original, language), claim_id)
    return found
