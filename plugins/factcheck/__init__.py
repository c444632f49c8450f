"""Fact-check site generator: an engine-independent core (`factcheck.core`) and thin engine adapters."""

__version__ = "0.1.0"
