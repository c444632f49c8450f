"""core/records/yaml."""
