"""Data-quality rules as data: what the gate checks beyond shape, readable by a partner's integrator.

Each rule names a column of the flat row a contract produces (`Contract.kenmerken`) and one
check. The `quality` package turns these into great-expectations expectations; nothing here runs
them, so the rules can be published and reviewed without the gate.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class RegelSoort(StrEnum):
    """The checks the gate knows; each maps to one great-expectations expectation."""

    VERPLICHT = "verplicht"  # not null
    TUSSEN = "tussen"  # minimum <= value <= maximum
    IN_SET = "in_set"  # value in `waarden`
    UNIEK = "uniek"  # no two rows of a batch share the value
    NIET_GROTER_DAN_KOLOM = "niet_groter_dan_kolom"  # value <= value of column `ander`


class Regel(BaseModel):
    """One rule of a handoff contract."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str
    uitleg: str
    soort: RegelSoort
    kolom: str
    ander: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    waarden: tuple[str | bool | int, ...] | None = None


def verplicht(naam: str, kolom: str, uitleg: str) -> Regel:
    return Regel(naam=naam, uitleg=uitleg, soort=RegelSoort.VERPLICHT, kolom=kolom)


def tussen(
    naam: str,
    kolom: str,
    uitleg: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> Regel:
    return Regel(
        naam=naam,
        uitleg=uitleg,
        soort=RegelSoort.TUSSEN,
        kolom=kolom,
        minimum=minimum,
        maximum=maximum,
    )


def in_set(naam: str, kolom: str, uitleg: str, waarden: tuple[str | bool | int, ...]) -> Regel:
    return Regel(naam=naam, uitleg=uitleg, soort=RegelSoort.IN_SET, kolom=kolom, waarden=waarden)


def uniek(naam: str, kolom: str, uitleg: str) -> Regel:
    return Regel(naam=naam, uitleg=uitleg, soort=RegelSoort.UNIEK, kolom=kolom)


def niet_groter_dan(naam: str, kolom: str, ander: str, uitleg: str) -> Regel:
    return Regel(
        naam=naam, uitleg=uitleg, soort=RegelSoort.NIET_GROTER_DAN_KOLOM, kolom=kolom, ander=ander
    )


# Every batch, whatever the edge: one handoff per participant per batch.
GEEN_DUBBELE_DEELNEMER = uniek(
    "geen_dubbele_deelnemer",
    "deelnemer",
    "a participant appears at most once in a batch of one edge",
)
DATUMS_NIET_IN_TOEKOMST = tussen(
    "datums_niet_in_toekomst",
    "dagen_tot_laatste_datum",
    "no date in the dossier lies in the future",
    maximum=0,
)


Waarde = str | int | float | bool | None


class Bevinding(BaseModel):
    """One failed rule for one row; JSON-able so it can travel in a rejection to a partner."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regel: str
    uitleg: str
    kolom: str
    waarde: Waarde

    @classmethod
    def van(cls, regel: Regel, waarde: Any) -> Bevinding:
        return cls(
            regel=regel.naam, uitleg=regel.uitleg, kolom=regel.kolom, waarde=json_waarde(waarde)
        )


def json_waarde(waarde: Any) -> Waarde:
    """Keep primitives (NaN becomes None: JSON has no NaN); anything else is shown as text."""
    if isinstance(waarde, float) and math.isnan(waarde):
        return None
    if waarde is None or isinstance(waarde, str | int | float | bool):
        return waarde
    return str(waarde)
