"""The gemeente (municipality, regiehouder): refers participants in, may run nazorg, hears of dropouts and closures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from connectors._http import PartnerHttpClient
from connectors._velden import (
    MELDING_AFGESLOTEN,
    MELDING_OBSERVATIE,
    MELDING_OBSERVATIE_AANGEHOUDEN,
    MELDING_SIGNAAL,
    MELDING_UITKOMST,
    MELDING_UITVAL,
    NAZORG_CHECKIN,
    OVERDRACHT_GEWEIGERD,
    REGIEHOUDER_OVERDRACHT,
    VERWIJZING_ANTWOORD,
    VERWIJZING_UITKOMST,
    velden_van,
)
from schemas.berichten import BerichtSoort
from schemas.contracten import PlaatsingNaarNazorg
from schemas.fase import PartnerSoort

# The gemeente runs instroom (started with an empty dossier) and, in some programmes, nazorg.
TOEGESTAAN: Mapping[BerichtSoort, frozenset[str]] = {
    "traject.start": velden_van(PlaatsingNaarNazorg),
    "melding.uitval": MELDING_UITVAL,
    "melding.afgesloten": MELDING_AFGESLOTEN,
    "overdracht.geweigerd": OVERDRACHT_GEWEIGERD,
    "nazorg.checkin": NAZORG_CHECKIN,  # when the gemeente runs nazorg itself
    "melding.signaal": MELDING_SIGNAAL,
    "melding.uitkomst": MELDING_UITKOMST,
    "verwijzing.antwoord": VERWIJZING_ANTWOORD,
    "regiehouder.overdracht": REGIEHOUDER_OVERDRACHT,
    "verwijzing.uitkomst": VERWIJZING_UITKOMST,  # a gemeente's coach or team that referred
    "melding.observatie": MELDING_OBSERVATIE,  # schemas.observatie, once shared
    "melding.observatie_aangehouden": MELDING_OBSERVATIE_AANGEHOUDEN,
}


class GemeenteClient(PartnerHttpClient):
    """A gemeente's case system (klantmanager, werkmatchers)."""

    SOORT: ClassVar[PartnerSoort] = PartnerSoort.GEMEENTE
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]] = TOEGESTAAN
