"""What we send partners through the outbox: one envelope, a few kinds."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.fase import Fase

BerichtSoort = Literal[
    "traject.start",
    "melding.uitval",
    "melding.afgesloten",
    "overdracht.geweigerd",
    "nazorg.checkin",
    "melding.signaal",
    "melding.maatregel",  # the regiehouder's measure, to the partner that reported the breach
    "melding.uitkomst",  # an interim outcome, to the regiehouder (schemas.uitstroom)
    "verwijzing.antwoord",  # a partner declined or waitlisted a referral (to the regiehouder)
    "verwijzing.uitkomst",  # a referring school or coach hears the outcome of its referral
    "regiehouder.overdracht",  # the warm handover to a new regiehouder
    "beeld.overdracht",  # the 'beeld van iemand' to the school or workplace (schemas.beeld)
    "melding.observatie",  # an observation, once a basis to share it is recorded
    "melding.observatie_aangehouden",  # to the regiehouder: one waits for a basis
    "toestemming.ingetrokken",  # to a recipient: consent withdrawn (AVG art. 19)
]


class PartnerBericht(BaseModel):
    """A message to one partner about one participant, with its idempotency key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sleutel: str = Field(
        description="Idempotency key: the partner applies a message with a known key once."
    )
    soort: BerichtSoort
    deelnemer: str
    programma: str
    fase: Fase | None = None
    inhoud: dict[str, Any] = Field(
        default_factory=dict, description="Only the fields the receiving partner's contract allows."
    )


class PartnerAntwoord(BaseModel):
    """A partner's answer to a delivered message."""

    model_config = ConfigDict(extra="ignore")

    sleutel: str
    status: Literal["ontvangen", "dubbel"]


class PartnerDeelnemer(BaseModel):
    """One participant as a partner's own system holds them (reconciliation, `GET {base}/deelnemers`)."""

    model_config = ConfigDict(extra="ignore")

    deelnemer: str
    programma: str | None = None
    fase: Fase | None = None
    status: str = Field(
        description="The partner's own word: actief, gepauzeerd, afgerond, overgedragen, uitgevallen, afgesloten, ..."
    )


class PartnerDeelnemers(BaseModel):
    """A partner's answer to `GET {base}/deelnemers`."""

    model_config = ConfigDict(extra="ignore")

    deelnemers: list[PartnerDeelnemer]
