"""`factcheck links`: dead and redirected links found on a local server, reported at the places
they are written, with a JSON report in the cache folder and no record touched."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from archive_inputs import local_server
from archive_support import factcheck, snapshot

from conftest import CACHE_DIR, CLAIM_YML, SOURCE_YML, Site, page

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROUTES = {
    "/ok": (200, {"Content-Type": "text/html"}, b"<p>fine</p>"),
    "/moved": (301, {"Location": "/ok"}, b""),
    "/loop-a": (302, {"Location": "/loop-b"}, b""),
    "/loop-b": (302, {"Location": "/loop-a"}, b""),
    "/slow": (200, {"Content-Type": "text/html", "X-Sleep": "3"}, b"late"),
}


def linked_site(site: Site, base: str) -> Site:
    """The example site with its source at a dead address and evidence links of every kind."""
    site.with_example()
    site.write("seeds/example-times-bridge.yml", SOURCE_YML.replace("https://example.org/bridge", f"{base}/gone"))
    evidence = "".join(
        f"  - url: {base}{path}\n    title: Link {path}\n    stance: context\n"
        for path in ("/ok", "/moved", "/loop-a", "/slow")
    )
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("topics:", evidence + "topics:"))
    return site


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_links_reports_a_404_a_redirect_loop_a_timeout_and_a_redirect(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    with local_server(ROUTES) as base:
        linked_site(site, base)
        before = snapshot(site.root)
        ran = factcheck(site, capsys, "links", "--timeout", "0.5")
    assert ran.returncode == 1
    claim = site.root / "claims" / "bridge-cost.yml"
    out = ran.stdout
    assert f"seeds/example-times-bridge.yml:5:6: error: dead link: {base}/gone: HTTP 404" in out
    assert (
        f"claims/bridge-cost.yml:{line_of(claim, '/loop-a')}:10: error: dead link: {base}/loop-a: redirect loop" in out
    )
    assert (
        f"claims/bridge-cost.yml:{line_of(claim, '/slow')}:10: error: dead link: {base}/slow: no answer within 0.5 s"
        in out
    )
    assert f"claims/bridge-cost.yml:{line_of(claim, '/moved')}:10: warning: {base}/moved redirects to {base}/ok" in out
    assert f"{base}/ok" not in out.replace(f"redirects to {base}/ok", "")
    assert snapshot(site.root) == before  # nothing in the project changed
    reports = list(Path(CACHE_DIR).glob("links-*.json"))
    assert len(reports) == 1 and str(reports[0]) in out
    report = json.loads(reports[0].read_text(encoding="utf-8"))
    outcomes = {entry["url"].removeprefix(base): (entry["outcome"], entry["status"]) for entry in report["links"]}
    assert outcomes == {
        "/gone": ("dead", 404),
        "/ok": ("ok", 200),
        "/moved": ("redirected", 200),
        "/loop-a": ("dead", 302),
        "/slow": ("unreachable", None),
    }
    assert report["links"][0]["places"] == [
        {"path": "seeds/example-times-bridge.yml", "line": 5, "column": 6, "source_id": "example-times-bridge"}
    ]


def test_links_sends_one_request_at_a_time_to_a_host(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    busy, most = [0], [0]
    lock = threading.Lock()

    class Counting(dict):
        def get(self, path, default=None):
            with lock:
                busy[0] += 1
                most[0] = max(most[0], busy[0])
            time.sleep(0.05)
            with lock:
                busy[0] -= 1
            return (200, {"Content-Type": "text/html"}, b"ok")

    with local_server(Counting()) as base:
        site.with_example()  # every link on the local server: never the internet
        site.write("seeds/example-times-bridge.yml", SOURCE_YML.replace("https://example.org/bridge", f"{base}/src"))
        evidence = "".join(f"  - url: {base}/page-{n}\n    stance: context\n" for n in range(12))
        site.write("claims/bridge-cost.yml", CLAIM_YML.replace("topics:", evidence + "topics:"))
        ran = factcheck(site, capsys, "links", "--jobs", "8")
    assert ran.returncode == 0, ran.stdout
    assert "checked 13 links" in ran.stdout
    assert most[0] == 1


def test_record_marks_a_gone_original_after_asking(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_server(ROUTES) as base:
        linked_site(site, base)
        claims = snapshot(site.root / "claims")
        sidecar = site.root / "seeds" / "example-times-bridge.yml"
        before = sidecar.read_bytes()
        # not a terminal and no --yes: nothing is changed
        monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
        refused = factcheck(site, capsys, "links", "--record", "--timeout", "0.5")
        assert sidecar.read_bytes() == before
        assert "give --yes" in refused.stderr
        ran = factcheck(site, capsys, "links", "--record", "--yes", "--timeout", "0.5")
    assert "wrote seeds/example-times-bridge.yml" in ran.stdout
    text = sidecar.read_text(encoding="utf-8")
    assert text.startswith(before.decode()) and text.count("url_gone: '") == 1
    assert snapshot(site.root / "claims") == claims
    site_dir = site.build()
    source = page(site_dir, "sources/example-times-bridge/")
    assert source.select_one(".fc-gone").get_text() == "no longer available"
    assert "Critics said" in source.select_one(".fc-archive").get_text()
