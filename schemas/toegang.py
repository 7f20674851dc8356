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


NIET_BETROKKEN = "not a participant you act for: unknown, or another partner acts for them now"


def kent(partner: str, betrokken: Betrokkenheid | None) -> bool:
    """Whether `partner` has a part in this participant now: their regiehouder, the partner of
    their current phase, or asked a check-in about them. Only such a partner hears more than
    `NIET_BETROKKEN`, so that nobody else can tell an unknown pseudonym from someone else's."""
    return betrokken is not None and (
        partner in (betrokken.regiehouder, betrokken.partner)
        or partner in betrokken.checkin_partners
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
    deelnemer = gebeurtenis.deelnemer
    if isinstance(gebeurtenis, Herinstroom):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} re-refers"
        )
    if isinstance(gebeurtenis, RegiehouderGewisseld):
        return (
            None
            if partner == betrokken.regiehouder
            else f"only the regiehouder of {deelnemer} hands the case over"
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
    if (
        isinstance(gebeurtenis, FaseGestart)
        and (partner, gebeurtenis.fase.value) in betrokken.afgerond
    ):
        return None  # a true start report that webhooks delivered after the phase's end: late, not foreign
    if partner != betrokken.partner:
        return f"{partner} does not run {deelnemer}'s current phase"
    fase = fase_van(gebeurtenis)
    if fase is not None and fase.value != betrokken.fase:
        return f"{deelnemer} is in {betrokken.fase}, not {fase.value}"
    return None
