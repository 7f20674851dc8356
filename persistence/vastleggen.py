"""Decisions into rows, in one place: the handoff record, the participant and trajectory, the
ledger, the outbox, the follow-up (check-ins, starts, outcomes, flags) and the inbox lease.

The caller's session is the batch's transaction: everything here commits together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from persistence import banen, inbox, kenmerken, outbox, verloop, verwijzingen
from persistence.gevolgen import schrijf_gevolg
from persistence.pogingen import Mislukt
from persistence.stand import Gelezen
from persistence.tabellen import Deelnemer, InboxBericht, Overdracht, Traject
from persistence.tabellen_besluit import besluit_kolommen
from schemas.banen import baan_van
from schemas.gebeurtenissen import fase_van, naar_van
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    Grootboekregel,
    Kandidaat,
)
from schemas.regels import Bevinding

VERWERKINGSFOUT = (
    "verwerking:fout"  # the finding of a handoff quarantined because processing kept failing
)


@dataclass
class _Batch:
    """The rows one batch writes to, loaded once (and kept referenced, so look-ups by id need no query)."""

    session: Session
    nu: datetime
    flow_run_id: str | None
    rijen: dict[int, InboxBericht]
    deelnemers: dict[str, Deelnemer]
    trajecten: dict[int, Traject]
    grootboek: list[tuple[dict[str, Any], Overdracht | None]] = field(default_factory=list)


def leg_beslissingen_vast(
    *,
    session: Session,
    besloten: Sequence[tuple[Kandidaat, Beslissing]],
    gelezen: Gelezen,
    nu: datetime,
    flow_run_id: str | None,
) -> None:
    """Write a batch's decisions in the order given, on the rows `gelezen` read in this same
    transaction; ledger rows last, after one flush gave every handoff record its id."""
    batch = _Batch(
        session=session,
        nu=nu,
        flow_run_id=flow_run_id,
        rijen=inbox.laad(session=session, ids=[k.inbox_id for k, _ in besloten]),
        deelnemers=dict(gelezen.deelnemers),
        trajecten=dict(gelezen.trajecten),
    )
    for k, b in besloten:
        _schrijf(batch, k, b)
    verwijzingen.schrijf_geopend(session=session)  # the batch's referrals, set-based
    kenmerken.schrijf_nieuwe(session=session)  # the new participants' intake attributes, one INSERT
    session.flush()
    verloop.leg_overgangen_vast(
        session=session,
        rijen=[
            {**overgang, "overdracht_id": overdracht.id if overdracht else None}
            for overgang, overdracht in batch.grootboek
        ],
    )


def _schrijf(batch: _Batch, k: Kandidaat, b: Beslissing) -> None:
    rij = batch.rijen[k.inbox_id]
    if b.afhandeling == Afhandeling.WACHT:
        inbox.stel_uit(
            session=batch.session, bericht=rij, tot=batch.nu + (b.opnieuw_na or timedelta(0))
        )
        return
    deelnemer = (
        _nieuwe_deelnemer(batch, k)
        if b.nieuwe_deelnemer
        else batch.deelnemers.get(k.pseudoniem or "")
    )
    overdracht = _overdracht(batch, k, b, deelnemer) if b.vastleggen else None
    inbox.markeer(session=batch.session, bericht=rij, status=b.afhandeling.value, nu=batch.nu)
    traject = _volg_beweging(batch, b, deelnemer, overdracht) if deelnemer else None
    for bericht in b.berichten:
        # The key names this inbox row, which is applied once, so no earlier message carries it.
        outbox.plaats(
            session=batch.session,
            partner=bericht.ontvanger,
            bericht=bericht.bericht,
            nu=batch.nu,
            controleer_dubbel=False,
        )
    for gevolg in b.gevolgen:
        assert deelnemer is not None and traject is not None, (
            "follow-up concerns a known participant"
        )
        schrijf_gevolg(
            session=batch.session, nu=batch.nu, gevolg=gevolg, deelnemer=deelnemer, traject=traject
        )


def _nieuwe_deelnemer(batch: _Batch, k: Kandidaat) -> Deelnemer:
    assert k.gebeurtenis is not None and k.gebeurtenis.type == "deelnemer.aangemeld"
    deelnemer = verloop.maak_deelnemer(
        session=batch.session,
        pseudoniem=k.pseudoniem or "",
        bsn_hash=k.bsn_hash or "",
        persoon_versleuteld=k.persoon_versleuteld or "",
        programma=k.programma or "",
        gemeente_partner=k.partner,
        verwijzing_id=k.gebeurtenis.verwijzing_id,
        nu=batch.nu,
        regiehouder_persoon=k.gebeurtenis.regiehouder,
    )
    batch.deelnemers[deelnemer.pseudoniem] = deelnemer
    kenmerken.onthoud(
        session=batch.session, deelnemer_id=deelnemer.id or 0, aanmelding=k.gebeurtenis
    )
    return deelnemer


def _overdracht(
    batch: _Batch, k: Kandidaat, b: Beslissing, deelnemer: Deelnemer | None
) -> Overdracht:
    """The handoff as received (its phases as the sender named them), its gate result and its fate."""
    van, naar = fase_van(k.gebeurtenis), naar_van(k.gebeurtenis)
    overdracht = Overdracht(
        inbox_id=k.inbox_id,
        deelnemer_id=deelnemer.id if deelnemer else None,
        pseudoniem=k.pseudoniem,
        partner=k.partner,
        type=k.type,
        beweging=k.soort,
        van_fase=van.value if van else None,
        naar_fase=naar.value if naar else None,
        contract=k.contract_id,
        status=b.afhandeling.value,
        reden=b.reden,
        bevindingen=[f.model_dump(mode="json") for f in k.bevindingen] or None,
        dossier=k.dossier.model_dump(mode="json") if k.dossier else None,
        flow_run_id=batch.flow_run_id,
        verwerkt_op=batch.nu,
        baan=baan_van(k.gebeurtenis),
    )
    return verloop.leg_overdracht_vast(session=batch.session, overdracht=overdracht)


def _volg_beweging(
    batch: _Batch, b: Beslissing, deelnemer: Deelnemer, overdracht: Overdracht | None
) -> Traject | None:
    """An accepted move: the trajectory follows it and the ledger records it; otherwise nothing moves."""
    traject = batch.trajecten.get(deelnemer.id or 0)
    regel = b.grootboek
    if regel is None:
        return traject
    naar = regel.naar
    if regel.baan is not None and traject is not None:
        banen.volg(session=batch.session, traject=traject, regel=regel, nu=batch.nu)
    elif traject is None or regel.nieuw_traject:
        traject = verloop.start_traject(
            session=batch.session,
            deelnemer_id=deelnemer.id or 0,
            programma=deelnemer.programma,
            fase=naar.fase.value,
            partner=naar.partner,
            nu=batch.nu,
        )
        batch.trajecten[deelnemer.id or 0] = traject
    else:
        verloop.werk_traject_bij(
            session=batch.session,
            traject=traject,
            fase=naar.fase.value,
            status=naar.status.value,
            partner=naar.partner,
            nu=batch.nu,
        )
    batch.grootboek.append((_overgang(batch, deelnemer, traject, regel), overdracht))
    for baanregel in regel.banen:  # the lanes this move started or ended, after it in the ledger
        banen.volg(session=batch.session, traject=traject, regel=baanregel, nu=batch.nu)
        batch.grootboek.append((_overgang(batch, deelnemer, traject, baanregel), overdracht))
    return traject


def _overgang(
    batch: _Batch, deelnemer: Deelnemer, traject: Traject, regel: Grootboekregel
) -> dict[str, Any]:
    """A ledger row's columns (`overdracht_id` follows once the handoff records have their ids)."""
    van, naar = regel.van, regel.naar
    return {
        "deelnemer_id": deelnemer.id or 0,
        "traject_id": traject.id or 0,
        "beweging": regel.beweging.value,
        "van_fase": van.fase.value if van else None,
        "naar_fase": naar.fase.value,
        "van_status": van.status.value if van else None,
        "naar_status": naar.status.value,
        "van_partner": van.partner if van else None,
        "naar_partner": naar.partner,
        "reden": regel.reden,
        "besloten_door": regel.besloten_door,
        "flow_run_id": batch.flow_run_id,
        "tijdstip": batch.nu,
        "baan": regel.baan,
        **besluit_kolommen(regel.verantwoording),
    }


