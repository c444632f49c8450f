"""Real inputs for the archiving tests, made here: a saved news page full of page furniture, a
WARC of two records written with warcio, a WACZ, a two-page PDF written with pypdf, and a local
HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SENTENCES = [
    "The harbour authority confirmed on Tuesday that the new ferry terminal will open in September.",
    "Officials said the terminal cost 48 million euros, eight million more than first planned.",
    "A spokesperson for the port said the delay was caused by a shortage of steel during the winter.",
]
BOILERPLATE = [
    "Subscribe to our newsletter",
    "BUY CHEAP WATCHES",
    "Leave a comment",
    "Home | World | Sport",
    "Post comment",
    "trackingPixel",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ferry terminal to open in September | The Harbour Gazette</title>
<link rel="canonical" href="https://gazette.example/2024/03/ferry-terminal">
<meta property="og:site_name" content="The Harbour Gazette">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry terminal to open in September",
 "author": {{"@type": "Person", "name": "Maria Quay"}}, "datePublished": "2024-03-05T08:30:00Z",
 "publisher": {{"@type": "Organization", "name": "The Harbour Gazette"}}}}
</script>
<style>body {{ font-family: serif; }}</style>
<script>var trackingPixel = "https://ads.example/pixel";</script>
</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<p>Home | World | Sport</p></header>
<div class="ad-banner" id="ad-top"><a href="https://ads.example">BUY CHEAP WATCHES</a></div>
<main>
<article>
<h1>Ferry terminal to open in September</h1>
<p class="byline">By Maria Quay</p>
<p>{SENTENCES[0]}</p>
<p>{SENTENCES[1]} The council had approved the budget two years ago, after a long debate about the harbour's future.</p>
<iframe src="https://video.example/embed/1"></iframe>
<p>{SENTENCES[2]} Construction crews are now working in two shifts to finish the roof before the summer season.</p>
</article>
</main>
<aside class="newsletter"><h2>Newsletter</h2><p>Subscribe to our newsletter</p></aside>
<section id="comments" class="comments"><h2>Leave a comment</h2>
<form action="/comment" method="post"><textarea name="comment"></textarea><button>Post comment</button></form>
</section>
<footer><p>© The Harbour Gazette</p></footer>
</body>
</html>
"""

SECOND_PAGE = """<!DOCTYPE html><html><head><title>About the Gazette</title></head><body><article><h1>About us</h1>
<p>The Harbour Gazette has reported on the port and its people since 1901, from its office on the quay.</p>
</article></body></html>"""

PDF_PAGES = [
    ["Annual report of the port authority", "Cargo volumes rose by 12 percent in 2023."],
    ["Passenger numbers", "The ferry carried 1.2 million passengers last year."],
]


def warc(records: list[tuple[str, bytes, str]], gzip: bool = False, date: str = "2024-03-06T10:15:00Z") -> bytes:
    """A WARC of response records (url, body, content type), written with warcio."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, body, content_type in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_record(record)
    return out.getvalue()


def news_warc(gzip: bool = False) -> bytes:
    return warc(
        [
            ("https://gazette.example/about", SECOND_PAGE.encode(), "text/html; charset=utf-8"),
            ("https://gazette.example/2024/03/ferry-terminal", NEWS_PAGE.encode(), "text/html; charset=utf-8"),
        ],
        gzip=gzip,
    )


def wacz(warc_bytes: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", '{"profile": "data-package", "wacz_version": "1.1.1"}')
        archive.writestr("archive/data.warc.gz", warc_bytes)
        archive.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
    return out.getvalue()


def zip_bomb(mebibytes: int) -> bytes:
    """A WACZ whose WARC is ``mebibytes`` of zeros, compressed about a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.warc", b"\0" * (mebibytes * 1024 * 1024))
    return out.getvalue()


def pdf(pages: list[list[str]] = PDF_PAGES, password: str | None = None) -> bytes:
    """A PDF with a line of text per item on each page (Helvetica), title and author set."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        body = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(body.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata(
        {
            "/Title": "Port authority annual report 2023",
            "/Author": "Port Authority",
            "/CreationDate": "D:20240201090000Z",
        }
    )
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


Route = tuple[int, dict[str, str], bytes]


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        if headers.get("X-Sleep"):
            time.sleep(float(headers["X-Sleep"]))
        self.send_response(status)
        for name, value in headers.items():
            if name != "X-Sleep":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def local_server(routes: dict[str, Route]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving ``routes`` (path → status, headers, body); yields its base URL."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
