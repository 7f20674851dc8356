"""What must hold after the chain has carried a cohort to rest, whatever went wrong on the way.

Shared by the end-to-end test and the fault suite: every participant ends where its ledger says,
the ledger is an unbroken chain of moves on each lane, and each accepted handoff made exactly one
entry per lane it moved.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

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
        hoofd = [r for r in ledger if r.baan is None]
        assert (hoofd[-1].naar_fase, hoofd[-1].naar_status) == (laatste.fase, laatste.status)
        for keten in ketens(ledger).values():
            onafgebroken(d.pseudoniem, keten)
    alle = list(s.exec(select(Overdracht)))
    overdrachten = Counter(o.status for o in alle)
    regels = list(s.exec(select(Overgang)))
    ledger_regels = len(regels)
    # Each accepted handoff made its ledger entry, and nothing else did; a handoff that starts or
    # closes a lane beside its own move makes one entry more, at most one per lane.
    assert {r.overdracht_id for r in regels} == {o.id for o in alle if o.status == "geaccepteerd"}
    per_baan = Counter((r.overdracht_id, r.baan) for r in regels)
    assert max(per_baan.values(), default=1) == 1, "one ledger entry per handoff and lane"
    return Counter({"deelnemers": len(deelnemers), "ledger": ledger_regels}) + Counter(
        {f"overdracht_{k}": v for k, v in overdrachten.items()}
    )


def ketens(ledger: list[Overgang]) -> dict[tuple[int | None, str | None], list[Overgang]]:
    """One participant's ledger as its chains: the main lane is one chain over every episode (a
    re-entry moves on from where the last one ended); a lane is a chain per episode, since a
    re-entry starts the programme's lanes afresh, each with its own referral."""
    per: dict[tuple[int | None, str | None], list[Overgang]] = {}
    for r in ledger:
        per.setdefault((None if r.baan is None else r.traject_id, r.baan), []).append(r)
    return per


def onafgebroken(pseudoniem: str, regels: list[Overgang]) -> None:
    """One lane's ledger starts with its referral or start and each move leaves where the one
    before arrived (a re-entry starts a new trajectory)."""
    assert regels[0].beweging == "aanmelden", (pseudoniem, regels[0].baan)
    for vorige, volgende in zip(regels, regels[1:], strict=False):
        if volgende.beweging != "herinstromen":
            assert (volgende.van_fase, volgende.van_status) == (
                vorige.naar_fase,
                vorige.naar_status,
            ), (pseudoniem, volgende.baan, volgende.beweging)


def zonder_late_besluiten(config: Path) -> None:
    """Rewrite the copied programme files so the simulator decides every checkpoint on time and
    the gemeente records every consent asked: a decision held until the watch flags it overdue
    needs the chain's clock to move, and a message held for want of consent needs someone to
    record it, neither of which happens in a run that only waits for rest (the demo moves the
    clock; holds have their own tests in tests/flows/test_toestemming_bezorging.py)."""
    for pad in (config / "programmas").glob("*.yaml"):
        tekst = re.sub(r"(?m)^(\s+ijkpunt_te_laat:).*$", r"\1 0.0", pad.read_text())
        pad.write_text(re.sub(r"(?m)^(\s+toestemming:) 0\.\d+\s*$", r"\1 1.0", tekst))
