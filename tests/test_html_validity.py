"""The generated HTML validates with the Nu Html Checker (vnu-jar from npm, run with the system Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in Material's own markup that no theme override of ours can reach, with the reason.
MATERIAL_MARKUP = {
    # base.html writes <input type="checkbox" ... autocomplete="off"> for its drawer and search
    # toggles (to stop Firefox restoring their state); overriding base.html would mean copying all of it.
    "Attribute “autocomplete” is only allowed when the input type is": 'type="checkbox"',
}


def material_markup(message: dict) -> bool:
    return any(
        text in message["message"] and extract in message.get("extract", "")
        for text, extract in MATERIAL_MARKUP.items()
    )


def test_every_generated_page_is_valid_html(built_repo_site: Path) -> None:
    java = shutil.which("java")
    if not java or not VNU.exists():
        problem = f"needs Java and {VNU.relative_to(ROOT)} (`make system-deps node_modules/.installed`)"
        if os.environ.get("CI"):
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    pages = sorted(
        str(p)
        for p in built_repo_site.rglob("*.html")
        if not {"assets", "pagefind"} & set(p.relative_to(built_repo_site).parts)
    )
    assert len(pages) > 30
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    ours = [m for m in messages if not material_markup(m)]
    report = [
        f"{m.get('url', '').removeprefix('file:')}"
        f":{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}"
        for m in ours
    ]
    assert not report, "\n".join(report)
