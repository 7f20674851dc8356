"""`keten status <pseudonym>`: phase, history and open items of one participant."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from cli.status_verwijzing import toon_verwijzingen
from persistence import klok, maak_engine, opvolging, sessie, signalen, verloop
from persistence.tabellen import OutboxBericht
from schemas.overdracht import Afhandeling
from settings import Instellingen


def _toon_opvolging(s: Session, deelnemer_id: int, pseudoniem: str, console: Console) -> None:
    """The follow-up: nazorg check-ins and the open flags a sweep raised."""
    checkins = opvolging.van_deelnemer(session=s, deelnemer_id=deelnemer_id)
    if checkins:
        tabel = Table("month", "due", "status", "partner", title="nazorg check-ins")
        for c in checkins:
            tabel.add_row(str(c.maand), f"{c.vervaldatum}", c.status, c.partner)
        console.print(tabel)
    vlaggen = signalen.open_signalen(session=s, pseudoniem=pseudoniem)
    if vlaggen:
        tabel = Table("flag", "level", "subject", "deadline", "since (UTC)", title="open flags")
        for v in vlaggen:
            tabel.add_row(
                v.soort, v.niveau, v.onderwerp, f"{v.termijn or '-'}", f"{v.ontstaan_op:%Y-%m-%d}"
            )
        console.print(tabel)


def toon_status(pseudoniem: str, instellingen: Instellingen, console: Console) -> bool:
    """Print the participant's file as a coordinator needs it; False when unknown."""
    with sessie(maak_engine(instellingen.db_url)) as s:
        deelnemer = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        if deelnemer is None or deelnemer.id is None:
            console.print(f"[red]unknown participant {pseudoniem}[/red]")
            return False
        traject = verloop.huidig_traject(session=s, deelnemer_id=deelnemer.id)
        console.print(
            f"[bold]{pseudoniem}[/bold]  programme {deelnemer.programma}, regiehouder {deelnemer.gemeente_partner}"
        )
        if traject:
            console.print(
                f"now: {traject.fase} at {traject.partner}, {traject.status} since {traject.fase_sinds:%Y-%m-%d %H:%M} UTC"
            )
        geschiedenis = Table(
            "when (UTC)", "move", "from", "to", "partner", "reason", "flow run", title="history"
        )
        for o in verloop.geschiedenis(session=s, deelnemer_id=deelnemer.id):
            geschiedenis.add_row(
                f"{o.tijdstip:%Y-%m-%d %H:%M:%S}",
                o.beweging,
                o.van_fase or "-",
                o.naar_fase,
                o.naar_partner,
                o.reden,
                (o.flow_run_id or "-")[:8],
            )
        console.print(geschiedenis)
        for u in verloop.uitkomsten(session=s, deelnemer_id=deelnemer.id):
            console.print(
                f"outcome: {u.soort} on {u.datum}"
                + (f", MBO {u.mbo_niveau}" if u.mbo_niveau is not None else "")
                + (f", reason {u.reden}" if u.reden else "")
            )
        toon_verwijzingen(s, deelnemer.id, console, klok.nu(engine=s.get_bind().engine))
        _toon_opvolging(s, deelnemer.id, pseudoniem, console)
        open_items = Table("kind", "partner", "status", "reason", title="open items")
        for h in verloop.overdrachten(session=s, pseudoniem=pseudoniem):
            if h.status in (Afhandeling.QUARANTAINE, Afhandeling.GEWEIGERD):
                waarden = "; ".join(f"{b['kolom']}={b['waarde']}" for b in (h.bevindingen or []))
                open_items.add_row(
                    f"handoff {h.type}",
                    h.partner,
                    h.status,
                    f"{h.reden} ({waarden})" if waarden else h.reden or "",
                )
        wachtend = select(OutboxBericht).where(
            OutboxBericht.pseudoniem == pseudoniem, col(OutboxBericht.status) != "afgeleverd"
        )
        for m in s.exec(wachtend):
            open_items.add_row(
                f"message {m.soort}",
                m.partner,
                m.status,
                m.laatste_fout or f"{m.pogingen} attempts",
            )
        console.print(open_items)
    return True
