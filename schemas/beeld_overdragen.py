"""Deciding the hand-over of the "beeld van iemand" on an exit, purely (seed 000; schemas.beeld).

An exit the programme lists under `beeld_van_iemand` is refused without the picture or without a
receiving partner as its destination (nothing half-applied: the trajectory stays open); when it is
allowed, the receiver gets the picture in a `beeld.overdracht` message beside the regiehouder's
`melding.afgesloten`.
"""

from __future__ import annotations

from schemas._meldingen import bericht
from schemas.contracten import Afsluiting, AfsluitingV2
from schemas.fase import Beweging, Fase
from schemas.overdracht import Bericht, Kandidaat, TrajectStand
from schemas.programma import Programma


def _geldt(p: Programma, fase: Fase, dossier: Afsluiting) -> bool:
    regel = p.beeld_van_iemand
    return regel is not None and regel.geldt(fase, dossier.uitkomst.soort)


def beeld_weigering(p: Programma, fase: Fase, dossier: Afsluiting) -> str | None:
    """Why this exit may not close without handing the beeld on, or None."""
    if not _geldt(p, fase, dossier):
        return None
    assert p.beeld_van_iemand is not None
    soort = dossier.uitkomst.soort.value
    if not isinstance(dossier, AfsluitingV2) or dossier.beeld is None:
        return (
            f"the exit to {soort} from {fase.value} hands the beeld van iemand on:"
            " dossier.beeld is required (contract v2)"
        )
    ontvangers = p.beeld_van_iemand.ontvangers
    if dossier.bestemming is None or dossier.bestemming.referentie not in ontvangers:
        return (
            f"the exit to {soort} from {fase.value} hands the beeld van iemand to its receiver:"
            f" dossier.bestemming.referentie must be one of {', '.join(ontvangers)}"
        )
    return None


def beeld_berichten(
    p: Programma, van: TrajectStand | None, k: Kandidaat, beweging: Beweging
) -> tuple[Bericht, ...]:
    """The picture for the school or workplace the participant leaves for (checked before)."""
    dossier = k.dossier
    if (
        beweging != Beweging.AFSLUITEN
        or van is None
        or not isinstance(dossier, AfsluitingV2)
        or dossier.beeld is None
        or dossier.bestemming is None
        or not _geldt(p, van.fase, dossier)
    ):
        return ()
    inhoud = {
        "uitkomst": dossier.uitkomst.model_dump(mode="json"),
        "beeld": dossier.beeld.model_dump(mode="json"),
        "van": k.partner,
    }
    return (bericht(k, dossier.bestemming.referentie, "beeld.overdracht", van.fase, inhoud),)
