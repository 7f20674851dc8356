"""Development aids run from the repository root (the test database URL, the import rule)."""
