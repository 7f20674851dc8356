"""Moves shared by the youth-route scenarios (10-13) on the shipped programme `roermond-up-jongeren`
(seed 004, Roermond/Leudal UP): the partners' webhooks, each followed by `verwerk_inbox`, and the
rows a coordinator would look at."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen_ijkpunt import Ijkpunt
from schemas.contracten import contract_voor
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten

UP = "roermond-up-jongeren"
GEMEENTE = "gemeente-roermond-up"  # the casemanager: regiehouder
ISK = "isk-gilde-roermond"
INTAKE = "up-intake-roermond"
FASE1 = "gilde-up-fase1"
WESTROM = "westrom-up-fase2"
WERKGEVER = "werkgevers-up-roermond"
NAZORG = "gemeente-roermond-up-nazorg"

# Decisions carry references, never names (schemas.verantwoording).
CASEMANAGER = {
    "reden": "balans opgemaakt in het ketenoverleg",
    "rol": "regiehouder",
    "persoon": "CM-41207",
}


def stuur(keten: Keten, partner: str, inhoud: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """One signed webhook, then the inbox flow."""
    antwoord = keten.stuur(partner, inhoud, **kw)
    verwerk_inbox(stil_na_s=0)
    return antwoord


def gestart(keten: Keten, partner: str, pseudoniem: str, fase: Fase) -> None:
    stuur(
        keten,
        partner,
        {
            "type": "fase.gestart",
            "deelnemer": pseudoniem,
            "fase": fase.value,
            "gestart_op": keten.vandaag().isoformat(),
        },
    )


def balans(keten: Keten, pseudoniem: str, ijkpunt: str, keuze: str) -> dict[str, Any]:
    """The casemanager records a phase review's decision."""
    return stuur(
        keten,
        GEMEENTE,
        {
            "type": "ijkpunt.besloten",
            "deelnemer": pseudoniem,
            "ijkpunt": ijkpunt,
            "keuze": keuze,
            "besluit": CASEMANAGER,
        },
    )


def ijkpunten(keten: Keten, pseudoniem: str) -> dict[str, Ijkpunt]:
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.id is not None
        rijen = s.exec(
            select(Ijkpunt).where(Ijkpunt.deelnemer_id == d.id).order_by(col(Ijkpunt.id))
        )
        return {i.naam: i for i in rijen}


def vlaggen(keten: Keten, pseudoniem: str, soort: str) -> set[tuple[str, str]]:
    """The open flags of one kind: (level, partner told)."""
    return {(s.niveau, s.partner) for s in keten.signalen(pseudoniem) if s.soort == soort}


def traject(keten: Keten, pseudoniem: str) -> tuple[str, str, str, list[str]]:
    """Phase, status, partner and the ledger's moves of the current trajectory."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.id is not None
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        assert t is not None
        ledger = verloop.geschiedenis(session=s, deelnemer_id=d.id)
        return t.fase, t.status, t.partner, [o.beweging for o in ledger]


def rond_af_bij(keten: Keten, partner: str, pseudoniem: str, van: Fase) -> None:
    """`Keten.rond_af` for a participant at a phase's second partner (a routed track)."""
    p = keten.catalogus.programma(UP)
    naar = p.volgende(van)
    contract = contract_voor(van, naar) if naar else None
    assert naar is not None and contract is not None
    inhoud = GELDIG[contract] | ({"programma": UP} if "programma" in GELDIG[contract] else {})
    stuur(
        keten,
        partner,
        {
            "type": "fase.afgerond",
            "deelnemer": pseudoniem,
            "fase": van.value,
            "naar": naar.value,
            "dossier": inhoud,
        },
    )
