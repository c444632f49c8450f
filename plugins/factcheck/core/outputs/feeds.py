"""Atom feeds (RFC 4287): the latest fact checks, and every correction or update.

Feed readers and aggregators poll these; every link is absolute and every date is RFC 3339.
The XML is built with ElementTree, so record text is always escaped, and Markdown fields are
reduced to plain text first (see :mod:`plaintext`).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..catalog import Catalog, ClaimEntry
from ..i18n import ENGLISH_ONLY, Messages
from ..settings import Settings
from ..site.corrections import KIND_LABELS, LoggedChange
from ..site.plaintext import PlainText
from ..urls import FEED_CORRECTIONS, FEED_LATEST, SiteUrls

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = dt.date(1970, 1, 1)


def rfc3339(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _feed(
    title: str,
    subtitle: str,
    path: str,
    updated: dt.date,
    settings: Settings,
    urls: SiteUrls,
    alternate: str,
    messages: Messages,
) -> ET.Element:
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": messages.language})
    _sub(feed, "id", urls.file(path))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "updated", rfc3339(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urls.file(path))
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    author = _sub(feed, "author")
    _sub(author, "name", settings.organisation.name)
    _sub(author, "uri", settings.organisation.url or urls.base)
    return feed


def _serialise(feed: ET.Element) -> bytes:
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def latest_feed(
    catalog: Catalog,
    settings: Settings,
    urls: SiteUrls,
    plain: PlainText,
    limit: int,
    site_name: str,
    alternate: str,
    messages: Messages = ENGLISH_ONLY,
) -> bytes:
    """The ``limit`` most recently published fact checks: claim, verdict, summary, link, dates."""
    entries: list[ClaimEntry] = list(catalog.claims.values())[:limit]
    updated = max((e.claim.modified for e in entries), default=EPOCH)
    _ = messages.gettext
    feed = _feed(
        _("%(site)s: latest fact checks") % {"site": site_name},
        _("The latest fact checks published by %(publisher)s.") % {"publisher": settings.organisation.name},
        FEED_LATEST,
        updated,
        settings,
        urls,
        alternate,
        messages,
    )
    for entry in entries:
        claim = entry.claim
        verdict = catalog.verdicts[claim.verdict]
        item = _sub(feed, "entry")
        _sub(item, "id", urls.claim(claim.id))
        _sub(item, "title", _("%(verdict)s: %(summary)s") % {"verdict": verdict.label, "summary": claim.title()})
        _sub(item, "link", rel="alternate", type="text/html", href=urls.claim(claim.id))
        _sub(item, "published", rfc3339(claim.published))
        _sub(item, "updated", rfc3339(claim.modified))
        _sub(item, "category", term=verdict.id, label=verdict.label, scheme=urls.record("verdict", verdict.id))
        said = (
            (_("Claim: %(claim)s") % {"claim": " ".join(claim.claim.split())} + " ") if claim.headline else ""
        )  # the title did not say it
        verdict_line = _("Verdict: %(verdict)s.") % {"verdict": verdict.label}
        _sub(item, "summary", f"{said}{verdict_line} {plain.one_line(claim.summary)}", type="text")
    return _serialise(feed)


def corrections_feed(
    catalog: Catalog,
    settings: Settings,
    urls: SiteUrls,
    plain: PlainText,
    changes: Iterable[LoggedChange],
    site_name: str,
    alternate: str,
    messages: Messages = ENGLISH_ONLY,
) -> bytes:
    """Every correction and update, newest first, each linking to its entry in its claim's log."""
    changes = list(changes)
    updated = changes[0].date if changes else catalog.modified or EPOCH
    _ = messages.gettext
    feed = _feed(
        _("%(site)s: corrections and updates") % {"site": site_name},
        _("Every correction and update to a fact check by %(publisher)s.") % {"publisher": settings.organisation.name},
        FEED_CORRECTIONS,
        updated,
        settings,
        urls,
        alternate,
        messages,
    )
    for change in changes:
        claim = catalog.claims[change.claim_id].claim
        item = _sub(feed, "entry")
        _sub(item, "id", urls.claim(claim.id, f"change-{change.key}"))  # the entry's own anchor on the page
        _sub(
            item,
            "title",
            _("%(verdict)s: %(summary)s") % {"verdict": _(KIND_LABELS[change.kind]), "summary": claim.title()},
        )
        _sub(item, "link", rel="alternate", type="text/html", href=urls.claim(claim.id, f"change-{change.key}"))
        _sub(item, "updated", rfc3339(change.date))
        _sub(item, "category", term=change.kind, label=_(KIND_LABELS[change.kind]))
        _sub(item, "summary", plain.one_line(change.note), type="text")
    return _serialise(feed)
