"""Reports that change no phase, decided beside the moves: a partner's start of its phase and a
nazorg partner's answer to a check-in. Also the refusal every path shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from schemas.berichten import BerichtSoort, PartnerBericht
from schemas.fase import Fase, TrajectStatus, UitkomstSoort
from schemas.gebeurtenissen import FaseGestart, NazorgCheckin, fase_van
from schemas.opvolging import CheckinStatus, Niveau, Signaal, SignaalSoort, checkin_onderwerp
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    GeefSignalen,
    Gevolg,
    Kandidaat,
    LegAntwoordVast,
    LegUitkomstVast,
    LosSignalenOp,
    RegistreerStart,
    TrajectStand,
)
from schemas.tussenuitkomst import RegistreerUitkomst
from schemas.uitkomst import Uitkomst

_LOPEND = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)
_BEEINDIGD = (TrajectStatus.AFGESLOTEN, TrajectStatus.UITGEVALLEN)


def bericht(
    k: Kandidaat, ontvanger: str, soort: BerichtSoort, fase: Fase | None, inhoud: dict[str, Any]
) -> Bericht:
    """A message caused by this inbox row; its key names the row, which is applied once."""
    return Bericht(
        ontvanger,
        PartnerBericht(
            sleutel=f"{k.partner}/{k.webhook_id}/{soort}",
            soort=soort,
            deelnemer=k.pseudoniem or "onbekend",
            programma=k.programma or "onbekend",
            fase=fase,
            inhoud=inhoud,
        ),
    )


def weiger(k: Kandidaat, afhandeling: Afhandeling, reden: str) -> Beslissing:
    """Refused or quarantined: recorded with its reason, and the sender is told why."""
    fase = fase_van(k.gebeurtenis)
    inhoud = {
        "webhook_id": k.webhook_id,
        "type": k.gebeurtenis.type if k.gebeurtenis else None,
        "reden": reden,
        "bevindingen": [b.model_dump(mode="json") for b in k.bevindingen],
    }
    return Beslissing(
        afhandeling,
        reden,
        van_fase=fase,
        berichten=(bericht(k, k.partner, "overdracht.geweigerd", fase, inhoud),),
    )


def _geaccepteerd(
    t: TrajectStand, reden: str, *gevolgen: Gevolg, berichten: Sequence[Bericht] = ()
) -> Beslissing:
    """An accepted report that moves nothing: its effects and messages, no ledger entry."""
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        van_fase=t.fase,
        vastleggen=False,
        berichten=tuple(berichten),
        gevolgen=gevolgen,
    )


def beslis_melding(stand: DeelnemerStand, k: Kandidaat, *, nu: datetime) -> Beslissing:
    """A report is recorded by the follow-up, never decided by the programme; a refusal leaves nothing behind."""
    assert stand.traject is not None
    if isinstance(k.gebeurtenis, FaseGestart):
        return _gestart(stand.traject, k, k.gebeurtenis)
    assert isinstance(k.gebeurtenis, NazorgCheckin)
    return _antwoord(stand, k, k.gebeurtenis, nu=nu)


def _start_na_afloop(t: TrajectStand, g: FaseGestart, partner: str) -> bool:
    """A start report that arrives after the same partner's end of that phase (webhooks carry no
    order) is true but late: the phase it starts has already ended in this trajectory."""
    if (t.fase, t.partner) == (g.fase, partner):  # ended in place: closed or dropped out
        return t.status in _BEEINDIGD
    return (partner, g.fase.value) in t.afgerond


def _gestart(t: TrajectStand, k: Kandidaat, g: FaseGestart) -> Beslissing:
    if _start_na_afloop(t, g, k.partner):
        return _geaccepteerd(
            t, f"{g.fase.value} start reported after that phase ended; nothing to do"
        )
    if k.partner != t.partner or g.fase != t.fase or t.status not in _LOPEND:
        reden = f"{k.partner} does not run {g.deelnemer}'s current phase ({t.fase.value} at {t.partner}, {t.status.value})"
        return weiger(k, Afhandeling.GEWEIGERD, reden)
    if t.start_gemeld:
        return _geaccepteerd(t, "start already known")
    reden = f"{g.fase.value} gestart op {g.gestart_op.isoformat()}"
    return _geaccepteerd(
        t,
        reden,
        RegistreerStart(g.gestart_op),
        LosSignalenOp((SignaalSoort.WACHTEN,), partner=k.partner),  # not a lane's wait
    )


_NIET_IN_ANTWOORD = {"type", "deelnemer", "gemeld_op", "besluit"}


def _leeg(g: NazorgCheckin) -> set[str]:
    """A check-in that reports no new outcome is stored as it always was."""
    return {"nieuwe_uitkomst"} if g.nieuwe_uitkomst is None else set()


def _antwoord(stand: DeelnemerStand, k: Kandidaat, g: NazorgCheckin, *, nu: datetime) -> Beslissing:
    assert stand.traject is not None
    checkin = next((c for c in stand.open_checkins if c.maand == g.maand), None)
    if checkin is None:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"no open check-in of month {g.maand} for {g.deelnemer}"
        )
    if checkin.partner != k.partner:
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"the check-in of month {g.maand} was asked of {checkin.partner}",
        )
    onderwerp = checkin_onderwerp(checkin.maand, checkin.traject_id)
    gevolgen: list[Gevolg] = []
    if checkin.status == CheckinStatus.GEMIST:  # a late answer settles the escalation
        gevolgen.append(LosSignalenOp((SignaalSoort.CHECKIN_GEMIST,), onderwerp))
    gevolgen.append(
        LegAntwoordVast(
            checkin.id,
            g.model_dump(mode="json", exclude=_NIET_IN_ANTWOORD | _leeg(g)),
        )
    )
    if not g.ondersteuning_nodig:
        gevolgen.append(LosSignalenOp((SignaalSoort.STEUNVRAAG,)))
    if g.terug_in_uitkering:
        uitkomst = Uitkomst(soort=UitkomstSoort.TERUG_IN_UITKERING, datum=nu.date())
        gevolgen.append(LegUitkomstVast(uitkomst, traject_id=checkin.traject_id))
    if g.nieuwe_uitkomst is not None:  # another job, a school: recorded, the schedule runs on
        gevolgen.append(
            RegistreerUitkomst(
                g.nieuwe_uitkomst, k.partner, tussentijds=True, traject_id=checkin.traject_id
            )
        )
    signalen = _signalen(stand, g, checkin.partner, onderwerp)
    if signalen:
        gevolgen.append(GeefSignalen(signalen, regiehouder=stand.regiehouder))
    reden = f"check-in {g.maand} mnd beantwoord" + (
        ": terug in uitkering" if g.terug_in_uitkering else ""
    )
    if g.nieuwe_uitkomst is not None:
        reden += f"; nieuwe uitkomst {g.nieuwe_uitkomst.soort.value}"
    return _geaccepteerd(stand.traject, reden, *gevolgen)


def _signalen(
    stand: DeelnemerStand, g: NazorgCheckin, partner: str, onderwerp: str
) -> tuple[Signaal, ...]:
    """Back on benefit is breached (the regiehouder decides on re-entry); a support request is a risk."""
    gewenst = []
    if g.terug_in_uitkering:
        gewenst.append((SignaalSoort.TERUGVAL, Niveau.OVERSCHREDEN, "back on benefit"))
    if g.ondersteuning_nodig:
        gewenst.append(
            (SignaalSoort.STEUNVRAAG, Niveau.RISICO, "the participant or employer asks for support")
        )
    return tuple(
        Signaal(
            deelnemer_id=stand.deelnemer_id or 0,
            pseudoniem=stand.pseudoniem,
            programma=stand.programma,
            partner=partner,
            soort=soort,
            niveau=niveau,
            onderwerp=onderwerp,
            toelichting=toelichting,
        )
        for soort, niveau, toelichting in gewenst
    )


def aanvaard(
    stand: DeelnemerStand,
    reden: str,
    gevolgen: Sequence[Gevolg],
    berichten: Sequence[Bericht] = (),
) -> Beslissing:
    """`_geaccepteerd` for the deciders of other modules (breaches, measures, observations)."""
    assert stand.traject is not None
    return _geaccepteerd(stand.traject, reden, *gevolgen, berichten=berichten)
