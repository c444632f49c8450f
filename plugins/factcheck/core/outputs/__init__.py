"""core/outputs."""
