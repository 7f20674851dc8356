"""The `keten` command line: serve, demo, status."""
