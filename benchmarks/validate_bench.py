"""Time `factcheck validate` end to end on a synthetic site of 10,000 claims.

    .venv/bin/python benchmarks/validate_bench.py [--claims 10000] [--sources 100] [--runs 3] [--profile]

It writes the site into a temporary folder (mkdocs.yml, claims/, seeds/), runs the installed
`factcheck validate` as a user would (a subprocess) and prints the median wall time of each
scenario: a first run (`--no-cache`, one process per CPU), the same in one process (`--jobs 1`),
a second run with nothing changed (every outcome from the cache), and a run after one claim file
changed (a contributor's edit). With --profile it also runs the validation once under cProfile in
one process and prints the top entries. This is a measurement, not a test: the numbers go into
benchmarks/README.md ("Validation").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
site_name: Benchmark
site_url: https://example.github.io/bench/
docs_dir: site_src
plugins:
  - factcheck:
      verdicts:
        - {id: "true", label: "True", definition: Accurate., colour: "#1a7f37", rating: 5}
        - {id: half-true, label: Half true, definition: Partly accurate., colour: "#b08800", rating: 3}
        - {id: "false", label: "False", definition: Not accurate., colour: "#c62828", rating: 1}
"""

CLAIM = """\
# yaml-language-server: $schema=../schemas/claim.schema.json
id: claim-{n}
claim: "Speaker {speaker} said that figure {n} rose by {n} per cent in year {year}."
claimant:
  name: Speaker {speaker}
  role: Minister of things
appearances:
  - source: source-{s}
    quote: "Speaker {speaker} told reporters that figure {n} rose by {n} per cent."
    date: 2024-03-04
verdict: "{verdict}"
summary: "The figure rose by less: see [the source](source:source-{s}) and [another check](claim:claim-{other})."
analysis: |
  The official statistics for year {year} show a smaller rise.

  - First, the series was revised.
  - Second, the base year changed.
evidence:
  - source: source-{s}
    quote: "Official data put figure {n} at a rise of {half} per cent."
    stance: contradicts
    note: The statistics office's own number.
  - url: https://example.org/stats/{n}
    title: Statistics release {n}
    stance: context
topics: [Topic {topic}, Economy]
author: Fact-check desk
published: 2024-03-10
updated: 2024-03-12
corrections:
  - date: 2024-03-12
    kind: update
    note: Added the statistics release.
"""

SOURCE = """\
# yaml-language-server: $schema=../schemas/source.schema.json
id: source-{s}
text: source-{s}.txt
title: "Report number {s}"
publisher: The Example Times
url: https://example.org/report/{s}
published: 2024-03
language: en
"""


def make_site(root: Path, claims: int, sources: int) -> None:
    (root / "site_src").mkdir(parents=True)
    (root / "site_src" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "claims").mkdir()
    (root / "seeds").mkdir()
    texts: list[list[str]] = [[f"Report number {s}.\n"] for s in range(sources)]
    for n in range(claims):
        s = n % sources
        speaker = n % 97
        texts[s].append(
            f"Speaker {speaker} told reporters that figure {n} rose by {n} per cent. "
            f"Official data put figure {n} at a rise of {n // 2} per cent.\n"
        )
        (root / "claims" / f"claim-{n}.yml").write_text(
            CLAIM.format(
                n=n,
                s=s,
                speaker=speaker,
                year=2000 + n % 25,
                verdict=("true", "half-true", "false")[n % 3],
                other=(n + 1) % claims,
                half=n // 2,
                topic=n % 50,
            ),
            encoding="utf-8",
        )
    for s in range(sources):
        (root / "seeds" / f"source-{s}.txt").write_text("\n".join(texts[s]), encoding="utf-8")
        (root / "seeds" / f"source-{s}.yml").write_text(SOURCE.format(s=s), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one validation")
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    args = parser.parse_args()
    factcheck = Path(sys.executable).with_name("factcheck")
    command = [str(factcheck)] if factcheck.exists() else [sys.executable, "-m", "factcheck.cli"]
    work = args.keep or Path(tempfile.mkdtemp(prefix="factcheck-validate-bench-"))
    try:
        if not (work / "mkdocs.yml").exists():
            make_site(work, args.claims, args.sources)
        cache = work / ".bench-cache"
        # Python's compiled bytecode is kept, as on a user's machine (pip compiles an installed
        # package; an editable one is compiled on first use), but in the work folder, not in the
        # project: some machines set PYTHONDONTWRITEBYTECODE, which would compile every module at
        # every start (tens of milliseconds). One untimed run below writes it.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(FACTCHECK_CACHE_DIR=str(cache), PYTHONPYCACHEPREFIX=str(work / ".bench-pycache"))

        def timed(*options: str) -> tuple[float, str]:
            start = time.perf_counter()
            result = subprocess.run([*command, "validate", *options], cwd=work, capture_output=True, text=True, env=env)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
                raise SystemExit(1)
            return elapsed, result.stdout.strip().splitlines()[-1]

        edited = work / "claims" / "claim-0.yml"
        original = edited.read_text(encoding="utf-8")
        scenarios: dict[str, list[float]] = {
            "first run (--no-cache)": [],
            "first run, one process (--no-cache -j 1)": [],
            "nothing changed (cache)": [],
            "one claim changed (cache)": [],
        }
        timed("--no-cache")  # compiles the bytecode (see above)
        for run in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            scenarios["first run (--no-cache)"].append(timed("--no-cache")[0])
            scenarios["first run, one process (--no-cache -j 1)"].append(timed("--no-cache", "--jobs", "1")[0])
            timed()  # fills the cache
            scenarios["nothing changed (cache)"].append(timed()[0])
            edited.write_text(original.replace("per cent in year", f"per cent (run {run}) in year"), encoding="utf-8")
            elapsed, summary = timed()
            scenarios["one claim changed (cache)"].append(elapsed)
            edited.write_text(original, encoding="utf-8")
            print(f"run {run + 1}: " + ", ".join(f"{name} {times[-1]:.2f} s" for name, times in scenarios.items()))
        print(summary)
        print(f"medians of {args.runs} runs, {args.claims:,} claims and {args.sources:,} sources:")
        for name, times in scenarios.items():
            print(f"  {name:45} {statistics.median(times):6.2f} s")
        if args.profile:
            with open(work / "profile.txt", "w") as profile:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "cProfile",
                        "-s",
                        "cumulative",
                        "-m",
                        "factcheck.cli",
                        "validate",
                        "--no-cache",
                        "--jobs",
                        "1",
                    ],
                    cwd=work,
                    check=False,
                    stdout=profile,
                )
            print("".join((work / "profile.txt").read_text().splitlines(keepends=True)[:60]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
