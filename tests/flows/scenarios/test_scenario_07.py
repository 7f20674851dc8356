"""Scenario 7, the statushouder's stage (DOMAIN §8; seed 000, the instroomportaal of iederz).

From the portaal a statushouder goes on a stage at Stadsbeheer, where an accountmanager maps what
they can and they earn a praktijkverklaring; then a jaarcontract bij de gemeente. Expect: nazorg
starts. Beside it, the seed's younger group of statushouders: Dutch at the Alfa-College in the
morning, the portaal in the afternoon (a language lane in parallel).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie
from persistence.tabellen import Deelnemer, Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn
from tests.flows.scenarios._portaal import (
    ALFA,
    GEMEENTE,
    GEMEENTE_WERKGEVER,
    JOBCOACH,
    PORTAAL,
    STADSBEHEER,
    WERKPLAATS,
    afsluiting,
    gestart,
    in_het_portaal,
    traject,
    uitkomsten,
)


def _banen(keten: Keten, pseudoniem: str) -> dict[str, tuple[str, str, str]]:
    """Per lane beside the main one: (phase, partner, status)."""
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        t = s.exec(select(Traject).where(Traject.deelnemer_id == d.id)).one()
        rijen = s.exec(select(TrajectBaan).where(TrajectBaan.traject_id == t.id))
        return {b.baan: (b.fase, b.partner, b.status) for b in rijen}


def _grootboek(keten: Keten, pseudoniem: str) -> list[tuple[str | None, str, str, str]]:
    """(lane, move, to phase, to partner) of every ledger entry, in order."""
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        rijen = s.exec(
            select(Overgang).where(Overgang.deelnemer_id == d.id).order_by(col(Overgang.id))
        )
        return [(o.baan, o.beweging, o.naar_fase, o.naar_partner) for o in rijen]


@alleen_sqlite
def test_scenario_07_stage_bij_stadsbeheer_praktijkverklaring_jaarcontract_en_nazorg(keten):
    pseudoniem = keten.meld_aan(PORTAAL, bsn(701))
    begin = in_het_portaal(keten, pseudoniem)
    keten.naar(begin + timedelta(weeks=10))
    keten.rond_af(pseudoniem, PORTAAL, Fase.ONTWIKKELING, gekozen_sector="groen")
    gestart(keten, pseudoniem, Fase.VAKOPLEIDING)
    # the stage itself is an outcome on the way (DOMAIN §3: uitstroom includes stages)
    stage = {"soort": "stage", "datum": keten.vandaag().isoformat()}
    keten.stuur(
        STADSBEHEER, {"type": "uitkomst.gemeld", "deelnemer": pseudoniem, "uitkomst": stage}
    )
    verwerk_inbox(stil_na_s=0)

    keten.naar(begin + timedelta(weeks=22))
    afgerond = (keten.vandaag() - timedelta(days=1)).isoformat()
    keten.rond_af(
        pseudoniem,
        PORTAAL,
        Fase.VAKOPLEIDING,
        bewijs="praktijkverklaring",
        afgerond_op=afgerond,
        leerdoelen=["vaktaal groen", "werken in een ploeg"],
    )
    [naar_werkgever] = [
        m for m in keten.berichten("traject.start") if m.partner == GEMEENTE_WERKGEVER
    ]
    assert naar_werkgever.bericht["inhoud"]["bewijs"] == "praktijkverklaring", (
        "the accountmanager's praktijkverklaring travels to the employer"
    )
    keten.rond_af(
        pseudoniem,
        PORTAAL,
        Fase.PLAATSING,
        werkgever="Gemeente Groningen",
        contractsoort="regulier",  # a jaarcontract bij de gemeente
        startdatum=keten.vandaag().isoformat(),
        uren_per_week=36,
    )

    fase, status, partner, bewegingen = traject(keten, pseudoniem)
    assert (fase, status, partner) == ("nazorg", "actief", JOBCOACH)
    assert bewegingen == ["aanmelden", *["doorstromen"] * 5]
    assert keten.checkins(pseudoniem) == {1: "gepland", 3: "gepland", 6: "gepland", 12: "gepland"}
    [start] = [m for m in keten.berichten("traject.start") if m.partner == JOBCOACH]
    assert start.bericht["inhoud"]["werkgever"] == "Gemeente Groningen"
    assert [(u.soort, u.tussentijds) for u in uitkomsten(keten)] == [("stage", True)]


@alleen_sqlite
def test_scenario_07_de_jongere_groep_leert_taal_aan_het_alfa_college_naast_het_portaal(keten):
    pseudoniem = keten.meld_aan(PORTAAL, bsn(702))
    begin = in_het_portaal(keten, pseudoniem)
    keten.stuur(GEMEENTE, {"type": "baan.gestart", "deelnemer": pseudoniem, "baan": "taal"})
    verwerk_inbox(stil_na_s=0)
    assert traject(keten, pseudoniem)[:3] == ("ontwikkeling", "actief", WERKPLAATS)
    assert _banen(keten, pseudoniem) == {"taal": ("ontwikkeling", ALFA, "actief")}
    assert ALFA in {m.partner for m in keten.berichten("traject.start")}

    keten.naar(begin + timedelta(weeks=30))
    lks = {"soort": "werk_met_loonkostensubsidie", "datum": keten.vandaag().isoformat()}
    keten.stuur(WERKPLAATS, afsluiting(pseudoniem, lks))
    verwerk_inbox(stil_na_s=0)
    assert traject(keten, pseudoniem)[:2] == ("ontwikkeling", "afgesloten")
    assert _banen(keten, pseudoniem)["taal"][2] == "afgesloten", (
        "the lane closes with the trajectory"
    )
    assert _grootboek(keten, pseudoniem)[2:] == [
        (None, "doorstromen", "ontwikkeling", WERKPLAATS),
        ("taal", "aanmelden", "ontwikkeling", ALFA),  # mornings at the Alfa-College, beside it
        (None, "afsluiten", "ontwikkeling", WERKPLAATS),
        ("taal", "afsluiten", "ontwikkeling", ALFA),
    ]
