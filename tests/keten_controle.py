"""What must hold after the chain has carried a cohort to rest, whatever went wrong on the way.

Shared by the end-to-end test and the fault suite: every participant ends where its ledger says,
the ledger is an unbroken chain of moves, and each accepted handoff made exactly one entry.
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, col, select

from persistence import Deelnemer, Overdracht, Overgang, Traject

EINDSTATUS = ("afgesloten", "uitgevallen")


def laatste_trajecten(s: Session) -> dict[str, Traject]:
    """Per participant (pseudonym) its most recent trajectory."""
    laatste: dict[str, Traject] = {}
    for deelnemer, traject in s.exec(
        select(Deelnemer, Traject)
        .where(Traject.deelnemer_id == Deelnemer.id)
        .order_by(col(Traject.id))
    ):
        laatste[deelnemer.pseudoniem] = traject
    return laatste


def controleer_ledger(s: Session, aantal: int) -> Counter[str]:
    """Assert the ledger invariants for a cohort of `aantal` at rest; returns counts to report."""
    deelnemers = list(s.exec(select(Deelnemer)))
    assert len(deelnemers) == aantal, f"{len(deelnemers)} participants, expected {aantal}"
    for d in deelnemers:
        trajecten = list(s.exec(select(Traject).where(Traject.deelnemer_id == d.id)))
        laatste = max(trajecten, key=lambda t: t.id or 0)
        assert laatste.status in EINDSTATUS, (d.pseudoniem, laatste.status, laatste.fase)
        ledger = list(
            s.exec(select(Overgang).where(Overgang.deelnemer_id == d.id).order_by(col(Overgang.id)))
        )
        assert ledger[0].beweging == "aanmelden"
        assert (ledger[-1].naar_fase, ledger[-1].naar_status) == (laatste.fase, laatste.status)
        for vorige, volgende in zip(ledger, ledger[1:], strict=False):
            if volgende.beweging != "herinstromen":
                assert (volgende.van_fase, volgende.van_status) == (
                    vorige.naar_fase,
                    vorige.naar_status,
                )
    overdrachten = Counter(o.status for o in s.exec(select(Overdracht)))
    ledger_regels = len(s.exec(select(Overgang)).all())
    assert overdrachten["geaccepteerd"] == ledger_regels, "one ledger entry per accepted handoff"
    return Counter({"deelnemers": len(deelnemers), "ledger": ledger_regels}) + Counter(
        {f"overdracht_{k}": v for k, v in overdrachten.items()}
    )
