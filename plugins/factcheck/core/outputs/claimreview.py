"""ClaimReview structured data (schema.org JSON-LD) for a claim page.

Aggregators (Google Fact Check Explorer and the Fact Check Tools API, Data Commons, AI
systems) find fact checks through this markup, and since 2025 no public validator checks it,
so the build does: :func:`claim_review_problems` applies Google's required and recommended
properties and the value formats, and a claim whose markup fails is a build error. Everything
here is a pure function of the catalogue, the settings and the site's absolute URLs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..catalog import Catalog, ClaimEntry
from ..problems import Problem
from ..records.models import Verdict, is_partial_date, verdict_scale
from ..settings import LABEL_ONLY_RATING, POLICY_PAGES, Settings
from ..text import is_plain_web_url
from ..urls import SiteUrls, base_url, site_url_problems

SCHEMA = "https://schema.org"


def organisation_ld(settings: Settings, urls: SiteUrls) -> dict[str, Any]:
    """The publisher as a schema.org Organization; its URL defaults to the site's. Its methodology
    and corrections policy (``publishingPrinciples``, ``correctionsPolicy``) are what aggregators
    and the IFCN look for to trust a fact checker."""
    org = settings.organisation
    data: dict[str, Any] = {"@type": "Organization", "name": org.name, "url": org.url or urls.base}
    if org.logo:
        data["logo"] = org.logo
    for field, key in (("publishing_principles", "publishingPrinciples"), ("corrections_policy", "correctionsPolicy")):
        page = settings.policy_page(field)
        if page is not None:
            data[key] = page if "://" in page else urls.page(page)
    return data


def policy_problems(settings: Settings) -> list[str]:
    """Policy pages named in ``organisation`` that the site does not have."""
    return [
        f"`organisation.{field}`: {given!r} is not a page of the site ({settings.docs_dir}/{given} does not exist)"
        for field in POLICY_PAGES
        if (given := getattr(settings.organisation, field)) is not None
        and "://" not in given
        and not (settings.docs_path / given).is_file()
    ]


def rating_ld(verdict: Verdict, scale: tuple[int, int] | None) -> dict[str, Any]:
    """The verdict as a schema.org Rating. ``alternateName`` (and ``name``) is the label, the only
    part Google shows. A verdict with a number gives it on the scale (worst to best). A label-only
    verdict (Unproven) has no place between false and true, yet validators that apply the general
    Rating rules (Adobe's) require ``ratingValue``: it gets ``-1``, outside the scale, the value
    ClaimReview consumers read as "not rated on the scale" (the scale never spans -1, see settings)."""
    rating: dict[str, Any] = {"@type": "Rating", "name": verdict.label, "alternateName": verdict.label}
    value = verdict.rating if verdict.rating is not None else LABEL_ONLY_RATING
    rating["ratingValue"] = value
    if scale is not None:
        rating.update(bestRating=scale[1], worstRating=scale[0])
    return rating


def claim_review(entry: ClaimEntry, catalog: Catalog, settings: Settings, urls: SiteUrls) -> dict[str, Any]:
    claim = entry.claim
    verdict = catalog.verdicts[claim.verdict]
    rating = rating_ld(verdict, verdict_scale(list(catalog.verdicts.values())))
    claimant: dict[str, Any] = {
        "@type": "Person" if claim.claimant.type == "person" else "Organization",
        "name": claim.claimant.name,
    }
    if claim.claimant.same_as:
        claimant["sameAs"] = (
            claim.claimant.same_as[0] if len(claim.claimant.same_as) == 1 else list(claim.claimant.same_as)
        )
    appearances: list[dict[str, Any]] = []
    said: list[tuple[str, int]] = []  # (when the claim was made there, index of the work)
    for appearance in claim.appearances:
        source = catalog.sources[appearance.source].source
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": source.url,
            "headline": source.title,
            "datePublished": source.published,
            "publisher": {"@type": "Organization", "name": source.publisher},
            "archivedAt": urls.record("source", source.id),
            "inLanguage": source.language,
        }
        if source.author:
            work["author"] = {"@type": "Person", "name": source.author}
        if work not in appearances:
            appearances.append(work)
        said.append((appearance.date.isoformat() if appearance.date else source.published, appearances.index(work)))
    # The earliest appearance; dates of different precision compare as ISO text ("2022-03" < "2022-03-02").
    first_date, first_index = min(said)
    language = claim.language or settings.language  # the claim as worded; our review is in the site's
    item = {
        "@type": "Claim",
        "author": claimant,
        "datePublished": first_date,
        "inLanguage": language,
        "appearance": appearances,
        "firstAppearance": appearances[first_index],
    }
    if claim.short:  # claimReviewed is the short form; the claim itself stays whole
        item["text"] = " ".join(claim.claim.split())
    review: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "url": urls.claim(claim.id),
        "claimReviewed": claim.claim_reviewed,
        "inLanguage": settings.language,
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "author": organisation_ld(settings, urls),
        "reviewRating": rating,
        "itemReviewed": item,
    }
    # the byline: the writer and the reviewer are people of the publisher (Person, as written)
    review["creator"] = {"@type": "Person", "name": claim.author}
    if claim.reviewer:
        review["editor"] = {"@type": "Person", "name": claim.reviewer}
    return review


def script_json(data: Any) -> str:
    """JSON for inside a <script> element: nothing in it can close the element or start a comment.

    ``<``, ``>`` and ``&`` only ever occur inside JSON strings, where the ``\\uXXXX`` escapes mean
    the same characters to a JSON parser; U+2028/2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


# -- validation -----------------------------------------------------------------------------------
def _date_ok(value: Any) -> bool:
    return isinstance(value, str) and is_partial_date(value)


def _url_ok(value: Any) -> bool:
    return isinstance(value, str) and _url_text_ok(value)


@functools.lru_cache(maxsize=4096)  # URLs repeat across thousands of claims
def _url_text_ok(value: str) -> bool:
    if is_plain_web_url(value):  # the common case, without urlsplit (each page URL is new)
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def claim_review_problems(data: dict[str, Any]) -> list[str]:
    """What keeps this ClaimReview from being complete and well-formed (Google's required and
    recommended properties, ISO 8601 dates, absolute http(s) URLs, a consistent rating)."""
    problems: list[str] = []

    def need(where: str, value: Any, check: Callable[[Any], bool], what: str) -> None:
        if value is None:
            problems.append(f"`{where}` is missing")
        elif not check(value):
            problems.append(f"`{where}` must be {what}, not {value!r}")

    need("url", data.get("url"), _url_ok, "an absolute http(s) URL")
    need("claimReviewed", data.get("claimReviewed"), _text_ok, "text")
    need("datePublished", data.get("datePublished"), _date_ok, "an ISO 8601 date")
    need("dateModified", data.get("dateModified"), _date_ok, "an ISO 8601 date")
    author = data.get("author") or {}
    need("author.name", author.get("name"), _text_ok, "text")
    need("author.url", author.get("url"), _url_ok, "an absolute http(s) URL")
    if "logo" in author:
        need("author.logo", author["logo"], _url_ok, "an absolute http(s) URL")
    rating = data.get("reviewRating") or {}
    need("reviewRating.alternateName", rating.get("alternateName"), _text_ok, "text")
    numbers: list[Any] = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
    if numbers[0] is None:
        problems.append("`reviewRating.ratingValue` is missing")
    elif numbers[0] == LABEL_ONLY_RATING and not isinstance(numbers[0], bool):
        pass  # a label-only verdict: outside the scale by design (rating_ld)
    elif any(n is not None for n in numbers):
        if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
            problems.append("`reviewRating` needs ratingValue, bestRating and worstRating as numbers together")
        else:
            value, best, worst = numbers
            if not worst < best:
                problems.append(
                    f"`reviewRating`: bestRating ({best}) must be greater than worstRating ({worst}); "
                    "give at least two verdicts of the scale different `rating` numbers"
                )
            elif not worst <= value <= best:
                problems.append(f"`reviewRating.ratingValue` {value} is outside {worst}–{best}")
    item = data.get("itemReviewed") or {}
    claimant = item.get("author") or {}
    need("itemReviewed.author.name", claimant.get("name"), _text_ok, "text")
    same_as = claimant.get("sameAs")
    for url in [same_as] if isinstance(same_as, str) else same_as or []:
        need("itemReviewed.author.sameAs", url, _url_ok, "an absolute http(s) URL")
    need("itemReviewed.datePublished", item.get("datePublished"), _date_ok, "an ISO 8601 date")
    works = list(item.get("appearance") or [])
    if not works or "firstAppearance" not in item:
        problems.append("`itemReviewed` needs `appearance` and `firstAppearance`")
    for work in works + ([item["firstAppearance"]] if "firstAppearance" in item else []):
        need("itemReviewed.appearance.url", work.get("url"), _url_ok, "an absolute http(s) URL")
        need("itemReviewed.appearance.datePublished", work.get("datePublished"), _date_ok, "an ISO 8601 date")
    return problems


def claim_reviews(
    catalog: Catalog, settings: Settings, urls: SiteUrls
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The ClaimReview of every claim, and a problem for each that would publish incomplete markup."""
    reviews: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for claim_id, entry in catalog.claims.items():
        review = reviews[claim_id] = claim_review(entry, catalog, settings, urls)
        problems += review_problems(entry, review)
    return reviews, problems


def review_problems(entry: ClaimEntry, review: dict[str, Any]) -> list[Problem]:
    return [
        Problem(
            entry.record_path,
            1,
            1,
            f"ClaimReview {message}",
            "check the verdict scale (`rating` numbers) and `organisation` in mkdocs.yml, "
            "and the record's dates and URLs",
        )
        for message in claim_review_problems(review)
    ]


def validation_urls(settings: Settings, config_file: Any) -> SiteUrls | list[Problem]:
    """The URLs for checking ClaimReview without an engine to ask (``factcheck validate``): pages
    are assumed at ``<site_url><folder>/<id>/``; the checks do not depend on the URL form. Without
    a usable ``site_url``, the problems saying so."""
    missing = [(m, "add `site_url:` to mkdocs.yml") for m in site_url_problems(settings)]
    missing += [
        (m, "give an absolute URL or the path of a page in docs_dir, e.g. methodology.md")
        for m in policy_problems(settings)
    ]
    if missing:
        return [Problem(str(config_file), 1, 1, message, hint) for message, hint in missing]
    base = base_url(settings.site_url or "")

    def page_url(path: str) -> str:
        stem = path.removesuffix(".md")
        return base + (stem.removesuffix("index") if stem.endswith("index") else stem + "/")

    return SiteUrls(base, page_url)
