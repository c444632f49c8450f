"""The markers a hand-written page may hold, replaced by blocks the core renders.

``<!-- factcheck:latest -->`` becomes the list of the latest fact checks (the first one only);
``<!-- factcheck:organisation -->`` the organisation block, or some of its items only:
``<!-- factcheck:organisation report_error contact -->``. Markdown keeps HTML comments as they
are, so the markers are found in the page's HTML, whichever engine converted it.
"""

from __future__ import annotations

import re

from .render import ORGANISATION_FIELDS, Link, Renderer

LATEST_MARKER = "<!-- factcheck:latest -->"
ORGANISATION_MARKER = re.compile(r"<!-- factcheck:organisation((?: +(?:" + "|".join(ORGANISATION_FIELDS) + r"))*) *-->")


def expand_markers(html: str, renderer: Renderer, link: Link) -> str:
    """A hand-written page's HTML with its markers replaced; ``link`` resolves paths from this page."""
    if LATEST_MARKER in html:
        html = html.replace(LATEST_MARKER, renderer.render_latest(link), 1)
    if "<!-- factcheck:organisation" in html:
        html = ORGANISATION_MARKER.sub(lambda m: renderer.render_organisation(link, m[1].split() if m[1] else ()), html)
    return html
