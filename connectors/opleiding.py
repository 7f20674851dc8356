"""The training partner (MBO, taalaanbieder): teaches a trade or the language."""

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

# A training partner may run vakopleiding or ontwikkeling (a taalaanbieder's voltijdroute), so
# it receives the dossiers into either phase; never the gemeente's referral data.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(
        OntwikkelingNaarVakopleiding,
        AssessmentNaarVakopleiding,
        AssessmentNaarOntwikkeling,
        Trackwissel,
        Terugplaatsing,
    ),
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
}


class OpleidingClient(PartnerHttpClient):
    """A training institute's system."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.OPLEIDING
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
