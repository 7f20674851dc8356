"""Step 3 of a batch: apply each checked handoff through the programme, in one transaction.

Per handoff: find the participant, check the sender may act, ask the programme, then write the
ledger, the handoff record, the outcome and what the next partner must receive (outbox). A
refused or quarantined handoff is kept with its reason and the sender is told why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from flows import _meldingen
from flows._kandidaten import Kandidaat
from persistence import inbox, outbox, verloop
from persistence.tabellen import Deelnemer, InboxBericht, Overdracht, Overgang, Traject
from schemas.berichten import BerichtSoort, PartnerBericht
from schemas.contracten import Afsluiting
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    MELDING_TYPES,
    AanmeldingKern,
    FaseAfgerond,
    FaseGestart,
    Herinstroom,
    TrackGewisseld,
    beweging_van,
    soort_van,
)
from schemas.programma import Besluit, Programma, Toestand
from schemas.toegang import Betrokkenheid, weigering
from settings import Catalogus


@dataclass(frozen=True)
class Uitslag:
    """What became of one handoff; pseudonyms only, fit for logs, events and artifacts."""

    pseudoniem: str | None
    partner: str
    type: str
    beweging: str
    van_fase: str | None
    naar_fase: str | None
    status: str
    reden: str
    contract: str | None = None
    gefaalde_regels: tuple[str, ...] = ()


@dataclass
class _Context:
    """One batch's transaction, with what it read up front (one query each instead of one per row)."""

    session: Session
    catalogus: Catalogus
    nu: datetime
    flow_run_id: str | None
    volgorde_wacht: timedelta = timedelta(0)
    deelnemers: dict[str, Deelnemer] = field(default_factory=dict)
    trajecten: dict[int, Traject] = field(default_factory=dict)
    met_quarantaine: set[str] = field(default_factory=set)
    grootboek: list[tuple[Overgang, Overdracht]] = field(default_factory=list)  # written at the end, in order


def _verzend(ctx: _Context, k: Kandidaat, ontvanger: str, soort: BerichtSoort, fase: Fase | None, inhoud: dict[str, Any]) -> None:
    bericht = PartnerBericht(
        sleutel=f"{k.partner}/{k.webhook_id}/{soort}", soort=soort, deelnemer=k.pseudoniem or "onbekend",
        programma=k.programma or "onbekend", fase=fase, inhoud=inhoud,
    )
    # The key names this inbox row, which is applied once (its status changes in this same
    # transaction), so no earlier message can carry it: no need to look.
    outbox.plaats(session=ctx.session, partner=ontvanger, bericht=bericht, nu=ctx.nu, controleer_dubbel=False)


def _naar(k: Kandidaat) -> Fase | None:
    g = k.gebeurtenis
    if isinstance(g, FaseAfgerond | Herinstroom):
        return g.naar
    return g.fase if isinstance(g, TrackGewisseld) else None


def _afzender_mag(k: Kandidaat, deelnemer: Deelnemer, traject: Traject) -> str | None:
    """The door's rule again: the state may have moved since the webhook was accepted."""
    betrokken = Betrokkenheid(regiehouder=deelnemer.gemeente_partner, fase=traject.fase, partner=traject.partner)
    return weigering(k.partner, k.gebeurtenis, betrokken)


def _weiger(ctx: _Context, k: Kandidaat, status: str, reden: str, deelnemer_id: int | None = None) -> Uitslag:
    fase = getattr(k.gebeurtenis, "fase", None)
    _leg_vast(ctx, k, status=status, reden=reden, deelnemer_id=deelnemer_id)
    if status == "quarantaine" and k.pseudoniem:
        ctx.met_quarantaine.add(k.pseudoniem)
    inhoud = {"webhook_id": k.webhook_id, "type": getattr(k.gebeurtenis, "type", None), "reden": reden, "bevindingen": k.bevindingen}
    _verzend(ctx, k, k.partner, "overdracht.geweigerd", fase, inhoud)
    return _uitslag(k, status, reden, van=fase.value if fase else None, naar=None)


def _uitslag(k: Kandidaat, status: str, reden: str, *, van: str | None, naar: str | None) -> Uitslag:
    type_ = getattr(k.gebeurtenis, "type", "onleesbaar")
    beweging = soort_van(k.gebeurtenis)
    contract = k.contract.contract_id() if k.contract else None
    regels = tuple(sorted({b["regel"] for b in k.bevindingen}))
    return Uitslag(k.pseudoniem, k.partner, type_, beweging, van, naar, status, reden, contract, regels)


