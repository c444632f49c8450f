"""The MkDocs adapter: wires the engine-independent core into MkDocs build events."""
