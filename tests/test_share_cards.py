"""Share cards: a 1200×630 PNG per claim and one for the site, referenced by the Open Graph and
Twitter tags, drawn once per content (cached) and byte-identical from equal input."""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import yaml
from PIL import Image, features

from factcheck.core.outputs.card_drawing import Card, draw_card
from factcheck.core.outputs.cards import CardCache

from conftest import CLAIM_YML, ROOT, Site, page, run_cli

BASE = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]

COLOURS = {
    v["label"]: tuple(int(v["colour"][i : i + 2], 16) for i in (1, 3, 5))
    for v in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["factcheck"]["verdicts"]
}


def close(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(abs(x - y) <= 4 for x, y in zip(a, b, strict=True))


def image(path: Path) -> Image.Image:
    with Image.open(path) as opened:
        opened.load()
        return opened.convert("RGB")


def test_every_claim_page_shares_its_own_card(built_repo_site: Path) -> None:
    base = BASE
    claims = sorted(p.parent.name for p in (built_repo_site / "claims").glob("*/index.html"))
    assert len(claims) >= 10
    for claim_id in claims:
        html = page(built_repo_site, f"claims/{claim_id}/")
        meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in html.select("head meta[content]")}
        url = base + f"cards/claims/{claim_id}.png"
        assert meta["og:image"] == meta["twitter:image"] == url, claim_id
        assert meta["twitter:card"] == "summary_large_image"
        assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/png")
        verdict = meta["twitter:data1"]
        assert verdict in meta["og:image:alt"] and meta["og:image:alt"] == meta["twitter:image:alt"]
        card = image(built_repo_site / "cards" / "claims" / f"{claim_id}.png")
        assert card.size == (1200, 630)
        # the band is the verdict's colour (as on the page's badge), the body is white
        assert close(card.getpixel((4, 4)), COLOURS[verdict]), (claim_id, card.getpixel((4, 4)))
        assert close(card.getpixel((4, 300)), (255, 255, 255))


def test_other_pages_share_the_site_card(built_repo_site: Path) -> None:
    base = BASE
    for path in ("", "claims/", "about/", "sources/"):
        html = page(built_repo_site, path)
        assert html.select_one('meta[property="og:image"]')["content"] == base + "cards/site.png", path
        assert html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        assert html.select_one('meta[property="og:image:alt"]')["content"].startswith("Fact checks")
    assert image(built_repo_site / "cards" / "site.png").size == (1200, 630)


def test_the_description_is_plain_text_like_og_description(built_repo_site: Path) -> None:
    for html_file in (built_repo_site / "claims").glob("*/index.html"):
        html = page(built_repo_site, f"claims/{html_file.parent.name}/")
        description = html.select_one('meta[name="description"]')["content"]
        assert description == html.select_one('meta[property="og:description"]')["content"]
        assert "**" not in description and "](" not in description, html_file


def test_cards_are_byte_identical_across_builds_and_drawn_once(site: Site, tmp_path: Path) -> None:
    site.with_example()
    first = site.build()
    card = first / "cards" / "claims" / "bridge-cost.png"
    before = card.read_bytes()
    cached = {p.name: p.stat().st_mtime_ns for p in (Path(os.environ["FACTCHECK_CACHE_DIR"]) / "cards").iterdir()}
    again = site.build()
    assert (again / "cards" / "claims" / "bridge-cost.png").read_bytes() == before
    after = {p.name: p.stat().st_mtime_ns for p in (Path(os.environ["FACTCHECK_CACHE_DIR"]) / "cards").iterdir()}
    assert after == cached, "an unchanged claim is not drawn again"
    # without the cache, drawing gives the same bytes
    card_input = Card("Half true", "#b08800", "The bridge cost 12 million euros.", "— Jane Mayor", "Test checks")
    assert draw_card(card_input) == draw_card(card_input)
    fresh = CardCache(tmp_path / "fresh")
    assert fresh.card(card_input) == fresh.card(card_input) and fresh.drawn == 1
    # a changed verdict is a new card
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("verdict: half-true", 'verdict: "false"'))
    changed = site.build()
    assert (changed / "cards" / "claims" / "bridge-cost.png").read_bytes() != before


def test_right_to_left_cards_start_at_the_right(tmp_path: Path) -> None:
    assert features.check("raqm"), "Pillow without Raqm cannot shape Arabic: install libfribidi"
    text = "قال المتحدث إن الصين هي أكبر شريك تجاري لروسيا"
    rtl = image_of(draw_card(Card("خطأ", "#c62828", text, "— وزارة الخارجية", "تدقيق الحقائق", "rtl")))
    ltr = image_of(
        draw_card(
            Card("False", "#c62828", "China is Russia's biggest trade partner", "— Ministry", "Fact checks", "ltr")
        )
    )
    for card, start_right in ((rtl, True), (ltr, False)):
        body = card.crop((0, 200, 1200, 420)).convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
        assert body is not None
        left, right = body[0], 1200 - body[2]
        assert (right < left) == start_right, (left, right)


