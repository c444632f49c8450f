"""The package as it was at another commit, for benchmarks that compare against it."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def extract_package(commit: str, into: Path) -> Path:
    """``plugins/`` at ``commit`` (``git archive``) extracted below ``into``; the folder to put
    first on PYTHONPATH."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", commit, "plugins"], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "plugins"
