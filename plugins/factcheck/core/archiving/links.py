"""``factcheck links``: find link rot in the records without touching them.

Every source ``url`` and every evidence ``url`` is requested (GET, body not read), following
redirects one hop at a time. Hosts are checked concurrently, but the links of one host one after
the other: a news site is never sent more than one request at a time by us. Each problem points
at every place in the records where the link is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from ..problems import Problem, Severity
from ..records.models import Claim, Source
from ..records.reading import read_records, record_files
from ..settings import Settings
from .fetch import MAX_REDIRECTS, USER_AGENT

FORMAT = "factcheck-links/1"


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    column: int
    source_id: str | None = None  # set for a source's own `url`: `--record` may mark it gone


@dataclass
class Result:
    url: str
    outcome: str  # ok | redirected | dead | unreachable
    status: int | None = None  # the last HTTP status seen
    final_url: str | None = None  # where the redirects led
    message: str = ""
    places: list[Place] = field(default_factory=list)

    @property
    def gone(self) -> bool:
        """The server says the page is not there (not a network failure, which may pass)."""
        return self.outcome == "dead" and self.status in (404, 410)


def collect(settings: Settings) -> dict[str, list[Place]]:
    """Each URL of the records, with the places it is written; records that do not read are
    left to `factcheck validate`."""
    found: dict[str, list[Place]] = {}
    for read in read_records(
        record_files(settings.seeds_path, settings.root)[0], Source, settings.seeds_path, settings.root
    ):
        if read.record is not None and read.document is not None:
            line, column = read.document.position(("url",))
            found.setdefault(read.record.url, []).append(Place(read.shown, line, column, read.record.id))
    for read in read_records(
        record_files(settings.claims_path, settings.root)[0], Claim, settings.claims_path, settings.root
    ):
        if read.record is not None and read.document is not None:
            for index, evidence in enumerate(read.record.evidence):
                if evidence.url:
                    line, column = read.document.position(("evidence", index, "url"))
                    found.setdefault(evidence.url, []).append(Place(read.shown, line, column))
    return found


def check_url(client: httpx.Client, url: str, timeout: float) -> Result:
    seen = [url]
    current = url
    status = None
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            with client.stream("GET", current) as response:
                status = response.status_code
                if response.is_redirect:
                    target = urljoin(current, response.headers.get("Location", ""))
                    if urlsplit(target).scheme.lower() not in ("http", "https"):
                        return Result(url, "dead", status, target, f"redirects to a non-web address {target!r}")
                    if target in seen:
                        return Result(url, "dead", status, target, f"redirect loop ({len(seen)} addresses)")
                    seen.append(target)
                    current = target
                    continue
                if status >= 400:
                    return Result(url, "dead", status, current if current != url else None, f"HTTP {status}")
                if current != url:
                    return Result(url, "redirected", status, current, f"redirects to {current}")
                return Result(url, "ok", status)
        return Result(url, "dead", status, current, f"more than {MAX_REDIRECTS} redirects")
    except httpx.InvalidURL:  # httpx reads a redirect's Location before we see it
        return Result(url, "dead", status, None, "redirects to an address that is not http(s)")
    except httpx.TimeoutException:
        return Result(url, "unreachable", status, None, f"no answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        return Result(url, "unreachable", status, None, f"cannot be reached: {exc.__class__.__name__}: {exc}")


def check_all(
    urls: list[str], timeout: float = 10.0, jobs: int = 8, on_result: Callable[[Result], None] | None = None
) -> dict[str, Result]:
    """Each URL's result; the hosts in parallel (``jobs`` at a time), one request per host at a time."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        parts = urlsplit(url)
        by_host.setdefault(f"{parts.hostname}:{parts.port}", []).append(url)
    results: dict[str, Result] = {}
    lock = threading.Lock()

    def check_host(host_urls: list[str]) -> None:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
            for url in host_urls:
                result = check_url(client, url, timeout)
                with lock:
                    results[url] = result
                    if on_result is not None:
                        on_result(result)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for future in [pool.submit(check_host, host_urls) for host_urls in by_host.values()]:
            future.result()
    return {url: results[url] for url in urls}


def problems_of(results: dict[str, Result], places: dict[str, list[Place]]) -> list[Problem]:
    problems = []
    for url, result in results.items():
        if result.outcome == "ok":
            continue
        if result.outcome == "redirected":
            message = f"{url} {result.message}"
            hint, severity = "use the address it leads to, if it is the same document", Severity.WARNING
        else:
            message = f"dead link: {url}: {result.message}"
            hint = (
                "the original is gone: make sure the source is archived (factcheck archive) and add an "
                "archive copy to `archive_urls`; `factcheck links --record` marks it gone"
            )
            severity = Severity.ERROR
            if result.outcome == "unreachable":
                hint = "it may be a passing failure: run `factcheck links` again later"
        problems += [Problem(p.path, p.line, p.column, message, hint, severity) for p in places[url]]
    return sorted(problems)


def write_report(
    folder: Path, root: Path, results: dict[str, Result], places: dict[str, list[Place]], now: dt.datetime
) -> Path:
    """The JSON report, in the cache folder (never in the project), replaced whole."""
    import hashlib

    report = {
        "format": FORMAT,
        "project": str(root),
        "checked": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": [
            {**{k: v for k, v in asdict(result).items() if k != "places"}, "places": [asdict(p) for p in places[url]]}
            for url, result in results.items()
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"links-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.json"
    handle, temporary = tempfile.mkstemp(prefix=".links-", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
    os.replace(temporary, path)
    return path
