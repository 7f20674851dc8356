"""`keten status <pseudonym>`: phase, history and open items of one participant."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from cli.status_besluit import beslisser, toon_besluiten
from cli.status_ijkpunt import toon_ijkpunten_en_plan
from cli.status_uitgang import toon_uitkomsten
from cli.status_verwijzing import toon_verwijzingen
from cli.status_wissel import toon_wissels
from persistence import banen, klok, maak_engine, opvolging, sessie, signalen, verloop
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
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
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
            for b in banen.van_traject(session=s, traject_id=traject.id or 0):
                console.print(
                    f"lane {b.baan}: {b.fase} at {b.partner}, {b.status} since {b.fase_sinds:%Y-%m-%d %H:%M} UTC"
                )
        geschiedenis = Table(
            "when (UTC)",
            "move",
            "from",
            "to",
            "partner",
            "reason",
            "decided by",
            "flow run",
            title="history",
        )
        for o in verloop.geschiedenis(session=s, deelnemer_id=deelnemer.id):
            geschiedenis.add_row(
                f"{o.tijdstip:%Y-%m-%d %H:%M:%S}",
                f"{o.baan}: {o.beweging}" if o.baan else o.beweging,
                o.van_fase or "-",
                o.naar_fase,
                o.naar_partner,
                o.reden,
                beslisser(o),
                (o.flow_run_id or "-")[:8],
            )
        console.print(geschiedenis)
        toon_uitkomsten(
            s,
            deelnemer_id=deelnemer.id,
            programma=deelnemer.programma,
            traject=traject,
            instellingen=instellingen,
            console=console,
        )
        toon_wissels(s, deelnemer.id, deelnemer.programma, instellingen, console)
        toon_ijkpunten_en_plan(s, deelnemer.id, klok.nu(engine=engine), console)
        toon_verwijzingen(s, deelnemer.id, console, klok.nu(engine=engine))
        _toon_opvolging(s, deelnemer.id, pseudoniem, console)
        toon_besluiten(s, deelnemer.id, console)
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
