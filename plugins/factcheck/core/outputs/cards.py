"""Share cards of a site: one per claim and one for the site, drawn once and kept in the user's
cache folder (``card_drawing`` draws them, ``card_cache`` marks and prunes the cache).

Cards are kept under a digest of what they show and of the drawing code, so an unchanged claim
is not drawn again: 1,000 unchanged claims cost 1,000 file lookups.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..catalog import Catalog
from ..records.reading import read_regular_file
from .card_cache import cards_folder, mark_used
from .card_drawing import Card, card_digest, draw_card

SITE_CARD = "cards/site.png"
RASTER_LOGOS = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def claim_card_path(claim_id: str) -> str:
    return f"cards/claims/{claim_id}.png"


class CardCache:
    """Drawn cards by digest, in ``<cache folder>/cards``; unreadable or unwritable means no cache."""

    def __init__(self, location: Path | None = None) -> None:
        self.location = location if location is not None else cards_folder()
        self.drawn = 0  # cards drawn (not found in the cache) by this instance
        self._count = threading.Lock()

    def stored(self, card: Card) -> Path | None:
        """The cache file holding ``card`` (drawn first when missing); None when the cache
        cannot be written (then use :meth:`card`). A card already in the cache is not read:
        under ``mkdocs serve`` every rebuild asks for every card (10,000 PNGs at 10,000 claims)."""
        path = self.location / f"{card_digest(card)}.png"
        if not path.is_file():
            self.card(card)
        return path if path.is_file() else None

    def card(self, card: Card) -> bytes:
        path = self.location / f"{card_digest(card)}.png"
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = draw_card(card)
        with self._count:
            self.drawn += 1
        try:
            self.location.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.location, suffix=".tmp", delete=False) as handle:
                handle.write(data)
            os.replace(handle.name, path)
        except OSError:
            pass
        return data


@dataclass(frozen=True)
class ShareCards:
    """The cards of a site, by output path, with their alt texts; drawn through ``cache``."""

    cards: dict[str, Card]
    alt: dict[str, str]
    cache: CardCache

    def stored(self) -> dict[str, str | None]:
        """Every card's cache file (None where the cache cannot be written), drawn as needed: the
        missing ones on a few threads, the others looked up here (a thread per lookup would cost
        more than the lookup). Paths as strings: 10,000 of them on every rebuild under serve."""
        folder = os.path.join(str(self.cache.location), "")
        names = {path: f"{folder}{card_digest(card)}.png" for path, card in self.cards.items()}
        missing: list[str] = []
        now = time.time()
        for path, name in names.items():
            try:
                status: os.stat_result | None = os.stat(name)
            except OSError:
                status = None
            if status is None or not stat.S_ISREG(status.st_mode):
                missing.append(path)
            else:  # in use: kept by `factcheck cache prune` (see card_cache)
                mark_used(name, status.st_mtime, now)
        found: dict[str, str | None] = dict(names)
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            drawn = dict(zip(missing, pool.map(self.cache.stored, (self.cards[p] for p in missing)), strict=True))
        for path, file in drawn.items():  # (None: the cache could not be written)
            found[path] = str(file) if file is not None else None
        return found


def share_cards(
    catalog: Catalog, site_name: str, site_description: str, direction: str, logo: bytes | None, cache: CardCache
) -> ShareCards:
    """A card per claim (verdict, headline or claim, claimant) and the site's card."""
    cards: dict[str, Card] = {}
    alt: dict[str, str] = {}
    first = next(iter(catalog.verdicts.values()), None)
    cards[SITE_CARD] = Card(
        site_name, first.colour if first else "#37474f", site_description or site_name, "", site_name, direction, logo
    )
    alt[SITE_CARD] = site_name + (f": {site_description}" if site_description else "")
    for claim_id, entry in catalog.claims.items():
        claim = entry.claim
        verdict = catalog.verdicts[claim.verdict]
        text = " ".join((claim.headline or claim.claim).split())
        path = claim_card_path(claim_id)
        cards[path] = Card(verdict.label, verdict.colour, text, f"— {claim.claimant.name}", site_name, direction, logo)
        alt[path] = f"{site_name}: {verdict.label}. “{text}”, {claim.claimant.name}"
    return ShareCards(cards, alt, cache)


def site_logo(logo_url: str | None, site_url: str | None, docs_dir: Path) -> bytes | None:
    """The bytes of the organisation's logo when it is a raster file of this site (a URL under
    ``site_url`` naming a file in ``docs_dir``); None otherwise, and the card shows the name only.
    An SVG logo is not drawn (Pillow reads no SVG)."""
    if not logo_url or not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    if not logo_url.startswith(base):
        return None
    relative = unquote(urlsplit(logo_url[len(base) :]).path)
    if not relative.lower().endswith(RASTER_LOGOS) or ".." in relative.split("/") or relative.startswith("/"):
        return None
    return read_regular_file(docs_dir / relative)
