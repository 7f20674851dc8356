"""Checkpoints that wait for another's report: a step of the chain may be decided only once the
steps it builds on are decided, and the plan may be drawn up only after its conversation.

Harderwijk (seed 001): "Daarna plan ik een huisbezoek in ... en ga ik de taaltoets bespreken" (the
huisbezoek follows the taaltoets and the Competensys report); "Voordat Belgharbi een
ondersteuningsplan gaat opstellen is er een diagnosegesprek". A diagnosegesprek due while the
Competensys report has not arrived is refused with that reason, and so is the plan (DOMAIN §8
scenario 3); the watch already flags both checkpoints once overdue. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.ijkpunten import NAAM_PATROON, IjkpuntInrichting

if TYPE_CHECKING:  # programma.py loads this module; overdracht.py is only a type here
    from schemas.overdracht import DeelnemerStand

PLAN = "plan"  # `voor: plan`: the plan (plan.vastgesteld) waits, not a checkpoint


class Voorwaarde(BaseModel):
    """One waiting rule of a programme (config/programmas/*.yaml, field `voorwaarden`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    voor: str = Field(
        pattern=NAAM_PATROON, description="A checkpoint's name, or `plan` for the plan."
    )
    wacht_op: list[str] = Field(
        min_length=1, description="Checkpoints that must be decided first (their reports)."
    )

    @model_validator(mode="after")
    def _niet_op_zichzelf(self) -> Self:
        if self.voor in self.wacht_op:
            raise ValueError(f"voorwaarden: {self.voor} cannot wait for itself")
        return self


def controleer_voorwaarden(
    voorwaarden: Sequence[Voorwaarde], ijkpunten: Sequence[IjkpuntInrichting], met_plan: bool
) -> None:
    """At load: every name a checkpoint of this programme (`plan` only with a plan), no cycle."""
    namen = {i.naam for i in ijkpunten}
    for v in voorwaarden:
        onbekend = sorted(
            {n for n in v.wacht_op if n not in namen}
            | ({v.voor} - namen - ({PLAN} if met_plan else set()))
        )
        if onbekend:
            raise ValueError(
                f"voorwaarden {v.voor}: not a checkpoint of this programme: {onbekend}"
            )
    beslisvolgorde(voorwaarden, [i.naam for i in ijkpunten])  # raises on a cycle


def beslisvolgorde(voorwaarden: Sequence[Voorwaarde], namen: Sequence[str]) -> list[str]:
    """The checkpoints in an order that respects every waiting rule (a simulator's or a test's
    order of deciding them); config order where the rules leave it free."""
    wacht = {n: {w for v in voorwaarden if v.voor == n for w in v.wacht_op} for n in namen}
    volgorde: list[str] = []
    while len(volgorde) < len(namen):
        klaar = [n for n in namen if n not in volgorde and wacht[n] <= set(volgorde)]
        if not klaar:
            rest = sorted(set(namen) - set(volgorde))
            raise ValueError(f"voorwaarden: checkpoints wait for each other in a circle: {rest}")
        volgorde.append(klaar[0])
    return volgorde


def wacht_op(voorwaarden: Sequence[Voorwaarde], voor: str) -> list[str]:
    """What `voor` (a checkpoint's name, or `plan`) waits for, in config order."""
    return [w for v in voorwaarden if v.voor == voor for w in v.wacht_op]


def eerst_te_beslissen(
    voorwaarden: Sequence[Voorwaarde], ijkpunten: Sequence[IjkpuntInrichting], voor: str
) -> list[IjkpuntInrichting]:
    """Every checkpoint `voor` waits for, directly or through another, in an order the rules
    allow: what a partner (or a simulated one) decides before it, e.g. before the plan."""
    nodig: set[str] = set()
    rand = wacht_op(voorwaarden, voor)
    while rand:
        nodig |= set(rand)
        rand = [w for n in rand for w in wacht_op(voorwaarden, n) if w not in nodig]
    volgorde = beslisvolgorde(voorwaarden, [i.naam for i in ijkpunten])
    return sorted((i for i in ijkpunten if i.naam in nodig), key=lambda i: volgorde.index(i.naam))


def wacht_weigering(
    stand: DeelnemerStand, voorwaarden: Sequence[Voorwaarde], voor: str
) -> str | None:
    """Why `voor` may not be decided (or the plan recorded) yet: a checkpoint it waits for is still
    open or not yet scheduled in this trajectory; None when nothing is missing."""
    besloten = {i.naam for i in stand.ijkpunten if i.keuze is not None}
    open_ = [w for w in wacht_op(voorwaarden, voor) if w not in besloten]
    if not open_:
        return None
    wat = "the plan" if voor == PLAN else f"checkpoint {voor}"
    return f"{wat} waits for {', '.join(open_)}: not decided yet"