def test_a_raster_logo_is_drawn_and_svg_is_not(site: Site) -> None:
    site.with_example()
    logo = Image.new("RGB", (96, 96), (0, 0, 255))
    out = io.BytesIO()
    logo.save(out, format="PNG")
    site.write("site_src/assets/logo.png", out.getvalue())
    site.write_config(
        plugin_extra="organisation:\n  name: Desk\n  url: https://example.github.io/repo/\n"
        "  logo: https://example.github.io/repo/assets/logo.png\n"
    )
    built = site.build()
    card = image(built / "cards" / "claims" / "bridge-cost.png")
    assert (0, 0, 255) in {card.getpixel((x, y)) for x in range(60, 140, 4) for y in range(540, 600, 4)}


def test_share_cards_can_be_turned_off(site: Site) -> None:
    site.with_example()
    site.write_config(plugin_extra="share_cards: false\n")
    built = site.build()
    assert not (built / "cards").exists()
    assert page(built, "claims/bridge-cost/").select_one('meta[name="twitter:card"]')["content"] == "summary"


def image_of(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        return opened.convert("RGB")


DAY = 86400


def test_cache_prune_deletes_the_cards_no_build_uses_and_keeps_the_rest(site: Site, tmp_path: Path) -> None:
    """`factcheck cache prune`: each edit of a claim leaves its old card in the cache; the cards a
    build still uses are marked as used, the others go once unused for the given days."""
    cache = tmp_path / "cache"
    env = {"FACTCHECK_CACHE_DIR": str(cache)}
    cards = cache / "cards"
    site.with_example()
    with _environment(env):
        site.build()
        old = set(os.listdir(cards))
        site.write("claims/bridge-cost.yml", CLAIM_YML.replace("verdict: half-true", 'verdict: "false"'))
        built = site.build()
    stale = old - set(os.listdir(cards))
    assert not stale, "the old card stays in the cache after the edit"
    in_use = {_cache_name(cards, p.read_bytes()) for p in (built / "cards").rglob("*.png")}
    replaced = old - in_use
    assert len(replaced) == 1, "the edited claim's old card is no longer used"
    long_ago = time.time() - 40 * DAY
    for name in os.listdir(cards):
        os.utime(cards / name, (long_ago, long_ago))
    with _environment(env):
        site.build()  # uses (and so marks) every card it shows
    outside = tmp_path / "precious.png"
    outside.write_bytes(b"not a card")
    (cards / ("0" * 64 + ".png")).symlink_to(outside)  # a link named like a card: never followed or deleted
    (cards / "notes.txt").write_text("mine", encoding="utf-8")  # not a card: left alone
    os.utime(cards / "notes.txt", (long_ago, long_ago))

    dry = run_cli(site, "cache", "prune", "--dry-run", env=env, process=True)
    assert dry.returncode == 0, dry.stderr
    assert "would delete 1 share card(s) no build has used for 30 days" in dry.stdout, dry.stdout
    assert set(os.listdir(cards)) >= in_use | replaced

    done = run_cli(site, "cache", "prune", env=env, process=True)
    assert done.returncode == 0, done.stderr
    assert "deleted 1 share card(s)" in done.stdout and f"kept {len(in_use)} (" in done.stdout, done.stdout
    assert set(os.listdir(cards)) == in_use | {"0" * 64 + ".png", "notes.txt"}
    assert outside.read_bytes() == b"not a card"
    with _environment(env):
        again = site.build()  # every card still from the cache, byte for byte the same
    assert {_cache_name(cards, p.read_bytes()) for p in (again / "cards").rglob("*.png")} == in_use


def test_cache_prune_never_deletes_through_a_linked_cards_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    card = elsewhere / ("a" * 64 + ".png")
    card.write_bytes(b"png")
    os.utime(card, (0, 0))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cards").symlink_to(elsewhere)
    result = run_cli(tmp_path, "cache", "prune", env={"FACTCHECK_CACHE_DIR": str(tmp_path / "cache")}, process=True)
    assert result.returncode == 2
    assert "is a symbolic link" in result.stderr and "nothing was deleted" in result.stderr
    assert card.exists()
    bad = run_cli(tmp_path, "cache", "prune", "--older-than", "0", env={"FACTCHECK_CACHE_DIR": str(tmp_path)})
    assert bad.returncode == 2 and "expected a whole number of days, at least 1, not '0'" in bad.stderr


def _cache_name(cards: Path, data: bytes) -> str:
    names = [p.name for p in cards.iterdir() if p.is_file() and not p.is_symlink() and p.read_bytes() == data]
    assert len(names) == 1, names
    return names[0]


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