def _leg_vast(ctx: _Context, k: Kandidaat, *, status: str, reden: str, deelnemer_id: int | None) -> Overdracht:
    g = k.gebeurtenis
    overdracht = Overdracht(
        inbox_id=k.inbox_id, deelnemer_id=deelnemer_id, pseudoniem=k.pseudoniem, partner=k.partner,
        type=getattr(g, "type", "onleesbaar"), beweging=soort_van(g),
        van_fase=getattr(getattr(g, "fase", None), "value", None), naar_fase=getattr(_naar(k), "value", None) if g else None,
        contract=k.contract.contract_id() if k.contract else None, status=status, reden=reden,
        bevindingen=k.bevindingen or None, dossier=k.dossier.model_dump(mode="json") if k.dossier else None,
        flow_run_id=ctx.flow_run_id, verwerkt_op=ctx.nu,
    )
    verloop.leg_overdracht_vast(session=ctx.session, overdracht=overdracht)
    rij = ctx.session.get_one(InboxBericht, k.inbox_id)
    inbox.markeer(session=ctx.session, bericht=rij, status=status, nu=ctx.nu)
    return overdracht


def verwerk(ctx: _Context, k: Kandidaat) -> Uitslag:
    """Apply one candidate; every path ends in a recorded status."""
    if k.weigering:
        return _weiger(ctx, k, "geweigerd", k.weigering)
    if k.in_quarantaine:
        regels = ", ".join(sorted({b["regel"] for b in k.bevindingen}))
        return _weiger(ctx, k, "quarantaine", f"contract {k.contract.contract_id() if k.contract else 'event'} failed: {regels}")
    programma = ctx.catalogus.programmas.get(k.programma or "")
    if programma is None:
        return _weiger(ctx, k, "geweigerd", f"unknown programme {k.programma}")
    if isinstance(k.gebeurtenis, AanmeldingKern):
        return _meld_aan(ctx, k, programma)
    return _beweeg(ctx, k, programma)


def _meld_aan(ctx: _Context, k: Kandidaat, programma: Programma) -> Uitslag:
    if k.partner not in programma.inrichting(programma.fase_volgorde[0]).partners:
        return _weiger(ctx, k, "geweigerd", f"{k.partner} does not refer into {programma.id}")
    bestaand = ctx.deelnemers.get(k.pseudoniem or "")
    if bestaand is not None:
        return _weiger(ctx, k, "geweigerd", "participant already registered; a re-entry is deelnemer.herinstroom", bestaand.id)
    besluit = programma.beoordeel(Toestand(), Beweging.AANMELDEN, partner=k.partner)
    deelnemer = verloop.maak_deelnemer(
        session=ctx.session, pseudoniem=k.pseudoniem or "", bsn_hash=k.bsn_hash or "",
        persoon_versleuteld=k.persoon_versleuteld or "", programma=programma.id,
        gemeente_partner=k.partner, verwijzing_id=k.gebeurtenis.verwijzing_id, nu=ctx.nu,
    )
    ctx.deelnemers[deelnemer.pseudoniem] = deelnemer
    return _voer_uit(ctx, k, deelnemer, None, besluit)


def _beweeg(ctx: _Context, k: Kandidaat, programma: Programma) -> Uitslag:
    deelnemer = ctx.deelnemers.get(k.pseudoniem or "")
    traject = ctx.trajecten.get(deelnemer.id) if deelnemer and deelnemer.id else None
    if deelnemer is None or traject is None:
        return _weiger(ctx, k, "geweigerd", f"unknown participant {k.pseudoniem}")
    if getattr(k.gebeurtenis, "type", None) in MELDING_TYPES:
        return _meld(ctx, k, deelnemer, traject)
    verboden = _afzender_mag(k, deelnemer, traject)
    if verboden:
        return _weiger(ctx, k, "geweigerd", verboden, deelnemer.id)
    toestand = Toestand(fase=Fase(traject.fase), status=TrajectStatus(traject.status), partner=traject.partner)
    besluit = programma.beoordeel(toestand, beweging_van(k.gebeurtenis), _naar(k), getattr(k.gebeurtenis, "naar_partner", None))
    if not besluit.toegestaan:
        return _wacht_of_weiger(ctx, k, besluit, deelnemer.id)
    return _voer_uit(ctx, k, deelnemer, traject, besluit)


