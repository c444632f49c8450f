"""Publish a built site all at once: build into a staging folder beside it, then swap it in.

A static site generator usually empties the output folder first and then writes page after page,
so an error half way (a template that fails, warnings counted at the end of a ``--strict`` build,
an interrupted process) leaves a half-built site that looks complete. Building into a sibling
staging folder and renaming it into place only when the build has succeeded means the output
folder always holds either the previous complete site or the new complete one.

Hidden entries at the top of the old output folder (``.git`` of a ``gh-pages`` checkout,
``.nojekyll``) are carried over, as the engine's own cleaning keeps them. Pure file-system code:
no engine is imported here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_MARK = ".partial-"


def staging_dir_for(site_dir: str | os.PathLike[str]) -> Path:
    """A new empty folder beside ``site_dir`` (same file system, so renames are atomic)."""
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))


def publish(staging: str | os.PathLike[str], site_dir: str | os.PathLike[str]) -> None:
    """Replace ``site_dir`` by the complete build in ``staging``.

    Two renames, never a copy: the old site stays whole until the new one is complete, and
    readers of ``site_dir`` see one or the other.
    """
    staging, target = Path(staging), Path(site_dir).resolve()
    if target.is_dir():
        for entry in target.iterdir():
            if entry.name.startswith(".") and not (staging / entry.name).exists():
                entry.rename(staging / entry.name)
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, retired / "site")
        os.rename(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, target)


def discard(staging: str | os.PathLike[str] | None) -> None:
    """Remove a staging folder after a failed build; the previous site is untouched."""
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
