"""The "beeld van iemand" (seed 000): what a programme learned of a participant, handed to the school
or workplace that takes them on when they leave.

"Zo krijgen wij een beeld van iemand en kunnen dat overdragen aan de opleiding die iemand begint,
of een nieuwe werkplek" (seed 000, the instroomportaal). The partner that closes the trajectory
sends it in its exit dossier (`AfsluitingV2.beeld`); the programme says which exits must carry it
and which partners may receive it (`Programma.beeld_van_iemand`), and the receiver gets it in its
own message (`beeld.overdracht`). Short work-related codes only: there is no field for health,
debt or family details, and none may be written into these words.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import Fase, UitkomstSoort
from schemas.uitgangen import Uitgang

# A short lower-case word group ("op tijd komen", "techniek"), never a sentence about a person.
Trefwoord = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9 '-]{1,39}$")]


_ONTVANGER_SOORTEN = ("opleiding", "werkgever")


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BeeldVanIemand(_Streng):
    """The portaal's picture: "wie ben ik, wat wil ik, wat kan ik?" and the work rhythm built."""

    kan: list[Trefwoord] = Field(
        min_length=1, max_length=8, description="What they can: strengths."
    )
    wil: list[Trefwoord] = Field(
        min_length=1, max_length=8, description="What they want: interests."
    )
    aandachtspunten: list[Trefwoord] = Field(
        default=[], max_length=8, description="Work habits still to grow (e.g. 'op tijd komen')."
    )
    werkritme_dagdelen: list[int] = Field(
        min_length=1,
        max_length=26,
        description="Dagdelen per week as the rhythm was built up, first to last (often from 2).",
    )
    aanwezigheid_pct: float = Field(ge=0, le=100)
    beoogd_mbo_niveau: int | None = Field(
        default=None, ge=0, le=4, description="0 = Entree, 1-4 = MBO level (a school exit)."
    )

    @model_validator(mode="after")
    def _dagdelen(self) -> Self:
        if any(not 1 <= d <= 10 for d in self.werkritme_dagdelen):
            raise ValueError("werkritme_dagdelen: each week counts 1 to 10 dagdelen")
        return self


class BeeldOverdracht(_Streng):
    """Which exits hand the beeld on, from which phases, to which receiving partners."""

    uitkomsten: list[UitkomstSoort] = Field(min_length=1)
    vanuit: list[Fase] = Field(min_length=1)
    ontvangers: list[str] = Field(
        min_length=1,
        description="Partners that may receive it; the exit's bestemming.referentie names one.",
    )

    def geldt(self, fase: Fase, uitkomst: UitkomstSoort) -> bool:
        return fase in self.vanuit and uitkomst in self.uitkomsten

    def fouten(self, soorten: dict[str, str]) -> list[tuple[tuple[str | int, ...], str]]:
        """(where, why) for each receiver that is no school or employer of the catalogue
        (`soorten`: id → kind): only those receive the picture (connectors' allowlists)."""
        return [
            (("ontvangers", i), f"{o} is no opleiding or werkgever partner")
            for i, o in enumerate(self.ontvangers)
            if soorten.get(o) not in _ONTVANGER_SOORTEN
        ]


def controleer_beeld(
    beeld: BeeldOverdracht | None, fasen: list[Fase], uitgangen: list[Uitgang]
) -> None:
    """At load: the beeld travels only on exits the programme has."""
    if beeld is None:
        return
    bestaand = {(u.uitkomst, f) for u in uitgangen for f in u.vanuit}
    zonder = sorted(
        f"{u.value} from {f.value}"
        for u in beeld.uitkomsten
        for f in beeld.vanuit
        if (u, f) not in bestaand and f != fasen[-1]
    )
    if zonder:
        raise ValueError(f"beeld_van_iemand: no such exit in uitgangen: {zonder}")
