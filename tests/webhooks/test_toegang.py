"""At the door: a partner acts only on its own phase and its own participants (403 otherwise).

The participant is written with the repository functions on real SQLite and PostgreSQL; the
webhooks go through the real receiver.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session

from connectors.simulator.voorbeelden import GELDIG
from persistence import Overgang, klok, maak_engine, opvolging, verloop
from schemas.contracten import AssessmentNaarOntwikkeling
from schemas.toegang import NIET_BETROKKEN
from tests.beslisser import REGIEHOUDER, TRAJECTBEGELEIDER
from tests.conftest import json_body, onderteken
from tests.webhooks.test_receiver import inbox_rijen

PSEUDONIEM = "KT-ABCDEFGH23"


@pytest.fixture
def in_assessment(instellingen):
    """A participant of gemeente-utrecht, in assessment at assessment-utrecht, asked one check-in by jobcoach-utrecht."""
    engine = maak_engine(instellingen.db_url)
    nu = datetime.now(UTC)
    with Session(engine) as s:
        deelnemer = verloop.maak_deelnemer(
            session=s,
            pseudoniem=PSEUDONIEM,
            bsn_hash="h",
            persoon_versleuteld="x",
            programma="utrecht-bank-tot-baan",
            gemeente_partner="gemeente-utrecht",
            verwijzing_id="UTR-1",
            nu=nu,
        )
        traject = verloop.start_traject(
            session=s,
            deelnemer_id=deelnemer.id,
            programma="utrecht-bank-tot-baan",
            fase="assessment",
            partner="assessment-utrecht",
            nu=nu,
        )
        opvolging.plan_checkins(
            session=s,
            deelnemer=deelnemer,
            traject_id=traject.id,
            partner="jobcoach-utrecht",
            startdatum=date.today(),
            maanden=[1],
        )
        s.commit()
    yield engine
    klok.vergeet()  # the moved clock of one test must not leak into the next


def stuur(client, catalogus, partner, gebeurtenis, webhook_id=None, deelnemer=PSEUDONIEM):
    body = json_body(
        {"gemeld_op": datetime.now(UTC).isoformat(), "deelnemer": deelnemer} | gebeurtenis
    )
    geheim = catalogus.partner(partner).webhook_geheimen[0].get_secret_value()
    return client.post(
        f"/webhooks/{partner}",
        content=body,
        headers=onderteken(geheim, body, webhook_id=webhook_id),
    )


AFGEROND = {
    "type": "fase.afgerond",
    "fase": "assessment",
    "naar": "ontwikkeling",
    "dossier": GELDIG[AssessmentNaarOntwikkeling],
}
HERINSTROOM = {
    "type": "deelnemer.herinstroom",
    "naar": "instroom",
    "reden": "opnieuw proberen",
    "besluit": TRAJECTBEGELEIDER,
}
GEPAUZEERD = {"type": "traject.gepauzeerd", "fase": "assessment", "reden": "ziekte in het gezin"}


def test_de_partner_van_de_huidige_fase_mag(client, catalogus, instellingen, in_assessment):
    assert stuur(client, catalogus, "assessment-utrecht", AFGEROND).status_code == 202
    assert len(inbox_rijen(instellingen)) == 1


@pytest.mark.parametrize(
    ("partner", "gebeurtenis", "reden"),
    [
        ("ontwikkeling-horeca-utrecht", GEPAUZEERD, NIET_BETROKKEN),
        (
            "assessment-utrecht",
            GEPAUZEERD | {"fase": "ontwikkeling"},
            f"{PSEUDONIEM} is in assessment, not ontwikkeling",
        ),
        (
            "assessment-utrecht",
            HERINSTROOM,
            f"only the regiehouder of {PSEUDONIEM} re-refers",
        ),
        (
            "gemeente-utrecht",
            GEPAUZEERD,
            f"gemeente-utrecht does not run {PSEUDONIEM}'s current phase",
        ),
        (
            "meerinzicht-klantmanager",
            HERINSTROOM,
            NIET_BETROKKEN,
        ),
        (
            "meerinzicht-nazorg",
            {"type": "nazorg.checkin", "maand": 1, "nog_in_dienst": True},
            NIET_BETROKKEN,
        ),
    ],
)
def test_een_ander_krijgt_403_en_niets_wordt_opgeslagen(
    client, catalogus, instellingen, in_assessment, partner, gebeurtenis, reden
):
    """Who has a part (the regiehouder, the partner of the current phase) hears why; anyone else
    hears what an unknown pseudonym gets."""
    antwoord = stuur(client, catalogus, partner, gebeurtenis)
    assert antwoord.status_code == 403, antwoord.text
    assert antwoord.json()["detail"] == reden
    assert inbox_rijen(instellingen) == []


def test_de_regiehouder_en_de_gevraagde_jobcoach_mogen(
    client, catalogus, instellingen, in_assessment
):
    herinstroom = {
        "type": "deelnemer.herinstroom",
        "naar": "instroom",
        "reden": "opnieuw proberen",
        "besluit": REGIEHOUDER,
    }
    assert stuur(client, catalogus, "gemeente-utrecht", herinstroom).status_code == 202
    checkin = {"type": "nazorg.checkin", "maand": 1, "nog_in_dienst": True}
    assert stuur(client, catalogus, "jobcoach-utrecht", checkin).status_code == 202


@pytest.mark.parametrize(
    ("partner", "gebeurtenis"),
    [
        ("ontwikkeling-horeca-utrecht", GEPAUZEERD),
        ("werkgevers-utrecht", AFGEROND),
        (
            "meerinzicht-klantmanager",
            HERINSTROOM,
        ),
        ("meerinzicht-nazorg", {"type": "nazorg.checkin", "maand": 1, "nog_in_dienst": True}),
        (
            "vakopleiding-utrecht",
            {"type": "fase.gestart", "fase": "vakopleiding", "gestart_op": "2026-11-01"},
        ),
    ],
)
def test_onbekend_pseudoniem_krijgt_hetzelfde_antwoord_als_dat_van_een_ander(
    client, catalogus, instellingen, in_assessment, partner, gebeurtenis
):
    """Before, someone else's participant was refused with another sentence than an unknown one
    ("... does not run ...'s current phase" against "... is not a participant of ..."): a partner
    could tell which pseudonyms exist."""
    van_een_ander = stuur(client, catalogus, partner, gebeurtenis)
    onbekend = stuur(client, catalogus, partner, gebeurtenis, deelnemer="KT-ZZZZZZZZZZ")
    assert van_een_ander.status_code == onbekend.status_code == 403
    assert van_een_ander.json() == onbekend.json() == {"detail": NIET_BETROKKEN}
    assert van_een_ander.headers.keys() == onbekend.headers.keys()
    assert inbox_rijen(instellingen) == []


def test_herhaling_na_de_overgang_is_dubbel_en_geen_403(
    client, catalogus, instellingen, in_assessment
):
    """A sender's retry of an accepted webhook, days later and after the participant moved on."""
    assert (
        stuur(client, catalogus, "assessment-utrecht", AFGEROND, webhook_id="msg_een").status_code
        == 202
    )
    with Session(in_assessment) as s:
        traject = verloop.huidig_traject(
            session=s, deelnemer_id=verloop.vind_deelnemer(session=s, pseudoniem=PSEUDONIEM).id
        )
        verloop.werk_traject_bij(
            session=s,
            traject=traject,
            fase="ontwikkeling",
            status="actief",
            partner="ontwikkeling-horeca-utrecht",
            nu=datetime.now(UTC),
        )
        s.commit()
    klok.vooruit(
        engine=in_assessment, met=timedelta(days=4)
    )  # longer than any sender retries (Standard Webhooks: ~1.5 days)
    herhaling = stuur(client, catalogus, "assessment-utrecht", AFGEROND, webhook_id="msg_een")
    assert (herhaling.status_code, herhaling.json()["status"]) == (200, "dubbel")
    assert len(inbox_rijen(instellingen)) == 1
    assert stuur(client, catalogus, "assessment-utrecht", GEPAUZEERD).status_code == 403


