"""The chain's fixed vocabulary: phases, moves, trajectory states and outcomes.

Names are the field's own (DOMAIN.md §1, §3); code compares enum members, the wire carries
their string values.
"""

from __future__ import annotations

from enum import StrEnum


class Fase(StrEnum):
    """A phase of the chain, in chain order."""

    INSTROOM = "instroom"
    ASSESSMENT = "assessment"
    ONTWIKKELING = "ontwikkeling"
    VAKOPLEIDING = "vakopleiding"
    PLAATSING = "plaatsing"
    NAZORG = "nazorg"

    @property
    def volgnummer(self) -> int:
        """Position in the chain, so 'earlier' and 'later' need no lookup table."""
        return _VOLGNUMMER[self]


_VOLGNUMMER = {fase: i for i, fase in enumerate(Fase)}


class Beweging(StrEnum):
    """A move of a participant; every move is checked against the programme."""

    AANMELDEN = "aanmelden"  # referral: enters the programme's first phase
    DOORSTROMEN = "doorstromen"  # advance to the next phase of the programme
    OVERSLAAN = "overslaan"  # skip one or more phases (DOMAIN §1.8)
    WISSELEN = "wisselen"  # switch track within a phase: same phase, other partner
    TERUGPLAATSEN = "terugplaatsen"  # back to an earlier phase
    PAUZEREN = "pauzeren"
    HERVATTEN = "hervatten"
    UITVALLEN = "uitvallen"  # dropout, always with a reason
    HERINSTROMEN = "herinstromen"  # re-entry after dropout or closure
    AFSLUITEN = "afsluiten"  # closed with an outcome


class TrajectStatus(StrEnum):
    """Where a trajectory stands, apart from its phase."""

    ACTIEF = "actief"
    GEPAUZEERD = "gepauzeerd"
    UITGEVALLEN = "uitgevallen"
    AFGESLOTEN = "afgesloten"


class UitkomstSoort(StrEnum):
    """Outcome categories (DOMAIN §3.1); outcomes are multi-valued and dated."""

    REGULIER_WERK = "regulier_werk"
    WERK_MET_LOONKOSTENSUBSIDIE = "werk_met_loonkostensubsidie"
    ONDERWIJS = "onderwijs"
    VRIJWILLIGERSWERK = "vrijwilligerswerk"
    BESCHUT_WERK = "beschut_werk"
    DAGBESTEDING = "dagbesteding"
    UITVAL = "uitval"
    TERUG_IN_UITKERING = "terug_in_uitkering"  # a nazorg check-in found them back on benefit
    # Exits and interim outcomes of case model v2 (schemas.uitgangen, schemas.tussenuitkomst):
    VERVOLGVOORZIENING = "vervolgvoorziening"  # a confirmed follow-on provision (seed 002, VSO)
    VRIJSTELLING = "vrijstelling"  # exempted from inburgering: an outcome, not uitval (seed 004)
    ONTHEFFING = "ontheffing"  # released from the inburgeringsplicht (seed 004, Lochem)
    WERKFIT = "werkfit"  # werkfit, back to the gemeente's werkmatchers (seed 004 Arnhem, 003)
    STAGE = "stage"  # interim: a stage (seed 004; "uitstroom includes stages", DOMAIN §3)
    WERKERVARINGSPLAATS = "werkervaringsplaats"  # interim (seed 004, Nederweert)
    STABILISATIE = (
        "stabilisatie"  # stable and self-reliant: a stabilisation track's success (seed 004)
    )


class UitvalReden(StrEnum):
    """Why someone dropped out (DOMAIN §4): a reason is required, never free text only."""

    GEZONDHEID = "gezondheid"
    MEERVOUDIGE_PROBLEMATIEK = "meervoudige_problematiek"
    MOTIVATIE = "motivatie"
    VERHUISD = "verhuisd"
    KINDEROPVANG_VERVOER = "kinderopvang_vervoer"
    GEEN_PASSEND_VERVOLG = "geen_passend_vervolg"
    ONBEKEND = "onbekend"


class PartnerSoort(StrEnum):
    """The kinds of partner organisation; one connector per kind."""

    GEMEENTE = "gemeente"
    ASSESSMENT = "assessment"
    ONTWIKKELING = "ontwikkeling"
    OPLEIDING = "opleiding"
    WERKGEVER = "werkgever"
    NAZORG = "nazorg"


# Which kind of partner may run which phase: a werkgever does not run an assessment.
SOORT_PER_FASE: dict[Fase, set[PartnerSoort]] = {
    Fase.INSTROOM: {PartnerSoort.GEMEENTE},
    Fase.ASSESSMENT: {PartnerSoort.ASSESSMENT},
    Fase.ONTWIKKELING: {PartnerSoort.ONTWIKKELING, PartnerSoort.OPLEIDING},
    Fase.VAKOPLEIDING: {PartnerSoort.OPLEIDING, PartnerSoort.ONTWIKKELING},
    Fase.PLAATSING: {PartnerSoort.WERKGEVER},
    Fase.NAZORG: {PartnerSoort.NAZORG, PartnerSoort.GEMEENTE},
}