def leg_verwerkingsfout_vast(
    *,
    session: Session,
    mislukt: Mislukt,
    kandidaat: Kandidaat | None,
    nu: datetime,
    flow_run_id: str | None,
    foutsoort: str,
) -> Overdracht:
    """A row that failed processing on its last attempt, as a quarantined handoff with the finding
    `verwerking:fout` (the exception class, no value, no dossier: the event stays in its inbox row,
    where a replay reads it). What the reading got as far as (`kandidaat`) names its phases."""
    g = kandidaat.gebeurtenis if kandidaat else None
    van, naar = fase_van(g), naar_van(g)
    deelnemer = (
        verloop.vind_deelnemer(session=session, pseudoniem=mislukt.pseudoniem)
        if mislukt.pseudoniem
        else None
    )
    bevinding = Bevinding(regel=VERWERKINGSFOUT, uitleg=foutsoort, kolom="verwerking", waarde=None)
    overdracht = Overdracht(
        inbox_id=mislukt.id,
        deelnemer_id=deelnemer.id if deelnemer else None,
        pseudoniem=mislukt.pseudoniem,
        partner=mislukt.partner,
        type=g.type if g else mislukt.type,
        beweging=kandidaat.soort if kandidaat and g else mislukt.type,
        van_fase=van.value if van else None,
        naar_fase=naar.value if naar else None,
        contract=kandidaat.contract_id if kandidaat else None,
        status=Afhandeling.QUARANTAINE.value,
        reden=f"processing failed {mislukt.pogingen} times ({foutsoort}); "
        "replay it (keten quarantine replay) once the cause is fixed",
        bevindingen=[bevinding.model_dump(mode="json")],
        dossier=None,
        flow_run_id=flow_run_id,
        verwerkt_op=nu,
    )
    return verloop.leg_overdracht_vast(session=session, overdracht=overdracht)


def vervang(*, session: Session, overdracht: Overdracht, door: str) -> None:
    """A quarantined handoff settled by its replay, whether or not the replayed move named its
    phase (a handoff quarantined because processing failed may name none)."""
    if overdracht.status == Afhandeling.QUARANTAINE:
        overdracht.status = Afhandeling.VERVANGEN.value
        overdracht.reden = f"{overdracht.reden}; settled by {door}"
        session.add(overdracht)
