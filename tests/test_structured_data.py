"""ClaimReview JSON-LD, Open Graph/Twitter meta, canonical links and the sitemap, as built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from factcheck.core.checks.quotes import normalize

from conftest import CLAIM_YML, ROOT, Site, page, run_cli, soup
from schemaorg import VOCABULARY, is_date, is_url, vocabulary_path

CLAIM_IDS = sorted(p.stem for p in (ROOT / "claims").glob("*.yml"))
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
OPTIONS = next(p["factcheck"] for p in CONFIG["plugins"] if isinstance(p, dict) and "factcheck" in p)
SITE_URL = CONFIG["site_url"]


def json_ld(html) -> list[dict]:
    return [json.loads(script.string) for script in html.select('script[type="application/ld+json"]')]


def google_problems(review: dict) -> list[str]:
    """Google's required and recommended ClaimReview properties (developers.google.com/search/docs/
    appearance/structured-data/factcheck), written out independently of the plugin's own check."""
    problems = []
    for key in ("claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"):
        if not review.get(key):
            problems.append(f"missing {key}")
    rating = review.get("reviewRating", {})
    if not rating.get("alternateName"):
        problems.append("missing reviewRating.alternateName")
    if "ratingValue" in rating and rating["ratingValue"] != -1:  # -1: a label-only verdict, off the scale (README)
        if not rating.get("worstRating", 0) <= rating["ratingValue"] <= rating.get("bestRating", -1):
            problems.append("ratingValue outside worstRating..bestRating")
        if not rating["worstRating"] < rating["bestRating"]:
            problems.append("bestRating must exceed worstRating")
    if not (review.get("author", {}).get("name") and is_url(review.get("author", {}).get("url", ""))):
        problems.append("author needs name and url")
    item = review.get("itemReviewed", {})
    if item.get("@type") != "Claim":
        problems.append("itemReviewed must be a Claim")
    if not item.get("author", {}).get("name"):
        problems.append("missing itemReviewed.author.name")
    if not (item.get("appearance") or item.get("firstAppearance")):
        problems.append("missing itemReviewed.appearance/firstAppearance")
    for key in ("datePublished", "dateModified"):
        if key in review and not is_date(review[key]):
            problems.append(f"{key} {review[key]!r} is not an ISO 8601 date")
    if not is_date(item.get("datePublished", "")):
        problems.append("itemReviewed.datePublished is not an ISO 8601 date")
    if not is_url(review.get("url", "")):
        problems.append("url is not absolute")
    return problems


# Required properties as Adobe's structured-data validator applies them (the rules of Google's
# retired Structured Data Testing Tool): a Rating needs ratingValue, every Thing here a name.
ADOBE_REQUIRED = {
    "ClaimReview": ("claimReviewed", "reviewRating", "itemReviewed", "author", "url", "datePublished"),
    "Rating": ("ratingValue",),
    "Organization": ("name",),
    "Person": ("name",),
    "Claim": ("author", "appearance"),
    "CreativeWork": ("url",),
}


