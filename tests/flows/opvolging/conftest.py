"""The follow-up's flow tests share the receiver-and-flows fixture (and the session's Prefect harness)."""

from tests.flows.opvolging.hulp import keten  # noqa: F401  (the fixture)
