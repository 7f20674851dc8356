"""What the instroomportaal scenarios (05, 06, 07; seed 000) share: the programme's partners, a
participant taken into the portaal, the exit event, and reading the ledger and outcomes back."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen import Overdracht, Overgang, UitkomstRegel
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten

PORTAAL = "instroomportaal"
GEMEENTE, COACH = "gemeente-groningen", "coach-meedoen-groningen"
INTAKE, WERKPLAATS = "iederz-instroomportaal-intake", "iederz-instroomportaal"
ALFA, STADSBEHEER = "alfa-college", "stadsbeheer-groningen-stage"
GEMEENTE_WERKGEVER, JOBCOACH = "gemeente-groningen-werkgever", "iederz-jobcoach"


def gestart(keten: Keten, pseudoniem: str, fase: Fase, partner: str | None = None) -> None:
    """The partner of `fase` reports that the participant started there today."""
    keten.stuur(
        partner or keten.partner(PORTAAL, fase),
        {
            "type": "fase.gestart",
            "deelnemer": pseudoniem,
            "fase": fase.value,
            "gestart_op": keten.vandaag().isoformat(),
        },
    )
    verwerk_inbox(stil_na_s=0)


def in_het_portaal(keten: Keten, pseudoniem: str) -> date:
    """Referred and through the kennismaking, the participant enters the portaal at 08:00 the
    next day, so a clock set to noon whole weeks on has passed exactly those weeks in the phase,
    whatever the hour the test runs at (the clock only moves forward)."""
    keten.naar(keten.vandaag() + timedelta(days=1), uur=8)
    keten.loop(pseudoniem, PORTAAL, Fase.ONTWIKKELING)
    gestart(keten, pseudoniem, Fase.ONTWIKKELING)
    return keten.vandaag()


def afsluiting(
    pseudoniem: str, uitkomst: dict[str, Any], fase: Fase = Fase.ONTWIKKELING, **dossier: Any
) -> dict[str, Any]:
    """The exit from `fase` in contract v2; `besluit` (if given) goes on the event, not the dossier."""
    besluit = dossier.pop("besluit", None)
    return {
        "type": "traject.afgesloten",
        "deelnemer": pseudoniem,
        "fase": fase.value,
        "contract_versie": 2,
        "dossier": {"uitkomst": uitkomst} | dossier,
    } | ({"besluit": besluit} if besluit else {})


def traject(keten: Keten, pseudoniem: str) -> tuple[str, str, str, list[str]]:
    """(phase, status, partner, the ledger's moves) of the participant's current trajectory."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.id is not None
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        assert t is not None
        ledger = verloop.geschiedenis(session=s, deelnemer_id=d.id)
        return t.fase, t.status, t.partner, [o.beweging for o in ledger]


def laatste_overgang(keten: Keten) -> Overgang:
    with sessie(keten.engine) as s:
        rij = s.exec(select(Overgang).order_by(col(Overgang.id).desc())).first()
    assert rij is not None
    return rij


def uitkomsten(keten: Keten) -> list[UitkomstRegel]:
    with sessie(keten.engine) as s:
        return list(s.exec(select(UitkomstRegel).order_by(col(UitkomstRegel.id))))


def geweigerd(keten: Keten) -> list[str]:
    """The reasons of every refused handoff, oldest first."""
    with sessie(keten.engine) as s:
        rijen = s.exec(
            select(Overdracht).where(Overdracht.status == "geweigerd").order_by(col(Overdracht.id))
        )
        return [o.reden or "" for o in rijen]
