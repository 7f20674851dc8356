"""Moves shared by the VSO/PRO scenarios (18, 19, 20) on the shipped programme vso-pro-uitstroom
(seed 002): the school refers a pupil, the internal stages begin, the uitstroombespreking with
the parents decides the direction, the school's plan goes with the pupil to the external stage,
and an exit names its destination."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen import Overdracht, UitkomstRegel
from persistence.tabellen_ijkpunt import Ijkpunt
from schemas.contracten import DirectNaarPlaatsing
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, bsn

VSO = "vso-pro-uitstroom"
GEMEENTE = "gemeente-rivierenland-onderwijs-werk"
STAGEBUREAU, SCHOOL = "vso-pro-stagebureau", "vso-pro-interne-stages"
STAGEBEDRIJF, BESCHUT = "stagebedrijven-rivierenland", "beschut-werk-rivierenland"
COACH, ROC = "vso-pro-nazorgcoach", "roc-rivierenland-voortgang"
UITSTROOMBESPREKING = "uitstroombespreking"
NAZORG_MAANDEN = [1, 3, 6, 12, 18, 24]


def stuur(keten: Keten, partner: str, inhoud: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """One signed webhook, then the inbox flow."""
    antwoord = keten.stuur(partner, inhoud, **kw)
    verwerk_inbox(stil_na_s=0)
    return antwoord


def aangemeld_door_school(keten: Keten, n: int) -> str:
    """The school's stagebureau refers the pupil; the gemeente holds the regie."""
    bewijs = stuur(
        keten,
        STAGEBUREAU,
        {
            "type": "deelnemer.aangemeld",
            "verwijzing_id": f"VSO-{n}",
            "programma": VSO,
            "persoon": {"naam": "Test Leerling", "bsn": bsn(n), "geboortedatum": "2008-05-06"},
        },
    )
    return str(bewijs["deelnemer"])


def plan(pseudoniem: str, vandaag: date) -> dict[str, Any]:
    """The individueel ontwikkelplan: codes only ("één kind, één plan", seed 002)."""
    return {
        "type": "plan.vastgesteld",
        "deelnemer": pseudoniem,
        "soort": "ontwikkelplan",
        "vastgesteld_op": vandaag.isoformat(),
        "doelen": [
            {"soort": "werk", "horizon_maanden": 24},
            {"soort": "zelfredzaamheid", "horizon_maanden": 24},
        ],
        "ondersteuning": [{"soort": "jobcoaching"}],
        "besluit": {
            "reden": "ontwikkelingsprofiel besproken",
            "rol": "stagecoordinator",
            "persoon": "SC-1042",
        },
    }


def in_interne_stages(keten: Keten, n: int) -> str:
    """Referred by the school, through instroom and the ontwikkelingsprofiel: internal stages."""
    pseudoniem = aangemeld_door_school(keten, n)
    keten.rond_af(pseudoniem, VSO, Fase.INSTROOM)
    keten.rond_af(pseudoniem, VSO, Fase.ASSESSMENT)
    return pseudoniem


def uitstroombespreking(pseudoniem: str, keuze: str) -> dict[str, Any]:
    """The school's decision after the uitstroombespreking with the parents."""
    return {
        "type": "ijkpunt.besloten",
        "deelnemer": pseudoniem,
        "ijkpunt": UITSTROOMBESPREKING,
        "keuze": keuze,
        "besluit": {
            "reden": "uitstroombespreking met ouders, ontwikkelingsprofiel besproken",
            "rol": "stagecoordinator",
            "persoon": "SC-1042",
        },
    }


def naar_externe_stage(pseudoniem: str) -> dict[str, Any]:
    """The school hands the pupil on to the external stage (no partner named: the
    uitstroombespreking's route decides where)."""
    return {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar": "plaatsing",
        "dossier": GELDIG[DirectNaarPlaatsing],
    }


def in_externe_stage(keten: Keten, n: int, keuze: str) -> str:
    """Internal stages, the uitstroombespreking deciding `keuze`, the plan, the external stage."""
    pseudoniem = in_interne_stages(keten, n)
    stuur(keten, SCHOOL, uitstroombespreking(pseudoniem, keuze))
    stuur(keten, SCHOOL, plan(pseudoniem, keten.vandaag()))
    stuur(keten, SCHOOL, naar_externe_stage(pseudoniem))
    return pseudoniem


def afsluiting(
    pseudoniem: str, fase: Fase, soort: str, datum: date, bestemming: dict[str, Any] | None
) -> dict[str, Any]:
    """An exit dossier v2: the outcome and, when known, its destination."""
    dossier: dict[str, Any] = {"uitkomst": {"soort": soort, "datum": datum.isoformat()}}
    if soort == "onderwijs":
        dossier["uitkomst"]["mbo_niveau"] = 2
    if bestemming is not None:
        dossier["bestemming"] = bestemming
    return {
        "type": "traject.afgesloten",
        "deelnemer": pseudoniem,
        "fase": fase.value,
        "contract_versie": 2,
        "dossier": dossier,
    }


def checkin(pseudoniem: str, maand: int, *, in_dienst: bool) -> dict[str, Any]:
    """The nazorg partner's answer to the check-in (or progress report) of `maand`."""
    return {
        "type": "nazorg.checkin",
        "deelnemer": pseudoniem,
        "maand": maand,
        "nog_in_dienst": in_dienst,
    }


def traject(keten: Keten, pseudoniem: str) -> tuple[str, str, str, list[str]]:
    """Phase, status, partner and the ledger's moves."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id or 0)
        assert t is not None
        ledger = verloop.geschiedenis(session=s, deelnemer_id=d.id or 0)
        return t.fase, t.status, t.partner, [o.beweging for o in ledger]


def bespreking(keten: Keten, pseudoniem: str) -> tuple[str, str | None, date]:
    """The uitstroombespreking of the pupil: its owner, its decision and its due date."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        i = s.exec(select(Ijkpunt).where(Ijkpunt.deelnemer_id == d.id)).one()
        return i.eigenaar, i.keuze, i.vervalt_op.date()


def uitkomsten(keten: Keten) -> list[UitkomstRegel]:
    with sessie(keten.engine) as s:
        return list(s.exec(select(UitkomstRegel).order_by(col(UitkomstRegel.id))))


def geweigerd(keten: Keten, pseudoniem: str) -> list[str]:
    """The reasons of the handoffs refused for this participant, in order."""
    with sessie(keten.engine) as s:
        rijen = s.exec(
            select(Overdracht)
            .where(Overdracht.status == "geweigerd", Overdracht.pseudoniem == pseudoniem)
            .order_by(col(Overdracht.id))
        )
        return [o.reden or "" for o in rijen]


def weken(n: int) -> timedelta:
    return timedelta(weeks=n)
