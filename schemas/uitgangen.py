"""Exits where the seeds exit: which outcome may close a trajectory from which phase, and on what
conditions (issue 10 b).

A programme lists its exits (`Programma.uitgangen`): an outcome kind (the exit kind is the
outcome's `soort`), the phases it may close from, and its preconditions as data:

- `bevestigde_bestemming`: the exit needs a confirmed destination (DOMAIN §2: "a confirmed
  destination before a VSO exit"; seed 002 "een leerling verlaat de school pas als er een
  vervolgvoorziening is"). Only the exit dossier v2 (`AfsluitingV2`) carries one.
- `min_weken_in_fase` / `min_weken_in_traject`: a minimum stay (seed 000: "minimaal 6 weken");
  the phase's own `min_weken` counts too. It is overridden only by an event carrying `besluit`
  (who decided, in which role, why); the override is written into the ledger's reason.

Closing from the programme's last phase stays open to every outcome (the chain as it was); an
exit listed for the last phase adds its preconditions there. `toets_uitgang` is pure: the decider
(`schemas.beslissen`) calls it for every `traject.afgesloten` the programme already allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from schemas.fase import Fase, UitkomstSoort
from schemas.uitkomst import Uitkomst
from schemas.verantwoording import Verantwoording


class Uitgang(BaseModel):
    """One way out of the programme: an outcome, the phases it closes from, its preconditions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uitkomst: UitkomstSoort
    vanuit: list[Fase] = Field(min_length=1, description="Phases this exit may close from.")
    bevestigde_bestemming: bool = Field(
        default=False, description="Refused unless the dossier's destination is confirmed."
    )
    min_weken_in_fase: int | None = Field(default=None, gt=0)
    min_weken_in_traject: int | None = Field(default=None, gt=0)
    omschrijving: str = ""


def controleer_uitgangen(uitgangen: list[Uitgang], fasen: list[Fase]) -> None:
    """At load: exits name phases of the programme, no exit twice, and dropout is no exit."""
    gezien: set[tuple[UitkomstSoort, Fase]] = set()
    for u in uitgangen:
        if u.uitkomst == UitkomstSoort.UITVAL:
            raise ValueError("uitgangen: uitval is not an exit (deelnemer.uitgevallen)")
        vreemd = sorted(f.value for f in u.vanuit if f not in fasen)
        if vreemd:
            raise ValueError(
                f"uitgangen: {u.uitkomst.value} from phases not in this programme: {vreemd}"
            )
        for fase in u.vanuit:
            if (u.uitkomst, fase) in gezien:
                raise ValueError(f"uitgangen: {u.uitkomst.value} from {fase.value} listed twice")
            gezien.add((u.uitkomst, fase))


def uitgang_fasen(uitgangen: list[Uitgang]) -> set[Fase]:
    return {f for u in uitgangen for f in u.vanuit}


@dataclass(frozen=True)
class Bestemming:
    """Where the participant goes, as the exit dossier v2 states it (v1 states none)."""

    referentie: str
    bevestigd: bool


@dataclass(frozen=True)
class Verblijf:
    """How long the participant has been in the phase and the trajectory (None: just now)."""

    fase: Fase
    fase_sinds: datetime | None
    begonnen_op: datetime | None


@dataclass(frozen=True)
class Uitgangsoordeel:
    """Refused with its reason, or allowed with the ledger's reason (naming any override)."""

    weigering: str | None
    reden: str = ""


def _weken(sinds: datetime | None, nu: datetime) -> timedelta:
    return nu - sinds if sinds is not None else timedelta(0)


def _te_kort(u: Uitgang | None, fase_min: int | None, v: Verblijf, nu: datetime) -> list[str]:
    """The minimum stays not yet reached, in words."""
    tekort = []
    in_fase = max(filter(None, (u.min_weken_in_fase if u else None, fase_min)), default=None)
    if in_fase and _weken(v.fase_sinds, nu) < timedelta(weeks=in_fase):
        dagen = _weken(v.fase_sinds, nu).days
        tekort.append(f"{dagen} days in {v.fase.value}, minimum {in_fase} weeks")
    traject_min = u.min_weken_in_traject if u else None
    if traject_min and _weken(v.begonnen_op, nu) < timedelta(weeks=traject_min):
        dagen = _weken(v.begonnen_op, nu).days
        tekort.append(f"{dagen} days in the trajectory, minimum {traject_min} weeks")
    return tekort


def toets_uitgang(
    *,
    programma_id: str,
    uitgangen: list[Uitgang],
    laatste_fase: Fase,
    fase_min_weken: int | None,
    verblijf: Verblijf,
    uitkomst: Uitkomst,
    bestemming: Bestemming | None,
    besluit: Verantwoording | None,
    nu: datetime,
) -> Uitgangsoordeel:
    """May this outcome close the trajectory from the participant's phase, now?"""
    fase, soort = verblijf.fase, uitkomst.soort
    regel = next((u for u in uitgangen if u.uitkomst == soort and fase in u.vanuit), None)
    if regel is None and fase != laatste_fase:
        hier = sorted(u.uitkomst.value for u in uitgangen if fase in u.vanuit)
        toegestaan = (
            f"exits from {fase.value}: {', '.join(hier)}" if hier else f"no exit from {fase.value}"
        )
        return Uitgangsoordeel(
            f"{programma_id} has no exit to {soort.value} from {fase.value} ({toegestaan})"
        )
    onbevestigd = bestemming is None or not bestemming.bevestigd
    if regel is not None and regel.bevestigde_bestemming and onbevestigd:
        return Uitgangsoordeel(
            f"the exit to {soort.value} from {fase.value} needs a confirmed destination"
            " (dossier.bestemming.bevestigd, contract v2)"
        )
    reden = f"afgesloten met uitkomst {soort.value} vanuit {fase.value}"
    if bestemming is not None:
        reden += (
            f" (bestemming {bestemming.referentie}{', bevestigd' if bestemming.bevestigd else ''})"
        )
    tekort = _te_kort(
        regel, fase_min_weken if regel or fase != laatste_fase else None, verblijf, nu
    )
    if tekort and besluit is None:
        return Uitgangsoordeel(
            f"the exit to {soort.value} comes before the minimum stay ({'; '.join(tekort)});"
            " overriding it needs besluit (reden, rol, persoon)"
        )
    if tekort and besluit is not None:
        reden += f"; minimum stay overridden by {besluit.rol.value}: {besluit.reden}"
    return Uitgangsoordeel(None, reden)
