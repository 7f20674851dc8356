"""Building blocks of the per-kind allowlists: which `inhoud` fields a message kind may carry.

The `traject.start` allowlist of a kind is the union of the fields of the contracts whose
dossiers that kind may receive, so it follows the contracts in schemas/contracten.py instead of
repeating their field names.
"""

from __future__ import annotations

from schemas.contracten import (
    AssessmentNaarOntwikkeling,
    AssessmentNaarVakopleiding,
    Contract,
    OntwikkelingNaarVakopleiding,
    Terugplaatsing,
    Trackwissel,
)

# Notifications to the gemeente (regiehouder): what happened, never a partner's dossier.
MELDING_UITVAL = frozenset({"fase", "reden"})
MELDING_AFGESLOTEN = frozenset({"uitkomst", "contract_versie", "bestemming"})
MELDING_UITKOMST = frozenset({"uitkomst", "gemeld_door"})  # an interim outcome
# A nazorg check-in asks about the placement, nothing else; a flag tells the regiehouder what and when.
NAZORG_CHECKIN = frozenset({"maand", "vervaldatum", "startdatum"})
MELDING_SIGNAAL = frozenset({"soort", "niveau", "onderwerp", "termijn", "toelichting"})
# An observation once a basis to share it is recorded (schemas.observatie): a kind and a code.
MELDING_OBSERVATIE = frozenset({"soort", "code", "van", "grondslag"})
MELDING_OBSERVATIE_AANGEHOUDEN = frozenset({"van", "ontvangers"})  # to the regiehouder: one waits
# The regiehouder's measure goes to the partner that reported the breach, whatever its kind:
# the measure, its date and the breaches it answers (codes and dates, schemas.maatregelen).
MELDING_MAATREGEL = frozenset({"maatregel", "datum", "schendingen"})
# The lane a message is about (schemas.banen: a code such as "taal"): every partner that runs a
# lane must know a start is the lane's, not the main lane's, so no allowlist strips it.
ALTIJD = frozenset({"baan"})
# A consent withdrawn (AVG art. 19): the recipient it concerned and the date, nothing else.
TOESTEMMING_INGETROKKEN = frozenset({"ontvanger", "op"})
# Messages every kind of partner receives, beside its own allowlist.
VOOR_IEDEREEN = {
    "melding.maatregel": MELDING_MAATREGEL,
    "toestemming.ingetrokken": TOESTEMMING_INGETROKKEN,
}
# A refused handoff goes back to the partner that sent it: it only echoes their own data.
OVERDRACHT_GEWEIGERD = frozenset({"webhook_id", "type", "fase", "reden", "bevindingen"})
# A referral answered (declined or waitlisted) goes back to the regiehouder; a new regiehouder gets
# the warm handover; a referring school or coach hears the outcome of its referral.
VERWIJZING_ANTWOORD = frozenset(
    {"fase", "partner", "antwoord", "reden", "kies_uit", "verwachte_start"}
)
REGIEHOUDER_OVERDRACHT = frozenset(
    {"soort", "vorige_regiehouder", "fase", "partner", "status", "reden"}
)
VERWIJZING_UITKOMST = frozenset({"uitkomst", "programma", "regiehouder"})
# The "beeld van iemand" to the school or workplace a participant leaves for (schemas.beeld).
BEELD_OVERDRACHT = frozenset({"uitkomst", "beeld", "van"})


def velden_van(*contracten: type[Contract]) -> frozenset[str]:
    """All fields of the given contracts: what a partner receiving their dossiers may see."""
    return frozenset(naam for contract in contracten for naam in contract.model_fields)


# Development and training partners may each run ontwikkeling and vakopleiding
# (schemas.fase.SOORT_PER_FASE; a taalaanbieder's voltijdroute is ontwikkeling), so both receive
# the dossiers into either phase; never the gemeente's referral data.
DOSSIERS_ONTWIKKELING_OF_OPLEIDING = velden_van(
    AssessmentNaarOntwikkeling,
    AssessmentNaarVakopleiding,
    OntwikkelingNaarVakopleiding,
    Trackwissel,
    Terugplaatsing,
)
