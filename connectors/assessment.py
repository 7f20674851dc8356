"""The assessment partner: maps strengths, interests and language level."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import MELDING_OBSERVATIE, OVERDRACHT_GEWEIGERD, velden_van
from schemas.berichten import BerichtSoort
from schemas.contracten import InstroomNaarAssessment, Terugplaatsing, Trackwissel
from schemas.fase import PartnerSoort

# The referral dossier (language level, consent, doelgroep), or the learning goals on a
# switch or return. Never a later partner's placement or training data.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(InstroomNaarAssessment, Trackwissel, Terugplaatsing),
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
}


class AssessmentClient(PartnerHttpClient):
    """An assessment partner's system (Competensys, diagnosegesprek)."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.ASSESSMENT
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
