"""Search at scale, measured in a real browser: Material's search against Pagefind.

    .venv/bin/python benchmarks/search_bench.py 1000 10000

For each size it generates a synthetic archive (N claims, N/10 sources with ~3 KB archived texts),
builds it once with both engines (Material's `search` plugin and `search: pagefind`), serves it
on 127.0.0.1 under /REPO/ and, in Debian's Chromium, types a query the way a reader does:

- Material: open the home page, type into the header search box; the browser must first fetch
  search/search_index.json whole (our server does not compress; the gzipped size is reported too).
- Pagefind: open the claims index with Material's index blocked (as on a site without the
  `search` plugin), type into the Pagefind box.

Reported per engine: index size on disk, bytes fetched for the query (responses of the search
engine's own files), time from typing to the first result, and the build time.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import PREFIX, Server, launch_browser  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = int(os.environ.get("BENCH_TIMEOUT_MS", "600000"))
WORDS = [
    "report",
    "minister",
    "budget",
    "election",
    "border",
    "vaccine",
    "climate",
    "tax",
    "school",
    "bridge",
    "river",
    "harbour",
    "council",
    "survey",
    "poll",
    "inflation",
    "wages",
    "housing",
    "railway",
    "airport",
    "energy",
    "grid",
    "wind",
    "solar",
    "hospital",
    "police",
    "court",
    "ruling",
    "treaty",
    "summit",
    "export",
    "import",
    "tariff",
    "drought",
    "flood",
    "harvest",
]
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jana",
    "Kofi",
    "Lena",
    "Milo",
    "Nora",
    "Omar",
    "Pia",
]
LAST = [
    "Adams",
    "Brandt",
    "Costa",
    "Dimitrov",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
]


def generate(root: Path, claims: int, seed: int = 1) -> None:
    """A fact-check project with ``claims`` claims quoting ``claims // 10`` sources."""
    rng = random.Random(seed)
    shutil.copytree(ROOT / "site_src", root / "site_src")
    (root / "claims").mkdir()
    (root / "seeds").mkdir()
    sources = max(1, claims // 10)
    for s in range(sources):
        sentences = [
            f"Sentence {s}-{i}: the {rng.choice(WORDS)} {rng.choice(WORDS)} figure was "
            f"{rng.randint(1, 999)} {rng.choice(WORDS)}s in {2000 + i % 25}."
            for i in range(40)
        ]
        (root / "seeds" / f"s{s}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
        (root / "seeds" / f"source-{s}.yml").write_text(
            f"id: source-{s}\ntext: s{s}.txt\ntitle: Report number {s} on the {rng.choice(WORDS)}\n"
            f"publisher: Publisher {s % 37}\nurl: https://example.org/{s}\npublished: 2024-01-{1 + s % 28:02d}\n",
            encoding="utf-8",
        )
    verdicts = ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unproven"]
    for c in range(claims):
        s = c % sources
        quote = f"Sentence {s}-{c // sources % 40}:"
        other = f"Sentence {s}-{(c // sources + 1) % 40}:"
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        (root / "claims" / f"claim-{c}.yml").write_text(
            f"id: claim-{c}\nclaim: Claim {c} says the {words} rose sharply.\n"
            f"claimant:\n  name: {name}\n"
            f'appearances:\n  - source: source-{s}\n    quote: "{quote}"\n'
            f'verdict: "{verdicts[c % len(verdicts)]}"\n'
            f"summary: The figure for {words} did not rise as claimed; record {c} shows otherwise.\n"
            f"analysis: |\n  We compared the {words} with the published series. " + "Context sentence. " * 20 + "\n"
            f'evidence:\n  - source: source-{s}\n    quote: "{other}"\n    stance: contradicts\n'
            f"topics: [{rng.choice(WORDS).title()}, {rng.choice(WORDS).title()}]\n"
            f"author: Bench desk\npublished: 2025-{1 + c % 12:02d}-{1 + c % 28:02d}\n",
            encoding="utf-8",
        )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - factcheck:\n", "  - factcheck:\n      search: pagefind\n", 1)
    (root / "mkdocs.yml").write_text(config.replace("nav:\n", "nav:\n", 1), encoding="utf-8")


def build(root: Path) -> float:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    started = time.perf_counter()
    config = load_config(
        str(root / "mkdocs.yml"), strict=False, site_dir=str(root / "site"), site_url=f"http://127.0.0.1{PREFIX}"
    )
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    config.plugins.on_shutdown()
    return time.perf_counter() - started


def measure(browser, server: Server, engine: str, query: str) -> dict:
    """Open the page, wait until the engine can search, enter the query, wait for the first result.

    Bytes are everything the engine fetched from opening the page to the first result (Material:
    its whole index; Pagefind: engine, index metadata, index chunks and fragments, with its UI's
    script and stylesheet, cacheable page assets, counted apart as ui_bytes).
    """
    context = browser.new_context()
    page = context.new_page()
    fetched: dict[str, int] = {}

    def on_finished(request) -> None:
        url = request.url
        if (engine == "material" and "search_index.json" in url) or (engine == "pagefind" and "/pagefind/" in url):
            with contextlib.suppress(Exception):  # a response that went away: not counted
                fetched[url] = len(request.response().body())

    page.on("requestfinished", on_finished)
    started = time.perf_counter()
    if engine == "pagefind":
        page.route("**/search/search_index.json", lambda route: route.abort())
        page.goto(server.url("search/"), timeout=TIMEOUT_MS)
        box, first = page.locator("#fc-pagefind input"), page.locator(".pagefind-ui__result-link").first
        box.wait_for(timeout=TIMEOUT_MS)
    else:
        page.goto(server.url(""), timeout=TIMEOUT_MS)
        box, first = page.locator("input.md-search__input"), page.locator(".md-search-result__item a").first
        page.wait_for_function(
            "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=TIMEOUT_MS,
            polling=50,
        )
    ready = time.perf_counter() - started
    box.click()
    started = time.perf_counter()
    box.fill(query[:-1])
    box.press(query[-1])  # Material searches on key events: type the last character
    first.wait_for(timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(1000)  # let in-flight requests finish
    href = first.get_attribute("href")
    context.close()
    ui = sum(size for url, size in fetched.items() if "pagefind-ui" in url)
    return {
        "bytes": sum(fetched.values()) - ui,
        "ui_bytes": ui,
        "requests": len(fetched),
        "page_to_ready_s": round(ready, 2),
        "query_to_first_result_s": round(elapsed, 2),
        "first_href": href,
    }


def main(sizes: list[int]) -> None:
    playwright, browser = launch_browser()
    results = []
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"search-bench-{size}-"))
        generate(work, size)
        build_s = build(work)
        site = work / "site"
        index = site / "search" / "search_index.json"
        raw = index.read_bytes()
        pagefind_bytes = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
        server = Server(site)
        row = {
            "claims": size,
            "build_s (both engines)": round(build_s, 1),
            "material_index_bytes": len(raw),
            "material_index_gzip_bytes": len(gzip.compress(raw, 6)),
            "pagefind_bundle_bytes": pagefind_bytes,
            "claims_index_page_bytes": (site / "claims" / "index.html").stat().st_size,
        }
        # a claim's own words, as a reader would type them; three claims, each in a fresh browser context
        queries = []
        for n in (size // 2, size // 3, size // 4):
            claim = (work / "claims" / f"claim-{n}.yml").read_text(encoding="utf-8").split("\n")[1]
            queries.append((n, " ".join(claim.split()[1:7])))  # "Claim <n> says the <two words>"
        for engine in ("pagefind", "material"):
            runs = [
                measure(browser, server, engine, query) | {"expected": f"claims/claim-{n}/"} for n, query in queries
            ]
            row[engine] = {
                "bytes_median": statistics.median(r["bytes"] for r in runs),
                "ui_bytes": runs[0]["ui_bytes"],
                "page_to_ready_s_median": statistics.median(r["page_to_ready_s"] for r in runs),
                "query_to_first_result_s": [r["query_to_first_result_s"] for r in runs],
                "right_claim_first": sum(r["expected"] in r["first_href"] for r in runs),
            }
        row["queries"] = [q for _, q in queries]
        server.close()
        results.append(row)
        print(json.dumps(row), flush=True)
        shutil.rmtree(work, ignore_errors=True)
    browser.close()
    playwright.stop()


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000])
