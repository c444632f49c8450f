"""Running `factcheck` in this process for the archiving tests (trafilatura is imported once),
and a snapshot of a folder's files, to show that a failed command wrote nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.cli import main

from conftest import Site


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def factcheck(site: Site, capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    """`factcheck ARGS` run from the project's folder, as a contributor runs it."""
    capsys.readouterr()
    before = os.getcwd()
    os.chdir(site.root)
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    finally:
        os.chdir(before)
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes, and every link with its target."""
    return {
        path.relative_to(folder).as_posix(): b"-> " + str(path.readlink()).encode()
        if path.is_symlink()
        else path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() or path.is_symlink()
    }
