"""Turn what fact-checkers actually have (a saved page, a WARC or WACZ, a PDF, a URL, a text)
into an archived source: its text, a metadata sidecar with provenance and digests, and the kept
original bytes, so the extraction can be audited and repeated. Never imports MkDocs.
"""
