"""Scenario 11, age deadline and no-show (DOMAIN §8; seed 004, Roermond/Leudal UP).

An Eritrean youth leaves the ISK below Entree level; intake and PIP must be done before his 18th
birthday. He misses days in Fase 1 and gets a home visit, then completes 3 + 5 + 5 months and goes
on to Entree. Expect: a deadline alert (without the birth date leaving the database), the no-show
escalated to the casemanager who records the home visit, and a review after Fase 1 (and after each
phase) that routes the next one.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from flows.opvolging import opvolging
from persistence import sessie
from persistence.tabellen import OutboxBericht, UitkomstRegel
from persistence.tabellen_besluit import Maatregel, Schending
from schemas.fase import Fase
from schemas.opvolging import plus_jaren
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn
from tests.flows.scenarios._jeugd import (
    CASEMANAGER,
    FASE1,
    GEMEENTE,
    ISK,
    UP,
    WERKGEVER,
    WESTROM,
    balans,
    gestart,
    ijkpunten,
    stuur,
    traject,
    vlaggen,
)


def weken(n: int) -> timedelta:
    return timedelta(weeks=n)


def _aangemeld_door_de_isk(keten: Keten, geboren: date) -> str:
    bewijs = stuur(
        keten,
        ISK,
        {
            "type": "deelnemer.aangemeld",
            "verwijzing_id": "ISK-2026-17",
            "programma": UP,
            "persoon": {
                "naam": "Test Jongere",
                "bsn": bsn(1101),
                "geboortedatum": geboren.isoformat(),
            },
        },
    )
    return str(bewijs["deelnemer"])


def _noshow(keten: Keten, pseudoniem: str, dag: date) -> None:
    stuur(
        keten,
        FASE1,
        {
            "type": "schending.gemeld",
            "deelnemer": pseudoniem,
            "fase": "ontwikkeling",
            "soort": "niet_verschenen",
            "datum": dag.isoformat(),
            "code": "taalles",
        },
    )


def _rijen(keten: Keten, tabel, pseudoniem: str):
    with sessie(keten.engine) as s:
        return list(s.exec(select(tabel).where(tabel.pseudoniem == pseudoniem)))


@alleen_sqlite
def test_scenario_11_deadline_alert_noshow_home_visit_and_a_review_after_each_phase(keten):
    begin = keten.vandaag()
    achttien = begin + weken(16)
    geboren = plus_jaren(achttien, -18)
    jongere = _aangemeld_door_de_isk(keten, geboren)
    assert traject(keten, jongere)[:3] == ("instroom", "actief", GEMEENTE), (
        "the ISK refers; the gemeente's casemanager runs the case"
    )
    opvolging()
    assert vlaggen(keten, jongere, "achttien") == set(), "sixteen weeks to go: not yet"

    # The intake drags on: twelve weeks before the birthday the casemanager is warned.
    keten.rond_af(jongere, UP, Fase.INSTROOM)
    keten.naar(achttien - weken(11))
    opvolging()
    assert vlaggen(keten, jongere, "achttien") == {("risico", GEMEENTE)}
    [alarm] = [s for s in keten.signalen(jongere) if s.soort == "achttien"]
    for verboden in (
        geboren.isoformat(),
        achttien.isoformat(),
        f"{geboren:%d-%m-%Y}",
        "Test Jongere",
    ):
        assert verboden not in str(alarm.model_dump()), "the flag carries no birth date"

    # The PIP is drawn up with the ROC and Fase 1 starts before the birthday: the deadline is met.
    keten.stel_plan_vast(jongere, UP, Fase.ASSESSMENT)
    keten.rond_af(jongere, UP, Fase.ASSESSMENT)
    fase1 = keten.vandaag()
    assert traject(keten, jongere)[:3] == ("ontwikkeling", "actief", FASE1)
    opvolging()
    assert vlaggen(keten, jongere, "achttien") == set(), "intake and PIP done: flag resolved"
    gestart(keten, FASE1, jongere, Fase.ONTWIKKELING)
    review = ijkpunten(keten, jongere)["balans-fase-1"]
    assert (review.eigenaar, review.keuze) == (GEMEENTE, None)
    assert review.vervalt_op.date() == fase1 + weken(13), "the review falls after Fase 1's 3 months"

    # He misses a day: the provider reports it, the casemanager hears at once and visits him.
    _noshow(keten, jongere, keten.vandaag())
    assert vlaggen(keten, jongere, "niet_verschenen") == {("overschreden", FASE1)}
    verteld = [m for m in keten.berichten("melding.signaal") if m.pseudoniem == jongere]
    assert [(m.partner, m.bericht["inhoud"]["soort"]) for m in verteld] == [
        (GEMEENTE, "niet_verschenen")
    ]
    stuur(
        keten,
        GEMEENTE,
        {
            "type": "maatregel.genomen",
            "deelnemer": jongere,
            "soort": "huisbezoek",
            "datum": keten.vandaag().isoformat(),
            "besluit": CASEMANAGER,
        },
    )
    [bezoek] = _rijen(keten, Maatregel, jongere)
    assert (bezoek.soort, bezoek.besloten_door) == ("huisbezoek", GEMEENTE)
    assert {s.maatregel_id for s in _rijen(keten, Schending, jongere)} == {bezoek.id}
    assert vlaggen(keten, jongere, "niet_verschenen") == set(), "the home visit settles it"
    [aan_de_school] = [m for m in keten.berichten("melding.maatregel") if m.pseudoniem == jongere]
    assert (aan_de_school.partner, aan_de_school.bericht["inhoud"]["maatregel"]) == (
        FASE1,
        "huisbezoek",
    )

    # Review after Fase 1: flagged to the casemanager as it nears, decided, and it routes Fase 2.
    keten.naar(fase1 + weken(12))
    opvolging()
    assert vlaggen(keten, jongere, "ijkpunt") == {("risico", GEMEENTE)}
    balans(keten, jongere, "balans-fase-1", "stage")
    opvolging()
    assert vlaggen(keten, jongere, "ijkpunt") == set()
    keten.naar(fase1 + weken(13))
    keten.rond_af(jongere, UP, Fase.ONTWIKKELING)
    fase2 = keten.vandaag()
    assert traject(keten, jongere)[:3] == ("vakopleiding", "actief", WESTROM)

    # Fase 2 (5 months) at Westrom, reviewed: paid work in Fase 3 (5 months), reviewed: Entree.
    keten.naar(fase2 + weken(22))
    balans(keten, jongere, "balans-fase-2", "werk")
    keten.rond_af(jongere, UP, Fase.VAKOPLEIDING)
    fase3 = keten.vandaag()
    assert traject(keten, jongere)[:3] == ("plaatsing", "actief", WERKGEVER)
    keten.naar(fase3 + weken(22))
    balans(keten, jongere, "balans-fase-3", "entree")
    besloten = ijkpunten(keten, jongere)
    assert {naam: i.keuze for naam, i in besloten.items()} == {
        "balans-fase-1": "stage",
        "balans-fase-2": "werk",
        "balans-fase-3": "entree",
    }
    assert {i.persoon for i in besloten.values()} == {CASEMANAGER["persoon"]}
    stuur(
        keten,
        WERKGEVER,
        {
            "type": "traject.afgesloten",
            "deelnemer": jongere,
            "fase": "plaatsing",
            "contract_versie": 2,
            "dossier": {
                "uitkomst": {
                    "soort": "onderwijs",
                    "datum": (keten.vandaag() - timedelta(days=1)).isoformat(),
                    "mbo_niveau": 0,
                },
                "bestemming": {"referentie": "Entree-inschrijving Gilde", "bevestigd": True},
            },
        },
    )
    fase, status, _, bewegingen = traject(keten, jongere)
    assert (fase, status) == ("plaatsing", "afgesloten")
    assert bewegingen == ["aanmelden", *["doorstromen"] * 4, "afsluiten"]
    with sessie(keten.engine) as s:
        [uitkomst] = s.exec(select(UitkomstRegel)).all()
    assert (uitkomst.soort, uitkomst.bestemming, uitkomst.bevestigd) == (
        "onderwijs",
        "Entree-inschrijving Gilde",
        True,
    )
    with sessie(keten.engine) as s:
        naar_buiten = [str(m.bericht) for m in s.exec(select(OutboxBericht))]
    assert naar_buiten and not any(geboren.isoformat() in m for m in naar_buiten)
