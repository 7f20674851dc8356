"""The door's 403 per row of a batch export: rows about participants the partner has no part in
are refused before anything is stored, and the answer lists them by reason.

Before, a signed batch of 20,000 rows about an unknown participant was answered 202 and became
20,000 inbox rows, then 20,000 handoff records and 20,000 `overdracht.geweigerd` messages.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, col, select

from persistence import InboxBericht, maak_engine, verloop
from schemas.toegang import NIET_BETROKKEN
from tests.conftest import onderteken
from tests.flows.test_import import NU, plaats_deelnemers, rapport
from tests.webhooks.test_receiver import inbox_rijen
from tests.webhooks.test_toegang import PSEUDONIEM, in_assessment  # noqa: F401  (the fixture)

ONBEKEND = "KT-ZZZZZZZZZZ"


def stuur_batch(
    client, catalogus, partner, rijen, webhook_id="export-1", soort="application/x-ndjson"
):
    body = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rijen).encode()
    geheim = catalogus.partner(partner).webhook_geheimen[0].get_secret_value()
    headers = onderteken(geheim, body, webhook_id=webhook_id) | {"content-type": soort}
    return client.post(f"/webhooks/{partner}/batch", content=body, headers=headers)


def naar_andere_werkgever(instellingen, pseudoniem):
    with Session(maak_engine(instellingen.db_url)) as s:
        deelnemer = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        traject = verloop.huidig_traject(session=s, deelnemer_id=deelnemer.id)
        traject.partner = "werkgevers-inburgeren-werkt"
        s.add(traject)
        s.commit()


def opgeslagen_ids(instellingen) -> list[str]:
    with Session(maak_engine(instellingen.db_url)) as s:
        return list(s.exec(select(InboxBericht.webhook_id).order_by(col(InboxBericht.id))))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_twintigduizend_rijen_over_een_onbekende_deelnemer_slaan_niets_op(
    client, catalogus, instellingen
):
    """The hostile partner's export: one signed batch, 20,000 rows, a pseudonym nobody has."""
    rijen = [rapport(ONBEKEND)] * 20_000
    antwoord = stuur_batch(client, catalogus, "werkgevers-utrecht", rijen)
    assert antwoord.status_code == 403, antwoord.text[:300]
    assert antwoord.json()["detail"] == [{"reden": NIET_BETROKKEN, "rijen": list(range(1, 20_001))}]
    assert inbox_rijen(instellingen) == []


def test_gemengde_export_slaat_alleen_de_eigen_rijen_op_en_noemt_de_rest(
    client, catalogus, instellingen
):
    eigen, ander = plaats_deelnemers(instellingen, 2)
    naar_andere_werkgever(instellingen, ander)
    rijen = [
        rapport(eigen),
        rapport(ONBEKEND),  # unknown
        rapport(eigen, uren_per_week="veel"),  # own participant, bad shape: kept for quarantine
        rapport(ander),  # someone else's: the same answer as unknown
        "kapot",  # names no one: kept and quarantined with its reason
        rapport(eigen) | {"fase": "vakopleiding", "naar": "plaatsing"},  # own, wrong phase
    ]
    antwoord = stuur_batch(client, catalogus, "werkgevers-utrecht", rijen)
    assert antwoord.status_code == 202, antwoord.text
    assert antwoord.json()["rijen"] == 6
    assert antwoord.json()["geweigerd"] == [
        {"reden": NIET_BETROKKEN, "rijen": [2, 4]},
        {"reden": f"{eigen} is in plaatsing, not vakopleiding", "rijen": [6]},
    ]
    assert opgeslagen_ids(instellingen) == ["export-1#1", "export-1#3", "export-1#5"]
    sleutel = catalogus.partner("werkgevers-utrecht").api_sleutel.get_secret_value()
    status = client.get(
        "/webhooks/werkgevers-utrecht/status/export-1%232",
        headers={"authorization": f"Bearer {sleutel}"},
    )
    assert status.status_code == 404, "a refused row was not stored"

    herhaald = stuur_batch(client, catalogus, "werkgevers-utrecht", rijen)
    assert (herhaald.status_code, herhaald.json()["status"]) == (200, "dubbel")
    assert len(opgeslagen_ids(instellingen)) == 3


def test_csv_rijen_krijgen_dezelfde_deur(client, catalogus, instellingen):
    [eigen] = plaats_deelnemers(instellingen, 1)
    kop = "type,gemeld_op,deelnemer,fase,naar,dossier.werkgever,dossier.contractsoort,dossier.startdatum,dossier.uren_per_week"
    r = rapport(eigen)
    regel = f"fase.afgerond,{r['gemeld_op']},{{}},plaatsing,nazorg,Bakkerij 3,regulier,{r['dossier']['startdatum']},24"
    antwoord = stuur_batch(
        client,
        catalogus,
        "werkgevers-utrecht",
        [kop, regel.format(eigen), regel.format(ONBEKEND)],
        soort="text/csv",
    )
    assert antwoord.status_code == 202, antwoord.text
    assert antwoord.json()["geweigerd"] == [{"reden": NIET_BETROKKEN, "rijen": [2]}]
    assert opgeslagen_ids(instellingen) == ["export-1#1"]


def test_herhaling_van_een_opgeslagen_export_blijft_dubbel_als_alles_nu_geweigerd_zou_worden(
    client, catalogus, instellingen
):
    """As for one webhook: a retry of an export stored earlier is a duplicate, even if its
    participants have moved on since (here: to another employer)."""
    [eigen] = plaats_deelnemers(instellingen, 1)
    assert stuur_batch(client, catalogus, "werkgevers-utrecht", [rapport(eigen)]).status_code == 202
    naar_andere_werkgever(instellingen, eigen)
    herhaald = stuur_batch(client, catalogus, "werkgevers-utrecht", [rapport(eigen)])
    assert (herhaald.status_code, herhaald.json()["status"]) == (200, "dubbel")
    nieuw = stuur_batch(
        client, catalogus, "werkgevers-utrecht", [rapport(eigen)], webhook_id="export-2"
    )
    assert nieuw.status_code == 403


@pytest.mark.usefixtures("in_assessment")
def test_checkin_antwoord_in_een_export_van_wie_het_gevraagd_werd(client, catalogus):
    """The check-in rule per row as for one webhook: the partner asked may answer, another not."""
    checkin = {
        "type": "nazorg.checkin",
        "gemeld_op": NU.isoformat(),
        "deelnemer": PSEUDONIEM,
        "maand": 1,
        "nog_in_dienst": True,
    }
    gevraagd = stuur_batch(client, catalogus, "jobcoach-utrecht", [checkin])
    assert (gevraagd.status_code, gevraagd.json()["geweigerd"]) == (202, [])
    ander = stuur_batch(client, catalogus, "meerinzicht-nazorg", [checkin], webhook_id="export-2")
    assert ander.status_code == 403
    assert ander.json()["detail"] == [{"reden": NIET_BETROKKEN, "rijen": [1]}]
