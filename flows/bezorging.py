"""Outbox delivery: send what is due, in parallel; retry with backoff; dead after the horizon.

The retry schedule is configuration (`outbox_herhaalschema_s`; by default the Standard Webhooks
recommendation: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with ±10% jitter; a partner's Retry-After is honoured when it asks for longer. A
4xx other than 408/429 will not get better by retrying: the message is dead at once and the
coordinator sees it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from connectors import PartnerClient, PartnerUnavailable
from connectors.errors import ConnectorError
from flows._outbox_zichtbaar import meld_dood
from persistence import OutboxBericht, outbox, sessie
from schemas.berichten import PartnerBericht
from settings import STANDARD_WEBHOOKS_SCHEMA_S


@dataclass(frozen=True)
class Poging:
    bericht_id: int
    gelukt: bool
    velden: list[str]
    fout: str | None = None
    blijvend: bool = False
    retry_after_s: float | None = None


def volgende_poging(
    pogingen: int,
    nu: datetime,
    retry_after_s: float | None = None,
    *,
    schema: Sequence[float] = STANDARD_WEBHOOKS_SCHEMA_S,
) -> datetime | None:
    """When to try again after `pogingen` failed attempts, or None when `schema` is spent."""
    if pogingen > len(schema):
        return None
    wacht = schema[pogingen - 1] * random.uniform(0.9, 1.1)
    return nu + timedelta(seconds=max(wacht, retry_after_s or 0))


def _lever(client: PartnerClient, bericht_id: int, bericht: PartnerBericht) -> Poging:
    try:
        afgeleverd = client.lever(bericht)
    except PartnerUnavailable as exc:
        return Poging(
            bericht_id,
            False,
            [],
            f"{exc.__class__.__name__}: {exc}",
            retry_after_s=exc.retry_after_s,
        )
    except ConnectorError as exc:  # rejected, not allowed, or a broken answer: retrying won't help
        return Poging(
            bericht_id, False, [], f"{exc.__class__.__name__}: {exc}", blijvend=not exc.herhaalbaar
        )
    return Poging(bericht_id, True, afgeleverd.velden)


def bezorg(
    *,
    engine: Engine,
    client_van: Callable[[str], PartnerClient],
    nu: datetime,
    maximum: int = 500,
    schema: Sequence[float] = STANDARD_WEBHOOKS_SCHEMA_S,
) -> Counter[str]:
    """Deliver every due outbox message once; returns counts per result."""
    with sessie(engine) as s:
        due = [
            (r.id or 0, r.partner, PartnerBericht.model_validate(r.bericht))
            for r in outbox.te_bezorgen(session=s, nu=nu, maximum=maximum)
        ]
    if not due:
        return Counter()
    clients = {
        partner: client_van(partner) for _, partner, _ in due
    }  # one per partner, before threads share it (one OAuth2 token)
    with ThreadPoolExecutor(max_workers=8) as pool:
        pogingen = list(pool.map(lambda d: _lever(clients[d[1]], d[0], d[2]), due))
    return _verwerk_pogingen(engine, pogingen, nu, schema)


def _verwerk_pogingen(
    engine: Engine, pogingen: list[Poging], nu: datetime, schema: Sequence[float]
) -> Counter[str]:
    telling: Counter[str] = Counter()
    doden: list[OutboxBericht] = []
    with sessie(engine) as s:
        for p in pogingen:
            if p.gelukt:
                outbox.markeer_afgeleverd(
                    session=s,
                    bericht_id=p.bericht_id,
                    nu=nu,
                    velden=p.velden,
                    grondslag="ketenovereenkomst: uitvoering van de eigen fase",
                )
                telling["afgeleverd"] += 1
                continue
            rij_pogingen = s.get_one(OutboxBericht, p.bericht_id).pogingen + 1
            volgende = (
                None
                if p.blijvend
                else volgende_poging(rij_pogingen, nu, p.retry_after_s, schema=schema)
            )
            outbox.markeer_mislukt(
                session=s, bericht_id=p.bericht_id, fout=p.fout or "", volgende_poging=volgende
            )
            telling["dood" if volgende is None else "mislukt"] += 1
            if volgende is None:
                doden.append(s.get_one(OutboxBericht, p.bericht_id))
    meld_dood(doden)
    return telling
