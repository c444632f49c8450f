"""The share-card cache kept small: each card's file is marked when a build uses it, and
``factcheck cache prune`` deletes the cards no build has used for a while.

A card is cached under a digest of what it shows (``card_drawing.card_digest``), so every edit of a
claim's text, verdict or claimant leaves the old card behind: at 10,000 claims the cache holds
about 200 MB of cards in use (20 KB each), and without pruning it only grows, on a newsroom's
machines and in the CI cache its workflows save after each build. A file's modification time
is its last use, to the day: a build that uses a card whose time is older than a day sets it to
now (one ``utime`` a card a day at most). Pruning is a command the user runs, never a side
effect of a build: it deletes only regular files named like a card (or like a card being
written), directly inside the cache's ``cards`` folder, and never through a link.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ..checks.cache import cache_folder

DAY = 86400.0
CARD_NAME = re.compile(r"[0-9a-f]{64}\.png|tmp[0-9a-z_]+\.tmp")  # a card, or one being written (tempfile)


def cards_folder() -> Path:
    return cache_folder() / "cards"


def mark_used(path: str, modified: float, now: float | None = None) -> None:
    """A build uses the card at ``path`` (last modified at ``modified``): its time is set to now
    when older than a day. Failures are ignored (a read-only cache is still a cache)."""
    now = time.time() if now is None else now
    if now - modified > DAY:
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))


@dataclass(frozen=True)
class Pruned:
    removed: int
    removed_bytes: int
    kept: int
    kept_bytes: int


class UnsafeCache(Exception):
    """The cards folder is a symbolic link: nothing is deleted through it."""


def prune_cards(folder: Path, older_than_days: float, now: float | None = None, dry_run: bool = False) -> Pruned:
    """Delete the cards in ``folder`` that no build has used for ``older_than_days`` days."""
    now = time.time() if now is None else now
    if folder.is_symlink():
        raise UnsafeCache(f"{folder} is a symbolic link (to {os.readlink(folder)}); nothing was deleted")
    if not folder.is_dir():
        return Pruned(0, 0, 0, 0)
    limit = now - older_than_days * DAY
    removed = removed_bytes = kept = kept_bytes = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not CARD_NAME.fullmatch(entry.name):
                continue
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(status.st_mode):
                continue
            unused = status.st_mtime < limit
            if unused and not dry_run:
                try:
                    os.unlink(entry.path)
                except OSError:
                    unused = False  # (still there)
            if unused:
                removed, removed_bytes = removed + 1, removed_bytes + status.st_size
            else:
                kept, kept_bytes = kept + 1, kept_bytes + status.st_size
    return Pruned(removed, removed_bytes, kept, kept_bytes)
