"""Archived sources in a real MkDocs build: quotes from the extracted text verify, the source page
shows the provenance, an edited text fails the build at the sidecar's digest, and only
`--refresh` / `--digest` change a source's files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from archive_inputs import NEWS_PAGE, SENTENCES, pdf
from archive_support import factcheck, snapshot

from conftest import CLAIM_YML, Site, page, resolve_link

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NEWS, REPORT = "ferry-news", "port-report"
ARCHIVED_CLAIM = """\
id: ferry-cost
claim: The terminal cost 48 million euros.
claimant:
  name: Harbour Authority
  type: organization
appearances:
  - source: ferry-news
    quote: "Officials said the terminal cost 48 million euros, eight million more than first planned."
verdict: "true"
summary: The port's own figures agree.
evidence:
  - source: port-report
    quote: The ferry carried 1.2 million passengers last year.
    page: 2
    stance: context
author: Test Author
published: 2024-03-10
"""


@pytest.fixture
def archived(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Site:
    """The example site with a saved page and a two-page PDF archived, and a claim quoting both."""
    site.with_example()
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(pdf())
    assert factcheck(site, capsys, "archive", str(tmp_path / "page.html"), "--id", NEWS).returncode == 0
    ran = factcheck(
        site,
        capsys,
        "archive",
        str(tmp_path / "report.pdf"),
        "--id",
        REPORT,
        "--url",
        "https://port.example/report.pdf",
        "--archive-url",
        "https://web.archive.org/web/2024/x",
    )
    assert ran.returncode == 0, ran.stderr
    site.write("claims/ferry-cost.yml", ARCHIVED_CLAIM)
    return site


def line_of(path: Path, key: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(key))


def test_quotes_from_archived_texts_verify_and_link_back(archived: Site) -> None:
    site_dir = archived.build()
    claim = page(site_dir, "claims/ferry-cost/")
    assert SENTENCES[1] in claim.get_text(" ")
    source = page(site_dir, f"sources/{NEWS}/")
    marked = source.select(".fc-archive mark.fc-quote")
    assert [m.get_text() for m in marked] == [SENTENCES[1]]


def test_the_source_page_shows_the_provenance_and_offers_the_original(archived: Site) -> None:
    site_dir = archived.build()
    html_file = site_dir / "sources" / NEWS / "index.html"
    source = page(site_dir, f"sources/{NEWS}/")
    meta = source.select_one(".fc-source__meta").get_text(" ", strip=True)
    assert "Text extracted from the saved web page with trafilatura" in meta
    text_digest = hashlib.sha256((archived.root / "seeds" / f"{NEWS}.txt").read_bytes()).hexdigest()
    original = archived.root / "seeds" / "originals" / f"{NEWS}.html"
    digests = {code["data-digest"]: code.get_text() for code in source.select("code.fc-digest")}
    assert digests == {"text": text_digest, "original": hashlib.sha256(original.read_bytes()).hexdigest()}
    link = source.select_one("a.fc-original")
    assert link["download"] == f"{NEWS}.html"
    target, _ = resolve_link(site_dir, html_file, link["href"])
    assert target.name == f"{NEWS}.html.bin"  # never served as a page of the site: its scripts do not run here
    assert target.read_bytes() == original.read_bytes()


def test_a_pdf_source_numbers_its_pages_and_a_quote_can_say_its_page(archived: Site) -> None:
    site_dir = archived.build()
    source = page(site_dir, f"sources/{REPORT}/")
    labels = [p.get_text(strip=True) for p in source.select(".fc-archive .fc-page")]
    assert labels == ["Page 1", "Page 2"]
    assert [p["id"] for p in source.select(".fc-page")] == ["page-1", "page-2"]
    assert "--- page" not in source.select_one(".fc-archive").get_text()
    assert "(2 pages)" in source.select_one(".fc-extractor").get_text()
    assert [a["href"] for a in source.select(".fc-archive-urls a")] == ["https://web.archive.org/web/2024/x"]
    link = source.select_one("a.fc-original")
    target, _ = resolve_link(site_dir, site_dir / "sources" / REPORT / "index.html", link["href"])
    assert target.read_bytes()[:5] == b"%PDF-"


def test_a_quote_on_another_page_than_it_says_is_an_error_at_its_page(
    archived: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    path = archived.write("claims/ferry-cost.yml", ARCHIVED_CLAIM.replace("page: 2", "page: 1"))
    ran = factcheck(archived, capsys, "validate")
    assert ran.returncode == 1
    assert (
        f"claims/ferry-cost.yml:{line_of(path, '    page:')}:11: error: the quote is on page 2 of source "
        f"'{REPORT}', not page 1"
    ) in ran.stdout
    assert "hint: set `page: 2`" in ran.stdout
    archived.write(
        "claims/ferry-cost.yml",
        ARCHIVED_CLAIM.replace("source: port-report", "source: ferry-news").replace(
            "The ferry carried 1.2 million passengers last year.", SENTENCES[0]
        ),
    )
    ran = factcheck(archived, capsys, "validate")
    assert f"source '{NEWS}' has no pages" in ran.stdout


def test_an_edited_archived_text_fails_the_build_at_the_recorded_digest(
    archived: Site, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    text = archived.root / "seeds" / f"{NEWS}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("48 million", "38 million"), encoding="utf-8")
    archived.write("claims/ferry-cost.yml", ARCHIVED_CLAIM.replace("48 million", "38 million"))
    sidecar = archived.root / "seeds" / f"{NEWS}.yml"
    where = f"seeds/{NEWS}.yml:{line_of(sidecar, 'text_sha256:')}:14"
    with pytest.raises((PluginError, Abort)) as raised:
        archived.build()
    reported = str(raised.value) + caplog.text
    assert f"{where}: error: the archived text {NEWS}.txt was changed after it was archived" in reported
    assert f"factcheck archive --refresh {NEWS}" in reported
    ran = factcheck(archived, capsys, "validate")
    assert ran.returncode == 1 and where in ran.stdout


def test_refresh_extracts_the_text_again_from_the_kept_original(
    archived: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    text = archived.root / "seeds" / f"{NEWS}.txt"
    good = text.read_bytes()
    text.write_bytes(good.replace(b"48 million", b"38 million"))
    others = {k: v for k, v in snapshot(archived.root).items() if k != f"seeds/{NEWS}.txt"}
    ran = factcheck(archived, capsys, "archive", "--refresh", NEWS)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [f"wrote seeds/{NEWS}.txt"]
    assert text.read_bytes() == good
    assert {k: v for k, v in snapshot(archived.root).items() if k != f"seeds/{NEWS}.txt"} == others
    archived.build()


def test_a_changed_original_is_an_error_too(archived: Site, capsys: pytest.CaptureFixture[str]) -> None:
    original = archived.root / "seeds" / "originals" / f"{REPORT}.pdf"
    original.write_bytes(pdf(pages=[["Something else entirely"], ["And more"]]))
    ran = factcheck(archived, capsys, "validate")
    assert ran.returncode == 1
    assert (
        f"seeds/{REPORT}.yml:{line_of(archived.root / 'seeds' / f'{REPORT}.yml', 'sha256:')}:9: error: "
        f"the kept original originals/{REPORT}.pdf was changed" in ran.stdout
    )
    before = snapshot(archived.root)
    refused = factcheck(archived, capsys, "archive", "--refresh", REPORT)
    assert refused.returncode == 1 and "does not have the recorded sha256" in refused.stderr
    assert snapshot(archived.root) == before


def test_a_source_without_digests_is_valid_with_a_note_and_digest_adds_them(
    site: Site, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    site.with_example()
    ran = factcheck(site, capsys, "validate", "--strict")
    assert ran.returncode == 0
    assert "seeds/example-times-bridge.yml:2:7: note: this archived text has no recorded digest" in ran.stderr
    assert "factcheck archive --digest example-times-bridge" in ran.stderr
    site.build()  # a note never fails a strict build
    claims_before = snapshot(site.root / "claims")
    text_before = (site.root / "seeds" / "bridge.txt").read_bytes()
    added = factcheck(site, capsys, "archive", "--digest", "example-times-bridge")
    assert added.returncode == 0 and added.stdout.splitlines() == ["wrote seeds/example-times-bridge.yml"]
    sidecar = (site.root / "seeds" / "example-times-bridge.yml").read_text(encoding="utf-8")
    assert f"text_sha256: {hashlib.sha256(text_before).hexdigest()}\n" in sidecar
    assert snapshot(site.root / "claims") == claims_before
    assert (site.root / "seeds" / "bridge.txt").read_bytes() == text_before
    assert "note:" not in factcheck(site, capsys, "validate").stderr
    assert factcheck(site, capsys, "archive", "--digest", "example-times-bridge").stdout.startswith(
        "factcheck: nothing to change"
    )
    site.write("seeds/bridge.txt", text_before.decode().replace("12 million", "13 million"))
    site.write("claims/bridge-cost.yml", CLAIM_YML.replace("12 million", "13 million"))
    with pytest.raises((PluginError, Abort)) as raised:
        site.build()
    assert "example-times-bridge.yml:7:14: error: the archived text bridge.txt" in str(raised.value) + caplog.text


def test_a_source_whose_original_is_gone_says_so_and_keeps_its_copies(archived: Site) -> None:
    sidecar = archived.root / "seeds" / f"{REPORT}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "url_gone: 2026-11-30\n", encoding="utf-8")
    site_dir = archived.build()
    source = page(site_dir, f"sources/{REPORT}/")
    meta = source.select_one(".fc-source__meta")
    assert meta.select_one(".fc-gone").get_text() == "no longer available"
    assert "found no longer available on 30 November 2026" in meta.select_one(".fc-gone-note").get_text()
    assert source.select_one("a.fc-original") is not None
    assert source.select(".fc-archive-urls a")
    assert "Passenger numbers" in source.select_one(".fc-archive").get_text()


def test_refresh_of_a_wacz_source_picks_its_record_again(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from archive_inputs import news_warc, wacz

    site.with_example()
    (tmp_path / "crawl.wacz").write_bytes(wacz(news_warc(gzip=True)))
    url = "https://gazette.example/2024/03/ferry-terminal"
    assert (
        factcheck(site, capsys, "archive", str(tmp_path / "crawl.wacz"), "--url", url, "--id", "crawl").returncode == 0
    )
    text = site.root / "seeds" / "crawl.txt"
    good = text.read_bytes()
    text.write_bytes(b"Something else\n")
    assert factcheck(site, capsys, "archive", "--refresh", "crawl").returncode == 0
    assert text.read_bytes() == good  # the article again, not the WACZ's first page


def test_refresh_needs_a_kept_original(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.with_example()
    before = snapshot(site.root)
    ran = factcheck(site, capsys, "archive", "--refresh", "example-times-bridge")
    assert ran.returncode == 1
    assert "has no kept original" in ran.stderr and "--digest example-times-bridge" in ran.stderr
    assert factcheck(site, capsys, "archive", "--refresh", "nope").stderr.startswith(
        "factcheck: there is no source 'nope'"
    )
    assert snapshot(site.root) == before


def test_the_open_data_carries_the_digests_and_archive_copies(archived: Site) -> None:
    import json

    from factcheck.core.urls import DATA_CATALOG

    site_dir = archived.build()
    data = json.loads((site_dir / DATA_CATALOG).read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in data["sources"]}
    text_digest = hashlib.sha256((archived.root / "seeds" / f"{REPORT}.txt").read_bytes()).hexdigest()
    assert sources[REPORT]["text_sha256"] == text_digest
    assert sources[REPORT]["archive_urls"] == ["https://web.archive.org/web/2024/x"]
    assert sources[NEWS]["captured"].endswith("+00:00")
    assert sources["example-times-bridge"]["text_sha256"] is None


def test_source_pages_with_provenance_are_valid_html(archived: Site) -> None:
    import json
    import shutil
    import subprocess

    from test_html_validity import VNU, material_markup

    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.skip(f"needs Java and {VNU}")
    site_dir = archived.build()
    pages = [str(site_dir / "sources" / name / "index.html") for name in (NEWS, REPORT)]
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = [m for m in json.loads(done.stderr or done.stdout)["messages"] if not material_markup(m)]
    assert not messages, messages