def adobe_problems(data, where: str = "") -> list[str]:
    problems = []
    if isinstance(data, dict):
        for key in ADOBE_REQUIRED.get(data.get("@type", ""), ()):
            if data.get(key) in (None, "", []):
                problems.append(f"{where or data['@type']}: {key} missing")
        for key, value in data.items():
            problems += adobe_problems(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for item in data:
            problems += adobe_problems(item, where)
    return problems


def record(claim_id: str) -> dict:
    return yaml.safe_load((ROOT / "claims" / f"{claim_id}.yml").read_text(encoding="utf-8"))


def site_file(site_dir: Path, url: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path) :]
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or path == "" else target


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_each_claim_page_has_one_claimreview_matching_its_record(built_repo_site: Path, claim_id: str) -> None:
    html = page(built_repo_site, f"claims/{claim_id}/")
    blocks = json_ld(html)
    assert len(blocks) == 1, "exactly one JSON-LD block"
    review = blocks[0]
    data = record(claim_id)
    assert review["@type"] == "ClaimReview"
    assert google_problems(review) == []
    assert adobe_problems(review) == []
    canonical = html.select('link[rel="canonical"]')
    assert len(canonical) == 1 and review["url"] == canonical[0]["href"] == f"{SITE_URL}claims/{claim_id}/"
    assert review["claimReviewed"] == (data.get("short") or " ".join(data["claim"].split()))
    assert len(review["claimReviewed"]) <= 75, "Google: claimReviewed under 75 characters"
    if "short" in data:
        assert normalize(review["itemReviewed"]["text"]) == normalize(data["claim"]), "the whole claim is kept"
    assert review["creator"] == {"@type": "Person", "name": data["author"]}
    assert review.get("editor") == ({"@type": "Person", "name": data["reviewer"]} if data.get("reviewer") else None)
    assert review["datePublished"] == str(data["published"])
    assert review["dateModified"] == str(data.get("updated") or data["published"])
    organisation = OPTIONS["organisation"]
    assert review["author"] == {
        "@type": "Organization",
        "name": organisation["name"],
        "url": organisation["url"],
        "logo": organisation["logo"],
        "publishingPrinciples": f"{SITE_URL}methodology/",
        "correctionsPolicy": f"{SITE_URL}corrections-policy/",
    }
    assert site_file(built_repo_site, review["author"]["correctionsPolicy"]).is_file()
    assert site_file(built_repo_site, organisation["logo"]).is_file()
    verdict = next(v for v in OPTIONS["verdicts"] if v["id"] == str(data["verdict"]).lower())
    rating = review["reviewRating"]
    assert rating["alternateName"] == rating["name"] == verdict["label"]
    numbers = [int(v["rating"]) for v in OPTIONS["verdicts"] if "rating" in v]
    value = int(verdict["rating"]) if "rating" in verdict else -1  # label-only: off the scale
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (value, min(numbers), max(numbers))
    item = review["itemReviewed"]
    assert item["author"]["name"] == data["claimant"]["name"]
    same_as = data["claimant"].get("same_as")
    if same_as:
        assert item["author"]["sameAs"] in (same_as, same_as[0])
    sources = {
        s: yaml.safe_load((ROOT / "seeds" / f"{s}.yml").read_text(encoding="utf-8"))
        for s in {a["source"] for a in data["appearances"]}
    }
    assert {w["url"] for w in item["appearance"]} == {s["url"] for s in sources.values()}
    said = sorted(
        (str(a.get("date") or sources[a["source"]]["published"]), i) for i, a in enumerate(data["appearances"])
    )
    assert item["datePublished"] == said[0][0]
    assert item["firstAppearance"]["url"] == sources[data["appearances"][said[0][1]]["source"]]["url"]
    for work in item["appearance"]:
        source = next(s for s in sources.values() if s["url"] == work["url"])
        assert work["datePublished"] == str(source["published"]) and work["headline"] == source["title"]
        assert site_file(built_repo_site, work["archivedAt"]).is_file()


def test_the_data_feed_passes_both_validators_too(built_repo_site: Path) -> None:
    """The DataFeed is what aggregators ingest without reading the pages: the same rules apply."""
    feed = json.loads((built_repo_site / "data" / "claimreview-feed.json").read_text(encoding="utf-8"))
    problems = []
    for review in feed["dataFeedElement"]:
        problems += [f"{review['url']}: {p}" for p in google_problems(review) + adobe_problems(review)]
    assert len(feed["dataFeedElement"]) == len(CLAIM_IDS) and not problems, "\n".join(problems)


def test_the_google_and_adobe_checks_catch_mistakes(built_repo_site: Path) -> None:
    """Both checkers must fail on what each validator reports, on a numeric and a label-only rating
    as built; a label-only verdict is -1 because leaving the number out is an Adobe error."""
    reviews = {
        claim_id: json_ld(page(built_repo_site, f"claims/{claim_id}/"))[0]
        for claim_id in ("putin-xi-met-37-times", "chinese-officials-had-direct-knowledge-of-invasion-plans")
    }
    numeric, label_only = reviews.values()
    assert numeric["reviewRating"]["ratingValue"] > 0 and label_only["reviewRating"]["ratingValue"] == -1
    for review in (numeric, label_only):
        assert google_problems(review) == adobe_problems(review) == []
        rating = review["reviewRating"]
        unrated = {k: v for k, v in rating.items() if k != "ratingValue"}
        assert adobe_problems({**review, "reviewRating": unrated}) == ["reviewRating: ratingValue missing"]
        unnamed = {k: v for k, v in rating.items() if k != "alternateName"}
        assert "missing reviewRating.alternateName" in google_problems({**review, "reviewRating": unnamed})
        for value in (rating["bestRating"] + 1, rating["worstRating"] - 1 if rating["worstRating"] != 0 else -2):
            off_scale = {**rating, "ratingValue": value}
            assert "ratingValue outside worstRating..bestRating" in google_problems(
                {**review, "reviewRating": off_scale}
            )
        for date in ("March 2022", "2022-3", "2022-02-30"):
            item = {**review["itemReviewed"], "datePublished": date}
            assert "itemReviewed.datePublished is not an ISO 8601 date" in google_problems(
                {**review, "itemReviewed": item}
            )
        assert google_problems({**review, "itemReviewed": {**review["itemReviewed"], "datePublished": "2022-03"}}) == []


