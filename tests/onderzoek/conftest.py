"""The export's tests move participants through the real receiver and flows (the session's
Prefect harness), then export what the chain recorded."""

from __future__ import annotations

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.flows.opvolging.hulp import keten  # noqa: F401  (the fixture)


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=180):
        yield
