"""The twenty scenarios of the chain (one file per scenario, `test_scenario_NN.py`): each is played
through the real receiver, the inbox, the `verwerk_inbox` flow on real Prefect and the shipped
programmes in config/programmas/, with the chain's clock under the test's hand."""

from __future__ import annotations

from tests.flows.opvolging.hulp import keten  # noqa: F401  (the fixture every scenario uses)
