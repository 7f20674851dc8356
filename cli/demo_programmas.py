"""The demo's third act: per programme, what its own special moves did (issue 11 item 3).

Each programme's checks are derived from its configuration, so a programme added to
config/programmas/ gets its checks without code: lanes must have run beside the main lane, its
checkpoints be decided (some overdue), its exits without placement be taken, an exit needing a
confirmed destination be refused first and confirmed after, a phase with several partners see a
decline and a second partner, several regiehouders a regime change, configured breach rules a
breach and the regiehouder's measure, a placement phase an incident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from persistence import klok, maak_engine, sessie
from persistence.casusfeiten import Casusfeiten, lees
from schemas.fase import Fase
from schemas.programma import Programma
from settings import Catalogus, Instellingen


@dataclass(frozen=True)
class Controle:
    """One thing a programme's configuration says the demo must show, and how to count it."""

    naam: str
    telling: Callable[[Casusfeiten], int]
    drempel: int = 1


def _zonder_plaatsing(p: Programma) -> Callable[[Casusfeiten], int]:
    fasen = {f.value for u in p.uitgangen for f in u.vanuit if f != p.fase_volgorde[-1]}
    return lambda f: sum(n for fase, n in f.afgesloten_vanuit.items() if fase in fasen)


def controles(p: Programma) -> list[Controle]:
    """The checks `p`'s configuration asks for, in a fixed order."""
    uit = [Controle("participants referred", lambda f: f.deelnemers)]
    if p.banen:
        uit.append(Controle("lanes moving beside the main lane", lambda f: f.banen_parallel))
    if p.ijkpunten:
        uit += [
            Controle("checkpoints decided", lambda f: f.ijkpunten_besloten),
            Controle("checkpoints overdue", lambda f: f.ijkpunten_te_laat),
        ]
    if any(f != p.fase_volgorde[-1] for u in p.uitgangen for f in u.vanuit):
        uit.append(Controle("exits without placement", _zonder_plaatsing(p)))
    if any(u.bevestigde_bestemming for u in p.uitgangen):
        uit.append(
            Controle(
                "exit held, then its destination confirmed", lambda f: f.bestemming_na_weigering
            )
        )
    if any(len(f.partners) > 1 for f in p.fasen[1:]):
        uit.append(Controle("a decline, then a second partner", lambda f: f.afgewezen_dan_ander))
    if len(p.verwijzing.regiehouders) > 1:
        uit.append(Controle("a regime change", lambda f: f.regimewissels))
    if "schendingen" in p.model_fields_set:
        uit += [
            Controle("a breach reported", lambda f: f.schendingen),
            Controle("the regiehouder's measure", lambda f: f.maatregelen),
        ]
    if Fase.PLAATSING in p.fase_volgorde:
        uit.append(Controle("an incident during placement", lambda f: f.incidenten))
    return uit


def toon_programmas(instellingen: Instellingen, catalogus: Catalogus, console: Console) -> bool:
    """Print each programme's special moves and whether each happened; True when all did."""
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        feiten = lees(session=s, nu=klok.nu(engine=engine))
    geslaagd = True
    for p in catalogus.programmas.values():
        f = feiten.get(p.id, Casusfeiten())
        tabel = Table("special move", "count", "", title=f"{p.id} ({p.bron})")
        for c in controles(p):
            n = c.telling(f)
            ok = n >= c.drempel
            geslaagd = geslaagd and ok
            tabel.add_row(c.naam, str(n), "ok" if ok else "[red]MISSING[/red]")
        if f.banen_gestart:
            lanes = ", ".join(f"{naam} {n}" for naam, n in sorted(f.banen_gestart.items()))
            tabel.caption = f"lanes started: {lanes}"
        console.print(tabel)
    return geslaagd
