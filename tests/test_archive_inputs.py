"""`factcheck archive`: each kind of input a fact-checker has becomes a source claims can quote,
with its provenance and digests; hostile inputs end in a clear error with nothing written."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from archive_inputs import (
    BOILERPLATE,
    NEWS_PAGE,
    PDF_PAGES,
    SECOND_PAGE,
    SENTENCES,
    local_server,
    news_warc,
    pdf,
    wacz,
    warc,
    zip_bomb,
)
from archive_support import factcheck, snapshot
from test_schema import validator

from conftest import SOURCE_YML, Site
from editor_yaml import editor_load

ARTICLE = "https://gazette.example/2024/03/ferry-terminal"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def sidecar(site: Site, source_id: str) -> dict:
    return yaml.safe_load((site.root / "seeds" / f"{source_id}.yml").read_text(encoding="utf-8"))


def text_of(site: Site, source_id: str) -> str:
    return (site.root / "seeds" / f"{source_id}.txt").read_text(encoding="utf-8")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_saved_news_page_keeps_the_article_and_its_metadata_and_drops_the_furniture(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site.with_example()
    saved = tmp_path / "Ferry terminal.html"
    saved.write_text(NEWS_PAGE, encoding="utf-8")
    ran = factcheck(site, capsys, "archive", str(saved))
    assert ran.returncode == 0, ran.stderr
    source_id = "ferry-terminal-to-open-in-september"
    assert ran.stdout.splitlines()[:3] == [
        f"wrote seeds/{source_id}.yml",
        f"wrote seeds/{source_id}.txt",
        f"wrote seeds/originals/{source_id}.html",
    ]
    text = text_of(site, source_id)
    for sentence in SENTENCES:
        assert sentence in text
    for furniture in BOILERPLATE:
        assert furniture not in text
    assert "<" not in text and "font-family" not in text  # no markup, style or script survives
    record = sidecar(site, source_id)
    assert record["title"] == "Ferry terminal to open in September"
    assert record["author"] == "Maria Quay"
    assert record["publisher"] == "The Harbour Gazette"
    assert record["published"] == "2024-03-05"
    assert record["url"] == ARTICLE  # the canonical URL
    assert record["language"] == "en"  # <html lang>
    assert "captured_from" not in record  # a saved file: where it was captured is not known
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", record["captured"])
    assert record["extractor"].startswith("trafilatura ")
    original = site.root / "seeds" / record["original"]
    assert original.read_bytes() == saved.read_bytes()
    assert record["sha256"] == sha(saved)
    assert record["text_sha256"] == sha(site.root / "seeds" / f"{source_id}.txt")
    raw = (site.root / "seeds" / f"{source_id}.yml").read_text(encoding="utf-8")
    assert raw.startswith("# yaml-language-server: $schema=../schemas/source.schema.json\n")
    assert not list(validator("source").iter_errors(editor_load(raw)))  # editors accept it too
    check = factcheck(site, capsys, "validate", "--strict")
    assert check.returncode == 0, check.stdout
    assert "2 sources are valid" in check.stdout


def test_the_same_bytes_give_the_same_text(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    saved = tmp_path / "page.html"
    saved.write_text(NEWS_PAGE, encoding="utf-8")
    assert factcheck(site, capsys, "archive", str(saved), "--id", "one").returncode == 0
    assert factcheck(site, capsys, "archive", str(saved), "--id", "two").returncode == 0
    assert text_of(site, "one") == text_of(site, "two")
    assert sidecar(site, "one")["text_sha256"] == sidecar(site, "two")["text_sha256"]


def test_a_warc_of_two_records_gives_the_named_response_with_its_date_and_address(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site.with_example()
    capture = tmp_path / "crawl.warc"
    capture.write_bytes(news_warc())
    ran = factcheck(site, capsys, "archive", str(capture), "--url", ARTICLE, "--id", "ferry-warc")
    assert ran.returncode == 0, ran.stderr
    record = sidecar(site, "ferry-warc")
    assert record["captured"] == "2024-03-06T10:15:00Z"  # WARC-Date
    assert record["captured_from"] == ARTICLE  # WARC-Target-URI
    assert record["original"] == "originals/ferry-warc.warc"
    assert SENTENCES[1] in text_of(site, "ferry-warc")
    assert "since 1901" not in text_of(site, "ferry-warc")  # the other record
    # without --url: the first HTML response, here the about page (which states no date)
    first = factcheck(site, capsys, "archive", str(capture), "--id", "about", "--published", "2024")
    assert first.returncode == 0, first.stderr
    assert "since 1901" in text_of(site, "about")
    assert sidecar(site, "about")["url"] == "https://gazette.example/about"


@pytest.mark.parametrize(
    "name,make", [("crawl.warc.gz", lambda: news_warc(gzip=True)), ("crawl.wacz", lambda: wacz(news_warc(gzip=True)))]
)
def test_a_gzipped_warc_and_a_wacz_give_the_same_text_as_the_saved_page(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, make
) -> None:
    site.with_example()
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / name).write_bytes(make())
    assert factcheck(site, capsys, "archive", str(tmp_path / "page.html"), "--id", "saved").returncode == 0
    ran = factcheck(site, capsys, "archive", str(tmp_path / name), "--url", ARTICLE, "--id", "captured")
    assert ran.returncode == 0, ran.stderr
    assert text_of(site, "captured") == text_of(site, "saved")
    assert sidecar(site, "captured")["captured"] == "2024-03-06T10:15:00Z"
    assert sidecar(site, "captured")["original"] == f"originals/captured.{name.split('.', 1)[1]}"


def test_a_pdf_keeps_its_pages_and_metadata(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    (tmp_path / "report.pdf").write_bytes(pdf())
    ran = factcheck(
        site,
        capsys,
        "archive",
        str(tmp_path / "report.pdf"),
        "--url",
        "https://port.example/r.pdf",
        "--archive-url",
        "https://web.archive.org/web/2024/https://port.example/r.pdf",
    )
    assert ran.returncode == 0, ran.stderr
    source_id = "port-authority-annual-report-2023"
    text = text_of(site, source_id)
    assert text.startswith("--- page 1 ---\n\n")
    first, second = text.split("--- page 2 ---")
    assert all(line in first for line in PDF_PAGES[0]) and all(line in second for line in PDF_PAGES[1])
    record = sidecar(site, source_id)
    assert (record["title"], record["author"], record["published"]) == (
        "Port authority annual report 2023",
        "Port Authority",
        "2024-02-01",
    )
    assert record["pages"] == 2
    assert record["extractor"].startswith("pypdf ")
    assert record["archive_urls"] == ["https://web.archive.org/web/2024/https://port.example/r.pdf"]
    assert factcheck(site, capsys, "validate", "--strict").returncode == 0


def test_a_url_is_fetched_through_its_redirect(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.with_example()
    routes = {
        "/old": (301, {"Location": "/2024/ferry"}, b""),
        "/2024/ferry": (200, {"Content-Type": "text/html; charset=utf-8"}, NEWS_PAGE.encode()),
    }
    with local_server(routes) as base:
        ran = factcheck(site, capsys, "archive", f"{base}/old", "--id", "fetched")
    assert ran.returncode == 0, ran.stderr
    record = sidecar(site, "fetched")
    assert record["captured_from"] == f"{base}/2024/ferry"  # where it was fetched, after the redirect
    assert record["url"] == ARTICLE  # where it was published, from the page
    assert record["original"] == "originals/fetched.html"
    assert (site.root / "seeds/originals/fetched.html").read_bytes() == NEWS_PAGE.encode()
    assert SENTENCES[2] in text_of(site, "fetched")


def test_a_text_file_is_kept_as_it_is(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    (tmp_path / "statement.txt").write_text("Statement\n\nWe will open the terminal in September.\n", encoding="utf-8")
    ran = factcheck(
        site,
        capsys,
        "archive",
        str(tmp_path / "statement.txt"),
        "--id",
        "statement",
        "--title",
        "Statement",
        "--publisher",
        "Port",
        "--published",
        "2024-03",
        "--url",
        "https://port.example/s",
    )
    assert ran.returncode == 0, ran.stderr
    assert text_of(site, "statement") == "Statement\n\nWe will open the terminal in September.\n"
    assert sidecar(site, "statement")["extractor"] == "factcheck plain text"


def _bad_warc() -> bytes:
    raw = news_warc()
    return raw[: len(raw) - 400]  # the article's record cut short


def _broken_pdf() -> bytes:
    raw = pdf()
    return raw[: len(raw) // 3]


HOSTILE = [
    ("not-html.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, [], "is not an HTML page"),
    ("truncated.warc", _bad_warc(), ["--url", ARTICLE], "is truncated"),
    ("garbage.warc", b"this is not a WARC file at all\r\n\r\n", [], "truncated or malformed"),
    ("truncated.warc.gz", news_warc(gzip=True)[:-200], ["--url", ARTICLE], "truncated"),
    ("bomb.wacz", zip_bomb(300), [], "zip bomb"),
    ("dense-bomb.wacz", zip_bomb(20), [], "zip bomb"),  # under the total, but 1,000 times compressed
    ("empty.wacz", b"PK\x05\x06" + b"\x00" * 18, [], "has no WARC file"),
    ("encrypted.pdf", pdf(password="secret"), ["--url", "https://port.example/r.pdf"], "is encrypted"),
    ("broken.pdf", _broken_pdf(), ["--url", "https://port.example/r.pdf"], "is broken"),
    ("scan.pdf", pdf(pages=[[]]), ["--url", "https://port.example/r.pdf"], "has no text layer"),
    ("only-a-page.warc", warc([("https://gazette.example/a.png", b"\x89PNG", "image/png")]), [], "has no HTML"),
    ("report.docx", b"PK\x03\x04", [], "is not a file to archive"),
]


@pytest.mark.parametrize("name,raw,options,message", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_input_is_a_clear_error_and_nothing_is_written(
    site: Site,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    raw: bytes,
    options: list[str],
    message: str,
) -> None:
    site.with_example()
    before = snapshot(site.root)
    (tmp_path / name).write_bytes(raw)
    ran = factcheck(site, capsys, "archive", str(tmp_path / name), "--id", "hostile", *options)
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, message)
    assert snapshot(site.root) == before


def assert_clear_error(stderr: str, message: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 2, stderr
    assert lines[0].startswith("factcheck: ") and message in lines[0], stderr
    assert lines[1].startswith("    hint: ")
    assert "Traceback" not in stderr


def test_a_file_over_the_size_limit_is_refused_unread(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from factcheck.core.archiving.limits import MAX_INPUT_BYTES

    site.with_example()
    before = snapshot(site.root)
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk
    ran = factcheck(site, capsys, "archive", str(huge))
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, f"the limit is {MAX_INPUT_BYTES:,}")
    assert snapshot(site.root) == before


@pytest.mark.parametrize(
    "routes,message",
    [
        ({"/p": (302, {"Location": "file:///etc/passwd"}, b"")}, "is not an http(s) address"),
        ({"/p": (302, {"Location": "javascript:alert(1)"}, b"")}, "not http(s)"),
        ({"/p": (302, {"Location": "/q"}, b""), "/q": (302, {"Location": "/p"}, b"")}, "redirects in a loop"),
        ({"/p": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")}, "is not an HTML page or a PDF"),
        ({"/p": (200, {"Content-Type": "text/html"}, b"<html><body><div></div></body></html>")}, "no article text"),
        ({}, "answered HTTP 404"),
    ],
    ids=["to-file", "to-javascript", "loop", "an-image", "no-article", "404"],
)
def test_a_hostile_url_is_a_clear_error_and_nothing_is_written(
    site: Site, capsys: pytest.CaptureFixture[str], routes: dict, message: str
) -> None:
    site.with_example()
    before = snapshot(site.root)
    with local_server(routes) as base:
        ran = factcheck(site, capsys, "archive", f"{base}/p", "--id", "hostile")
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, message)
    assert snapshot(site.root) == before


def test_a_url_past_the_size_limit_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.core.archiving import fetch

    site.with_example()
    before = snapshot(site.root)
    monkeypatch.setattr(fetch, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(fetch.fetch, "__defaults__", (30.0, 1000))
    with local_server({"/p": (200, {"Content-Type": "text/html"}, NEWS_PAGE.encode())}) as base:
        ran = factcheck(site, capsys, "archive", f"{base}/p")
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, "sent more than 1,000 bytes")
    assert snapshot(site.root) == before


def test_nothing_is_ever_overwritten(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    site.write("seeds/originals/taken.html", "mine")
    before = snapshot(site.root)
    ran = factcheck(site, capsys, "archive", str(tmp_path / "page.html"), "--id", "taken")
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, "already used")
    assert snapshot(site.root) == before


def test_missing_metadata_asks_for_its_option(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    (tmp_path / "about.html").write_text(SECOND_PAGE, encoding="utf-8")
    before = snapshot(site.root)
    ran = factcheck(site, capsys, "archive", str(tmp_path / "about.html"), "--url", "https://gazette.example/about")
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, "states no publication date")
    assert "--published" in ran.stderr
    assert snapshot(site.root) == before


def test_nothing_is_written_through_a_link(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site.with_example()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site.root / "seeds" / "originals").symlink_to(elsewhere)
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    before = snapshot(site.root)
    ran = factcheck(site, capsys, "archive", str(tmp_path / "page.html"), "--id", "linked")
    assert ran.returncode == 1
    assert_clear_error(ran.stderr, "is a link")
    assert snapshot(site.root) == before and not list(elsewhere.iterdir())


def test_a_capture_time_is_checked_with_one_clear_message(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.with_example()
    site.write("seeds/example-times-bridge.yml", SOURCE_YML + "captured: 2024-03-06 10:15\n")
    ran = factcheck(site, capsys, "validate")
    assert ran.returncode == 1
    assert (
        "seeds/example-times-bridge.yml:7:11: error: `captured`: Input should be a date, YYYY-MM-DD, or a UTC "
        "time, YYYY-MM-DDTHH:MM:SSZ"
    ) in ran.stdout
    site.write("seeds/example-times-bridge.yml", SOURCE_YML + "captured: 2024-03-06T10:15:00Z\n")
    assert factcheck(site, capsys, "validate").returncode == 0
