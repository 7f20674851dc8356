"""Benchmarks: scripts run from the repository root, each printing a table; not tests."""
