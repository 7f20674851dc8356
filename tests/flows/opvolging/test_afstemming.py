"""Reconciliation and "no second request" against the partner simulator as a real HTTP service.

The simulated partners' webhooks go to a closed port: whatever they report is lost on the way,
while their own systems record it, which is exactly what reconciliation must find.
"""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from connectors.simulator import create_simulator_app
from flows import onderdelen
from flows.afstemming import afstemming
from flows.opvolging import opvolging
from persistence import outbox, sessie
from persistence.tabellen import OutboxBericht
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from settings import Instellingen
from tests.connectors.simulator_hulp import Loopback, wacht_tot
from tests.flows.opvolging.hulp import alleen_sqlite, bsn, dagen, soorten

UTRECHT = "utrecht-bank-tot-baan"


@pytest.fixture
def simulator(keten, monkeypatch):
    """The simulated partners on loopback; our outbox delivers to them, their webhooks are lost."""
    app = create_simulator_app(
        keten.catalogus,
        Instellingen(webhook_basis_url="http://127.0.0.1:9"),
        vertraging=(0.01, 0.02),
        herhaal_tot_s=0.3,
    )
    with Loopback(app) as server:
        monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", server.url)
        onderdelen.vergeet()
        yield server.url


def status(url):
    return httpx.get(f"{url}/_sim/status").json()


def test_een_verloren_webhook_en_een_onbekende_deelnemer_worden_bij_de_afstemming_gevonden(
    keten, simulator, monkeypatch
):
    verloren = keten.meld_aan(
        UTRECHT, bsn(60)
    )  # the gemeente gets traject.start and completes instroom
    monkeypatch.setenv(
        "KETEN_SIMULATOR_BASIS_URL", "http://127.0.0.1:9"
    )  # the next referral never arrives
    onderdelen.vergeet()
    onbekend = keten.meld_aan(UTRECHT, bsn(61))
    monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", simulator)
    onderdelen.vergeet()
    wacht_tot(lambda: status(simulator)["openstaand"] == 0 and status(simulator)["mislukt"] == 1)
    with sessie(keten.engine) as s:  # past its retry horizon, the referral's message is dead
        start = s.exec(select(OutboxBericht).where(OutboxBericht.pseudoniem == onbekend)).one()
        outbox.markeer_mislukt(
            session=s, bericht_id=start.id, fout="PartnerUnavailable", volgende_poging=None
        )
    eerste = afstemming()
    assert soorten(keten.signalen(verloren)) == {("afwijking_afgerond", "overschreden")}
    assert "gemeente-utrecht reports afgerond" in keten.signalen(verloren)[0].toelichting
    assert soorten(keten.signalen(onbekend)) == {("afwijking_onbekend", "overschreden")}
    tweede = afstemming()
    assert (eerste["nieuw"], tweede["nieuw"], tweede["aangekondigd"]) == (2, 0, 0)
    assert len(keten.signalen(status=None)) == 2


@alleen_sqlite
def test_werk_dat_nog_onderweg_is_is_geen_afwijking(keten, simulator):
    pseudoniem = keten.meld_aan(UTRECHT, bsn(62))
    wacht_tot(lambda: status(simulator)["openstaand"] == 0)
    keten.stuur(
        "gemeente-utrecht",
        {
            "type": "traject.gepauzeerd",
            "deelnemer": pseudoniem,
            "fase": "instroom",
            "reden": "ziekte",
        },
    )
    assert afstemming()["afwijkingen"] == 0, "a webhook of the participant still waits in the inbox"


@alleen_sqlite
def test_een_tweede_opvolging_stuurt_de_partner_niets_nieuws(keten, simulator):
    pseudoniem = keten.meld_aan(UTRECHT, bsn(63))
    start = keten.vandaag() - dagen(1)
    keten.loop(pseudoniem, UTRECHT, Fase.NAZORG, startdatum=start.isoformat())
    wacht_tot(lambda: status(simulator)["openstaand"] == 0)
    keten.naar(plus_maanden(start, 1))
    voor = status(simulator)
    opvolging()
    na_een = status(simulator)
    opvolging()
    na_twee = status(simulator)
    assert na_een["ontvangen"] - voor["ontvangen"] == 1, (
        "the jobcoach is asked the 1-month check-in"
    )
    assert (na_twee["ontvangen"], na_twee["dubbel"]) == (na_een["ontvangen"], na_een["dubbel"]), (
        "and nothing more"
    )
    assert [b.status for b in keten.berichten("nazorg.checkin")] == ["afgeleverd"]
