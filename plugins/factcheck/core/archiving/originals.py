"""Where the kept originals are published: beside the source pages, for readers to download.

A saved HTML page is published with ``.bin`` added to its name: served from the site's own
address, its scripts would run with the site's rights. As ``.bin`` a browser downloads it (the
link's ``download`` attribute gives back the ``.html`` name) and never renders it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..catalog import SourceEntry
from ..i18n import N_
from ..records.models import Source

FOLDER = "sources/originals"
_INERT = (".html",)  # formats a browser would render with the site's rights


def original_site_path(source: Source) -> str | None:
    """The original's documentation path in the site, e.g. ``sources/originals/x.pdf``."""
    if source.original is None:
        return None
    name = source.original.rsplit("/", 1)[-1]
    return f"{FOLDER}/{name}.bin" if name.endswith(_INERT) else f"{FOLDER}/{name}"


def download_name(source: Source) -> str | None:
    return source.original.rsplit("/", 1)[-1] if source.original else None


def original_files(entries: Iterable[SourceEntry], root: Path) -> dict[str, Path]:
    """Site path → the kept file, for each source that has one (the loader checked it is there)."""
    files = {}
    for entry in entries:
        path = original_site_path(entry.source)
        if path is not None and entry.source.original is not None:
            files[path] = root / Path(entry.record_path).parent / entry.source.original
    return files


KINDS = {
    "html": N_("saved web page"),
    "pdf": N_("PDF"),
    "warc": N_("WARC"),
    "warc.gz": N_("WARC"),
    "wacz": N_("WACZ"),
    "txt": N_("text"),
}  # translated where shown


def original_kind(source: Source) -> str:
    name = download_name(source) or ""
    return next(
        (label for ext, label in sorted(KINDS.items(), key=lambda kv: -len(kv[0])) if name.endswith("." + ext)),
        N_("file"),
    )
