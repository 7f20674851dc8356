"""The flows' logbook: key=value lines through Prefect's run logger, so they reach the Prefect UI."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.exceptions import MissingContextError

from settings import Logboek, logboek, logboek_van


def run_logboek() -> Logboek:
    """The run logger of the flow or task run in progress; outside one (the CLI's import, a
    script) the standard logger `flows`. A worker thread has no run context: take the logbook in
    the task and hand it over."""
    try:
        return logboek_van(get_run_logger())
    except MissingContextError:
        return logboek("flows")
