"""What a bilingual site pays for planning every edition's pages (core.i18n.editions).

mkdocs-static-i18n builds the site once per language, and each of those builds works out every
edition's pages (plan_editions: plan_pages once per language, from the records) before it builds
its own edition (Catalog.in_edition). With L languages that is L x L page plans per `mkdocs build`.
This times both on synthetic records (benchmarks/synth.py): half the claims in English, every
fourth claim translated, for growing N, so a faster-than-linear growth shows as a rising
time per claim. Usage: python benchmarks/editions_bench.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from factcheck.core.checks.loader import load_catalog  # noqa: E402
from factcheck.core.i18n.editions import plan_editions  # noqa: E402
from factcheck.core.settings import settings_from_options  # noqa: E402
from synth import VERDICTS, generate  # noqa: E402

LANGUAGES = ["es", "en"]


def bilingual_records(root: Path, n_claims: int) -> None:
    """Synthetic records; odd claims in English, and every fourth claim's English twin names it."""
    generate(root, n_claims)
    for path in (root / "claims").glob("*.yml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        number = int(record["id"].split("-")[1])
        if number % 2:
            record["language"] = "en"
            if number % 4 == 1:
                record["translation_of"] = f"claim-{number - 1}"
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    print(
        f"{'claims':>7} {'load s':>7} {'plan_editions s':>16} {'in_edition s':>13} {'per build s':>12} {'ms/claim':>9}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            bilingual_records(root, n)
            (root / "site_src").mkdir()
            settings = settings_from_options(
                {"verdicts": VERDICTS}, root, site_url="https://example.org/bench/", language="es"
            )
            start = time.perf_counter()
            catalog, problems = load_catalog(settings)
            load = time.perf_counter() - start
            assert catalog is not None, [p.format() for p in problems]
            catalog = catalog.published()
            plan = best_of(5, lambda catalog=catalog: plan_editions(catalog, LANGUAGES, "es"))
            edition = best_of(5, lambda catalog=catalog: [catalog.in_edition(lang, "es") for lang in LANGUAGES])
            editions = plan_editions(catalog, LANGUAGES, "es")
            assert len(editions.versions) == 2 * len(range(1, n, 4)), len(editions.versions)
            # each language's build plans every edition, then keeps its own: L builds of this
            per_build = plan + edition / len(LANGUAGES)
            total = len(LANGUAGES) * per_build
            print(f"{n:>7} {load:>7.2f} {plan:>16.3f} {edition:>13.3f} {per_build:>12.3f} {1000 * total / n:>9.3f}")
    print(f"(total per `mkdocs build` = {len(LANGUAGES)} x per build; ms/claim is that total / claims)")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [250, 500, 1000, 2000, 4000])
