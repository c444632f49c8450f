"""Size limits of archiving, in one place so the README and the tests can name them."""

from __future__ import annotations

MAX_INPUT_BYTES = 50 * 1024 * 1024  # a saved page, WARC, WACZ, PDF or a fetched response
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # everything a WACZ or a gzipped WARC may expand to
MAX_COMPRESSION_RATIO = 100  # more than this from one zip member is a zip bomb, not an archive
MAX_PAGES = 2000  # of a PDF
