"""``factcheck archive``: make a source from an input, and keep its digests true on request.

:func:`archive` writes a new source (text, sidecar, original) or nothing. :func:`refresh` and
:func:`add_digests` are the only ways this package changes existing seeds, and each changes only
the named source's files.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..records.models import Source
from ..records.reading import read_regular_file, record_files
from ..settings import Settings
from ..text import check_id, slugify
from .capture import Capture
from .digests import sha256_hex
from .errors import ArchiveError
from .extract import extract, kind_of
from .fetch import fetch
from .html import looks_like_html
from .limits import MAX_INPUT_BYTES
from .sidecar import ORIGINALS, check_sidecar, replace_file, set_fields, sidecar_text, write_new

MAX_TEXT_BYTES = 5 * 1024 * 1024  # as the loader reads them


@dataclass
class Request:
    input: str  # a file or an http(s) URL
    source_id: str | None = None
    url: str | None = None  # where it was published; picks the record of a WARC or WACZ
    archive_urls: list[str] = field(default_factory=list)
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    timeout: float = 30.0


def is_web_address(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def archive(settings: Settings, request: Request, now: dt.datetime | None = None) -> list[Path]:
    """Write seeds/<id>.yml, seeds/<id>.txt and seeds/originals/<id>.<ext>; all three or none."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    seeds = settings.seeds_path
    if not seeds.is_dir():
        raise ArchiveError(f"the seeds folder {seeds} does not exist", "create it, or set `seeds_dir` in mkdocs.yml")
    kind: str | None
    captured_from: str | None
    if is_web_address(request.input):
        fetched = fetch(request.input, request.timeout)
        raw, what = fetched.body, request.input
        if fetched.content_type == "application/pdf" or raw.startswith(b"%PDF-"):
            kind = "pdf"
        elif fetched.content_type in ("text/html", "application/xhtml+xml", "") or looks_like_html(raw):
            kind = "html"
        else:
            raise ArchiveError(
                f"{request.input} is not an HTML page or a PDF (it is {fetched.content_type})",
                "archive web pages and PDFs; save other documents as text",
            )
        capture = extract(raw, kind, None, what)
        captured, captured_from = fetched.date, fetched.url
    else:
        path = Path(request.input)
        kind = kind_of(path.name)
        if kind is None:
            raise ArchiveError(
                f"{path} is not a file to archive (.html, .htm, .warc, .warc.gz, .wacz, .pdf, .txt)",
                "rename it with the extension of its format, or give an http(s) URL",
            )
        raw, what = read_input(path), str(path)
        warc_url = request.url if kind in ("warc", "warc.gz", "wacz") else None
        capture = extract(raw, kind, warc_url, what)
        captured, captured_from = capture.captured or now, capture.captured_from
    fields = _fields(request, capture, captured, captured_from, kind, raw, seeds)
    source_id = str(fields["id"])
    text_path, sidecar_path = seeds / f"{source_id}.txt", seeds / f"{source_id}.yml"
    original_path = seeds / str(fields["original"])
    sidecar = sidecar_text(fields, _schema_ref(settings))
    check_sidecar(sidecar, f"seeds/{source_id}.yml")
    write_new(
        {original_path: raw, text_path: capture.text.encode("utf-8"), sidecar_path: sidecar.encode("utf-8")}, seeds
    )
    return [sidecar_path, text_path, original_path]


