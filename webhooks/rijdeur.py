"""The door's 403 for every row of a batch export, set-based.

A row about a participant the partner may not act on is refused here, before anything is
stored: otherwise one signed export of 20,000 rows about pseudonyms that are not the sender's
becomes 20,000 inbox rows, handoff records and `overdracht.geweigerd` messages. The rule is
the single webhook's (`schemas.toegang`), with the same answer for an unknown pseudonym and
someone else's. A row that names no valid pseudonym (an unreadable row, a missing or malformed
`deelnemer`) names no one: it is kept and quarantined with its reason, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlmodel import Session

from persistence import inbox, verloop
from schemas import toegang
from schemas.aanlevering import Rij
from schemas.gebeurtenissen import PSEUDONIEM_PATROON, PartnerGebeurtenis

_PSEUDONIEM = re.compile(PSEUDONIEM_PATROON)
_GEBEURTENIS: TypeAdapter[PartnerGebeurtenis] = TypeAdapter(PartnerGebeurtenis)


class RijWeigering(BaseModel):
    """Rows of a batch refused at the door for one reason (403): nothing of them was stored."""

    reden: str = Field(description="Why, as the 403 of a single webhook would say it.")
    rijen: list[int] = Field(description="The rows' numbers in the export, counting from 1.")


@dataclass(frozen=True)
class _Rij:
    nummer: int
    pseudoniem: str
    type: object
    gebeurtenis: PartnerGebeurtenis | None  # None: the row does not parse (quarantined if stored)


def _benoemd(rijen: list[Rij]) -> list[_Rij]:
    uit = []
    for nummer, rij in enumerate(rijen, start=1):
        if not isinstance(rij, dict):
            continue
        deelnemer = rij.get("deelnemer")
        if not isinstance(deelnemer, str) or not _PSEUDONIEM.fullmatch(deelnemer):
            continue
        try:
            gebeurtenis: PartnerGebeurtenis | None = _GEBEURTENIS.validate_python(rij)
        except ValidationError:
            gebeurtenis = None
        uit.append(_Rij(nummer, deelnemer, rij.get("type"), gebeurtenis))
    return uit


def _reden(partner: str, rij: _Rij, betrokken: toegang.Betrokkenheid | None) -> str | None:
    if rij.gebeurtenis is None:  # shape unknown: only who has a part may have it quarantined
        return None if toegang.kent(partner, betrokken) else toegang.NIET_BETROKKEN
    return toegang.weigering(partner, rij.gebeurtenis, betrokken)


def weigeringen(*, session: Session, partner: str, rijen: list[Rij]) -> dict[int, str]:
    """Per refused row (its number, from 1) why the partner may not send it."""
    benoemd = _benoemd(rijen)
    betrokken = verloop.betrokkenheden(
        session=session,
        pseudoniemen={r.pseudoniem for r in benoemd},
        met_checkins={r.pseudoniem for r in benoemd if r.type == "nazorg.checkin"},
        met_afgerond={r.pseudoniem for r in benoemd if r.type == "fase.gestart"},
    )
    geweigerd = {
        r.nummer: (r, reden)
        for r in benoemd
        if (reden := _reden(partner, r, betrokken.get(r.pseudoniem))) is not None
    }
    wachtend = inbox.instroom_wachtend(
        session=session, partner=partner, pseudoniemen={r.pseudoniem for r, _ in geweigerd.values()}
    )
    # The gemeente's own (re-)referral is still in the inbox: it runs instroom once that is processed.
    instroom = toegang.Betrokkenheid(regiehouder=partner, fase="instroom", partner=partner)
    uit = {}
    for nummer, (r, reden) in geweigerd.items():
        opnieuw = _reden(partner, r, instroom) if r.pseudoniem in wachtend else reden
        if opnieuw is not None:
            uit[nummer] = opnieuw
    return uit


def per_reden(geweigerd: dict[int, str]) -> list[RijWeigering]:
    """The refused rows grouped by reason, in row order: the batch answer's report."""
    groepen: dict[str, list[int]] = {}
    for nummer in sorted(geweigerd):
        groepen.setdefault(geweigerd[nummer], []).append(nummer)
    return [RijWeigering(reden=r, rijen=n) for r, n in groepen.items()]
