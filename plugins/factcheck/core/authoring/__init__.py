"""core/authoring."""
