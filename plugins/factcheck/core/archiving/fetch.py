"""Fetch a page to archive with httpx: http(s) only, with a timeout (for each answer, and ten times
that for the whole page) and a size limit, and every redirect checked before it is followed (a
redirect to ``file:`` or ``javascript:`` is refused)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import ArchiveError
from .limits import MAX_INPUT_BYTES

MAX_REDIRECTS = 10
USER_AGENT = "factcheck-archive (+https://pypi.org/project/mkdocs-factcheck/)"


@dataclass(frozen=True)
class Fetched:
    body: bytes
    content_type: str
    url: str  # after redirects
    date: dt.datetime  # UTC, when the response arrived


def check_web_url(url: str, what: str = "the URL") -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ArchiveError(f"{what} {url!r} is not an http(s) address", "only web pages can be fetched")


def fetch(url: str, timeout: float = 30.0, limit: int = MAX_INPUT_BYTES) -> Fetched:
    check_web_url(url)
    seen = [url]
    deadline = time.monotonic() + 10 * timeout  # a server that sends a byte at a time is not waited on forever
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        target = urljoin(url, response.headers.get("Location", ""))
                        check_web_url(target, f"{url} redirects to")
                        if target in seen:
                            raise ArchiveError(f"{url} redirects in a loop", "archive the page from a browser instead")
                        seen.append(target)
                        url = target
                        continue
                    if response.status_code != 200:
                        raise ArchiveError(
                            f"{url} answered HTTP {response.status_code}",
                            "check the address, or archive a saved copy of the page",
                        )
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise ArchiveError(
                                f"{url} sent more than {limit:,} bytes", "archive a saved copy of the page"
                            )
                        if time.monotonic() > deadline:
                            raise ArchiveError(
                                f"{url} took more than {10 * timeout:g} s to send the page",
                                "try again later, or archive a saved copy",
                            )
                    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                    return Fetched(bytes(body), content_type, url, now)
    except httpx.InvalidURL:  # httpx reads a redirect's Location before we see it
        raise ArchiveError(
            f"{url} redirects to an address that is not http(s)", "only web pages can be fetched"
        ) from None
    except httpx.TimeoutException:
        raise ArchiveError(
            f"{url} did not answer within {timeout:g} s", "try again later, or archive a saved copy"
        ) from None
    except httpx.HTTPError as exc:
        raise ArchiveError(f"{url} could not be fetched: {exc}", "check the address and the network") from None
    raise ArchiveError(f"{url} redirects more than {MAX_REDIRECTS} times", "archive the final page's address")
