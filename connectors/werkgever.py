"""The employer: places the participant in a job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import (
    BEELD_OVERDRACHT,
    MELDING_OBSERVATIE,
    OVERDRACHT_GEWEIGERD,
    velden_van,
)
from schemas.berichten import BerichtSoort
from schemas.contracten import (
    DirectNaarPlaatsing,
    Terugplaatsing,
    Trackwissel,
    VakopleidingNaarPlaatsing,
)
from schemas.fase import PartnerSoort

# Learning goals, job readiness, certificate and level: what an employer needs to place
# someone. Never the language test, the doelgroep or anything else from the gemeente.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(
        VakopleidingNaarPlaatsing, DirectNaarPlaatsing, Trackwissel, Terugplaatsing
    ),
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
    "beeld.overdracht": BEELD_OVERDRACHT,  # as the new workplace (seed 000: "of een nieuwe werkplek")
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
}


class WerkgeverClient(PartnerHttpClient):
    """An employer's (or employers' network's) system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.WERKGEVER
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
