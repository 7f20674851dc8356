"""Batch handoffs: a partner's whole export (JSON lines or CSV) in one signed request.

The export is signed like a webhook (Standard Webhooks over the raw body); its `webhook-id`
names the batch. Every row is stored (an unreadable row too, with its reason) and answered
later per row: valid rows move, invalid rows are quarantined one by one. Referrals never come in
a batch: they carry personal data, which only the one-by-one webhook encrypts at the door.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session

from persistence import inbox
from schemas.aanlevering import ExportOnleesbaar, OnleesbareRij, Rij, lees_export
from schemas.gebeurtenissen import PSEUDONIEM_PATROON
from settings import Instellingen, PartnerInstellingen
from webhooks import rijdeur
from webhooks.deur import Afgewezen
from webhooks.intake import Botsing, Onjuist
from webhooks.rijdeur import RijWeigering

_PSEUDONIEM = re.compile(PSEUDONIEM_PATROON)


class TeGroot(Afgewezen):
    """More rows than one batch may carry (413)."""

    def __init__(self, reden: str) -> None:
        super().__init__(413, reden)


class BatchOntvangst(BaseModel):
    batch: str
    status: str
    rijen: int = Field(description="Rows read from the export.")
    geweigerd: list[RijWeigering] = Field(
        default_factory=list,
        description="Rows refused at the door (403 per row), grouped by reason; nothing of them is stored. Given with the first answer.",
    )
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
    rijen_budget: Callable[[int], None] = lambda _: None,
) -> BatchOntvangst:
    """Store the rows of the export the partner may send under its webhook-id (the others are
    refused per row); the same export twice is stored once. `rijen_budget` spends the partner's
    rows (it raises when they do not fit)."""
    try:
        rijen = lees_export(body, content_type, instellingen.grenzen)
    except ExportOnleesbaar as exc:
        raise Onjuist(exc.fouten) from exc
    if len(rijen) > instellingen.max_import_rijen:
        raise TeGroot(f"{len(rijen)} rows; at most {instellingen.max_import_rijen} per batch")
    if not rijen:
        raise Onjuist([{"loc": ["body"], "msg": "the export has no rows", "type": "leeg"}])
    rijen_budget(len(rijen))
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
    geweigerd = rijdeur.weigeringen(session=session, partner=partner.id, rijen=rijen)
    if len(geweigerd) == len(rijen) and not inbox.batch_bekend(
        session=session, partner=partner.id, batch=webhook_id
    ):
        raise Afgewezen(403, [w.model_dump() for w in rijdeur.per_reden(geweigerd)])
    session.rollback()  # end the door's reads: no pooled connection is held while waiting to write
    nummers = [n for n in range(1, len(rijen) + 1) if n not in geweigerd]
    nu = datetime.now(UTC)
    vormen = [
        _opslagvorm(rijen[n - 1]) for n in nummers
    ]  # the rows kept: those the partner may send
    enkel, _ = inbox.houder_van(session=session, partner=partner.id, webhook_id=webhook_id)
    if enkel is not None:
        raise Botsing(f"webhook-id {webhook_id} already names a single webhook of yours")
    nieuw = inbox.neem_import_op(
        session=session, partner=partner.id, batch=webhook_id, rijen=vormen, nummers=nummers, nu=nu
    )
    if not nieuw and not _dezelfde(
        session, partner.id, webhook_id, [_opslagvorm(r) for r in rijen]
    ):
        raise Botsing(f"webhook-id {webhook_id} was used before for another export")
    return BatchOntvangst(
        batch=webhook_id,
        status="geaccepteerd" if nieuw else "dubbel",
        rijen=len(rijen),
        geweigerd=rijdeur.per_reden(geweigerd) if nieuw else [],
        ontvangen_op=nu,
    )


def _dezelfde(
    session: Session, partner: str, batch: str, alle: list[tuple[str, str | None, dict[str, Any]]]
) -> bool:
    """Whether the stored batch is this export again (a retry): every stored row is the export's
    row of that number. Which rows the door refuses may differ since (participants move on), so
    rows not stored do not count."""
    opgeslagen = inbox.import_rijen(session=session, partner=partner, batch=batch)
    return bool(opgeslagen) and all(
        0 < n <= len(alle)
        and rij == (alle[n - 1][0], alle[n - 1][1], json.loads(json.dumps(alle[n - 1][2])))
        for n, rij in opgeslagen.items()
    )
