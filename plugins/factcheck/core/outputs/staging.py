"""Publish a built site all at once: build into a staging folder beside it, then swap it in.

A static site generator usually empties the output folder first and then writes page after page,
so an error half way (a template that fails, warnings counted at the end of a ``--strict`` build,
an interrupted process) leaves a half-built site that looks complete. Building into a sibling
staging folder and renaming it into place only when the build has succeeded means the output
folder always holds either the previous complete site or the new complete one.

Hidden entries at the top of the old output folder (``.git`` of a ``gh-pages`` checkout,
``.nojekyll``) are carried over, as the engine's own cleaning keeps them. Pure file-system code:
no engine is imported here.

Renaming and deleting a folder is only safe when the folder is what its path says: a committed
``site`` that is a symbolic link (to a folder elsewhere, or to ``..``) would have the build empty,
rename or delete whatever it points to. :func:`site_dir_problems` refuses such a ``site_dir``
before anything is written, and :func:`publish` checks again right before it renames.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_MARK = ".partial-"
LINK_HINT = (
    "a build never writes, renames or deletes through a symbolic link: make site_dir a real "
    "folder (or remove it; the build creates it), or point site_dir elsewhere in mkdocs.yml"
)


class UnsafeSiteDir(Exception):
    """``site_dir`` is, is under, or holds a symbolic link, or it would replace the project."""


def site_dir_problems(
    site_dir: str | os.PathLike[str],
    project: str | os.PathLike[str],
    keep: tuple[str | os.PathLike[str], ...] = (),
    inside: bool = True,
) -> list[tuple[str, str, str]]:
    """Why building into ``site_dir`` could touch files outside it, as (path, message, hint).

    * a symbolic link as ``site_dir``, as one of its parent folders inside the project, or anywhere
      inside it (the top's hidden entries are moved whole, not entered);
    * ``site_dir`` equal to, or holding, the project folder or a folder in ``keep`` (the records),
      which the swap would rename away and delete.

    ``inside=False`` leaves out the scan for links inside (``mkdocs serve``'s rebuilds: its own
    temporary folder holds only what the previous builds wrote, which makes no links).
    """
    target = Path(os.path.abspath(site_dir))
    project = Path(os.path.abspath(project))
    problems: list[tuple[str, str, str]] = []
    inside = project in target.parents
    here = project if inside else target.parent
    for part in target.relative_to(here).parts:
        here = here / part
        if os.path.islink(here):
            what = "site_dir" if here == target else f"a parent folder of site_dir ({target})"
            problems.append((str(here), f"{what} is a symbolic link (to {os.readlink(here)})", LINK_HINT))
            return problems
        if not here.exists():
            break
    real = target.resolve()
    for folder in (project, *map(Path, keep)):
        folder = folder.resolve()
        if folder == real or real in folder.parents:
            problems.append(
                (
                    str(target),
                    f"site_dir holds {folder}, which a build would replace",
                    "point site_dir at a folder of its own, such as `site`",
                )
            )
    if inside and not problems and target.is_dir():
        problems += [(str(link), "a symbolic link inside site_dir", LINK_HINT) for link in _links_inside(target)]
    return problems


def _links_inside(folder: Path) -> list[Path]:
    """Symbolic links anywhere below ``folder`` (one directory scan each; links are not entered)."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if current == folder and entry.name.startswith("."):
                    continue  # hidden top entries (.git of a gh-pages checkout) are moved whole
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return sorted(found)


def staging_dir_for(site_dir: str | os.PathLike[str]) -> Path:
    """A new empty folder beside ``site_dir`` (same file system, so renames are atomic)."""
    target = Path(os.path.abspath(site_dir))  # never resolved: a link is refused, not followed
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))


def publish(staging: str | os.PathLike[str], site_dir: str | os.PathLike[str]) -> None:
    """Replace ``site_dir`` by the complete build in ``staging``.

    Two renames, never a copy: the old site stays whole until the new one is complete, and
    readers of ``site_dir`` see one or the other.
    """
    staging, target = Path(staging), Path(os.path.abspath(site_dir))
    if os.path.islink(target) or os.path.islink(target.parent):
        raise UnsafeSiteDir(f"{target} or its folder is a symbolic link; the build was not published")
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