def test_late_startmelding_na_de_eigen_overdracht_is_welkom(
    client, catalogus, instellingen, in_assessment
):
    """Webhooks carry no order: the start of assessment may arrive after assessment was completed."""
    with Session(in_assessment) as s:
        deelnemer = verloop.vind_deelnemer(session=s, pseudoniem=PSEUDONIEM)
        traject = verloop.huidig_traject(session=s, deelnemer_id=deelnemer.id)
        verloop.leg_overgang_vast(
            session=s,
            overgang=Overgang(
                deelnemer_id=deelnemer.id,
                traject_id=traject.id,
                beweging="doorstromen",
                van_fase="assessment",
                naar_fase="ontwikkeling",
                van_status="actief",
                naar_status="actief",
                van_partner="assessment-utrecht",
                naar_partner="ontwikkeling-horeca-utrecht",
                reden="assessment afgerond",
                besloten_door="test",
                tijdstip=datetime.now(UTC),
            ),
        )
        verloop.werk_traject_bij(
            session=s,
            traject=traject,
            fase="ontwikkeling",
            status="actief",
            partner="ontwikkeling-horeca-utrecht",
            nu=datetime.now(UTC),
        )
        s.commit()
    start = {"type": "fase.gestart", "fase": "assessment", "gestart_op": date.today().isoformat()}
    assert stuur(client, catalogus, "assessment-utrecht", start).status_code == 202
    assert stuur(client, catalogus, "vakopleiding-utrecht", start).status_code == 403


@pytest.mark.parametrize(
    ("partner", "gebeurtenis"),
    [
        ("ontwikkeling-horeca-utrecht", GEPAUZEERD),
        ("meerinzicht-nazorg", {"type": "nazorg.checkin", "maand": 1, "nog_in_dienst": True}),
        (
            "vakopleiding-utrecht",
            {"type": "fase.gestart", "fase": "vakopleiding", "gestart_op": "2026-11-01"},
        ),
    ],
)
def test_onbekend_en_van_een_ander_kosten_dezelfde_queries(
    client, catalogus, instellingen, in_assessment, partner, gebeurtenis
):
    """The same timing class: both refusals run the same statements (an unknown pseudonym used to
    skip the check-in or ledger read a known one costs). No clock is read: the statements are."""
    uitgevoerd: list[str] = []

    def noteer(conn, cursor, statement, parameters, context, executemany):
        uitgevoerd.append(statement)

    engine = maak_engine(instellingen.db_url)
    stuur(client, catalogus, partner, gebeurtenis)  # warm: secrets, clock cache
    event.listen(engine, "before_cursor_execute", noteer)
    try:
        stuur(client, catalogus, partner, gebeurtenis)
        van_een_ander, uitgevoerd[:] = list(uitgevoerd), []
        stuur(client, catalogus, partner, gebeurtenis, deelnemer="KT-ZZZZZZZZZZ")
        onbekend = list(uitgevoerd)
    finally:
        event.remove(engine, "before_cursor_execute", noteer)
    assert van_een_ander == onbekend and van_een_ander
