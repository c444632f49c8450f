"""Incremental rebuilds (``mkdocs serve``): what a rebuild may take from the previous one.

Two caches live in the engine adapter's long-lived object between rebuilds of one process:
``records`` keeps each claim file's checked outcome keyed by the file's status, and ``pages``
keeps each generated page's finished HTML keyed by a digest of everything the page shows. Both
are pure bookkeeping: nothing here reads the engine's state or writes files.
"""
