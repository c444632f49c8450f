"""Drawing a share card: the 1200×630 PNG a link preview shows (Open Graph ``og:image``,
Twitter's ``summary_large_image``).

A social network shows no SVG, so each claim gets a picture of its verdict: the label on its
colour, the claim (or its headline), who said it, and the site's name and raster logo. The text
is drawn with DejaVu Sans, shipped in ``fonts/`` (Latin, Greek, Cyrillic, Arabic, Hebrew), laid
out in the page's direction; with Pillow's Raqm layout (HarfBuzz + FriBiDi) Arabic is shaped and
mixed-direction text is ordered right.

Drawing is pure: equal input gives equal bytes (no time stamp in the PNG). A card is cached under
a digest of its input and of :func:`drawing_version`, which hashes this file whole, the fonts and
Pillow: any edit here changes every card's digest, and every site draws all its cards again (3
minutes of CPU at 10,000 claims). So this file holds the drawing and nothing else; which cards a
site has and the cache they are kept in are in ``cards`` and ``card_cache``.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).parent / "fonts"
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
_MARGIN = 72
_BAND = 168  # height of the verdict band
_INK, _MUTED, _PAPER = (20, 24, 28), (84, 92, 100), (255, 255, 255)


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
