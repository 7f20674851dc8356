"""Intake attributes into their table: kept per batch, written in one statement with the rest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from persistence.tabellen_kenmerk import Kenmerk
from schemas.gebeurtenissen import AanmeldingKern

_NIEUW = "kenmerken_nieuw"  # session.info: this batch's new participants' attributes


def onthoud(*, session: Session, deelnemer_id: int, aanmelding: AanmeldingKern) -> None:
    """Keep a new participant's attributes until the batch is written (`schrijf_nieuwe`)."""
    k = aanmelding.kenmerken
    rijen: list[dict[str, Any]] = session.info.setdefault(_NIEUW, [])
    rijen.append(
        {
            "deelnemer_id": deelnemer_id,
            "geslacht": k.geslacht.value if k and k.geslacht else None,
            "leeftijdsband": aanmelding.leeftijdsband.value if aanmelding.leeftijdsband else None,
            "doelgroep": k.doelgroep.value if k and k.doelgroep else None,
            "regio": k.regio if k else None,
            "herkomst": k.herkomst.value if k and k.herkomst else None,
        }
    )


def schrijf_nieuwe(*, session: Session) -> None:
    """One INSERT for the batch's new participants; nothing when there are none."""
    rijen = session.info.pop(_NIEUW, [])
    if rijen:
        session.execute(insert(Kenmerk), rijen)
