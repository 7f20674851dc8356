"""Scenario 12, employer incident (DOMAIN §8; seed 004, Roermond/Leudal UP).

In Fase 3 the youth does not show up for work because of muscle ache ("spierpijn"); "negen van de
tien werkgevers zou deze jongen hebben ontslagen", but the Eritrean ervaringsdeskundige talks it
through and he stays. Expect: the incident logged as a kind and a date (no story), a risk flag
that reaches the casemanager, and the placement still active: nobody is moved.
"""

from __future__ import annotations

from sqlmodel import col, select

from persistence import sessie
from persistence.tabellen import Overgang
from persistence.tabellen_besluit import Incident
from schemas.fase import Fase
from tests.flows.opvolging.hulp import bsn
from tests.flows.scenarios._jeugd import (
    GEMEENTE,
    NAZORG,
    UP,
    WERKGEVER,
    balans,
    gestart,
    stuur,
    traject,
    vlaggen,
)


def test_scenario_12_an_incident_is_logged_and_flagged_and_the_placement_stays_active(keten):
    jongere = keten.meld_aan(UP, bsn(1201), geboortedatum="2006-05-06")
    keten.loop(jongere, UP, Fase.PLAATSING)
    gestart(keten, WERKGEVER, jongere, Fase.PLAATSING)
    assert traject(keten, jongere)[:3] == ("plaatsing", "actief", WERKGEVER)
    with sessie(keten.engine) as s:
        bewegingen = len(s.exec(select(Overgang)).all())

    stuur(
        keten,
        WERKGEVER,
        {
            "type": "incident.gemeld",
            "deelnemer": jongere,
            "fase": "plaatsing",
            "soort": "verzuim",
            "datum": keten.vandaag().isoformat(),
        },
    )

    with sessie(keten.engine) as s:
        [incident] = s.exec(select(Incident).where(Incident.pseudoniem == jongere)).all()
        assert len(s.exec(select(Overgang)).all()) == bewegingen, "an incident moves nobody"
    assert (incident.soort, incident.fase, incident.partner) == ("verzuim", "plaatsing", WERKGEVER)
    assert vlaggen(keten, jongere, "incident") == {("risico", WERKGEVER)}, "a risk flag"
    [verteld] = [
        m
        for m in keten.berichten("melding.signaal")
        if m.pseudoniem == jongere and m.bericht["inhoud"]["soort"] == "incident"
    ]
    assert verteld.partner == GEMEENTE, "the casemanager hears of it and can send the mediator"
    assert traject(keten, jongere)[:3] == ("plaatsing", "actief", WERKGEVER), "not dismissed"

    # Mediated, he keeps the job: Fase 3 is reviewed and he goes on to nazorg from his placement.
    balans(keten, jongere, "balans-fase-3", "nazorg")
    keten.rond_af(jongere, UP, Fase.PLAATSING)
    fase, status, partner, gang = traject(keten, jongere)
    assert (fase, status, partner) == ("nazorg", "actief", NAZORG)
    with sessie(keten.engine) as s:
        laatste = s.exec(select(Overgang).order_by(col(Overgang.id).desc())).first()
    assert laatste is not None and (laatste.van_fase, laatste.van_partner) == (
        "plaatsing",
        WERKGEVER,
    )
