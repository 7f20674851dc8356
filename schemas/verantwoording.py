"""Who decided, in which role, and why: the account every routing decision carries.

The seeds ask each organisation to "verantwoording afleggen" for its decisions, and reserve
measures to the regiehouder. A partner organisation is known by its signature; the person is
known only by a reference the organisation keeps (an employee number or a pseudonymous user id),
never by name, so the ledger can be shown without disclosing who the case worker is.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# A reference, not a name: an optional short prefix, then a digit, e.g. "MW-10423", "u-7f3a9c21",
# "E12345". A plain name ("Jan", "de Vries") does not match.
PERSOON_PATROON = r"^[A-Za-z]{0,6}[-_.]?[0-9][A-Za-z0-9_.-]{1,38}$"


class Rol(StrEnum):
    """The role a person decides in (DOMAIN §2, the seeds' own titles)."""

    REGIEHOUDER = "regiehouder"  # the gemeente's klantmanager holding the case
    KETENREGISSEUR = "ketenregisseur"  # the chain coordinator
    TRAJECTBEGELEIDER = "trajectbegeleider"  # a partner's coach or case worker
    JOBCOACH = "jobcoach"
    WERKGEVER = "werkgever"
    DOCENT = "docent"  # a teacher at a training institute or language school
    STAGECOORDINATOR = "stagecoordinator"  # a VSO/PRO school's stage coordinator
    COMMISSIE_VAN_BEGELEIDING = "commissie_van_begeleiding"  # a VSO school's advisory board


class Verantwoording(BaseModel):
    """The stated reason, the deciding role and a person reference of one decision."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reden: str = Field(min_length=3, max_length=500, description="Why, in the decider's words.")
    rol: Rol
    persoon: str = Field(
        pattern=PERSOON_PATROON,
        description="An employee number or pseudonymous user id of the decider, never a name.",
    )