def _wacht_of_weiger(ctx: _Context, k: Kandidaat, besluit: Besluit, deelnemer_id: int | None) -> Uitslag:
    """A move refused only for the trajectory's status may have overtaken an earlier event of the
    same partner (webhooks carry no order): it stays in the inbox and is tried again, with growing
    pauses, until `volgorde_wacht` after it arrived; only then is it refused."""
    rij = ctx.session.get_one(InboxBericht, k.inbox_id)
    leeftijd = ctx.nu - rij.ontvangen_op
    if not besluit.later_mogelijk or leeftijd >= ctx.volgorde_wacht:
        return _weiger(ctx, k, "geweigerd", besluit.reden, deelnemer_id)
    rij.geclaimd_tot = ctx.nu + min(max(leeftijd / 2, timedelta(seconds=1)), timedelta(seconds=30))
    ctx.session.add(rij)
    fase = getattr(k.gebeurtenis, "fase", None)
    return _uitslag(k, "wacht", f"waits for an earlier event: {besluit.reden}", van=fase.value if fase else None, naar=None)


def _voer_uit(ctx: _Context, k: Kandidaat, deelnemer: Deelnemer, traject: Traject | None, besluit: Besluit) -> Uitslag:
    """The move is allowed: ledger, trajectory, handoff record, outcome and outbox."""
    assert besluit.fase and besluit.status and besluit.partner and deelnemer.id
    van = (traject.fase, traject.status, traject.partner) if traject else (None, None, None)
    beweging = beweging_van(k.gebeurtenis)
    if traject is None or beweging == Beweging.HERINSTROMEN:
        traject = verloop.start_traject(
            session=ctx.session, deelnemer_id=deelnemer.id, programma=deelnemer.programma,
            fase=besluit.fase.value, partner=besluit.partner, nu=ctx.nu,
        )
        ctx.trajecten[deelnemer.id] = traject
    else:
        verloop.werk_traject_bij(session=ctx.session, traject=traject, fase=besluit.fase.value, status=besluit.status.value, partner=besluit.partner, nu=ctx.nu)
    reden = f"{besluit.reden}{k.toelichting}"
    overdracht = _leg_vast(ctx, k, status="geaccepteerd", reden=reden, deelnemer_id=deelnemer.id)
    if van[0] is not None and deelnemer.pseudoniem in ctx.met_quarantaine:
        verloop.vervang_quarantaine(session=ctx.session, pseudoniem=deelnemer.pseudoniem, van_fase=van[0], door=f"{k.partner}/{k.webhook_id}")
    ctx.grootboek.append((Overgang(
        deelnemer_id=deelnemer.id, traject_id=traject.id or 0, beweging=beweging.value, van_fase=van[0],
        naar_fase=besluit.fase.value, van_status=van[1], naar_status=besluit.status.value, van_partner=van[2],
        naar_partner=besluit.partner, reden=reden, besloten_door=k.partner, flow_run_id=ctx.flow_run_id, tijdstip=ctx.nu,
    ), overdracht))
    _meld_partners(ctx, k, deelnemer, traject, besluit, beweging)
    _meldingen.na_beweging(ctx.session, deelnemer=deelnemer, traject=traject, beweging=beweging, dossier=k.dossier,
                           programma=ctx.catalogus.programma(deelnemer.programma), nu=ctx.nu)
    return _uitslag(k, "geaccepteerd", besluit.reden, van=van[0], naar=besluit.fase.value)


def _meld(ctx: _Context, k: Kandidaat, deelnemer: Deelnemer, traject: Traject) -> Uitslag:
    """A report (phase started, check-in answered) moves no one: the follow-up records it, no handoff row."""
    if _start_na_afloop(ctx, k, traject):
        weigering, reden = None, f"{k.gebeurtenis.fase.value} start reported after that phase ended; nothing to do"
    else:
        weigering, reden = _meldingen.verwerk(ctx.session, k.gebeurtenis, partner=k.partner, deelnemer=deelnemer, traject=traject, nu=ctx.nu)
    if weigering:
        return _weiger(ctx, k, "geweigerd", weigering, deelnemer.id)
    inbox.markeer(session=ctx.session, bericht=ctx.session.get_one(InboxBericht, k.inbox_id), status="geaccepteerd", nu=ctx.nu)
    return _uitslag(k, "geaccepteerd", reden, van=traject.fase, naar=None)


