"""What `keten status` shows of issue 10 e/h/i: who decided each move, breaches, measures, incidents."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from persistence.tabellen import Overgang
from persistence.tabellen_besluit import Incident, Maatregel, Schending


def beslisser(o: Overgang) -> str:
    """Role and person reference, then the decider's own reason; '-' for a move nobody decided."""
    if o.besluit_rol is None:
        return "-"
    return f"{o.besluit_rol} {o.besluit_persoon}: {o.besluit_reden}"


def toon_besluiten(s: Session, deelnemer_id: int, console: Console) -> None:
    """Breaches and no-shows (with the measure that answered each), measures, incidents."""
    schendingen = s.exec(
        select(Schending).where(Schending.deelnemer_id == deelnemer_id).order_by(col(Schending.id))
    ).all()
    if schendingen:
        tabel = Table("date", "kind", "reported by", "code", "measure", title="breaches")
        for b in schendingen:
            tabel.add_row(
                f"{b.datum}", b.soort, b.partner, b.code or "-", str(b.maatregel_id or "open")
            )
        console.print(tabel)
    maatregelen = s.exec(
        select(Maatregel).where(Maatregel.deelnemer_id == deelnemer_id).order_by(col(Maatregel.id))
    ).all()
    if maatregelen:
        tabel = Table("id", "date", "measure", "decided by", title="measures")
        for m in maatregelen:
            tabel.add_row(
                str(m.id),
                f"{m.datum}",
                m.soort,
                f"{m.besloten_door}: {m.besluit_rol} {m.besluit_persoon}: {m.besluit_reden}",
            )
        console.print(tabel)
    incidenten = s.exec(
        select(Incident).where(Incident.deelnemer_id == deelnemer_id).order_by(col(Incident.id))
    ).all()
    if incidenten:
        tabel = Table("date", "kind", "phase", "reported by", title="incidents")
        for i in incidenten:
            tabel.add_row(f"{i.datum}", i.soort, i.fase, i.partner)
        console.print(tabel)
