"""Outcomes: multi-valued and dated per participant (DOMAIN §3.3)."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import UitkomstSoort, UitvalReden


class Uitkomst(BaseModel):
    """One dated outcome; education carries its level, dropout its reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    soort: UitkomstSoort
    datum: date
    mbo_niveau: int | None = Field(
        default=None, ge=0, le=4, description="0 = Entree; required for onderwijs."
    )
    reden: UitvalReden | None = Field(default=None, description="Required for uitval.")

    @model_validator(mode="after")
    def _volledig(self) -> Self:
        if self.soort == UitkomstSoort.ONDERWIJS and self.mbo_niveau is None:
            raise ValueError("an education outcome needs mbo_niveau")
        if self.soort == UitkomstSoort.UITVAL and self.reden is None:
            raise ValueError("a dropout outcome needs a reden")
        return self
