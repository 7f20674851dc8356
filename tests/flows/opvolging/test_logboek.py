"""A flow run's own log lines are key=value events, reach the Prefect API (the UI) and name no one.

A participant registers with a name, BSN and birth date; then reconciliation runs while every
partner is unreachable, so its task logs a warning per partner (from worker threads) and the flow
its counts.
"""

from __future__ import annotations

import logging
import re

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker

from flows.afstemming import afstemming
from tests.flows.opvolging.hulp import alleen_sqlite, bsn

LOGFMT = re.compile(r'event=[a-z_]+( [a-z_]+=("([^"\\]|\\.)*"|[^ "]*))*')
GEBOORTEDATUM = "1987-06-05"


@alleen_sqlite
def test_de_regels_van_een_flow_run_zijn_sleutel_waarde_en_zonder_persoonsgegevens(keten, caplog):
    with caplog.at_level(logging.INFO):
        keten.meld_aan("utrecht-bank-tot-baan", bsn(90), geboortedatum=GEBOORTEDATUM)
        toestand = afstemming(return_state=True)
    run_id = toestand.state_details.flow_run_id

    eigen = [r for r in caplog.records if r.getMessage().startswith("event=")]
    per_event = {r.getMessage().split()[0] for r in eigen}
    assert {"event=afstemming_partner_onbereikbaar", "event=afstemming_klaar"} <= per_event
    for record in eigen:
        assert LOGFMT.fullmatch(record.getMessage()), record.getMessage()
    onbereikbaar = [
        r for r in eigen if r.getMessage().startswith("event=afstemming_partner_onbereikbaar")
    ]
    assert all(r.name == "prefect.task_runs" and r.task_run_id for r in onbereikbaar), (
        "the task's run logger, also from its threads"
    )
    assert not [
        gegeven for gegeven in (bsn(90), "Test Deelnemer", GEBOORTEDATUM) if gegeven in caplog.text
    ]

    APILogWorker.drain_all(timeout=10)  # what the run logger's APILogHandler still holds
    with get_client(sync_client=True) as client:
        ontvangen = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id]))
        )
    assert any(log.message.startswith("event=afstemming_klaar partners=0 ") for log in ontvangen)
