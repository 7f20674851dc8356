"""Flow tests run against a real Prefect API (the test harness), once per session."""

from __future__ import annotations

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.flows.hulp import omgeving  # noqa: F401  (the fixture, shared by the flow tests)


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=180):
        yield
