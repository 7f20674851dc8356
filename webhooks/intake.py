"""From verified bytes to an inbox row: parse, pseudonymise, store once."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from persistence import inbox, klok, privacy, verloop
from persistence.tabellen import InboxBericht
from schemas import toegang
from schemas.contracten import OnbekendeRand, contract_voor, lees_dossier, vervallen
from schemas.fase import PartnerSoort
from schemas.gebeurtenissen import (
    Aanmelding,
    FaseGestart,
    NazorgCheckin,
    Ontvangstbewijs,
    OpgeslagenGebeurtenis,
    PartnerGebeurtenis,
    contract_versie_van,
    dossier_rand,
)
from schemas.grenzen import Grenzen, TeDiep, lees_json, toets
from schemas.kenmerken import herkomst_fout, leeftijdsband
from settings import Instellingen, PartnerInstellingen
from webhooks.deur import Afgewezen
from webhooks.veldfouten import veldfouten

_GEBEURTENIS: TypeAdapter[PartnerGebeurtenis] = TypeAdapter(PartnerGebeurtenis)
_OPGESLAGEN: TypeAdapter[OpgeslagenGebeurtenis] = TypeAdapter(OpgeslagenGebeurtenis)


class Onjuist(Afgewezen):
    """The body is not a valid event; `fouten` names each field and rule (the 422's detail)."""

    def __init__(self, fouten: list[dict[str, Any]]) -> None:
        super().__init__(422, fouten)
        self.fouten = fouten


class NietToegestaan(Afgewezen):
    """The partner may not send this event (403)."""

    def __init__(self, reden: str) -> None:
        super().__init__(403, reden)


class Botsing(Afgewezen):
    """The webhook-id already names another message of this partner (409): nothing is stored."""

    def __init__(self, reden: str) -> None:
        super().__init__(409, reden)


def _binnen_grenzen(body: bytes, grenzen: Grenzen) -> None:
    """422 for a body over the door's limits (depth, text, numbers, NUL, NaN), each place named."""
    try:
        waarde = lees_json(body.decode("utf-8"))
    except json.JSONDecodeError:
        return  # not JSON: pydantic names where, next
    except TeDiep:
        te_diep = f"nested deeper than {grenzen.diepte} levels"
        raise Onjuist([{"loc": [], "msg": te_diep, "type": "te_diep"}]) from None
    overtredingen = toets(waarde, grenzen)
    if overtredingen:
        raise Onjuist(
            [{"loc": list(o.pad), "msg": o.uitleg, "type": o.soort} for o in overtredingen]
        )


def lees_gebeurtenis(body: bytes, grenzen: Grenzen | None = None) -> PartnerGebeurtenis:
    """The event, with its dossier checked against its edge's contract: a shape error is a 422 now."""
    _binnen_grenzen(body, grenzen or Grenzen())
    try:
        gebeurtenis = _GEBEURTENIS.validate_json(body)
    except ValidationError as exc:
        raise Onjuist(veldfouten(exc)) from exc
    rand = dossier_rand(gebeurtenis)
    if rand is not None:
        versie = contract_versie_van(gebeurtenis)
        try:
            lees_dossier(*rand, versie)
        except OnbekendeRand as exc:
            veld = "contract_versie" if versie is not None else "naar"
            raise Onjuist([{"loc": [veld], "msg": str(exc), "type": "onbekende_rand"}]) from exc
        except ValidationError as exc:
            raise Onjuist(veldfouten(exc, ("dossier",))) from exc
    return gebeurtenis


def _binnen_venster(gebeurtenis: PartnerGebeurtenis, vandaag: date) -> None:
    """422 for a dossier in a contract version whose transition window has ended (domain time)."""
    rand = dossier_rand(gebeurtenis)
    contract = contract_voor(rand[0], rand[1], contract_versie_van(gebeurtenis)) if rand else None
    if contract is None or contract.GELDIG_TOT is None:
        return
    reden = vervallen(contract, vandaag)
    if reden is not None:
        raise Onjuist([{"loc": ["contract_versie"], "msg": reden, "type": "contract_vervallen"}])


def _opslagvorm(
    gebeurtenis: PartnerGebeurtenis,
    partner: PartnerInstellingen,
    instellingen: Instellingen,
    verwijzers: Mapping[str, frozenset[str]],
    grondslagen: Mapping[str, str | None],
) -> dict[str, Any]:
    """What the inbox keeps: the event without personal data, plus encrypted identity and the
    age band (the birth date itself stays encrypted)."""
    if not isinstance(gebeurtenis, Aanmelding):
        return {"pseudoniem": gebeurtenis.deelnemer, "payload": gebeurtenis.model_dump(mode="json")}
    if partner.soort != PartnerSoort.GEMEENTE and partner.id not in verwijzers.get(
        gebeurtenis.programma, frozenset()
    ):
        raise NietToegestaan(
            "only a gemeente, or a school or coach the programme names as a referrer "
            "(verwijzing.verwijzers), refers participants into it"
        )
    fout = herkomst_fout(gebeurtenis.kenmerken, grondslagen.get(gebeurtenis.programma))
    if fout is not None:
        raise Onjuist([{"loc": ["kenmerken", "herkomst"], "msg": fout, "type": "geen_grondslag"}])
    persoon = gebeurtenis.persoon
    band = leeftijdsband(persoon.geboortedatum, gebeurtenis.gemeld_op.date())
    return {
        "pseudoniem": privacy.pseudoniem_voor(persoon.bsn, instellingen),
        "payload": gebeurtenis.model_copy(update={"leeftijdsband": band}).model_dump(
            mode="json", exclude={"persoon"}
        ),
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
    verwijzers: Mapping[str, frozenset[str]] | None = None,
    grondslagen: Mapping[str, str | None] | None = None,
    schrijf: Callable[[InboxBericht], int | None] | None = None,
) -> Ontvangstbewijs:
    """Parse, check the sender may act, and store one verified webhook; the same webhook-id twice
    is stored once. `verwijzers`: per programme, the schools and coaches that may refer into it;
    `grondslagen`: per programme, the lawful basis for keeping origin (none: refused); `schrijf`:
    the receiver's group commit (persistence.groepscommit), else the row is committed alone."""
    gebeurtenis = lees_gebeurtenis(body, instellingen.grenzen)
    nu = klok.nu(
        engine=session.get_bind().engine
    )  # domain time; the signature was checked on real time
    _binnen_venster(gebeurtenis, nu.date())
    vorm = _opslagvorm(gebeurtenis, partner, instellingen, verwijzers or {}, grondslagen or {})
    eerder, batch = inbox.houder_van(session=session, partner=partner.id, webhook_id=webhook_id)
    if batch:
        raise Botsing(f"webhook-id {webhook_id} already names a batch export of yours")
    if eerder is not None:
        # A retry of a webhook accepted earlier is a duplicate, even if the participant moved on.
        return _bewijs(webhook_id, _dezelfde(eerder, gebeurtenis.type, vorm), nieuw=False)
    weigering = _weigering(session, partner.id, gebeurtenis)
    if weigering is not None:
        raise NietToegestaan(weigering)
    session.rollback()  # end the door's read: no pooled connection is held while waiting for the write turn
    rij, nieuw = inbox.ontvang(
        session=session,
        partner=partner.id,
        webhook_id=webhook_id,
        type=gebeurtenis.type,
        nu=nu,
        schrijf=schrijf,
        **vorm,
    )
    return _bewijs(
        webhook_id, rij if nieuw else _dezelfde(rij, gebeurtenis.type, vorm), nieuw=nieuw
    )


def _dezelfde(eerder: InboxBericht, type: str, vorm: dict[str, Any]) -> InboxBericht:
    """The stored webhook when it is this one again (a retry); 409 when the id named another event.

    The same event is the same type, participant and content; when the partner's system recorded
    it (`gemeld_op`) may differ, as a sender that rebuilds its retry stamps it anew. Both sides go
    through today's model, so a field added to an event since does not make an old retry differ.
    """

    def kern(payload: dict[str, Any]) -> Any:
        try:
            inhoud = _OPGESLAGEN.validate_python(payload).model_dump(mode="json")
        except ValidationError:
            inhoud = dict(payload)
        inhoud.pop("gemeld_op", None)
        inhoud.pop("leeftijdsband", None)  # derived from the date of the report: a retry may differ
        return inhoud

    zelfde = (
        eerder.type == type
        and eerder.pseudoniem == vorm["pseudoniem"]
        and eerder.bsn_hash == vorm.get("bsn_hash")
        and kern(eerder.payload) == kern(vorm["payload"])
    )
    if not zelfde:
        raise Botsing(f"webhook-id {eerder.webhook_id} was used before for another event")
    return eerder


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
