"""The development partner (leerwerkbedrijf, job-taalcoach): builds work rhythm and language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import (
    DOSSIERS_ONTWIKKELING_OF_OPLEIDING,
    MELDING_OBSERVATIE,
    OVERDRACHT_GEWEIGERD,
    VERWIJZING_UITKOMST,
)
from schemas.berichten import BerichtSoort
from schemas.fase import PartnerSoort

TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": DOSSIERS_ONTWIKKELING_OF_OPLEIDING,
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
    "verwijzing.uitkomst": VERWIJZING_UITKOMST,  # as a referring school or coach
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
}


class OntwikkelingClient(PartnerHttpClient):
    """A development partner's system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.ONTWIKKELING
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
