"""core/records."""
