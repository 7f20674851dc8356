"""The development partner (leerwerkbedrijf, job-taalcoach): builds work rhythm and language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import OVERDRACHT_GEWEIGERD, velden_van
from schemas.contracts import (
    AssessmentNaarOntwikkeling,
    AssessmentNaarVakopleiding,
    OntwikkelingNaarVakopleiding,
    Terugplaatsing,
    Trackwissel,
)
from schemas.messages import BerichtSoort
from schemas.phase import PartnerSoort

# A development partner may run ontwikkeling or vakopleiding (schemas.phase.SOORT_PER_FASE), so it
# receives the dossiers into either phase; never the gemeente's referral data.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(
        AssessmentNaarOntwikkeling,
        AssessmentNaarVakopleiding,
        OntwikkelingNaarVakopleiding,
        Trackwissel,
        Terugplaatsing,
    ),
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
}


class OntwikkelingClient(PartnerHttpClient):
    """A development partner's system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.ONTWIKKELING
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
