"""The engine-independent core: records, loading, validation, cross-referencing and rendering.

Nothing in this package may import MkDocs: another site engine must be able to reuse it whole.
"""
