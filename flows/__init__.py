"""Prefect flows and tasks: the only place that combines connectors, quality and persistence."""
