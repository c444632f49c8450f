"""Tags for a page's <head>: feed links on every page; Open Graph, Twitter card and ClaimReview
JSON-LD on claim pages.

The engine's theme outputs these strings unchanged (MkDocs' theme environment does not
autoescape), so every value is escaped here: attributes with ``markupsafe.escape``, the JSON-LD
with :func:`claimreview.script_json`.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from ..catalog import Catalog, ClaimEntry
from ..i18n import ENGLISH_ONLY, Messages
from ..settings import Settings
from ..site.plaintext import PlainText
from ..urls import FEED_CORRECTIONS, FEED_LATEST, SiteUrls
from .card_drawing import HEIGHT, WIDTH
from .claimreview import script_json


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


# ``rel="alternate feed"``, not ``rel="alternate"``: Material's language switcher reads every
# ``link[rel=alternate]`` (an exact attribute match) as another language's site and fetches
# ``sitemap.xml`` beside its address, here ``feeds/sitemap.xml``: a 404 on every page view.
# Autodiscovery (HTML: a link whose rel tokens include "alternate", with a feed type) still
# finds the feeds, and "feed" is a registered link type.
FEED_REL = "alternate feed"


def feed_links(urls: SiteUrls, site_name: str, messages: Messages = ENGLISH_ONLY) -> str:
    _ = messages.gettext
    return "\n".join(
        f'<link rel="{FEED_REL}" type="application/atom+xml" title="{escape(title)}" href="{escape(urls.file(path))}">'
        for path, title in (
            (FEED_LATEST, _("%(site)s: latest fact checks") % {"site": site_name}),
            (FEED_CORRECTIONS, _("%(site)s: corrections and updates") % {"site": site_name}),
        )
    )


def image_tags(image_url: str, alt: str) -> list[str]:
    """A share card (1200×630 PNG) as Open Graph and Twitter tags: the large-image preview."""
    return [
        _meta("property", "og:image", image_url),
        _meta("property", "og:image:type", "image/png"),
        _meta("property", "og:image:width", str(WIDTH)),
        _meta("property", "og:image:height", str(HEIGHT)),
        _meta("property", "og:image:alt", alt),
        _meta("name", "twitter:card", "summary_large_image"),
        _meta("name", "twitter:image", image_url),
        _meta("name", "twitter:image:alt", alt),
    ]


def claim_head(
    entry: ClaimEntry,
    catalog: Catalog,
    settings: Settings,
    urls: SiteUrls,
    plain: PlainText,
    review: dict[str, Any],
    site_name: str,
    card: tuple[str, str] | None = None,
    messages: Messages = ENGLISH_ONLY,
) -> str:
    """``card`` is the claim's share card (URL, alt text); without one, the logo is the image."""
    claim = entry.claim
    verdict = catalog.verdicts[claim.verdict]
    title = claim.title()
    description = messages.gettext("%(verdict)s: %(summary)s") % {
        "verdict": verdict.label,
        "summary": plain.one_line(claim.summary),
    }
    tags = [
        _meta("property", "og:type", "article"),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:title", title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", urls.claim(claim.id)),
        _meta("property", "article:published_time", claim.published.isoformat()),
        _meta("property", "article:modified_time", claim.modified.isoformat()),
        _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description),
        _meta("property", "og:locale", str(messages.locale)),
        _meta("name", "twitter:label1", messages.gettext("Verdict")),
        _meta("name", "twitter:data1", verdict.label),
    ]
    if card is not None:
        tags[5:5] = image_tags(*card)
    else:
        tags.insert(5, _meta("name", "twitter:card", "summary"))
        if settings.organisation.logo:
            tags.insert(5, _meta("property", "og:image", settings.organisation.logo))
    tags.append(f'<script type="application/ld+json">{script_json(review)}</script>')
    return "\n".join(tags)
