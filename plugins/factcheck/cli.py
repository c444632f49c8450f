"""The ``factcheck`` command: check records without building the site.

It reads the plugin options from mkdocs.yml without importing MkDocs, so a pull-request check
runs in a fraction of the time of a site build.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .core.claimreview import publishing_problems
from .core.loader import load_catalog
from .core.problems import Problem, Severity, format_report
from .core.settings import SettingsError, settings_from_mkdocs_yml


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck", description="Fact-check records: validate and more.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path,
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every claim and source, report every problem")
    validate.add_argument("paths", nargs="*", type=Path,
                          help="only report problems in these files or folders (everything is still cross-checked)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors, like `mkdocs build --strict`")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return run_validate(args.config_file, args.paths, args.strict)
    return 2  # pragma: no cover


def run_validate(config_file: Path, paths: list[Path], strict: bool) -> int:
    try:
        settings = settings_from_mkdocs_yml(config_file)
    except FileNotFoundError:
        print(f"factcheck: {config_file} not found (use -f to name the site's mkdocs.yml)", file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"factcheck: invalid options in {config_file}:\n{exc}", file=sys.stderr)
        return 2
    _catalog, problems = load_catalog(settings)
    if _catalog is not None:
        problems += publishing_problems(_catalog, settings, config_file)
    if paths:
        wanted = [p.resolve() for p in paths]
        problems = [p for p in problems if _within(settings.root / p.path, wanted)]
    if problems:
        print(format_report(problems))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in problems:
                print(problem.github_annotation())
    failed = any(p.severity is Severity.ERROR or strict for p in problems)
    if not failed:
        print(f"factcheck: {len(_catalog.claims) if _catalog else 0} claims and "
              f"{len(_catalog.sources) if _catalog else 0} sources are valid")
    return 1 if failed else 0


def _within(path: Path, wanted: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == w or resolved.is_relative_to(w) for w in wanted)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
