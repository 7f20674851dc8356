"""Webhook secrets changed at runtime: a rotation keeps the old secret valid for a while beside the new.

Standard Webhooks secrets are `whsec_` plus base64 of random bytes; the receiver tries every
valid secret, so a partner can switch over at its own moment within the overlap.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import SecretStr
from sqlmodel import Session, col, select

from persistence.privacy import ontsleutel_tekst, versleutel_tekst
from persistence.tabellen import WebhookGeheim
from settings import Instellingen


def nieuw_geheim() -> str:
    """32 random bytes, as Standard Webhooks recommends (24–64)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def vingerafdruk(geheim: str) -> str:
    return hashlib.sha256(geheim.encode()).hexdigest()[:12]


def geldige(
    *, session: Session, partner: str, nu: datetime, instellingen: Instellingen
) -> list[SecretStr] | None:
    """The partner's valid rotated secrets, newest first; None when it was never rotated (configuration rules)."""
    rijen = overzicht(session=session, partner=partner)
    if not rijen:
        return None
    return [
        SecretStr(ontsleutel_tekst(r.geheim_versleuteld, instellingen))
        for r in rijen
        if r.vervalt_op is None or r.vervalt_op > nu
    ]


def roteer(
    *,
    session: Session,
    partner: str,
    huidige: Sequence[SecretStr],
    overlap: timedelta,
    nu: datetime,
    instellingen: Instellingen,
) -> str:
    """Add a new secret; the newest current one stays valid for `overlap`, any older one ends now.

    `huidige` are the configured secrets, taken over on a partner's first rotation. Returns the
    new secret (shown once to the operator, who hands it to the partner).
    """
    if not session.exec(select(WebhookGeheim.id).where(WebhookGeheim.partner == partner)).first():
        for bestaand in reversed(huidige):  # the first configured one is the newest
            session.add(_rij(partner, bestaand.get_secret_value(), nu, instellingen))
        session.flush()
    lopend = [
        r
        for r in overzicht(session=session, partner=partner)
        if r.vervalt_op is None or r.vervalt_op > nu
    ]
    for index, rij in enumerate(lopend):
        rij.vervalt_op = nu + overlap if index == 0 else nu  # at most two valid at once
        session.add(rij)
    geheim = nieuw_geheim()
    session.add(_rij(partner, geheim, nu, instellingen))
    return geheim


def overzicht(*, session: Session, partner: str) -> list[WebhookGeheim]:
    return list(
        session.exec(
            select(WebhookGeheim)
            .where(WebhookGeheim.partner == partner)
            .order_by(col(WebhookGeheim.id).desc())
        )
    )


def _rij(partner: str, geheim: str, nu: datetime, instellingen: Instellingen) -> WebhookGeheim:
    return WebhookGeheim(
        partner=partner,
        geheim_versleuteld=versleutel_tekst(geheim, instellingen),
        vingerafdruk=vingerafdruk(geheim),
        aangemaakt_op=nu,
    )
