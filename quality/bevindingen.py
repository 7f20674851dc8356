"""What the gate reports per row: which rule failed, on which column, with which value."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from schemas.regels import Regel

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
