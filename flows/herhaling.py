"""Replaying a quarantined handoff after a correction: the coordinator's way out of quarantine.

The replay runs the same path as the inbox (shape, gate, programme, ledger, outbox) on the stored
event with the corrected dossier, in one transaction: it either moves the participant exactly
once, or changes nothing and says why (still failing, or the participant has moved on).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from prefect import flow
from sqlmodel import Session

from flows import onderdelen
from flows._logboek import run_logboek
from flows.verwerking import foutsoort, keur, pas_toe
from persistence import InboxBericht, Overdracht, inbox
from persistence.vastleggen import vervang
from schemas.overdracht import Afhandeling, Uitslag


class HerhalingGeweigerd(Exception):
    """The replay changed nothing; the message says why."""


@dataclass(frozen=True)
class Herhaling:
    overdracht_id: int
    uitslag: Uitslag


def _gecorrigeerd(
    payload: dict[str, Any], dossier: dict[str, Any] | None, zet: dict[str, Any] | None
) -> dict[str, Any]:
    if "dossier" not in payload and (dossier or zet):
        raise HerhalingGeweigerd(f"a {payload.get('type')} event carries no dossier to correct")
    nieuw = dict(payload)
    if dossier is not None:
        nieuw["dossier"] = dossier
    if zet:
        nieuw["dossier"] = {**nieuw["dossier"], **zet}
    return nieuw


def herhaal(
    overdracht_id: int,
    *,
    dossier: dict[str, Any] | None = None,
    zet: dict[str, Any] | None = None,
    flow_run_id: str | None = None,
) -> Herhaling:
    """Re-validate and apply a quarantined handoff, with `dossier` replacing or `zet` amending its dossier."""
    o = onderdelen.onderdelen()
    nu = onderdelen.nu()
    with Session(o.engine, expire_on_commit=False) as s:
        quarantaine = s.get(Overdracht, overdracht_id)
        if quarantaine is None or quarantaine.status != Afhandeling.QUARANTAINE:
            status = quarantaine.status if quarantaine else "unknown"
            raise HerhalingGeweigerd(
                f"handoff {overdracht_id} is not in quarantine (status: {status})"
            )
        try:
            uitslag = _pas_opnieuw_toe(s, quarantaine, dossier, zet, flow_run_id, nu)
        except HerhalingGeweigerd:
            raise
        except Exception as exc:  # what made processing fail (verwerking:fout) may fail it again
            s.rollback()
            raise HerhalingGeweigerd(
                f"processing failed again ({foutsoort(exc)}); nothing changed"
            ) from exc
        if uitslag.status != Afhandeling.GEACCEPTEERD:
            s.rollback()
            raise HerhalingGeweigerd(f"still {uitslag.status}: {uitslag.reden}; nothing changed")
        vervang(session=s, overdracht=quarantaine, door=f"replay of handoff {overdracht_id}")
        s.commit()
    return Herhaling(overdracht_id, uitslag)


def _pas_opnieuw_toe(
    s: Session,
    quarantaine: Overdracht,
    dossier: dict[str, Any] | None,
    zet: dict[str, Any] | None,
    flow_run_id: str | None,
    nu: datetime,
) -> Uitslag:
    o = onderdelen.onderdelen()
    origineel = s.get_one(InboxBericht, quarantaine.inbox_id)
    rij = inbox.neem_herhaling_op(
        session=s,
        origineel=origineel,
        payload=_gecorrigeerd(origineel.payload, dossier, zet),
        nu=nu,
    )
    [kandidaat] = keur(s, [rij], catalogus=o.catalogus, poort=onderdelen.poort(), nu=nu)
    kandidaat = replace(kandidaat, toelichting=f" (replay of quarantined handoff {quarantaine.id})")
    [uitslag] = pas_toe(s, [kandidaat], catalogus=o.catalogus, nu=nu, flow_run_id=flow_run_id)
    return uitslag


@flow(name="herhaal-quarantaine")
def herhaal_quarantaine(overdracht_id: int, zet: dict[str, Any] | None = None) -> str:
    """Replay one quarantined handoff from the Prefect UI, optionally amending dossier fields.

    Args:
        overdracht_id: the quarantined handoff (see `keten quarantine list`).
        zet: dossier fields to overwrite, e.g. {"toestemming_delen": true}.
    """
    from flows.zichtbaar import flow_run_id, meld_events

    herhaling = herhaal(overdracht_id, zet=zet, flow_run_id=flow_run_id())
    meld_events([herhaling.uitslag])
    run_logboek().info(
        "quarantaine_herhaald", overdracht=overdracht_id, deelnemer=herhaling.uitslag.pseudoniem
    )
    return herhaling.uitslag.reden
