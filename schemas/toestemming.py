"""The consent and legal-basis register: on what basis a partner or a purpose may receive a
participant's data, and the pure decision that every disclosure asks (issue 12; DOMAIN §6).

Under the AVG (art. 6) a disclosure rests on a basis: the participant's consent (given on a date,
withdrawable at any moment), or the gemeente's legal task (the Participatiewet, the Wet
inburgering 2021). A programme names, per receiving partner or purpose, the legal task that covers
it, and the recipients that need consent instead; everything else needs consent on record. A
withdrawal ends consent at once and for the future only. No I/O: the register's rows come in, a
basis or None goes out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

# A purpose rather than a partner receives data, e.g. "doel:onderzoek" for the researcher export.
DOEL_VOORVOEGSEL = "doel:"
ONDERZOEK = DOEL_VOORVOEGSEL + "onderzoek"
IEDEREEN = "*"  # in a programme's `grondslagen.wettelijk`: every partner (never a purpose)
ONTVANGER_PATROON = r"^(doel:)?[a-z0-9][a-z0-9-]{1,63}$"
# The message that tells a recipient a consent was withdrawn (AVG art. 19).
INTREKKING = "toestemming.ingetrokken"


class Grondslagsoort(StrEnum):
    TOESTEMMING = "toestemming"  # AVG art. 6(1)(a): the participant consented
    WETTELIJKE_TAAK = "wettelijke_taak"  # AVG art. 6(1)(e): the gemeente's task under a law
    WETTELIJKE_VERPLICHTING = "wettelijke_verplichting"  # AVG art. 6(1)(c), e.g. art. 19


@dataclass(frozen=True)
class Registratie:
    """One row of the register: for `ontvanger` (a partner id or a purpose), this basis, from
    `van` until `tot` (None: still in force); who recorded it."""

    ontvanger: str
    soort: Grondslagsoort
    bron: str  # the law and article, or how consent was given (e.g. "schriftelijk, intake")
    van: datetime
    tot: datetime | None
    vastgelegd_door: str


@dataclass(frozen=True)
class Basis:
    """The basis a disclosure actually used: what the disclosure log records."""

    soort: Grondslagsoort
    bron: str

    def __str__(self) -> str:
        return f"{self.soort.value}: {self.bron}"


# Telling a recipient that consent was withdrawn is the controller's own duty (AVG art. 19).
KENNISGEVING = Basis(
    Grondslagsoort.WETTELIJKE_VERPLICHTING, "AVG art. 19 (kennisgeving aan ontvangers)"
)


class Grondslagen(BaseModel):
    """A programme's bases (YAML `grondslagen`): per recipient (or "*") the law that covers the
    disclosure, and the recipients that need the participant's consent instead."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    wettelijk: dict[str, str] = Field(
        default_factory=dict,
        description='Recipient (partner id, "doel:..." or "*") → the law and article.',
    )
    toestemming: list[str] = Field(
        default=[], description="Recipients that receive only with the participant's consent."
    )

    @model_validator(mode="after")
    def _samenhangend(self) -> Self:
        for ontvanger, wet in self.wettelijk.items():
            if len(wet.strip()) < 3:
                raise ValueError(f"wettelijk.{ontvanger}: name the law and article")
        dubbel = sorted(set(self.wettelijk) & set(self.toestemming))
        if dubbel:
            raise ValueError(f"both a legal task and consent required for {dubbel}")
        return self

    def ontvangers(self) -> set[str]:
        """Every recipient named (not "*"), for the catalogue's check."""
        return (set(self.wettelijk) | set(self.toestemming)) - {IEDEREEN}


def geldt(r: Registratie, op: datetime) -> bool:
    return r.van <= op and (r.tot is None or op < r.tot)


def grondslag_voor(
    *,
    ontvanger: str,
    op: datetime,
    registraties: Iterable[Registratie],
    wettelijk: Mapping[str, str],
    toestemming_nodig: Collection[str] = (),
) -> Basis | None:
    """The basis for disclosing to `ontvanger` at `op`, or None (hold the disclosure).

    A registration in force wins (consent, or a legal task recorded for this participant); else
    the programme's legal task for this recipient (`wettelijk`: recipient → law; "*" covers every
    partner but no purpose and none in `toestemming_nodig`); else nothing.
    """
    for r in sorted(registraties, key=lambda r: r.van, reverse=True):
        if r.ontvanger == ontvanger and geldt(r, op):
            return Basis(r.soort, r.bron)
    bron = wettelijk.get(ontvanger)
    if (
        bron is None
        and not ontvanger.startswith(DOEL_VOORVOEGSEL)
        and ontvanger not in toestemming_nodig
    ):
        bron = wettelijk.get(IEDEREEN)
    return Basis(Grondslagsoort.WETTELIJKE_TAAK, bron) if bron else None


def basis_voor_bericht(
    *,
    soort: str,
    ontvanger: str,
    op: datetime,
    registraties: Iterable[Registratie],
    grondslagen: Grondslagen | None,
) -> Basis | None:
    """The basis for one outbox message: a withdrawal notice rests on art. 19; anything else on
    the register and the programme (an unknown programme: none, so the message is held)."""
    if soort == INTREKKING:
        return KENNISGEVING
    if grondslagen is None:
        return None
    return grondslag_voor(
        ontvanger=ontvanger,
        op=op,
        registraties=registraties,
        wettelijk=grondslagen.wettelijk,
        toestemming_nodig=grondslagen.toestemming,
    )


def moment(dag: date, nu: datetime) -> datetime:
    """The instant a dated record takes effect: today's date means now (a withdrawal acts at once),
    any other date the start of that day (UTC)."""
    return nu if dag == nu.astimezone(UTC).date() else datetime.combine(dag, time(0), UTC)


def open_toestemming(registraties: Iterable[Registratie], ontvanger: str, op: datetime) -> bool:
    """Whether a consent to `ontvanger` is in force at `op` (what a withdrawal can close)."""
    return any(
        r.ontvanger == ontvanger and r.soort == Grondslagsoort.TOESTEMMING and geldt(r, op)
        for r in registraties
    )
