"""Outbox delivery: send what is due, in parallel; retry with backoff; dead after the horizon.

The retry schedule is configuration (`outbox_herhaalschema_s`; by default the Standard Webhooks
recommendation: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with ±10% jitter; a partner's Retry-After is honoured when it asks for longer. A
4xx other than 408/429 will not get better by retrying: the message is dead at once and the
coordinator sees it.

Before anything is sent, every message of the batch is checked against the consent register and
its programme's bases (schemas.toestemming), in one query for the batch: a message without a basis
is held (`aangehouden`) and flagged to the regiehouder; one with a basis is delivered and the
disclosure log records the basis it used.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy.engine import Engine
from sqlmodel import Session

from connectors import PartnerClient, PartnerUnavailable
from connectors.errors import ConnectorError
from flows._outbox_zichtbaar import meld_dood
from persistence import OutboxBericht, outbox, sessie, toestemmingen
from schemas.berichten import PartnerBericht
from schemas.toestemming import Basis, basis_voor_bericht
from settings import STANDARD_WEBHOOKS_SCHEMA_S, Catalogus


@dataclass(frozen=True)
class Poging:
    bericht_id: int
    gelukt: bool
    velden: list[str]
    fout: str | None = None
    blijvend: bool = False
    retry_after_s: float | None = None
    eerder: int = 0  # failed attempts before this one, as leased (the lease keeps it true)


class _TeLeveren(NamedTuple):
    """A leased message with a basis, as its send needs it."""

    id: int
    partner: str
    pogingen: int
    bericht: PartnerBericht


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


def _lever(client: PartnerClient, rij: _TeLeveren) -> Poging:
    try:
        afgeleverd = client.lever(rij.bericht)
    except PartnerUnavailable as exc:
        return Poging(
            rij.id,
            False,
            [],
            f"{exc.__class__.__name__}: {exc}",
            retry_after_s=exc.retry_after_s,
            eerder=rij.pogingen,
        )
    except ConnectorError as exc:  # rejected, not allowed, or a broken answer: retrying won't help
        fout = f"{exc.__class__.__name__}: {exc}"
        return Poging(rij.id, False, [], fout, blijvend=not exc.herhaalbaar, eerder=rij.pogingen)
    return Poging(rij.id, True, afgeleverd.velden, eerder=rij.pogingen)


def bezorg(
    *,
    engine: Engine,
    client_van: Callable[[str], PartnerClient],
    catalogus: Catalogus,
    nu: datetime,
    maximum: int = 500,
    schema: Sequence[float] = STANDARD_WEBHOOKS_SCHEMA_S,
) -> Counter[str]:
    """Deliver every message due at `nu` with a basis once, hold the others; counts per result.

    Batch after batch of `maximum` leased messages until none is due, so one call empties what is
    due however much that is; any number of runs may deliver side by side (the lease keeps them
    apart, persistence/outbox.py)."""
    telling: Counter[str] = Counter()
    while gedaan := _bezorg_batch(engine, client_van, catalogus, nu, maximum, schema):
        telling += gedaan
    return telling


def _bezorg_batch(
    engine: Engine,
    client_van: Callable[[str], PartnerClient],
    catalogus: Catalogus,
    nu: datetime,
    maximum: int,
    schema: Sequence[float],
) -> Counter[str]:
    """One leased batch: held or sent, and each result recorded under the lease (empty: none due)."""
    with sessie(engine) as s:
        claim, rijen = outbox.claim(session=s, nu=nu, maximum=maximum)
        basissen = _basissen(s, rijen, catalogus, nu)
        gehouden = [r for r in rijen if basissen[r.id or 0] is None]
        if gehouden:
            toestemmingen.houd_aan(session=s, berichten=gehouden, nu=nu)
            s.commit()
        due = [
            _TeLeveren(r.id or 0, r.partner, r.pogingen, PartnerBericht.model_validate(r.bericht))
            for r in rijen
            if basissen[r.id or 0] is not None
        ]
    telling: Counter[str] = Counter({"aangehouden": len(gehouden)} if gehouden else {})
    if not due:
        return telling
    # one client per partner, before threads share it (one OAuth2 token)
    clients = {d.partner: client_van(d.partner) for d in due}
    with ThreadPoolExecutor(max_workers=8) as pool:
        pogingen = list(pool.map(lambda d: _lever(clients[d.partner], d), due))
    grondslag = {i: str(b) for i, b in basissen.items() if b is not None}
    return telling + _verwerk_pogingen(engine, claim, pogingen, nu, schema, grondslag)


def _basissen(
    s: Session, rijen: list[OutboxBericht], catalogus: Catalogus, nu: datetime
) -> dict[int, Basis | None]:
    """The basis of each message at `nu`: the register read once for the whole batch."""
    register = toestemmingen.voor_batch(session=s, paren={(r.pseudoniem, r.partner) for r in rijen})
    uit: dict[int, Basis | None] = {}
    for r in rijen:
        programma = catalogus.programmas.get(str(r.bericht.get("programma")))
        uit[r.id or 0] = basis_voor_bericht(
            soort=r.soort,
            ontvanger=r.partner,
            op=nu,
            registraties=register.get((r.pseudoniem, r.partner), ()),
            grondslagen=programma.grondslagen if programma else None,
        )
    return uit


def _verwerk_pogingen(
    engine: Engine,
    claim: str,
    pogingen: list[Poging],
    nu: datetime,
    schema: Sequence[float],
    grondslag: dict[int, str],
) -> Counter[str]:
    """Record each attempt while the lease holds; a message whose lease ran out is another run's
    now, and is counted `elders` here (its delivery and disclosure are recorded once, there)."""
    telling: Counter[str] = Counter()
    doden: list[OutboxBericht] = []
    with sessie(engine) as s:
        for p in pogingen:
            if p.gelukt:
                eigen = outbox.markeer_afgeleverd(
                    session=s,
                    bericht_id=p.bericht_id,
                    claim=claim,
                    nu=nu,
                    velden=p.velden,
                    grondslag=grondslag[p.bericht_id],
                )
                telling["afgeleverd" if eigen else "elders"] += 1
                continue
            volgende = (
                None
                if p.blijvend
                else volgende_poging(p.eerder + 1, nu, p.retry_after_s, schema=schema)
            )
            rij = outbox.markeer_mislukt(
                session=s,
                bericht_id=p.bericht_id,
                fout=p.fout or "",
                volgende_poging=volgende,
                claim=claim,
            )
            telling[("dood" if volgende is None else "mislukt") if rij else "elders"] += 1
            if rij is not None and volgende is None:
                doden.append(rij)
    meld_dood(doden)
    return telling
