"""Prefect deployment definitions; `prefect.yaml` is the one source of truth for them."""
