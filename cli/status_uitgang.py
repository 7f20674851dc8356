"""`keten status`, the outcome lines: interim or final, the destination of an exit, and the
participant's track with its own successes (issue 10 b, j, k)."""

from __future__ import annotations

from rich.console import Console
from sqlmodel import Session

from persistence import verloop
from persistence.tabellen import Traject
from schemas.sporen import spoor_van
from settings import Instellingen, laad_catalogus


def toon_uitkomsten(
    s: Session,
    *,
    deelnemer_id: int,
    programma: str,
    traject: Traject | None,
    instellingen: Instellingen,
    console: Console,
) -> None:
    uitkomsten = verloop.uitkomsten(session=s, deelnemer_id=deelnemer_id)
    for u in uitkomsten:
        console.print(
            f"outcome: {u.soort} on {u.datum}"
            + (" (interim)" if u.tussentijds else "")
            + (f", MBO {u.mbo_niveau}" if u.mbo_niveau is not None else "")
            + (f", reason {u.reden}" if u.reden else "")
            + (f", to {u.bestemming}" if u.bestemming else "")
            + (" (confirmed)" if u.bevestigd else "")
            + (f", reported by {u.gemeld_door}" if u.gemeld_door else "")
        )
    p = laad_catalogus(instellingen).programmas.get(programma)
    spoor = spoor_van(p.sporen, traject.partner) if p and traject else None
    if spoor is None:
        return
    succes = {x.value for x in spoor.succes}
    bereikt = [f"{u.soort} on {u.datum}" for u in uitkomsten if u.soort in succes]
    klok = "" if spoor.plaatsingsklok else ", no placement clock"
    console.print(
        f"track: {spoor.naam}{klok}; success ({', '.join(sorted(succes)) or '-'}):"
        f" {'; '.join(bereikt) if bereikt else 'not yet'}"
    )
