"""The ``factcheck`` command: check records without building the site, and help edit them.

It reads the plugin options from mkdocs.yml without importing MkDocs, so a pull-request check
runs in a fraction of the time of a site build. Each subcommand's logic lives in its own module:
``validate`` in core.checks.validation, ``new`` in core.authoring.scaffold, ``init`` in
core.authoring.starter, ``diff`` in core.review.diff (with core.review.gitrev at the git edge),
``schema`` in core.records.schema, ``check-site`` in core.outputs.sitecheck; this module only
parses arguments and prints.
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import Settings


def console() -> int:
    """The ``factcheck`` command, a process of its own that lives for a few seconds.

    It makes next to no cyclic garbage, so Python's cyclic collector would only rescan a growing
    heap: while pydantic builds its validators at import, while ten thousand records are read,
    and once more over everything at exit. That is a tenth of a validation's time, so the command
    runs without it (and what it leaves at exit is not scanned again). The modules are imported
    below, after this: a caller of :func:`main` keeps its collector.
    """
    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck", description="Fact-check records: validate and more.")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml (default: ./mkdocs.yml)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every claim and source, report every problem")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="only report problems in these files or folders (everything is still cross-checked)",
    )
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors, like `mkdocs build --strict`"
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="check in N processes (default: one per CPU from 1,000 claims up; 1: in this process only)",
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again, and do not remember the outcome for the next run",
    )
    new = commands.add_parser("new", help="write the skeleton of a new claim or source (never overwrites)")
    kinds = new.add_subparsers(dest="kind", required=True)
    new_claim = kinds.add_parser("claim", help="claims/<id>.yml, dated today")
    new_claim.add_argument("--id", help="the claim's id (default: a free id such as new-claim-2)")
    new_source = kinds.add_parser("source", help="archive a text: seeds/<id>.txt and its metadata seeds/<id>.yml")
    new_source.add_argument("--text", type=Path, required=True, help="the captured text (UTF-8), copied unchanged")
    new_source.add_argument("--id", help="the source's id (default: from the text's file name)")
    new_source.add_argument("--url", help="where it was originally published")
    archive = commands.add_parser(
        "archive",
        help="archive a source from a saved page, WARC, WACZ, PDF, text or URL "
        "(writes seeds/<id>.yml, .txt and originals/; never overwrites)",
    )
    archive.add_argument(
        "input", nargs="?", help="a .html/.htm, .warc, .warc.gz, .wacz, .pdf or .txt file, or an http(s) URL to fetch"
    )
    archive.add_argument("--id", help="the source's id (default: from its title)")
    archive.add_argument("--url", help="where it was originally published; for a WARC or WACZ, also picks its record")
    archive.add_argument(
        "--archive-url",
        action="append",
        default=[],
        dest="archive_urls",
        metavar="URL",
        help="a copy in a web archive (Wayback, archive.today, perma.cc); repeat for more",
    )
    for name, what in (
        ("title", "the title as published"),
        ("publisher", "who published it"),
        ("author", "the byline"),
        ("published", "the publication date, YYYY-MM-DD, YYYY-MM or YYYY"),
        ("language", "the text's language as a BCP 47 tag, e.g. fr (a PDF's: en)"),
    ):
        archive.add_argument(f"--{name}", help=f"{what} (default: from the page's metadata)")
    archive.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a URL (default: 30)")
    archive.add_argument(
        "--refresh",
        metavar="ID",
        help="re-extract source ID's text from its kept original "
        "and update its digests (changes only that source's files)",
    )
    archive.add_argument(
        "--digest", metavar="ID", help="record the digests of source ID's text and original as they are"
    )
    links = commands.add_parser("links", help="check every source and evidence URL for link rot (changes nothing)")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each answer (default: 10)")
    links.add_argument(
        "-j", "--jobs", type=_positive, default=8, metavar="N", help="hosts checked at a time (default: 8)"
    )
    links.add_argument(
        "--record",
        action="store_true",
        help="for each source whose original is gone (HTTP 404 or 410), ask to record `url_gone`",
    )
    links.add_argument("--yes", action="store_true", help="with --record: record without asking")
    diff = commands.add_parser("diff", help="Markdown summary of the record changes between two git revisions")
    diff.add_argument("base", help="the base revision, e.g. origin/main")
    diff.add_argument("head", nargs="?", help="the revision to compare (default: the working tree)")
    schema = commands.add_parser("schema", help="write the JSON Schemas of claim and source records")
    schema.add_argument("--out", type=Path, help="folder to write them into (default: schemas/ beside mkdocs.yml)")
    schema.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files are out of date")
    init = commands.add_parser("init", help="write a complete, working fact-check site into a new folder")
    init.add_argument("dir", type=Path, help="the folder to create (or an empty one); no file is ever overwritten")
    init.add_argument("--site-url", help="where the site will be published, e.g. https://ORG.github.io/REPO/")
    init.add_argument("--repo-url", help="the site's repository, e.g. https://github.com/ORG/REPO")
    init.add_argument("--language", default="en", help="the site's language code, e.g. en, fr, pt-BR (default: en)")
    messages = commands.add_parser(
        "messages", help="the message catalogues of our pages: untranslated messages, a new catalogue"
    )
    messages.add_argument(
        "--missing", metavar="LANG", help="list the messages the LANG catalogue lacks (exit 1 if any)"
    )
    messages.add_argument("--new", metavar="LANG", help="write a catalogue for LANG (.po) to translate; with --out")
    messages.add_argument("--out", type=Path, help="where --new writes the catalogue (never overwrites)")
    messages.add_argument(
        "--update",
        action="store_true",
        help="(developers) merge the messages the templates and code use into the shipped catalogues",
    )
    check_site = commands.add_parser("check-site", help="check that a built site has every page, feed and data file")
    check_site.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    check_site.add_argument("--config", type=Path, help="the site's mkdocs.yml (default: -f, i.e. ./mkdocs.yml)")
    cache = commands.add_parser("cache", help="the user's cache of share cards: `prune` deletes the unused ones")
    cache_actions = cache.add_subparsers(dest="action", required=True)
    prune = cache_actions.add_parser(
        "prune", help="delete the share cards no build has used for DAYS days (the cache grows with every edit)"
    )
    prune.add_argument(
        "--older-than", type=_days, default=30, metavar="DAYS", help="unused for this many days (default: 30)"
    )
    prune.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    args = parser.parse_args(argv)
    if args.command == "cache":
        return run_cache_prune(args.older_than, args.dry_run)
    if args.command == "schema":
        return run_schema(args.out or args.config_file.parent / "schemas", args.check)
    if args.command == "init":
        return run_init(args)
    if args.command == "messages":
        return run_messages(args)
    if args.command == "check-site":
        return run_check_site(args.site_dir, args.config or args.config_file)
    settings = _settings(args.config_file)
    if settings is None:
        return 2
    if args.command == "validate":
        return run_validate(settings, args.paths, args.strict, args.config_file, args.jobs, not args.no_cache)
    if args.command == "new":
        return run_new(settings, args)
    if args.command == "diff":
        return run_diff(settings, args.base, args.head)
    if args.command == "archive":
        return run_archive(settings, args, archive)
    if args.command == "links":
        return run_links(settings, args)
    return 2  # pragma: no cover


def _at_least_one(unit: str):
    """An argument type: a whole number of ``unit`` (processes, days), at least 1."""

    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"expected a whole number of {unit}, at least 1, not {text!r}")
        return int(text)

    return parse


_positive = _at_least_one("processes")
_days = _at_least_one("days")


def _settings(config_file: Path) -> Settings | None:
    from .core import SettingsError, settings_from_mkdocs_yml

    try:
        return settings_from_mkdocs_yml(config_file)
    except FileNotFoundError:
        print(f"factcheck: {config_file} not found (use -f to name the site's mkdocs.yml)", file=sys.stderr)
    except SettingsError as exc:
        print(f"factcheck: invalid options in {config_file}:\n{exc}", file=sys.stderr)
    return None


def run_validate(
    settings: Settings, paths: list[Path], strict: bool, config_file: Path, jobs: int | None, use_cache: bool
) -> int:
    from .core import Severity, format_report, validate

    report = validate(settings, config_file, jobs, use_cache)
    problems = report.problems
    if paths:
        wanted = [p.resolve() for p in paths]
        problems = [p for p in problems if _within(settings.root / p.path, wanted)]
    if problems:
        print(format_report(problems))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in problems:
                print(problem.github_annotation())
    failed = any(p.severity is Severity.ERROR or (strict and p.severity.counts) for p in problems)
    if not failed:
        from .core.archiving.tamper import digest_notes

        for note in digest_notes(settings):  # suggestions, on stderr: they never fail a validation
            print(note, file=sys.stderr)
        unchanged = f" ({report.unchanged} unchanged since the last validation)" if report.unchanged else ""
        print(f"factcheck: {report.claims} claims and {report.sources} sources are valid{unchanged}")
    return 1 if failed else 0


def _within(path: Path, wanted: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == w or resolved.is_relative_to(w) for w in wanted)


def run_new(settings: Settings, args: argparse.Namespace) -> int:
    from .core import ScaffoldError, log_safe, new_claim, new_source

    try:
        if args.kind == "claim":
            written = [new_claim(settings, args.id)]
        else:
            written = list(new_source(settings, args.text, args.id, args.url))
    except ScaffoldError as exc:
        print(f"factcheck: {log_safe(str(exc))}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {log_safe(os.path.relpath(path))}")
    print(f"fill in the TODOs, then run: factcheck validate {log_safe(os.path.relpath(written[0]))}")
    if args.kind == "claim":
        print("it is a draft (`status: draft`): `mkdocs serve` previews it; set `status: published` to publish it")
    return 0


def run_archive(settings: Settings, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .core.archiving.archiver import Request, add_digests, archive, refresh
    from .core.archiving.errors import ArchiveError

    chosen = [name for name in ("input", "refresh", "digest") if getattr(args, name)]
    if len(chosen) != 1:
        parser.error("give one of INPUT, --refresh ID or --digest ID")
    try:
        if args.refresh:
            written = refresh(settings, args.refresh)
        elif args.digest:
            written = add_digests(settings, args.digest)
        else:
            request = Request(
                args.input,
                args.id,
                args.url,
                args.archive_urls,
                args.title,
                args.publisher,
                args.author,
                args.published,
                args.language,
                args.timeout,
            )
            written = archive(settings, request)
    except ArchiveError as exc:
        print(f"factcheck: {exc.message}" + (f"\n    hint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {os.path.relpath(path)}")
    if not written:
        print("factcheck: nothing to change: the digests are recorded and match")
    elif args.input:
        print(f"check the metadata, then run: factcheck validate {os.path.relpath(written[0])}")
    return 0


def run_links(settings: Settings, args: argparse.Namespace) -> int:
    import datetime as dt

    from .core.archiving import links
    from .core.archiving.errors import ArchiveError
    from .core.archiving.gone import record_gone
    from .core.checks.cache import cache_folder
    from .core.problems import Severity, format_report

    places = links.collect(settings)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    results = links.check_all(list(places), args.timeout, args.jobs)
    problems = links.problems_of(results, places)
    if problems:
        print(format_report(problems))
    try:
        report = links.write_report(cache_folder(), settings.root, results, places, now)
        print(f"factcheck: checked {len(results)} links; report: {report}")
    except OSError as exc:
        print(f"factcheck: checked {len(results)} links; the report could not be written: {exc}", file=sys.stderr)
    if args.record:
        gone = [
            (place, result)
            for result in results.values()
            if result.gone
            for place in places[result.url]
            if place.source_id
        ]
        for place, result in gone:
            question = (
                f"{place.path}: {result.url} answered HTTP {result.status}. Record `url_gone: {now.date()}`? [y/N] "
            )
            if not args.yes:
                if not sys.stdin.isatty():
                    print(f"factcheck: {place.path} not changed: give --yes to record without asking", file=sys.stderr)
                    continue
                if input(question).strip().lower() not in ("y", "yes"):
                    continue
            assert place.source_id is not None  # `gone` holds only the places in a source record
            try:
                for path in record_gone(settings, place.source_id, now.date()):
                    print(f"wrote {os.path.relpath(path)}")
            except ArchiveError as exc:
                print(f"factcheck: {exc}", file=sys.stderr)
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0


def run_diff(settings: Settings, base: str, head: str | None) -> int:
    from .core import GitError, compare, log_safe, snapshots, to_markdown

    try:
        old, new = snapshots(settings, base, head)
    except GitError as exc:
        print(f"factcheck: {log_safe(str(exc))}", file=sys.stderr)
        return 2
    print(to_markdown(compare(old, new, base, head or "working tree")))
    return 0


def run_init(args: argparse.Namespace) -> int:
    from .core import InitError, Options, init_site, installed_requirement

    given = {key: value for key in ("site_url", "repo_url", "language") if (value := getattr(args, key)) is not None}
    try:
        written = init_site(args.dir, Options(**given))
    except InitError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 1
    shown = os.path.relpath(args.dir)
    print(f"factcheck: wrote a fact-check site of {len(written)} files into {shown}/")
    print("next:")
    print(f"  cd {shlex.quote(shown)}")
    print("  factcheck validate")
    print("  mkdocs serve")
    print("then fill in the TODOs of mkdocs.yml and site_src/, and replace the example claim and source.")
    note = installed_requirement().note
    if note:
        print(f"note: {note}")
    return 0


def run_messages(args: argparse.Namespace) -> int:
    """Untranslated messages per language, or a new catalogue to translate (README, Languages)."""
    from .core.i18n import shipped_languages
    from .core.i18n.extract import missing_messages, new_catalogue, update_catalogues

    if args.update:
        for language, missing in update_catalogues().items():
            print(f"{language}: {len(missing)} untranslated")
        return 0
    if args.new:
        if args.out is None:
            print("factcheck: messages --new needs --out FILE.po", file=sys.stderr)
            return 2
        if args.out.exists():
            print(f"factcheck: {args.out} exists; nothing was written", file=sys.stderr)
            return 1
        args.out.write_bytes(new_catalogue(args.new))
        print(
            f"factcheck: wrote {args.out}: translate each msgstr, then set `catalogue: {args.out}` "
            "under the factcheck plugin in mkdocs.yml"
        )
        return 0
    if args.missing:
        missing = missing_messages(args.missing)
        for message in missing:
            print(message)
        print(f"{args.missing}: {len(missing)} untranslated message(s)", file=sys.stderr)
        return 1 if missing else 0
    for language in shipped_languages():
        print(f"{language}: {len(missing_messages(language))} untranslated")
    return 0


def run_cache_prune(days: int, dry_run: bool) -> int:
    """`factcheck cache prune`: what it deleted (or would), and what the cache still holds."""
    from .core.outputs.card_cache import UnsafeCache, cards_folder, prune_cards

    folder = cards_folder()
    try:
        pruned = prune_cards(folder, days, dry_run=dry_run)
    except UnsafeCache as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    done = "would delete" if dry_run else "deleted"
    print(
        f"{folder}: {done} {pruned.removed:,} share card(s) no build has used for {days} days "
        f"({pruned.removed_bytes / 1e6:,.1f} MB); kept {pruned.kept:,} ({pruned.kept_bytes / 1e6:,.1f} MB)"
    )
    return 0


def run_check_site(site_dir: Path, config_file: Path) -> int:
    from .core import (
        expected_files,
        format_report,
        load_catalog,
        missing_files,
        plugin_options,
        read_mkdocs_yml,
        site_layout,
    )

    settings = _settings(config_file)
    if settings is None:
        return 2
    if not site_dir.is_dir():
        print(f"factcheck: {site_dir} is not a folder: build the site first (mkdocs build)", file=sys.stderr)
        return 2
    catalog, problems = load_catalog(settings)
    if catalog is None:
        print(format_report(problems), file=sys.stderr)
        print("factcheck: the records have errors: run `factcheck validate`", file=sys.stderr)
        return 2
    catalog = catalog.published()  # what `mkdocs build` publishes
    data = read_mkdocs_yml(config_file)
    directory_urls, search = site_layout(data, plugin_options(data) or {})
    expected = expected_files(catalog, directory_urls, search)
    missing = missing_files(site_dir, expected)
    for path in missing:
        print(f"missing: {(site_dir / path).as_posix()}")
    if missing:
        print(
            f"factcheck: {len(missing)} of the {len(expected)} files of the fact checks are missing from "
            f"{site_dir}: was it built by an engine that ignores the factcheck plugin? "
            "Build it with `mkdocs build` (MkDocs 1.6 or ProperDocs).",
            file=sys.stderr,
        )
        return 1
    print(
        f"factcheck: {site_dir} has all {len(expected)} files of the fact checks "
        f"({len(catalog.claims)} claims, {len(catalog.sources)} sources)"
    )
    return 0


def run_schema(folder: Path, check: bool) -> int:
    from .core import SCHEMAS, schema_file_name, schema_text

    stale = []
    for kind in SCHEMAS:
        path = folder / schema_file_name(kind)
        text = schema_text(kind)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if check and stale:
        for path in stale:
            print(f"factcheck: {path} is out of date: run `factcheck schema`", file=sys.stderr)
        return 1
    if not stale:
        print(f"factcheck: the schemas in {folder} are up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console())
