"""Regions for the researcher export: a gemeente is generalised to the region it lies in.

A gemeente (a partner of kind gemeente) is a small unit; a region groups several, so an export
row cannot be narrowed to one municipality's office. The mapping is configuration
(config/regios.yaml), checked at load: codes unique, each gemeente in exactly one region.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Regio(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,23}$")
    naam: str = Field(min_length=1, max_length=80)
    gemeenten: tuple[str, ...] = Field(min_length=1)


class Regios(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    regios: tuple[Regio, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _eenduidig(self) -> Self:
        codes = [r.code for r in self.regios]
        if len(set(codes)) != len(codes):
            raise ValueError("region codes must be unique")
        gemeenten = [g for r in self.regios for g in r.gemeenten]
        dubbel = sorted({g for g in gemeenten if gemeenten.count(g) > 1})
        if dubbel:
            raise ValueError(f"a gemeente in more than one region: {', '.join(dubbel)}")
        return self

    def regio_van(self, gemeente: str) -> str:
        """The region code of a gemeente partner; KeyError for one not mapped (refused at load)."""
        for r in self.regios:
            if gemeente in r.gemeenten:
                return r.code
        raise KeyError(gemeente)


@dataclass(frozen=True)
class Regiokaart:
    """Who referred → region: a gemeente's own region, and for a school or coach that referred
    (a programme's `verwijzing.verwijzers`) the region of the gemeente that holds the regie."""

    regios: Regios
    verwijzers: Mapping[tuple[str, str], str]  # (programme, referrer) → gemeente

    def regio(self, *, programma: str, aanmelder: str) -> str:
        return self.regios.regio_van(self.verwijzers.get((programma, aanmelder), aanmelder))
