"""The captured response in a WARC, a gzipped WARC or a WACZ, read with warcio.

A WACZ is a zip with the WARC files under ``archive/``: every member's size and compression
ratio are checked before anything is decompressed (a zip bomb is refused, not unpacked), and
each read stops at the limit whatever the headers claim.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from .errors import ArchiveError
from .limits import MAX_COMPRESSION_RATIO, MAX_INPUT_BYTES, MAX_UNCOMPRESSED_BYTES

_BROKEN_HINT = "export the capture again from the archiving tool (Webrecorder, ArchiveBox, the Wayback Machine)"


@dataclass(frozen=True)
class Response:
    """One captured HTTP response."""

    payload: bytes  # the body, with its transfer and content encodings undone
    content_type: str
    target_uri: str  # WARC-Target-URI
    date: dt.datetime  # WARC-Date, UTC


def read_warc(raw: bytes, url: str | None, what: str = "the WARC") -> Response:
    """The response record for ``url``, or the first HTML (or PDF) response when ``url`` is None."""
    if not raw.startswith((b"WARC/", b"\x1f\x8b")):
        raise ArchiveError(f"{what} is truncated or malformed: it does not start with a WARC record", _BROKEN_HINT)
    records = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw), check_digests=False):
            records += 1
            if record.rec_type not in ("response", "resource"):
                continue
            target = record.rec_headers.get_header("WARC-Target-URI") or ""
            content_type = _content_type(record)
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if url is None and not str(status).startswith("2"):
                    continue
            if url is not None and target != url:
                continue
            if url is None and not _archivable(content_type):
                continue
            stream = record.content_stream()
            payload = stream.read(MAX_UNCOMPRESSED_BYTES + 1)
            if len(payload) > MAX_UNCOMPRESSED_BYTES:
                raise ArchiveError(
                    f"{what}: the response for {target} is over {MAX_UNCOMPRESSED_BYTES:,} bytes",
                    "archive a smaller capture",
                )
            declared = record.rec_headers.get_header("Content-Length")
            _check_complete(record, declared, what)
            return Response(payload, content_type, target, _warc_date(record, what))
    except ArchiveError:
        raise
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{what} is truncated or malformed: {exc.__class__.__name__}: {exc}", _BROKEN_HINT) from None
    if records == 0:
        raise ArchiveError(f"{what} is truncated or malformed: it holds no WARC record", _BROKEN_HINT)
    if url is not None:
        raise ArchiveError(
            f"{what} has no response record for {url}",
            "give --url exactly as the capture's WARC-Target-URI, or leave it out",
        )
    raise ArchiveError(f"{what} has no HTML or PDF response record", "name the capture's page with --url")


def _check_complete(record: ArcWarcRecord, declared: str | None, what: str) -> None:
    """A record cut short reads as a short body without an error: compare with its length."""
    if declared is None or not declared.isdigit():
        raise ArchiveError(f"{what} is malformed: a record has no Content-Length", _BROKEN_HINT)
    remaining = record.raw_stream.read(1)
    if remaining:
        return  # more bytes than read: the payload was read whole by content_stream already
    consumed = getattr(record.raw_stream, "tell", lambda: None)()
    if consumed is not None and consumed < int(declared):
        raise ArchiveError(f"{what} is truncated: a record is shorter than its Content-Length", _BROKEN_HINT)


def _content_type(record: ArcWarcRecord) -> str:
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:
        value = record.rec_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _archivable(content_type: str) -> bool:
    return content_type in ("text/html", "application/xhtml+xml", "application/pdf")


def _warc_date(record: ArcWarcRecord, what: str) -> dt.datetime:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        date = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ArchiveError(f"{what} has a record with an invalid WARC-Date {value!r}", _BROKEN_HINT) from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    return date.astimezone(dt.UTC).replace(microsecond=0)


def warcs_in_wacz(raw: bytes, what: str = "the WACZ") -> list[bytes]:
    """The WARC files of a WACZ, in name order, each checked against the limits first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ArchiveError(f"{what} is not a valid zip file: {exc}", _BROKEN_HINT) from None
    total = sum(info.file_size for info in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ArchiveError(
            f"{what} would expand to {total:,} bytes, over the limit of {MAX_UNCOMPRESSED_BYTES:,}: "
            "a zip bomb, or a capture too large",
            "export a smaller capture",
        )
    for info in members:
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            raise ArchiveError(
                f"{what}: {info.filename!r} is compressed {info.file_size // max(info.compress_size, 1)}"
                f" times; more than {MAX_COMPRESSION_RATIO} times is a zip bomb",
                "export the capture again",
            )
    warcs = sorted(
        (
            info
            for info in members
            if info.filename.startswith("archive/") and info.filename.endswith((".warc", ".warc.gz"))
        ),
        key=lambda info: info.filename,
    )
    if not warcs:
        raise ArchiveError(f"{what} has no WARC file under archive/", "is it a WACZ? export it again")
    found = []
    budget = MAX_UNCOMPRESSED_BYTES
    try:
        for info in warcs:
            with archive.open(info) as member:
                data = member.read(min(budget, MAX_INPUT_BYTES * 4) + 1)
            if len(data) > budget:
                raise ArchiveError(f"{what} expands past {MAX_UNCOMPRESSED_BYTES:,} bytes", "export a smaller capture")
            budget -= len(data)
            found.append(data)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ArchiveError(f"{what} is damaged: {exc}", _BROKEN_HINT) from None
    return found