@pytest.mark.skipif(vocabulary_path() is None, reason="schema.org vocabulary not found (set SCHEMAORG_VOCABULARY)")
def test_every_claimreview_fits_the_schemaorg_vocabulary(built_repo_site: Path) -> None:
    vocabulary = VOCABULARY.vocabulary
    problems = []
    for claim_id in CLAIM_IDS:
        for block in json_ld(page(built_repo_site, f"claims/{claim_id}/")):
            problems += [f"{claim_id}: {p}" for p in vocabulary.check(block)]
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(vocabulary_path() is None, reason="schema.org vocabulary not found (set SCHEMAORG_VOCABULARY)")
def test_the_vocabulary_check_catches_mistakes() -> None:
    """The checker itself must fail on a wrong property, type, date or URL."""
    vocabulary = VOCABULARY.vocabulary
    good = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://example.org/c/",
        "claimReviewed": "x",
        "datePublished": "2024-03-10",
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A", "sameAs": "https://a.org"},
            "appearance": [{"@type": "CreativeWork", "url": "https://example.org/a"}],
        },
    }
    assert vocabulary.check(good) == []
    for broken in (
        {**good, "claimReveiwed": "x"},
        {**good, "@type": "ClaimReviw"},
        {**good, "datePublished": "2024-02-30"},
        {**good, "url": "claims/x/"},
        {**good, "reviewRating": {"@type": "Person", "name": "x"}},
        {**good, "itemReviewed": {**good["itemReviewed"], "appearance": "https://example.org/a"}},
        {**good, "author": {"@type": "Organization", "logo": 3}},
    ):
        assert vocabulary.check(broken), broken


def test_non_claim_pages_carry_no_claimreview_and_every_page_one_canonical(built_repo_site: Path) -> None:
    for html_file in built_repo_site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        html = soup(html_file)
        relative = html_file.relative_to(built_repo_site)
        blocks = json_ld(html)
        if relative.parts[0] == "claims" and len(relative.parts) == 3:
            assert len(blocks) == 1
        else:
            assert blocks == [], relative
        canonical = html.select('link[rel="canonical"]')
        assert len(canonical) == 1, relative
        assert site_file(built_repo_site, canonical[0]["href"]) == html_file


@pytest.mark.parametrize("claim_id", CLAIM_IDS[:2] + ["putin-xi-met-37-times"])  # with and without a headline
def test_claim_pages_have_open_graph_and_twitter_cards(built_repo_site: Path, claim_id: str) -> None:
    html = page(built_repo_site, f"claims/{claim_id}/")
    data = record(claim_id)
    verdict = next(v for v in OPTIONS["verdicts"] if v["id"] == str(data["verdict"]).lower())

    def meta(attribute: str, name: str) -> str:
        found = html.select(f'meta[{attribute}="{name}"]')
        assert len(found) == 1, name
        return found[0]["content"]

    assert meta("property", "og:type") == "article"
    assert normalize(meta("property", "og:title")) == normalize(data.get("headline") or data["claim"])
    assert meta("name", "twitter:title") == meta("property", "og:title")
    assert meta("property", "og:url") == f"{SITE_URL}claims/{claim_id}/"
    description = meta("property", "og:description")
    assert description.startswith(verdict["label"] + ": ")
    assert "**" not in description and "<" not in description
    assert meta("name", "twitter:card") == "summary_large_image"  # the claim's share card
    assert meta("property", "og:image") == meta("name", "twitter:image") == f"{SITE_URL}cards/claims/{claim_id}.png"
    assert meta("name", "twitter:description") == description
    # the page's description is the same plain text (the summary's Markdown rendered to text)
    assert html.select_one('meta[name="description"]')["content"] == description
    assert (meta("name", "twitter:label1"), meta("name", "twitter:data1")) == ("Verdict", verdict["label"])


def test_sitemap_lists_every_page_with_its_last_change(built_repo_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(built_repo_site / "sitemap.xml").getroot()
    listed = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in root.findall("s:url", ns)}
    pages = {site_file(built_repo_site, url) for url in listed}
    built = {p for p in built_repo_site.rglob("index.html") if "assets" not in p.parts}
    assert pages == built
    assert all(is_date(d) for d in listed.values())
    for claim_id in CLAIM_IDS:
        data = record(claim_id)
        assert listed[f"{SITE_URL}claims/{claim_id}/"] == str(data.get("updated") or data["published"])
    newest = max(str(record(c).get("updated") or record(c)["published"]) for c in CLAIM_IDS)
    assert listed[f"{SITE_URL}claims/"] == newest


