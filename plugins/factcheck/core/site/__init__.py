"""core/site."""
