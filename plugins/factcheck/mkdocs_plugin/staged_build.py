"""All or nothing: MkDocs builds into a staging folder beside site_dir, swapped in only when the
build succeeded (``core.outputs.staging`` does the file-system work).

MkDocs' ``--strict`` counts warnings during the build and aborts only after the last event, when
every page is written: the count is kept here too, so that a build it will abort never replaces
the site. ``mkdocs serve`` and ``--dirty`` build in place, as MkDocs does.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..core import display_path, staging

log = get_plugin_logger(__name__)


def refuse_unsafe_site_dir(config, keep: tuple[Path | str, ...], checked_inside: bool) -> None:
    """Before MkDocs or we touch site_dir (MkDocs empties it right after on_pre_build): never
    through a link, never over the project or the folders in ``keep`` (the records, the docs).
    ``checked_inside``: the folder's contents were looked through already (a serve rebuild)."""
    project = Path(os.path.abspath(config.config_file_path)).parent
    found = staging.site_dir_problems(config.site_dir, project, keep=keep, inside=not checked_inside)
    if found:
        report = "\n".join(
            f"{display_path(path, project)}: error: {message}\n    hint: {hint}" for path, message, hint in found
        )
        raise PluginError(f"factcheck: site_dir is not safe to build into; nothing was written.\n{report}")


class StagedBuild:
    staging_dir: Path | None = None  # where this build writes, when not in place
    site_dir: str | None = None  # the site_dir the user configured
    counter: _WarningCounter | None = None

    def start(self, config, in_place: bool) -> None:
        """Count warnings from now on, and point MkDocs at a fresh folder beside site_dir unless
        the build is ``in_place``."""
        self.close()
        self.site_dir = config.site_dir
        self.counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.counter)
        if not in_place:
            self.staging_dir = staging.staging_dir_for(config.site_dir)
            config.site_dir = str(self.staging_dir)

    def finish(self, config) -> None:
        """The build is complete: swap it in, unless strict mode counted a warning (MkDocs aborts
        right after this event, and the previous site stays)."""
        warnings = self.stop_counting()
        if self.staging_dir is None or self.site_dir is None:
            return
        if config.strict and warnings:
            self.discard()
            log.info(f"{warnings} warning(s) in strict mode: {self.site_dir} was left as it was")
        else:
            try:
                staging.publish(self.staging_dir, self.site_dir)
            except staging.UnsafeSiteDir as exc:
                self.discard()
                raise PluginError(f"factcheck: {exc}") from None
            self.staging_dir = None
            log.info(f"the complete build replaced {self.site_dir}")
        config.site_dir = self.site_dir

    def stop_counting(self) -> int:
        counter, self.counter = self.counter, None
        if counter is None:
            return 0
        logging.getLogger("mkdocs").removeHandler(counter)
        return counter.count

    def discard(self) -> None:
        staging.discard(self.staging_dir)
        self.staging_dir = None

    def close(self) -> None:
        """A failed or interrupted build: nothing counted, nothing staged is left."""
        self.stop_counting()
        self.discard()


class _WarningCounter(logging.Handler):
    """Counts warnings like MkDocs' strict mode does, so we know the build will be aborted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