def test_record_text_cannot_close_the_script_element(site: Site) -> None:
    hostile = "Ends here </script><script>alert(1)</script> <!-- & \u2028 next"
    written = hostile.replace("\u2028", "\\u2028")  # a raw U+2028 is refused in a record file; escaped, it is text
    site.with_example().write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace("claim: The bridge cost 12 million euros.", f'claim: "{written}"').replace(
            "name: Jane Mayor", 'name: "Jane </SCRIPT> Mayor"'
        ),
    )
    site_dir = site.build()
    text = (site_dir / "claims" / "bridge-cost" / "index.html").read_text(encoding="utf-8")
    html = soup(site_dir / "claims" / "bridge-cost" / "index.html")
    raw = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw and ">" not in raw and "\u2028" not in raw
    assert json.loads(raw)["claimReviewed"] == " ".join(hostile.split())
    blocks = json_ld(html)
    assert len(blocks) == 1
    assert blocks[0]["claimReviewed"] == " ".join(hostile.split())
    assert blocks[0]["itemReviewed"]["author"]["name"] == "Jane </SCRIPT> Mayor"
    assert not [
        s for s in html.select("script") if "alert(1)" in (s.string or "") and s.get("type") != "application/ld+json"
    ]
    assert html.select_one('meta[property="og:title"]')["content"] == " ".join(hostile.split())


def test_a_scale_that_cannot_rate_is_a_build_error(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    """One numbered verdict gives bestRating == worstRating: invalid ClaimReview, so no site."""
    site.with_example()
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("rating: 5", "").replace("rating: 1", "").replace(", }", "}")
    (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    message = str(raised.value) + caplog.text
    assert (
        "claims/bridge-cost.yml:1:1: error: ClaimReview `reviewRating`: "
        "bestRating (3) must be greater than worstRating (3)"
    ) in message
    assert "hint: check the verdict scale" in message
    assert not (site.root / "site" / "claims").exists()
    result = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "validate"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
    )
    assert result.returncode == 1
    assert "claims/bridge-cost.yml:1:1: error: ClaimReview `reviewRating`: bestRating (3)" in result.stdout


def test_a_site_without_site_url_is_a_build_error(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.with_example()
    config = (
        (site.root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("site_url: https://example.github.io/repo/\n", "")
    )
    (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    assert "`site_url` is not set in mkdocs.yml" in str(raised.value) + caplog.text


def test_claimant_same_as_and_updated_date_reach_the_markup_and_sitemap(site: Site) -> None:
    site.with_example().write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace(
            "  role: Mayor of Example\n", "  role: Mayor of Example\n  same_as: [https://example.org/mayor]\n"
        ).replace(
            "published: 2024-03-10\n",
            "published: 2024-03-10\nupdated: 2024-04-02\ncorrections:\n"
            "  - {date: 2024-04-02, kind: update, note: Added the council's answer.}\n",
        ),
    )
    site_dir = site.build()
    review = json_ld(soup(site_dir / "claims" / "bridge-cost" / "index.html"))[0]
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Jane Mayor",
        "sameAs": "https://example.org/mayor",
    }
    assert (review["datePublished"], review["dateModified"]) == ("2024-03-10", "2024-04-02")
    assert review["itemReviewed"]["datePublished"] == "2024-03-04"  # the source's date: no appearance date given
    assert review["author"] == {
        "@type": "Organization",
        "name": "Fact-check desk",
        "url": "https://example.github.io/repo/",
    }
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    claim_entry = (
        "<loc>https://example.github.io/repo/claims/bridge-cost/</loc>\n" + " " * 9 + "<lastmod>2024-04-02</lastmod>"
    )
    assert claim_entry in sitemap


def test_label_only_verdicts_and_policy_pages_are_checked(site: Site) -> None:
    from factcheck.core.settings import SettingsError, settings_from_options

    verdicts = [
        {"id": "bad", "label": "Bad", "definition": "x", "colour": "#000000", "rating": -2},
        {"id": "good", "label": "Good", "definition": "x", "colour": "#000000", "rating": 2},
        {"id": "unproven", "label": "Unproven", "definition": "x", "colour": "#000000"},
    ]
    with pytest.raises(SettingsError, match="span -1"):
        settings_from_options({"verdicts": verdicts}, site.root)
    site.with_example()
    site.write_config(plugin_extra="organisation: {corrections_policy: no-such-page.md}\n")
    result = run_cli(site, "validate")
    assert result.returncode == 1
    assert "`organisation.corrections_policy`: 'no-such-page.md' is not a page of the site" in result.stdout
    site.write("site_src/policies/fixes.md", "# How we correct\n")
    site.write_config(plugin_extra="organisation: {corrections_policy: policies/fixes.md}\n")
    site.write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace("verdict: half-true", "verdict: unproven") + "reviewer: Sam Editor\n",
    )
    review = json_ld(page(site.build(), "claims/bridge-cost/"))[0]
    assert review["author"]["correctionsPolicy"] == "https://example.github.io/repo/policies/fixes/"
    assert "publishingPrinciples" not in review["author"], "no methodology page, none named"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "name": "Unproven",
        "alternateName": "Unproven",
        "ratingValue": -1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["editor"] == {"@type": "Person", "name": "Sam Editor"}
