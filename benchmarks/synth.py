"""Synthetic fact-check projects for benchmarks: N claims, N/10 sources, and the equivalent
hand-written Markdown site for plain MkDocs.

Deterministic for a given N (seeded), so runs compare like with like.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

VERDICTS = [
    {"id": "true", "label": "True", "definition": "Accurate.", "colour": "#1a7f37", "rating": 5},
    {"id": "mostly-true", "label": "Mostly true", "definition": "Mostly accurate.", "colour": "#4d9221", "rating": 4},
    {"id": "half-true", "label": "Half true", "definition": "Partly accurate.", "colour": "#b08800", "rating": 3},
    {
        "id": "mostly-false",
        "label": "Mostly false",
        "definition": "Mostly inaccurate.",
        "colour": "#d4500f",
        "rating": 2,
    },
    {"id": "false", "label": "False", "definition": "Not accurate.", "colour": "#c62828", "rating": 1},
    {"id": "unproven", "label": "Unproven", "definition": "Cannot be established.", "colour": "#546e7a"},
]
WORDS = [
    "minister",
    "report",
    "budget",
    "growth",
    "rate",
    "percent",
    "council",
    "election",
    "vote",
    "school",
    "hospital",
    "bridge",
    "tax",
    "price",
    "energy",
    "water",
    "housing",
    "police",
    "court",
    "study",
    "survey",
    "figure",
    "official",
    "statement",
    "record",
    "year",
    "month",
    "week",
    "city",
    "region",
    "country",
    "agency",
    "company",
    "market",
    "export",
    "import",
    "border",
    "health",
]
SENTENCES_PER_SOURCE = 40
PLAIN_NAV = [
    {"Home": "index.md"},
    {"Fact checks": "claims/index.md"},
    {"Our ratings": "verdicts/index.md"},
    {"Who said it": "claimants/index.md"},
    {"Topics": "topics/index.md"},
    {"Sources": "sources/index.md"},
]


def sentence(rng: random.Random, source: int, index: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(14))
    return f"In item {index} of report {source} the {words} rose by {rng.randint(2, 99)} percent."


def generate(root: Path, n_claims: int, seed: int = 1) -> dict[str, list]:
    """Write claims/, seeds/ into ``root``; return the data needed for the plain-Markdown twin."""
    rng = random.Random(seed)
    n_sources = max(2, n_claims // 10)
    for folder in ("claims", "seeds"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir(parents=True)
    sources = []
    for s in range(n_sources):
        sentences = [sentence(rng, s, i) for i in range(SENTENCES_PER_SOURCE)]
        paragraphs = ["\n".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        text = f"Report {s}\n\n" + "\n\n".join(paragraphs) + "\n"
        meta = {
            "id": f"source-{s}",
            "text": f"source-{s}.txt",
            "title": f"Report number {s} on public figures",
            "publisher": f"Publisher {s % 25}",
            "url": f"https://news{s % 25}.example.org/report-{s}",
            "published": f"2024-{1 + s % 12:02d}-{1 + s % 28:02d}",
        }
        (root / "seeds" / meta["text"]).write_text(text, encoding="utf-8")
        (root / "seeds" / f"source-{s}.yml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        sources.append({"meta": meta, "sentences": sentences, "text": text})
    claims = []
    for c in range(n_claims):
        s = rng.randrange(n_sources)
        other = rng.randrange(n_sources)
        verdict = rng.choice(VERDICTS)["id"]
        quote = sources[s]["sentences"][c % SENTENCES_PER_SOURCE]
        evidence_quote = sources[other]["sentences"][(c * 7 + 3) % SENTENCES_PER_SOURCE]
        record = {
            "id": f"claim-{c}",
            "claim": f"Claim {c}: the {' '.join(rng.choice(WORDS) for _ in range(12))} doubled last year.",
            "short": f"Claim {c}: a figure doubled last year.",  # claimReviewed under 75 characters
            "claimant": {"name": f"Person {c % max(1, n_claims // 20)}", "role": "Official"},
            "appearances": [{"source": f"source-{s}", "quote": quote}],
            "verdict": verdict,
            "summary": f"The figure for claim {c} is {'not ' if c % 2 else ''}supported by the records.",
            "analysis": "\n\n".join(
                " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(4)
            ),
            "evidence": [
                {
                    "source": f"source-{other}",
                    "quote": evidence_quote,
                    "stance": rng.choice(["supports", "contradicts", "context"]),
                    "note": "The *official* record for the period.",
                },
                {"url": f"https://stats.example.org/table-{c}", "title": "Official statistics", "stance": "context"},
            ],
            "topics": [f"Topic {rng.randrange(50)}", f"Topic {rng.randrange(50)}"],
            "author": "Bench Desk",
            "published": f"2025-{1 + c % 12:02d}-{1 + c % 28:02d}",
        }
        if record["topics"][0] == record["topics"][1]:
            record["topics"].pop()
        (root / "claims" / f"claim-{c}.yml").write_text(
            yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        claims.append(record)
    return {"claims": claims, "sources": sources}


def write_factcheck_site(root: Path, n_claims: int, search: str = "material") -> None:
    """The records (generated once per folder) and an mkdocs.yml with the given search engine."""
    if not (root / "claims").exists():
        generate(root, n_claims)
    (root / "site_src").mkdir(exist_ok=True)
    (root / "site_src" / "index.md").write_text("# Home\n\n<!-- factcheck:latest -->\n", encoding="utf-8")
    config = {
        "site_name": "Bench",
        "site_url": "https://example.org/bench/",
        "docs_dir": "site_src",
        "theme": {"name": "material"},
        "plugins": ["search", {"factcheck": {"verdicts": VERDICTS, "search": search}}],
        # the plain twin's nav (and that of `factcheck init`'s mkdocs.yml): without one, MkDocs
        # makes a section of each folder, a nav twice as large on every page
        "nav": PLAIN_NAV,
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def write_plain_site(root: Path, n_claims: int) -> None:
    """The same pages written by hand as Markdown, for plain MkDocs: claim, source, index pages."""
    data = generate(root / "_records", n_claims)
    docs = root / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for folder in ("claims", "sources", "verdicts", "claimants", "topics"):
        (docs / folder).mkdir(parents=True)
    labels = {v["id"]: v["label"] for v in VERDICTS}
    by_verdict: dict[str, list[str]] = {v["id"]: [] for v in VERDICTS}
    by_person: dict[str, list[str]] = {}
    by_topic: dict[str, list[str]] = {}
    by_person_all: dict[str, list[str]] = {}
    for claim in data["claims"]:
        by_person_all.setdefault(claim["claimant"]["name"], []).append(
            f"- [{claim['claim']}](../claims/{claim['id']}.md) — {labels[claim['verdict']]}"
        )
    for claim in data["claims"]:
        cid = claim["id"]
        item = f"- [{claim['claim']}](../claims/{cid}.md) — {labels[claim['verdict']]}, {claim['claimant']['name']}"
        by_verdict[claim["verdict"]].append(item)
        by_person.setdefault(claim["claimant"]["name"], []).append(item)
        for topic in claim["topics"]:
            by_topic.setdefault(topic, []).append(item)
        app = claim["appearances"][0]
        ev = claim["evidence"]
        page = (
            f"# {claim['claim']}\n\n> {claim['claim']}\n\n"
            f"**Claimed by** {claim['claimant']['name']}, {claim['claimant']['role']}\n\n"
            f'**Where:** [{app["source"]}](../sources/{app["source"]}.md): "{app["quote"]}"\n\n'
            f"**Verdict:** [{labels[claim['verdict']]}](../verdicts/{claim['verdict']}.md)\n\n"
            f"{claim['summary']}\n\n## Analysis\n\n{claim['analysis']}\n\n## Evidence\n\n"
            f"1. {ev[0]['stance']}: > [{ev[0]['quote']}](../sources/{ev[0]['source']}.md) — {ev[0]['note']}\n"
            f"2. {ev[1]['stance']}: [{ev[1]['title']}]({ev[1]['url']})\n\n"
            f"## Corrections\n\nNo corrections.\n\n"
            f"Topics: {', '.join(claim['topics'])}. By {claim['author']}, published {claim['published']}.\n\n"
            f"## Related fact checks\n\n" + "\n".join(by_person_all[claim["claimant"]["name"]][:5]) + "\n"
        )
        (docs / "claims" / f"{cid}.md").write_text(page, encoding="utf-8")
    for source in data["sources"]:
        meta = source["meta"]
        body = source["text"].replace("\n", "  \n")
        (docs / "sources" / f"{meta['id']}.md").write_text(
            f"# {meta['title']}\n\n- Publisher: {meta['publisher']}\n- Published: {meta['published']}\n"
            f"- Original: <{meta['url']}>\n\n## Archived text\n\n{body}\n",
            encoding="utf-8",
        )
    for vid, items in by_verdict.items():
        (docs / "verdicts" / f"{vid}.md").write_text(f"# {labels[vid]}\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    for i, (name, items) in enumerate(by_person.items()):
        (docs / "claimants" / f"p{i}.md").write_text(f"# {name}\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    for i, (name, items) in enumerate(by_topic.items()):
        (docs / "topics" / f"t{i}.md").write_text(f"# {name}\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    all_items = [i for items in by_verdict.values() for i in items]
    (docs / "claims" / "index.md").write_text("# All fact checks\n\n" + "\n".join(all_items) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n" + "\n".join(all_items[:10]) + "\n", encoding="utf-8")
    (docs / "verdicts" / "index.md").write_text(
        "# Our ratings\n\n" + "\n".join(f"- [{v['label']}]({v['id']}.md): {v['definition']}" for v in VERDICTS) + "\n",
        encoding="utf-8",
    )
    (docs / "claimants" / "index.md").write_text(
        "# Who said it\n\n" + "\n".join(f"- [{name}](p{i}.md)" for i, name in enumerate(by_person)) + "\n",
        encoding="utf-8",
    )
    (docs / "topics" / "index.md").write_text(
        "# Topics\n\n" + "\n".join(f"- [{name}](t{i}.md)" for i, name in enumerate(by_topic)) + "\n", encoding="utf-8"
    )
    (docs / "sources" / "index.md").write_text(
        "# Sources\n\n" + "\n".join(f"- [{s['meta']['title']}]({s['meta']['id']}.md)" for s in data["sources"]) + "\n",
        encoding="utf-8",
    )
    config = {
        "site_name": "Bench",
        "site_url": "https://example.org/bench/",
        "docs_dir": "docs",
        "theme": {"name": "material"},
        "plugins": ["search"],
        "nav": PLAIN_NAV,
        "not_in_nav": "/claims/claim-*.md\n/sources/source-*.md\n/verdicts/*.md\n/claimants/p*.md\n/topics/t*.md\n",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