def read_input(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArchiveError(f"{path} cannot be read: {exc.strerror}", "check the file name") from None
    if not path.is_file():
        raise ArchiveError(f"{path} is not a file", "name the saved page, WARC, WACZ, PDF or text file")
    if size > MAX_INPUT_BYTES:
        raise ArchiveError(
            f"{path} is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}",
            "archive only the document you quote (a smaller capture)",
        )
    with open(path, "rb") as handle:
        raw = handle.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise ArchiveError(f"{path} is over the limit of {MAX_INPUT_BYTES:,} bytes", "archive a smaller capture")
    return raw


_EXTENSIONS = {"html": "html", "pdf": "pdf", "warc": "warc", "warc.gz": "warc.gz", "wacz": "wacz", "txt": "txt"}


def _fields(
    request: Request,
    capture: Capture,
    captured: dt.datetime,
    captured_from: str | None,
    kind: str,
    raw: bytes,
    seeds: Path,
) -> dict[str, object]:
    url = request.url or capture.url or captured_from
    if not url:
        raise ArchiveError("the original address is not known", "give it with --url https://…")
    title = request.title or capture.title
    if not title:
        raise ArchiveError("the input states no title", 'give it with --title "…"')
    published = request.published or capture.published
    if not published:
        raise ArchiveError("the input states no publication date", "give it with --published YYYY-MM-DD (or YYYY-MM)")
    publisher = request.publisher or capture.publisher or (urlsplit(url).hostname or "")
    if len(capture.text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ArchiveError(f"the extracted text is over {MAX_TEXT_BYTES:,} bytes", "archive a shorter document")
    source_id = _pick_id(request.source_id, title, seeds)
    fields: dict[str, object] = {"id": source_id, "text": f"{source_id}.txt", "title": title, "publisher": publisher}
    author = request.author or capture.author
    if author:
        fields["author"] = author
    fields["url"] = url
    if captured_from:
        fields["captured_from"] = captured_from
    fields["published"] = published
    fields["captured"] = captured.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if request.language or capture.language:
        fields["language"] = request.language or capture.language
    fields["original"] = f"{ORIGINALS}/{source_id}.{_EXTENSIONS[kind]}"
    fields["sha256"] = sha256_hex(raw)
    fields["text_sha256"] = sha256_hex(capture.text.encode("utf-8"))
    fields["extractor"] = capture.extractor
    if capture.pages:
        fields["pages"] = capture.pages
    if request.archive_urls:
        fields["archive_urls"] = list(request.archive_urls)
    return fields


def _taken(seeds: Path) -> set[str]:
    return {name.split(".", 1)[0] for _dir, _dirs, names in os.walk(seeds) for name in names}


def _pick_id(requested: str | None, title: str, seeds: Path) -> str:
    taken = _taken(seeds)
    if requested is not None:
        try:
            check_id(requested)
        except ValueError as exc:
            raise ArchiveError(
                f"invalid id {requested!r}: {exc}", "use lowercase letters, digits and hyphens"
            ) from None
        if requested in taken:
            raise ArchiveError(
                f"the id {requested!r} is already used in {seeds}: nothing was written", "choose another --id"
            )
        return requested
    base = slugify(title)[:70].rstrip("-") or "source"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _schema_ref(settings: Settings) -> str:
    return Path(os.path.relpath(settings.root / "schemas" / "source.schema.json", settings.seeds_path)).as_posix()


@dataclass(frozen=True)
class Archived:
    """A source as recorded: its sidecar's text and record, and where its files are."""

    sidecar: Path
    text: str
    source: Source

    @property
    def text_path(self) -> Path:
        return self.sidecar.parent / self.source.text

    @property
    def original_path(self) -> Path | None:
        return self.sidecar.parent / self.source.original if self.source.original else None


def find_source(settings: Settings, source_id: str) -> Archived:
    matches = [path for path in record_files(settings.seeds_path, settings.root)[0] if path.stem == source_id]
    if not matches:
        raise ArchiveError(
            f"there is no source {source_id!r} in {settings.seeds_path}",
            "give the id of a source, the name of its .yml file without .yml",
        )
    raw = read_regular_file(matches[0])
    if raw is None:
        raise ArchiveError(f"{matches[0]} is not a regular file", "a link is never followed")
    text = raw.decode("utf-8", errors="replace")
    return Archived(matches[0], text, check_sidecar(text, str(matches[0])))


def _read_kept(path: Path, what: str) -> bytes:
    raw = read_regular_file(path)
    if raw is None:
        raise ArchiveError(
            f"{what} {path} is missing or not a regular file", "restore it from the repository's history"
        )
    return raw


def refresh(settings: Settings, source_id: str) -> list[Path]:
    """Extract the text again from the kept original and record its digest."""
    found = find_source(settings, source_id)
    original = found.original_path
    if original is None:
        raise ArchiveError(
            f"source {source_id!r} has no kept original to extract from",
            f"archive it again, or record the text as it is with `factcheck archive --digest {source_id}`",
        )
    raw = _read_kept(original, "the kept original")
    if found.source.sha256 and sha256_hex(raw) != found.source.sha256:
        raise ArchiveError(
            f"the kept original {original} does not have the recorded sha256: it was changed",
            "restore the original from the repository's history",
        )
    kind = kind_of(original.name)
    if kind is None:
        raise ArchiveError(
            f"{original} has no known extension", "rename it .html, .warc, .warc.gz, .wacz, .pdf or .txt"
        )
    capture = extract(
        raw, kind, found.source.captured_from if kind in ("warc", "warc.gz", "wacz") else None, str(original)
    )
    data = capture.text.encode("utf-8")
    values: dict[str, str | int] = {
        "sha256": sha256_hex(raw),
        "text_sha256": sha256_hex(data),
        "extractor": capture.extractor,
    }
    if capture.pages:
        values["pages"] = capture.pages
    new_sidecar = set_fields(found.text, values)
    check_sidecar(new_sidecar, str(found.sidecar))
    written = []
    current = read_regular_file(found.text_path)
    if current != data:
        if current is None and os.path.lexists(found.text_path):
            raise ArchiveError(f"{found.text_path} is not a regular file", "a link is never written through")
        if current is None:
            write_new({found.text_path: data}, settings.seeds_path)
        else:
            replace_file(found.text_path, data, settings.seeds_path)
        written.append(found.text_path)
    if new_sidecar != found.text:
        replace_file(found.sidecar, new_sidecar.encode("utf-8"), settings.seeds_path)
        written.append(found.sidecar)
    return written


def add_digests(settings: Settings, source_id: str) -> list[Path]:
    """Record the digests of a source's text (and kept original) as they are now."""
    found = find_source(settings, source_id)
    text = _read_kept(found.text_path, "the archived text")
    values = {"text_sha256": sha256_hex(text)}
    if found.source.text_sha256 and found.source.text_sha256 != values["text_sha256"]:
        raise ArchiveError(
            f"{found.text_path} no longer has its recorded text_sha256: it was edited",
            f"if the edit is meant, re-extract with `factcheck archive --refresh {source_id}`",
        )
    if found.original_path is not None:
        values["sha256"] = sha256_hex(_read_kept(found.original_path, "the kept original"))
        if found.source.sha256 and found.source.sha256 != values["sha256"]:
            raise ArchiveError(
                f"the kept original {found.original_path} does not have the recorded sha256",
                "restore it from the repository's history",
            )
    new_sidecar = set_fields(found.text, values)
    if new_sidecar == found.text:
        return []
    check_sidecar(new_sidecar, str(found.sidecar))
    replace_file(found.sidecar, new_sidecar.encode("utf-8"), settings.seeds_path)
    return [found.sidecar]
