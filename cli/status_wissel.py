"""`keten status`, the track switches: each with the new partner's reported start and the wait
measured against the programme's aim (seed 003: "zonder ... wachttijden")."""

from __future__ import annotations

from rich.console import Console
from sqlmodel import Session

from persistence import wissels
from settings import Instellingen, laad_catalogus


def toon_wissels(
    s: Session, deelnemer_id: int, programma: str, instellingen: Instellingen, console: Console
) -> None:
    p = laad_catalogus(instellingen).programmas.get(programma)
    doel = p.wissel.wachttijd_doel_dagen if p else 0
    for w in wissels.wachttijden_van(session=s, deelnemer_id=deelnemer_id):
        if w.wachttijd_dagen is None:
            gemeten = "no start reported yet"
        else:
            boven = " — over the aim" if w.wachttijd_dagen > doel else ""
            gemeten = f"started {w.gestart_op}, wait {w.wachttijd_dagen} days (aim {doel}){boven}"
        console.print(
            f"track switch on {w.gewisseld_op:%Y-%m-%d}: {w.fase} from {w.van_partner or '-'} "
            f"to {w.naar_partner}; {gemeten}"
        )
