"""The shared logbook: one event and key=value fields (logfmt) on an ordinary logging record."""

from __future__ import annotations

import logging

import pytest

from settings import logboek, logboek_van


def test_een_regel_is_de_gebeurtenis_met_sleutel_waarde_velden(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="proef"):
        logboek("proef").info(
            "webhook_geweigerd",
            partner="gemeente-utrecht",
            reden="handtekening klopt niet",
            pogingen=2,
            dubbel=False,
        )
    [record] = caplog.records
    assert (record.name, record.levelno) == ("proef", logging.INFO)
    assert (
        record.getMessage()
        == 'event=webhook_geweigerd partner=gemeente-utrecht reden="handtekening klopt niet" pogingen=2 dubbel=false'
    )


def test_velden_met_de_naam_van_persoonsgegevens_worden_gemaskeerd(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="proef"):
        logboek("proef").info(
            "aanmelding",
            deelnemer="KT-ABCDEFGHIJ",
            naam="Yonas Tesfay",
            bsn="111222333",
            geboortedatum="2001-03-04",
        )
    assert (
        caplog.records[0].getMessage()
        == "event=aanmelding deelnemer=KT-ABCDEFGHIJ naam=*** bsn=*** geboortedatum=***"
    )


def test_het_niveau_en_de_traceback_blijven_van_de_standaardlogger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logboek("proef")
    with caplog.at_level(logging.WARNING, logger="proef"):
        log.info("niet_getoond")
        try:
            raise RuntimeError("kapot")
        except RuntimeError:
            log.exception("stap_mislukt", partner="jobcoach")
    [record] = caplog.records
    assert record.getMessage() == "event=stap_mislukt partner=jobcoach"
    assert (
        record.levelno == logging.ERROR
        and record.exc_info is not None
        and record.exc_info[0] is RuntimeError
    )


def test_een_bestaande_adapter_houdt_zijn_context(caplog: pytest.LogCaptureFixture) -> None:
    """As Prefect's run logger does: its `extra` (the run's id) rides along on the record."""
    adapter = logging.LoggerAdapter(logging.getLogger("proef"), {"flow_run_id": "1234"})
    with caplog.at_level(logging.INFO, logger="proef"):
        logboek_van(adapter).info("inbox_verwerkt", geaccepteerd=3)
    [record] = caplog.records
    assert (record.getMessage(), getattr(record, "flow_run_id", None)) == (
        "event=inbox_verwerkt geaccepteerd=3",
        "1234",
    )
