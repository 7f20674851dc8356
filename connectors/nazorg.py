"""The aftercare partner (jobcoach): keeps in touch after placement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import (
    MELDING_OBSERVATIE,
    NAZORG_CHECKIN,
    OVERDRACHT_GEWEIGERD,
    VERWIJZING_UITKOMST,
    velden_van,
)
from schemas.berichten import BerichtSoort
from schemas.contracten import PlaatsingNaarNazorg, Terugplaatsing, Trackwissel
from schemas.fase import PartnerSoort

# The placement (employer, contract type, start, hours): what a jobcoach follows up on.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(PlaatsingNaarNazorg, Trackwissel, Terugplaatsing),
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
    "verwijzing.uitkomst": VERWIJZING_UITKOMST,  # as a referring school or coach
    "nazorg.checkin": NAZORG_CHECKIN,
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
}


class NazorgClient(PartnerHttpClient):
    """A jobcoach's system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.NAZORG
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
