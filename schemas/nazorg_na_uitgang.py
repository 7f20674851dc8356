"""Nazorg for every leaver, not only the placed ones (seed 002, De Brug: "Alle leerlingen krijgen
nog twee jaar nazorg"; Cambier: "iedere leerling een coach ... die de begeleiding van de school
overneemt").

A programme's exits (schemas.uitgangen) close the trajectory without a placement, so no check-ins
are planned. `nazorg_na_uitgang` names the exits that still get the programme's nazorg cadence,
and which nazorg partner is asked (the coach; the ROC for an MBO leaver, seed 002 Hilversum:
"Het ROC rapporteert periodiek over de voortgang"). The check-ins follow the leaver, as they
follow a placement: the schedule starts on the outcome's date (the day the leaver starts at the
destination), as a placement's starts on its startdatum. Pure: no I/O.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas.fase import Fase, UitkomstSoort
from schemas.uitgangen import Uitgang


class NazorgNaUitgang(BaseModel):
    """One exit kind that gets nazorg, and the nazorg partner asked its check-ins."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uitkomst: UitkomstSoort
    partner: str


def controleer_nazorg_na_uitgang(
    regels: list[NazorgNaUitgang], uitgangen: list[Uitgang], nazorg_partners: list[str] | None
) -> None:
    """At load: each names an exit of the programme, once, and a partner of its nazorg phase."""
    if regels and nazorg_partners is None:
        raise ValueError("nazorg_na_uitgang: the programme has no nazorg phase")
    soorten = [r.uitkomst for r in regels]
    if len(set(soorten)) != len(soorten):
        raise ValueError("nazorg_na_uitgang: each exit kind at most once")
    uitgang_soorten = {u.uitkomst for u in uitgangen}
    for r in regels:
        if r.uitkomst not in uitgang_soorten:
            raise ValueError(f"nazorg_na_uitgang: {r.uitkomst.value} is not an exit (uitgangen)")
        if r.partner not in (nazorg_partners or []):
            raise ValueError(
                f"nazorg_na_uitgang: {r.partner} is not a partner of this programme's nazorg phase"
            )


def nazorg_partner(regels: list[NazorgNaUitgang], fase: Fase, soort: UitkomstSoort) -> str | None:
    """Who is asked the check-ins after an exit to `soort` from `fase`; None: no nazorg follows
    (not listed, or the exit closes nazorg itself, which ran already)."""
    if fase == Fase.NAZORG:
        return None
    return next((r.partner for r in regels if r.uitkomst == soort), None)
