"""Scenario 16, gap and PIP revision (DOMAIN §8; seed 004, Tilburg / Hart van Brabant).

The two-day intake is too short, so a startprogramma follows; in week 8 the toekomstplan is
presented and the PIP drawn up; 17 weeks of volunteering; then no duaal traject is available
("er niet altijd een passend vervolgaanbod in de vorm van een duaal traject"). Expect: waiting
time measured; PIP versions kept ("kan ook bijgesteld worden"). Played on the shipped programme
duaal-drechtsteden: the startprogramma is its assessment, the volunteering its ontwikkeling, the
duaal traject at an employer its plaatsing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from flows.opvolging import opvolging
from persistence import sessie
from persistence.ijkpunten import van_deelnemer
from persistence.tabellen import Deelnemer
from persistence.tabellen_verwijzing import Verwijzing
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, alleen_sqlite
from tests.flows.scenarios._duaal import (
    DRECHT,
    SDD,
    WERKGEVER,
    in_spoor,
    pip,
    plek,
    status,
    verwerk,
)


def _wachten_op_de_werkgever(keten: Keten, pseudoniem: str) -> list[object]:
    """Open flags of the wait for the employer's start (the taal lane has its own wait)."""
    return [
        s for s in keten.signalen(pseudoniem) if s.soort == "wachten" and s.partner == WERKGEVER
    ]


@alleen_sqlite
def test_scenario_16_wachttijd_op_een_duaal_traject_gemeten_en_alle_pip_versies_bewaard(
    keten: Keten,
):
    begin = keten.vandaag()
    pseudoniem = in_spoor(keten, 1601, "participatie")  # PIP v1 after the week-8 toekomstplan
    keten.naar(begin + timedelta(weeks=4))
    verwerk(
        keten,
        SDD,
        pip(
            pseudoniem,
            keten.vandaag().isoformat(),
            "bijgesteld: 17 weken vrijwilligerswerk, 10-15 uur per week",
            doelen=[
                {"soort": "taal", "niveau": "A2", "horizon_maanden": 18},
                {"soort": "participatie", "horizon_maanden": 4},
            ],
        ),
    )
    keten.naar(begin + timedelta(weeks=17))  # volunteering done: on to a duaal traject
    keten.rond_af(pseudoniem, DRECHT, Fase.ONTWIKKELING)
    verwacht = begin + timedelta(weeks=23)
    verwerk(
        keten,
        WERKGEVER,
        {
            "type": "verwijzing.beantwoord",
            "deelnemer": pseudoniem,
            "fase": "plaatsing",
            "antwoord": "wachtlijst",
            "verwachte_start": verwacht.isoformat(),
        },
    )
    [(ontvanger, inhoud)] = [
        (m.partner, m.bericht["inhoud"]) for m in keten.berichten("verwijzing.antwoord")
    ]
    assert (ontvanger, inhoud["verwachte_start"]) == (SDD, verwacht.isoformat())

    # the wait runs past the programme's 14 days: the regiehouder is told
    keten.naar(begin + timedelta(weeks=20))
    opvolging()
    assert _wachten_op_de_werkgever(keten, pseudoniem), "the waiting time is watched"

    keten.naar(verwacht)  # a place at last
    verwerk(
        keten,
        WERKGEVER,
        {
            "type": "fase.gestart",
            "deelnemer": pseudoniem,
            "fase": "plaatsing",
            "gestart_op": verwacht.isoformat(),
        },
    )
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        assert d.id is not None
        v = s.exec(
            select(Verwijzing).where(
                Verwijzing.deelnemer_id == d.id, Verwijzing.partner == WERKGEVER
            )
        ).one()
        _, versies = van_deelnemer(session=s, deelnemer_id=d.id)
    assert v.status == "gestart" and v.wachtlijst_sinds and v.wachtlijst_tot
    gewacht = v.wachtlijst_tot - v.wachtlijst_sinds
    assert abs(gewacht - timedelta(weeks=6)) < timedelta(minutes=1), "six weeks on the list"
    assert not _wachten_op_de_werkgever(keten, pseudoniem), "the start ends the wait"
    assert plek(keten, pseudoniem) == ("plaatsing", WERKGEVER, "actief")

    assert [(p.versie, p.vastgesteld_op.isoformat(), p.reden) for p in versies] == [
        (1, begin.isoformat(), "maatwerkplan na de Talentscan"),
        (
            2,
            (begin + timedelta(weeks=4)).isoformat(),
            "bijgesteld: 17 weken vrijwilligerswerk, 10-15 uur per week",
        ),
    ], "both PIP versions kept, each with its reason"
    getoond = status(keten, pseudoniem)
    assert f"{gewacht.days} d" in getoond and "pip version 2" in getoond and "(2 kept)" in getoond
