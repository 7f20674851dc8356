"""Batch handoffs: a partner's whole export (JSON lines or CSV) in one signed request.

The export is signed like a webhook (Standard Webhooks over the raw body); its `webhook-id`
names the batch. Every row is stored (an unreadable row too, with its reason) and answered
later per row: valid rows move, invalid rows are quarantined one by one. Referrals never come in
a batch: they carry personal data, which only the one-by-one webhook encrypts at the door.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from persistence import inbox
from schemas.aanlevering import ExportOnleesbaar, OnleesbareRij, Rij, lees_export
from schemas.gebeurtenissen import PSEUDONIEM_PATROON
from settings import Instellingen, PartnerInstellingen
from webhooks.deur import Afgewezen
from webhooks.intake import Botsing, Onjuist

_PSEUDONIEM = re.compile(PSEUDONIEM_PATROON)


class TeGroot(Afgewezen):
    """More rows than one batch may carry (413)."""

    def __init__(self, reden: str) -> None:
        super().__init__(413, reden)


class BatchOntvangst(BaseModel):
    batch: str
    status: str
    rijen: int
    ontvangen_op: datetime


def _opslagvorm(rij: Rij) -> tuple[str, str | None, dict[str, Any]]:
    """(type, pseudonym, payload) of one row; an unreadable row keeps its reason for the quarantine."""
    if isinstance(rij, OnleesbareRij):
        return "onleesbaar", None, {"type": "onleesbaar", "regel": rij.regel, "reden": rij.reden}
    deelnemer = rij.get("deelnemer")
    pseudoniem = deelnemer if isinstance(deelnemer, str) and _PSEUDONIEM.match(deelnemer) else None
    return str(rij.get("type") or "onbekend")[:64], pseudoniem, rij


def neem_aanlevering_op(
    *,
    session: Session,
    body: bytes,
    content_type: str,
    webhook_id: str,
    partner: PartnerInstellingen,
    instellingen: Instellingen,
) -> BatchOntvangst:
    """Store every row of the export under its webhook-id; the same export twice is stored once."""
    try:
        rijen = lees_export(body, content_type, instellingen.grenzen)
    except ExportOnleesbaar as exc:
        raise Onjuist(exc.fouten) from exc
    if len(rijen) > instellingen.max_import_rijen:
        raise TeGroot(f"{len(rijen)} rows; at most {instellingen.max_import_rijen} per batch")
    if not rijen:
        raise Onjuist([{"loc": ["body"], "msg": "the export has no rows", "type": "leeg"}])
    aanmeldingen = [
        i
        for i, r in enumerate(rijen)
        if isinstance(r, dict) and r.get("type") == "deelnemer.aangemeld"
    ]
    if aanmeldingen:
        raise Onjuist(
            [
                {
                    "loc": ["rijen", i, "type"],
                    "msg": "referrals carry personal data: send them one webhook at a time",
                    "type": "aanmelding_in_batch",
                }
                for i in aanmeldingen[:10]
            ]
        )
    nu = datetime.now(UTC)
    vormen = [_opslagvorm(r) for r in rijen]
    enkel, _ = inbox.houder_van(session=session, partner=partner.id, webhook_id=webhook_id)
    if enkel is not None:
        raise Botsing(f"webhook-id {webhook_id} already names a single webhook of yours")
    nieuw = inbox.neem_import_op(
        session=session, partner=partner.id, batch=webhook_id, rijen=vormen, nu=nu
    )
    if not nieuw and not _dezelfde(session, partner.id, webhook_id, vormen):
        raise Botsing(f"webhook-id {webhook_id} was used before for another export")
    return BatchOntvangst(
        batch=webhook_id,
        status="geaccepteerd" if nieuw else "dubbel",
        rijen=len(rijen),
        ontvangen_op=nu,
    )


def _dezelfde(
    session: Session, partner: str, batch: str, vormen: list[tuple[str, str | None, dict[str, Any]]]
) -> bool:
    """Whether the stored batch is this export again (a retry), row for row."""
    opgeslagen = inbox.import_rijen(session=session, partner=partner, batch=batch)
    return opgeslagen == [(t, p, json.loads(json.dumps(v))) for t, p, v in vormen]