def _start_na_afloop(ctx: _Context, k: Kandidaat, traject: Traject) -> bool:
    """A partner's start report that arrives after its own completion of that phase (webhooks carry
    no order) is true but late: the phase it starts has already ended in this trajectory."""
    if not isinstance(k.gebeurtenis, FaseGestart):
        return False
    if (traject.fase, traject.partner) == (k.gebeurtenis.fase.value, k.partner):  # ended in place: closed or dropped out
        return traject.status in (TrajectStatus.AFGESLOTEN.value, TrajectStatus.UITGEVALLEN.value)
    eerder = [o for o, _ in ctx.grootboek] + verloop.geschiedenis(session=ctx.session, deelnemer_id=traject.deelnemer_id)
    return any((o.traject_id, o.van_fase, o.van_partner) == (traject.id, k.gebeurtenis.fase.value, k.partner) for o in eerder)


def _meld_partners(
    ctx: _Context, k: Kandidaat, deelnemer: Deelnemer, traject: Traject, besluit: Besluit, beweging: Beweging
) -> None:
    """Write to the outbox what each partner must now hear."""
    if beweging == Beweging.UITVALLEN:
        inhoud = {"fase": besluit.fase.value if besluit.fase else None, "reden": k.gebeurtenis.reden.value}
        _verzend(ctx, k, deelnemer.gemeente_partner, "melding.uitval", besluit.fase, inhoud)
    elif beweging == Beweging.AFSLUITEN and isinstance(k.dossier, Afsluiting):
        verloop.leg_uitkomst_vast(session=ctx.session, deelnemer_id=deelnemer.id or 0, traject_id=traject.id or 0, uitkomst=k.dossier.uitkomst, nu=ctx.nu)
        _verzend(ctx, k, deelnemer.gemeente_partner, "melding.afgesloten", besluit.fase, {"uitkomst": k.dossier.uitkomst.model_dump(mode="json")})
    elif beweging not in (Beweging.PAUZEREN, Beweging.HERVATTEN):
        inhoud = k.dossier.voor_ontvanger() if k.dossier else {}
        _verzend(ctx, k, besluit.partner or "", "traject.start", besluit.fase, inhoud)


def pas_toe(
    kandidaten: list[Kandidaat], *, session: Session, catalogus: Catalogus, nu: datetime, flow_run_id: str | None,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[Uitslag]:
    """Apply the candidates in order; a move not allowed yet waits up to `volgorde_wacht` (0: refused at once)."""
    ctx = _Context(session=session, catalogus=catalogus, nu=nu, flow_run_id=flow_run_id, volgorde_wacht=volgorde_wacht)
    pseudoniemen = [k.pseudoniem for k in kandidaten if k.pseudoniem]
    ctx.deelnemers = verloop.vind_deelnemers(session=session, pseudoniemen=pseudoniemen)
    ctx.trajecten = verloop.huidige_trajecten(session=session, deelnemer_ids=[d.id for d in ctx.deelnemers.values() if d.id])
    ctx.met_quarantaine = verloop.met_quarantaine(session=session, pseudoniemen=pseudoniemen)
    inbox.laad(session=session, ids=[k.inbox_id for k in kandidaten])  # into the session: no query per row
    uitslagen: list[Uitslag] = []
    wachtend: dict[str, list[int]] = {}  # per participant, the positions of moves that wait for an earlier event
    for k in kandidaten:
        uitslagen.append(verwerk(ctx, k))
        if uitslagen[-1].status == "wacht" and k.pseudoniem:
            wachtend.setdefault(k.pseudoniem, []).append(len(uitslagen) - 1)
        elif uitslagen[-1].status == "geaccepteerd" and k.pseudoniem in wachtend:
            _probeer_opnieuw(ctx, kandidaten, uitslagen, wachtend[k.pseudoniem])
    _schrijf_grootboek(ctx)
    return uitslagen


def _probeer_opnieuw(ctx: _Context, kandidaten: list[Kandidaat], uitslagen: list[Uitslag], posities: list[int]) -> None:
    """An earlier event just arrived in the same batch: what waited for it is tried again, in order."""
    voortgang = True
    while voortgang:
        voortgang = False
        for positie in list(posities):
            uitslagen[positie] = verwerk(ctx, kandidaten[positie])
            if uitslagen[positie].status != "wacht":
                posities.remove(positie)
                voortgang = True


def _schrijf_grootboek(ctx: _Context) -> None:
    """The ledger rows of the batch, after one flush gave every handoff record its id."""
    ctx.session.flush()
    for overgang, overdracht in ctx.grootboek:
        overgang.overdracht_id = overdracht.id
        verloop.leg_overgang_vast(session=ctx.session, overgang=overgang)
