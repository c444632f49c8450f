"""Share cards: the 1200×630 PNG a link preview shows (Open Graph ``og:image``, Twitter's
``summary_large_image``), one per claim and one for the site.

A social network shows no SVG, so each claim gets a picture of its verdict: the label on its
colour, the claim (or its headline), who said it, and the site's name and raster logo. The text
is drawn with DejaVu Sans, shipped in ``fonts/`` (Latin, Greek, Cyrillic, Arabic, Hebrew), laid
out in the page's direction; with Pillow's Raqm layout (HarfBuzz + FriBiDi) Arabic is shaped and
mixed-direction text is ordered right.

Drawing is pure: equal input gives equal bytes (no time stamp in the PNG). Cards are kept in the
user's cache folder under a digest of their input, the drawing code, the fonts and Pillow, so an
unchanged claim is not drawn again: 1,000 unchanged claims cost 1,000 small file reads.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageDraw, ImageFont, features

from ..catalog import Catalog
from ..checks.cache import cache_folder
from ..records.reading import read_regular_file
from .card_cache import mark_used

WIDTH, HEIGHT = 1200, 630
SITE_CARD = "cards/site.png"
FONT_DIR = Path(__file__).parent / "fonts"
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
RASTER_LOGOS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_MARGIN = 72
_BAND = 168  # height of the verdict band
_INK, _MUTED, _PAPER = (20, 24, 28), (84, 92, 100), (255, 255, 255)


def claim_card_path(claim_id: str) -> str:
    return f"cards/claims/{claim_id}.png"


@dataclass(frozen=True)
class Card:
    """What a card shows. ``label`` on ``colour`` (``#rrggbb``) in the band; ``text`` large below."""

    label: str
    colour: str
    text: str
    byline: str  # "Claimant name", or the site's description on the site card
    site_name: str
    direction: str = "ltr"  # "ltr" | "rtl": the page's
    logo: bytes | None = None  # a raster image file's bytes


def layout_engine() -> str:
    """ "raqm" where Pillow has it (shaping, bidi), else "basic" (and the cache keeps them apart)."""
    return "raqm" if features.check("raqm") else "basic"


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if layout_engine() == "raqm" else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, layout_engine=engine)


@lru_cache(maxsize=1)
def drawing_version() -> str:
    """A digest of everything besides the input that decides a card's bytes."""
    digest = hashlib.sha256()
    for path in (Path(__file__), REGULAR, BOLD):
        digest.update(path.read_bytes())
    import PIL

    digest.update(f"{PIL.__version__}|{layout_engine()}|{features.version('raqm')}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1 << 16)  # a card's digest is asked for on every build, and every rebuild under serve
def card_digest(card: Card) -> str:
    fields = asdict(card)
    fields["logo"] = hashlib.sha256(card.logo).hexdigest() if card.logo else None
    data = json.dumps(fields, ensure_ascii=False, sort_keys=True) + drawing_version()
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White or near-black text, whichever contrasts more with the band (WCAG luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(background[0]) + 0.7152 * channel(background[1]) + 0.0722 * channel(background[2])
    return _PAPER if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else _INK


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, direction: str) -> list[str]:
    """Greedy word wrap in logical order; a word wider than the line is cut by characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate, direction=direction) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word, direction=direction) > width:
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut], direction=direction) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit(
    text: str, path: Path, sizes: tuple[int, ...], width: int, max_lines: int, direction: str
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which ``text`` fits ``max_lines`` lines; at the smallest, cut with "…"."""
    for size in sizes:
        font = _font(path, size)
        lines = _wrap(text, font, width, direction)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…", direction=direction) > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return font, lines


def _text(
    draw: ImageDraw.ImageDraw,
    y: int,
    line: str,
    font: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
    direction: str,
    x: int = _MARGIN,
) -> None:
    """One line at the start edge of the page's direction (right for right-to-left)."""
    if direction == "rtl":
        draw.text((WIDTH - x, y), line, font=font, fill=fill, anchor="ra", direction="rtl")
    else:
        draw.text((x, y), line, font=font, fill=fill, anchor="la", direction="ltr")


def _logo(data: bytes | None, height: int) -> Image.Image | None:
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            logo = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None  # not an image Pillow reads: the card shows the site's name only
    logo.thumbnail((height * 4, height), Image.Resampling.LANCZOS)
    return logo


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes; the same card always gives the same bytes."""
    rtl = card.direction == "rtl"
    direction = "rtl" if rtl else "ltr"
    colour = _rgb(card.colour)
    image = Image.new("RGB", (WIDTH, HEIGHT), _PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, _BAND), fill=colour)
    label_font, label = _fit(card.label, BOLD, (72, 60, 48), WIDTH - 2 * _MARGIN, 1, direction)
    _text(draw, int(_BAND - label_font.size) // 2 - 6, label[0], label_font, _on(colour), direction)

    width = WIDTH - 2 * _MARGIN
    font, lines = _fit(card.text, BOLD, (52, 46, 40, 34), width, 5, direction)
    y = _BAND + 40
    step = int(font.size * 1.25)
    for line in lines:
        _text(draw, y, line, font, _INK, direction)
        y += step
    if card.byline:
        by_font, by_lines = _fit(card.byline, REGULAR, (30, 26), width, 1, direction)
        _text(draw, y + 12, by_lines[0], by_font, _MUTED, direction)

    footer = HEIGHT - 40 - 36
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=colour)
    logo = _logo(card.logo, 48)
    x = _MARGIN
    if logo is not None:
        left = WIDTH - _MARGIN - logo.width if rtl else _MARGIN
        image.paste(logo, (left, footer - 8), logo)
        x += logo.width + 20
    name_font, name = _fit(card.site_name, BOLD, (32, 28), WIDTH - x - _MARGIN, 1, direction)
    _text(draw, footer, name[0], name_font, _INK, direction, x)

    # a card has few colours (the band's, ink, paper and their anti-aliased blends): an indexed
    # PNG is a third of the size and quicker to compress than an RGB one
    indexed = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, format="PNG", compress_level=6)
    return out.getvalue()


class CardCache:
    """Drawn cards by digest, in ``<cache folder>/cards``; unreadable or unwritable means no cache."""

    def __init__(self, location: Path | None = None) -> None:
        self.location = location if location is not None else cache_folder() / "cards"
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
                status = os.stat(name)
            except OSError:
                missing.append(path)
                continue
            if not stat.S_ISREG(status.st_mode):
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
