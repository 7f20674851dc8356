"""What the Harderwijk and Utrecht scenarios (01-04, seeds 001 and 003) share: the partners, the
events a klantmanager or a partner sends, and reading back the ledger and the checkpoints."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen import Overdracht, Overgang
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie
from tests.flows.opvolging.hulp import Keten

H = "harderwijk-voltijd-klantreis"
U = "utrecht-bank-tot-baan"
REGIE = "meerinzicht-klantmanager"  # Fouzia Belgharbi's role: klantmanager and regiehouder
COMPETENSYS = "participatiehuis-competensys"
VOLTIJD = "taalaanbieder-voltijd"
# Person references, never names (schemas.verantwoording.PERSOON_PATROON).
KLANTMANAGER = {"rol": "regiehouder", "persoon": "MW-10423"}
PARTICIPATIEHUIS = {"rol": "trajectbegeleider", "persoon": "E-20031"}


def stuur(keten: Keten, partner: str, inhoud: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """One signed webhook in, then the inbox processed."""
    antwoord = keten.stuur(partner, inhoud, **kw)
    verwerk_inbox(stil_na_s=0)
    return antwoord


def besluit(
    pseudoniem: str, ijkpunt: str, keuze: str, reden: str, wie: dict[str, str] = KLANTMANAGER
) -> dict[str, Any]:
    """A checkpoint's owner records its decision, with the account."""
    return {
        "type": "ijkpunt.besloten",
        "deelnemer": pseudoniem,
        "ijkpunt": ijkpunt,
        "keuze": keuze,
        "besluit": {"reden": reden} | wie,
    }


def ondersteuningsplan(pseudoniem: str, vastgesteld_op: str) -> dict[str, Any]:
    """The klantmanager's ondersteuningsplan: codes only; childcare arranged at the huisbezoek."""
    return {
        "type": "plan.vastgesteld",
        "deelnemer": pseudoniem,
        "soort": "ondersteuningsplan",
        "vastgesteld_op": vastgesteld_op,
        "doelen": [{"soort": "taal", "niveau": "B1", "horizon_maanden": 10}],
        "ondersteuning": [{"soort": "kinderopvang_regeling"}],
        "belemmeringen": [{"soort": "kinderopvang", "status": "opgelost"}],
        "besluit": {"reden": "doelen opgesteld in het gesprek"} | KLANTMANAGER,
    }


def ijkpunten(keten: Keten, pseudoniem: str) -> dict[str, Ijkpunt]:
    """The participant's checkpoints by name (current and earlier trajectories)."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        rijen = s.exec(
            select(Ijkpunt).where(Ijkpunt.deelnemer_id == d.id).order_by(col(Ijkpunt.id))
        )
        return {i.naam: i for i in rijen}


def planversies(keten: Keten, pseudoniem: str) -> list[int]:
    """The versions of the participant's plan recorded so far."""
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        rijen = s.exec(select(PlanVersie).where(PlanVersie.deelnemer_id == d.id))
        return sorted(v.versie for v in rijen)


def overdrachten(keten: Keten, pseudoniem: str) -> list[Overdracht]:
    with sessie(keten.engine) as s:
        return list(verloop.overdrachten(session=s, pseudoniem=pseudoniem))


def ledger(keten: Keten, pseudoniem: str) -> list[Overgang]:
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        return list(verloop.geschiedenis(session=s, deelnemer_id=d.id or 0))


def laatste(keten: Keten, pseudoniem: str) -> tuple[str, str | None]:
    """The status and reason of the participant's latest recorded handoff or refusal (an accepted
    checkpoint decision or plan leaves its own row, not a handoff record)."""
    h = overdrachten(keten, pseudoniem)[-1]
    return h.status, h.reden
