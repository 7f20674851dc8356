"""Tracks within a programme (issue 10 k): a route with its own clock and its own success.

Seed 004 (Dordrecht) splits participants after the Talentscan into "onderwijs", "participatie"
and "stabilisatie" ("vaak wat kwetsbaarder ... psychische zorg en hulp richting
zelfredzaamheid"); DOMAIN §8 scenario 9 expects "no placement clock; different success criteria".

Design: a track is named by the partners that run it (`Spoor.partners`): a participant is on the
track while the partner of their current phase is one of them, so entering, leaving and switching
tracks are the moves that already exist (a handoff with `naar_partner`, `traject.gewisseld`) and
the ledger keeps that history. `plaatsingsklok: false` switches the phase clock off for the
track: the watch raises no `fase_te_lang` for a participant on it (the waiting clock between
partners and the statutory deadlines keep running: a birthday or the inburgering term does not
stop for a vulnerable participant). `succes` lists the outcomes that count as success on the
track; `keten status` and the reports count them per track.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas.fase import UitkomstSoort


class Spoor(BaseModel):
    """A named route through the programme, run by its own partners."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: str = Field(pattern=r"^[a-z0-9-]+$")
    partners: list[str] = Field(min_length=1, description="Partners running this track.")
    plaatsingsklok: bool = Field(
        default=True, description="False: no phase time limits for participants on this track."
    )
    succes: list[UitkomstSoort] = Field(
        default=[], description="Outcomes that count as success on this track."
    )
    omschrijving: str = ""


def controleer_sporen(sporen: list[Spoor], partners: set[str]) -> None:
    """At load: unique names, partners of this programme, each partner on one track at most."""
    namen = [s.naam for s in sporen]
    if len(set(namen)) != len(namen):
        raise ValueError(f"sporen: a track name is used twice: {sorted(namen)}")
    gezien: set[str] = set()
    for s in sporen:
        vreemd = sorted(set(s.partners) - partners)
        if vreemd:
            raise ValueError(f"sporen: {s.naam} names partners not in this programme: {vreemd}")
        dubbel = sorted(gezien & set(s.partners))
        if dubbel:
            raise ValueError(f"sporen: partners on two tracks: {dubbel}")
        gezien |= set(s.partners)


def spoor_van(sporen: list[Spoor], partner: str) -> Spoor | None:
    """The track a participant is on, by the partner of their current phase."""
    return next((s for s in sporen if partner in s.partners), None)


def fase_klok_loopt(sporen: list[Spoor], partner: str) -> bool:
    """Whether the phase limits apply to a participant at this partner."""
    spoor = spoor_van(sporen, partner)
    return spoor is None or spoor.plaatsingsklok
