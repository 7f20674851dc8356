"""What every partner client offers, whatever system sits behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from pydantic import Field

from schemas.berichten import PartnerAntwoord, PartnerBericht, PartnerDeelnemer


@dataclass(frozen=True)
class Verstrekking:
    """Which `inhoud` fields one message discloses to one partner, for the disclosure log.

    `velden` went out; `weggelaten` were in the message but are not on the partner kind's
    allowlist, so they were stripped and never sent.
    """

    partner_id: str
    sleutel: str
    soort: str
    deelnemer: str
    velden: tuple[str, ...]
    weggelaten: tuple[str, ...]


class Afgeleverd(PartnerAntwoord):
    """The partner's answer plus what this delivery disclosed, so the caller can log the disclosure."""

    velden: list[str] = Field(default_factory=list, description="The inhoud fields that were sent.")
    weggelaten: list[str] = Field(
        default_factory=list,
        description="The inhoud fields stripped by the allowlist (never sent).",
    )


@runtime_checkable
class PartnerClient(Protocol):
    """A partner system we deliver outbox messages to; retries belong to the caller."""

    @property
    def partner_id(self) -> str: ...

    def verstrekking(self, bericht: PartnerBericht) -> Verstrekking:
        """What `lever(bericht)` sends, without sending it; raises BerichtNietToegestaan."""
        ...

    def lever(self, bericht: PartnerBericht) -> Afgeleverd:
        """Deliver one message; raises only `connectors.errors` types."""
        ...

    def deelnemers(self) -> list[PartnerDeelnemer]:
        """The participants the partner's system holds (reconciliation); raises only `connectors.errors` types."""
        ...

    def close(self) -> None: ...
