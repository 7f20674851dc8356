"""From verified bytes to an inbox row: parse, pseudonymise, store once."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from persistence import inbox, klok, privacy, verloop
from persistence.tabellen import InboxBericht
from schemas import toegang
from schemas.contracten import OnbekendeRand, lees_dossier
from schemas.fase import PartnerSoort
from schemas.gebeurtenissen import (
    Aanmelding,
    FaseGestart,
    NazorgCheckin,
    Ontvangstbewijs,
    PartnerGebeurtenis,
    dossier_rand,
)
from settings import Instellingen, PartnerInstellingen
from webhooks.deur import Afgewezen
from webhooks.veldfouten import veldfouten

_GEBEURTENIS: TypeAdapter[PartnerGebeurtenis] = TypeAdapter(PartnerGebeurtenis)


class Onjuist(Afgewezen):
    """The body is not a valid event; `fouten` names each field and rule (the 422's detail)."""

    def __init__(self, fouten: list[dict[str, Any]]) -> None:
        super().__init__(422, fouten)
        self.fouten = fouten


class NietToegestaan(Afgewezen):
    """The partner may not send this event (403)."""

    def __init__(self, reden: str) -> None:
        super().__init__(403, reden)


def lees_gebeurtenis(body: bytes) -> PartnerGebeurtenis:
    """The event, with its dossier checked against its edge's contract: a shape error is a 422 now."""
    try:
        gebeurtenis = _GEBEURTENIS.validate_json(body)
    except ValidationError as exc:
        raise Onjuist(veldfouten(exc)) from exc
    rand = dossier_rand(gebeurtenis)
    if rand is not None:
        try:
            lees_dossier(*rand)
        except OnbekendeRand as exc:
            raise Onjuist([{"loc": ["naar"], "msg": str(exc), "type": "onbekende_rand"}]) from exc
        except ValidationError as exc:
            raise Onjuist(veldfouten(exc, ("dossier",))) from exc
    return gebeurtenis


def _opslagvorm(
    gebeurtenis: PartnerGebeurtenis, partner: PartnerInstellingen, instellingen: Instellingen
) -> dict[str, Any]:
    """What the inbox keeps: the event without personal data, plus encrypted identity."""
    if not isinstance(gebeurtenis, Aanmelding):
        return {"pseudoniem": gebeurtenis.deelnemer, "payload": gebeurtenis.model_dump(mode="json")}
    if partner.soort != PartnerSoort.GEMEENTE:
        raise NietToegestaan("only a gemeente refers participants")
    persoon = gebeurtenis.persoon
    return {
        "pseudoniem": privacy.pseudoniem_voor(persoon.bsn, instellingen),
        "payload": gebeurtenis.model_dump(mode="json", exclude={"persoon"}),
        "persoon_versleuteld": privacy.versleutel(persoon, instellingen),
        "bsn_hash": privacy.bsn_hash(persoon.bsn, instellingen),
    }


def neem_gebeurtenis_op(
    *,
    session: Session,
    body: bytes,
    webhook_id: str,
    partner: PartnerInstellingen,
    instellingen: Instellingen,
) -> Ontvangstbewijs:
    """Parse, check the sender may act, and store one verified webhook; the same webhook-id twice is stored once."""
    gebeurtenis = lees_gebeurtenis(body)
    vorm = _opslagvorm(gebeurtenis, partner, instellingen)
    weigering = _weigering(session, partner.id, gebeurtenis)
    if weigering is not None:
        eerder = inbox.vind(session=session, partner=partner.id, webhook_id=webhook_id)
        if (
            eerder is None
        ):  # a retry of a webhook accepted earlier is a duplicate, even if the participant moved on
            raise NietToegestaan(weigering)
        return _bewijs(webhook_id, eerder, nieuw=False)
    session.rollback()  # end the door's read: no pooled connection is held while waiting for the write turn
    nu = klok.nu(
        engine=session.get_bind().engine
    )  # domain time; the signature was checked on real time
    rij, nieuw = inbox.ontvang(
        session=session,
        partner=partner.id,
        webhook_id=webhook_id,
        type=gebeurtenis.type,
        nu=nu,
        **vorm,
    )
    return _bewijs(webhook_id, rij, nieuw=nieuw)


def _weigering(session: Session, partner: str, gebeurtenis: PartnerGebeurtenis) -> str | None:
    if isinstance(gebeurtenis, Aanmelding):
        return None
    betrokken = verloop.betrokkenheid(
        session=session,
        pseudoniem=gebeurtenis.deelnemer,
        met_checkins=isinstance(gebeurtenis, NazorgCheckin),
        met_afgerond=isinstance(gebeurtenis, FaseGestart),
    )
    reden = toegang.weigering(partner, gebeurtenis, betrokken)
    if reden is not None and inbox.instroom_wacht(
        session=session, partner=partner, pseudoniem=gebeurtenis.deelnemer
    ):
        # The gemeente's own (re-)referral is still in the inbox: it runs instroom as soon as that is processed.
        return toegang.weigering(
            partner,
            gebeurtenis,
            toegang.Betrokkenheid(regiehouder=partner, fase="instroom", partner=partner),
        )
    return reden


def _bewijs(webhook_id: str, rij: InboxBericht, *, nieuw: bool) -> Ontvangstbewijs:
    return Ontvangstbewijs(
        webhook_id=webhook_id,
        status="geaccepteerd" if nieuw else "dubbel",
        deelnemer=rij.pseudoniem,
        ontvangen_op=rij.ontvangen_op,
    )
