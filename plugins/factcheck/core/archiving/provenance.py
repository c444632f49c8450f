"""What a source page says about where its text came from: the values its template shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..records.models import Source
from .originals import download_name, original_kind, original_site_path


def provenance(source: Source, link: Callable[[str], str]) -> dict[str, object]:
    """Template values: the download link of the kept original (``link`` makes a documentation
    path a URL relative to the page), and the capture time of day when it is known."""
    path = original_site_path(source)
    captured = source.captured
    return {
        "original_href": link(path) if path else None,
        "original_name": download_name(source),
        "original_kind": original_kind(source) if path else None,
        "captured_time": captured.strftime("%H:%M UTC") if isinstance(captured, dt.datetime) else None,
    }
