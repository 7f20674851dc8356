"""The training partner (MBO, taalaanbieder): teaches a trade or the language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import (
    BEELD_OVERDRACHT,
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
    "beeld.overdracht": BEELD_OVERDRACHT,  # as the school a participant leaves for
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
}


class OpleidingClient(PartnerHttpClient):
    """A training institute's system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.OPLEIDING
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
