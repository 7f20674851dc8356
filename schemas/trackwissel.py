"""A track switch without waiting (seed 003): the new partner gets the assessment report the
participant's development began with, and the wait until it reports the start is measured.

Utrecht: "Gaat een deelnemer bijvoorbeeld een ontwikkeling door in de horeca bij The Colour
Kitchen, maar blijkt dat een baan in facilitaire services of bij techniek beter past, dan is daar
... een brug opgetuigd ... zonder dat het voor de deelnemers wachttijden of onzekerheid
betekent." The switching partner sends its own dossier (schemas.contracten.Trackwissel: the
learning goals and the reason); the chain adds the assessment report from the ledger, so the new
partner need not assess again (DOMAIN §8 scenario 4). The wait is the days from the switch to the
start the new partner reports (`fase.gestart`). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.gebeurtenissen import TrackGewisseld

if TYPE_CHECKING:  # programma.py loads this module; the decision's types only here
    from schemas.overdracht import Beslissing, DeelnemerStand, Kandidaat
    from schemas.programma import Programma

RAPPORT = "assessmentrapport"  # the key the report travels under in `traject.start`


class WisselInrichting(BaseModel):
    """How a programme's track switches run (config/programmas/*.yaml, field `wissel`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rapport_mee: bool = Field(
        default=False,
        description="The new partner of a switch gets the assessment report (traject.start).",
    )
    wachttijd_doel_dagen: int = Field(
        default=0, ge=0, description="The wait a switch aims at; a longer one is shown as such."
    )


def met_rapport(stand: DeelnemerStand, k: Kandidaat, p: Programma, b: Beslissing) -> Beslissing:
    """An accepted switch of the main lane: the report rides along in the new partner's start."""
    from schemas.overdracht import Afhandeling

    if (
        not p.wissel.rapport_mee
        or stand.rapport is None
        or b.afhandeling != Afhandeling.GEACCEPTEERD
        or not isinstance(k.gebeurtenis, TrackGewisseld)
        or k.gebeurtenis.baan is not None
    ):
        return b
    berichten = tuple(
        replace(
            m,
            bericht=m.bericht.model_copy(
                update={"inhoud": m.bericht.inhoud | {RAPPORT: dict(stand.rapport)}}
            ),
        )
        if m.bericht.soort == "traject.start"
        else m
        for m in b.berichten
    )
    return replace(b, berichten=berichten)


def rapport_uit(dossier: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The assessment report in a stored handoff dossier (assessment→ontwikkeling/vakopleiding)."""
    rapport = (dossier or {}).get("competentierapport")
    return rapport if isinstance(rapport, Mapping) else None


def wachttijd_dagen(gewisseld_op: datetime, gestart_op: date) -> int:
    """Days from the switch to the start the new partner reported (0: no wait)."""
    return max((gestart_op - gewisseld_op.date()).days, 0)
