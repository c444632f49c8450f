"""Record in a sidecar that its original address is gone (``url_gone``), for the source page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..settings import Settings
from .archiver import find_source
from .sidecar import check_sidecar, replace_file, set_fields


def record_gone(settings: Settings, source_id: str, day: dt.date) -> list[Path]:
    found = find_source(settings, source_id)
    if found.source.url_gone is not None:
        return []
    text = set_fields(found.text, {"url_gone": day.isoformat()})
    check_sidecar(text, str(found.sidecar))
    replace_file(found.sidecar, text.encode("utf-8"), settings.seeds_path)
    return [found.sidecar]
