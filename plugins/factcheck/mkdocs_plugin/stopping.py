"""A build or a server stopped by a signal cleans up as when stopped with Ctrl-C.

Ctrl-C raises KeyboardInterrupt, and MkDocs' commands then run the plugins' ``on_shutdown``: a
build's staging folder is removed (the previous site stays), a server's temporary site folder,
background index and records watcher are removed. SIGTERM (``docker stop``, systemd, a cancelled
CI job after its SIGINT) and SIGHUP (the terminal window closed) would end Python at once, before
any of it, leaving ``.site.partial-*`` beside the site or folders in the temporary directory.
So, from ``on_startup`` to ``on_shutdown``, both take Ctrl-C's path.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

SignalHandler = Callable[[int, FrameType | None], Any] | int | None
# a container's or a service manager's stop, and the terminal closed (where the system has it)
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def stop_on_signals() -> dict[int, SignalHandler]:
    """SIGTERM and SIGHUP take Ctrl-C's path (a KeyboardInterrupt). Only for signals nobody else
    handles, and only from the main thread (where signals are handled). Returns the handlers
    to restore."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, SignalHandler] = {}
    for number in STOP_SIGNALS:
        if signal.getsignal(number) == signal.SIG_DFL:
            previous[number] = signal.signal(number, _interrupt)
    return previous


def restore_signals(previous: dict[int, SignalHandler]) -> None:
    """A second signal while shutting down ends the process at once, as it would without us."""
    for number, handler in previous.items():
        if handler is not None and signal.getsignal(number) is _interrupt:
            signal.signal(number, handler)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # what Ctrl-C raises: `mkdocs serve` then stops cleanly
