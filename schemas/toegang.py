"""Who may act on a participant: one rule, asked at the door (403) and again when a handoff is applied.

A partner acts only on its own phase and its own participants (DESIGN.md): the partner running
the participant's current phase reports on that phase (and answers its referral); only the
regiehouder re-refers, hands the case to a new regiehouder, or picks another partner after a
declined referral (a `traject.gewisseld` of its own); a check-in is answered by the partner it
was asked of. The door asks first so that a partner
learns at once; processing asks again because the state may have moved in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.banen import BaanGestart
from schemas.besluit import maatregel_fout, rol_fout
from schemas.gebeurtenissen import (
    Aanmelding,
    AanmeldingKern,
    FaseGestart,
    Gebeurtenis,
    Herinstroom,
    NazorgCheckin,
    TrackGewisseld,
    fase_van,
)
from schemas.ijkpunten import IjkpuntBesloten
from schemas.observatie import GrondslagVastgelegd
from schemas.plan import PlanVastgesteld
from schemas.schending import MaatregelGenomen
from schemas.toestemming_gebeurtenissen import ToestemmingIngetrokken, ToestemmingVastgelegd
from schemas.tussenuitkomst import UitkomstGemeld
from schemas.verwijzing import RegiehouderGewisseld


@dataclass(frozen=True)
class Betrokkenheid:
    """Who acts for one participant now: their regiehouder, current phase and its partner; for the
    reports, who was asked a check-in and which (partner, phase) the trajectory already finished."""

    regiehouder: str
    fase: str
    partner: str
    checkin_partners: frozenset[str] = frozenset()
    afgerond: frozenset[tuple[str, str]] = (
        frozenset()
    )  # (partner, phase) this trajectory has left behind
    banen: frozenset[tuple[str, str, str]] = (
        frozenset()
    )  # (lane, phase, partner), latest run of each


NIET_BETROKKEN = "not a participant you act for: unknown, or another partner acts for them now"


def kent(partner: str, betrokken: Betrokkenheid | None) -> bool:
    """Whether `partner` has a part in this participant now: their regiehouder, the partner of
    their current phase, or asked a check-in about them. Only such a partner hears more than
    `NIET_BETROKKEN`, so that nobody else can tell an unknown pseudonym from someone else's."""
    return betrokken is not None and (
        partner in (betrokken.regiehouder, betrokken.partner)
        or partner in betrokken.checkin_partners
        or any(partner == p for _, _, p in betrokken.banen)
    )


def weigering(
    partner: str, gebeurtenis: Gebeurtenis, betrokken: Betrokkenheid | None
) -> str | None:
    """Why `partner` may not send `gebeurtenis` about this participant, or None when it may.

    A partner without a part in the participant (`kent`) gets `NIET_BETROKKEN`, the same answer
    as for a pseudonym that does not exist, so that it cannot probe which pseudonyms exist or
    whose they are.
    """
    reden = _reden(partner, gebeurtenis, betrokken)
    if reden is None or kent(partner, betrokken):
        return reden
    return NIET_BETROKKEN


def _reden(partner: str, gebeurtenis: Gebeurtenis, betrokken: Betrokkenheid | None) -> str | None:
    if isinstance(gebeurtenis, Aanmelding | AanmeldingKern):
        return None  # a referral creates the participant; only a gemeente may send one (checked at the door)
    if betrokken is None:
        return NIET_BETROKKEN
    if (rol := rol_fout(partner, gebeurtenis.besluit, betrokken.regiehouder)) is not None:
        return rol
    deelnemer = gebeurtenis.deelnemer
    if isinstance(gebeurtenis, MaatregelGenomen):
        return maatregel_fout(partner, gebeurtenis.besluit, betrokken.regiehouder, deelnemer)
    if isinstance(gebeurtenis, Herinstroom):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} re-refers"
        )
    if isinstance(gebeurtenis, IjkpuntBesloten | PlanVastgesteld):
        # The regiehouder or the current phase's partner (the decision checks the owner).
        return (
            None
            if partner in (betrokken.regiehouder, betrokken.partner)
            else f"{partner} neither holds the case of {deelnemer} nor runs its phase"
        )
    if isinstance(gebeurtenis, RegiehouderGewisseld):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} hands the case over"
        )
    if isinstance(gebeurtenis, ToestemmingVastgelegd | ToestemmingIngetrokken):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} records or withdraws consent"
        )
    if isinstance(gebeurtenis, GrondslagVastgelegd):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} records a basis to share"
        )
    if (
        isinstance(gebeurtenis, TrackGewisseld)
        and partner == betrokken.regiehouder != betrokken.partner
    ):
        return (
            None  # the regiehouder's pick after a declined referral; processing checks the decline
        )
    if isinstance(gebeurtenis, NazorgCheckin):
        return (
            None
            if partner in betrokken.checkin_partners
            else f"{partner} was asked no check-in about {deelnemer}"
        )
    if isinstance(gebeurtenis, BaanGestart):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} starts a lane"
        )
    if (
        isinstance(gebeurtenis, FaseGestart)
        and (partner, gebeurtenis.fase.value) in betrokken.afgerond
    ):
        return None  # a true start report that webhooks delivered after the phase's end: late, not foreign
    if isinstance(gebeurtenis, UitkomstGemeld) and partner == betrokken.regiehouder:
        return None  # the regiehouder may record an interim outcome too (schemas.uitstroom)
    baan = getattr(gebeurtenis, "baan", None)
    if baan is not None:
        return _baan_reden(partner, gebeurtenis, betrokken, baan)
    if partner != betrokken.partner:
        return f"{partner} does not run {deelnemer}'s current phase"
    fase = fase_van(gebeurtenis)
    if fase is not None and fase.value != betrokken.fase:
        return f"{deelnemer} is in {betrokken.fase}, not {fase.value}"
    return None


def _baan_reden(
    partner: str, gebeurtenis: Gebeurtenis, betrokken: Betrokkenheid, baan: str
) -> str | None:
    """An event about a lane: only the partner of that lane, about the lane's own phase."""
    deelnemer = getattr(gebeurtenis, "deelnemer", "")
    plek = next(((f, p) for b, f, p in betrokken.banen if b == baan), None)
    if plek is None:
        return f"{deelnemer} has no lane {baan}"
    fase, lane_partner = plek
    if partner != lane_partner:
        return f"{partner} does not run {deelnemer}'s lane {baan}"
    gemeld = fase_van(gebeurtenis)
    if gemeld is not None and gemeld.value != fase:
        return f"{deelnemer}'s lane {baan} is in {fase}, not {gemeld.value}"
    return None
