"""`keten status`: a participant's referrals (with the time on a waiting list), the regiehouder's
periods, and who referred them when that was not the gemeente (issue 10 f, g, l)."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from persistence import verwijzingen
from persistence.tabellen_verwijzing import Verwijzing


def wachtlijst_dagen(v: Verwijzing, nu: datetime) -> int | None:
    """Days on the waiting list: until accepted or started, or until now while it still waits."""
    if v.wachtlijst_sinds is None:
        return None
    return ((v.wachtlijst_tot or nu) - v.wachtlijst_sinds).days


def toon_verwijzingen(s: Session, deelnemer_id: int, console: Console, nu: datetime) -> None:
    lijst, perioden, aanmelder = verwijzingen.van_deelnemer(session=s, deelnemer_id=deelnemer_id)
    if aanmelder is not None:
        console.print(
            f"referred by {aanmelder.verwijzer} on {aanmelder.aangemeld_op:%Y-%m-%d}, "
            f"regiehouder {aanmelder.regiehouder}"
        )
    if lijst:
        tabel = Table(
            "phase", "partner", "state", "reason", "waiting list", "since (UTC)", title="referrals"
        )
        for v in lijst:
            dagen = wachtlijst_dagen(v, nu)
            wacht = (
                "-" if dagen is None else f"{dagen} d" + ("" if v.wachtlijst_tot else " (waits)")
            )
            if v.verwachte_start and not v.wachtlijst_tot:
                wacht += f", expected {v.verwachte_start}"
            tabel.add_row(
                v.fase, v.partner, v.status, v.reden or "", wacht, f"{v.aangevraagd_op:%Y-%m-%d}"
            )
        console.print(tabel)
    if perioden:
        tabel = Table("regiehouder", "from", "to", "why", "decided by", title="regiehouder periods")
        for p in perioden:
            tabel.add_row(
                p.regiehouder,
                f"{p.van:%Y-%m-%d}",
                f"{p.tot:%Y-%m-%d}" if p.tot else "-",
                p.soort + (f": {p.besluit_reden}" if p.besluit_reden else ""),
                f"{p.besluit_rol} {p.besluit_persoon}" if p.besluit_rol else "-",
            )
        console.print(tabel)
