"""Layout shift as Lighthouse measures it: the real `lighthouse` npm package (package.json) runs
Debian's Chromium (CHROME_PATH, never a downloaded browser) on the site served under a sub-path,
with its mobile preset, and its JSON report must give a cumulative layout shift under 0.1.

Lighthouse's default throttling is simulated: the page loads at full speed and only the timings are
recomputed afterwards, so content that arrives late on a real phone (Pagefind's filters, fonts)
arrives early and never jumps. CLS is observed, never simulated, so these runs throttle for real
(``--throttling-method=devtools``: a slow 4G network and a 4x slower CPU), which is stricter.
A page built to shift is measured first, so a run that measures nothing cannot pass.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "claims index": "claims/",
    "claim": "claims/putin-xi-met-37-times/",
    "search": "search/?search=trade",
}
# a banner inserted above the text after the first paint: the shift every page must avoid
SHIFTING_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Shifts</title></head>
<body><main><p>Some text that the banner pushes down.</p><p>More text.</p></main>
<script>setTimeout(function () { var b = document.createElement("div"); b.style.height = "400px";
b.textContent = "Late banner"; document.body.insertBefore(b, document.body.firstChild); }, 1500);</script>
</body></html>"""


def lighthouse_cls(url: str, output: Path) -> float:
    """Lighthouse's mobile CLS for ``url``, read from its JSON report (kept at ``output``)."""
    if not LIGHTHOUSE.exists() or not os.access(CHROMIUM, os.X_OK):
        problem = f"{LIGHTHOUSE} or {CHROMIUM} is missing: run `make node_modules/.installed` (npm ci)"
        pytest.fail(problem, pytrace=False) if os.environ.get("CI") else pytest.skip(problem)
    command = [
        str(LIGHTHOUSE),
        url,
        "--form-factor=mobile",  # the default preset: a 412x823 phone
        "--throttling-method=devtools",
        "--only-categories=performance",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0 and output.exists(), f"Lighthouse failed on {url}:\n{run.stderr[-3000:]}"
    report = json.loads(output.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), f"{url}: {report['runtimeError']}"
    assert report["configSettings"]["formFactor"] == "mobile"
    assert report["finalDisplayedUrl"].startswith(url.split("?")[0]), report["finalDisplayedUrl"]
    value = report["audits"]["cumulative-layout-shift"]["numericValue"]
    assert isinstance(value, (int, float)), f"{url}: no CLS in the report"
    return float(value)


def test_lighthouse_sees_a_shift_when_there_is_one(tmp_path: Path) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(SHIFTING_PAGE, encoding="utf-8")
    server = Server(tmp_path / "page")
    try:
        assert lighthouse_cls(server.url(), tmp_path / "report.json") > 0.1
    finally:
        server.close()


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_does_not_shift_in_lighthouse_mobile(served_site, tmp_path: Path, kind: str) -> None:
    shift = lighthouse_cls(served_site.url(PAGES[kind]), tmp_path / "report.json")
    assert shift < 0.1, f"{kind}: Lighthouse measures a cumulative layout shift of {shift:.3f} on mobile"
