"""Deciding breaches, measures and incidents (issue 10 h, i): pure, beside the programme's moves.

None of these moves the participant: a breach is recorded (and repeated no-shows flag the
regiehouder), a measure is recorded with who decided and the reporting partners are told, an
incident flags a risk while the placement stays active. The door's rule is asked again, since the
state may have moved between the door and now; a refusal leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from schemas._meldingen import aanvaard, weiger
from schemas.berichten import PartnerBericht
from schemas.fase import TrajectStatus
from schemas.opvolging import Niveau, Signaal, SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    GeefSignalen,
    Gevolg,
    Kandidaat,
    LosSignalenOp,
)
from schemas.programma import Programma
from schemas.schending import (
    IncidentGemeld,
    LegIncidentVast,
    LegMaatregelVast,
    LegSchendingVast,
    MaatregelGenomen,
    SchendingGemeld,
    SchendingSoort,
    SchendingStand,
)
from schemas.toegang import Betrokkenheid, weigering

_LOPEND = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)


def _mag(stand: DeelnemerStand, k: Kandidaat, *, lopend: bool = True) -> str | None:
    """The door's rule again, and (for a partner's report) a trajectory that still runs."""
    assert stand.traject is not None and k.gebeurtenis is not None
    t = stand.traject
    betrokken = Betrokkenheid(regiehouder=stand.regiehouder, fase=t.fase.value, partner=t.partner)
    verboden = weigering(k.partner, k.gebeurtenis, betrokken)
    if verboden is None and lopend and t.status not in _LOPEND:
        return f"{stand.pseudoniem}'s trajectory is {t.status.value}"
    return verboden


def _signaal(
    stand: DeelnemerStand,
    k: Kandidaat,
    soort: SignaalSoort,
    niveau: Niveau,
    onderwerp: str,
    uitleg: str,
) -> GeefSignalen:
    signaal = Signaal(
        deelnemer_id=stand.deelnemer_id or 0,
        pseudoniem=stand.pseudoniem,
        programma=stand.programma,
        partner=k.partner,
        soort=soort,
        niveau=niveau,
        onderwerp=onderwerp,
        toelichting=uitleg,
    )
    return GeefSignalen((signaal,), regiehouder=stand.regiehouder)


def beslis_schending(
    stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: datetime
) -> Beslissing:
    """Recorded once; the no-show that makes `noshow_drempel` within the window flags the regiehouder."""
    g = k.gebeurtenis
    assert isinstance(g, SchendingGemeld)
    if (verboden := _mag(stand, k)) is not None:
        return weiger(k, Afhandeling.GEWEIGERD, verboden)
    if any(
        (s.partner, s.soort, s.datum) == (k.partner, g.soort, g.datum) for s in stand.schendingen
    ):
        return aanvaard(stand, f"{g.soort.value} of {g.datum} already reported", [])
    gevolgen: list[Gevolg] = [LegSchendingVast(k.partner, g.soort, g.datum, g.code)]
    reden = f"{g.soort.value} op {g.datum.isoformat()} gemeld"
    if g.soort == SchendingSoort.NIET_VERSCHENEN:
        regels = p.schendingen
        venster = timedelta(weeks=regels.noshow_venster_weken)
        aantal = 1 + sum(
            s.soort == SchendingSoort.NIET_VERSCHENEN and g.datum - venster <= s.datum <= g.datum
            for s in stand.schendingen
        )
        if aantal >= regels.noshow_drempel:
            uitleg = f"{aantal} no-shows within {regels.noshow_venster_weken} weeks"
            gevolgen.append(
                _signaal(
                    stand,
                    k,
                    SignaalSoort.NIET_VERSCHENEN,
                    Niveau.OVERSCHREDEN,
                    f"niet verschenen in {g.fase.value}",
                    uitleg,
                )
            )
            reden += f"; {uitleg}: the regiehouder is flagged"
    return aanvaard(stand, reden, gevolgen)


def beslis_maatregel(
    stand: DeelnemerStand, k: Kandidaat, _p: Programma, _nu: datetime
) -> Beslissing:
    """Only the regiehouder; the open breaches it answers are linked and their reporters told.
    Also after a dropout or a closure: the gemeente may still act on what happened (seed 004)."""
    g = k.gebeurtenis
    assert isinstance(g, MaatregelGenomen) and g.besluit is not None
    if (verboden := _mag(stand, k, lopend=False)) is not None:
        return weiger(k, Afhandeling.GEWEIGERD, verboden)
    open_ = [s for s in stand.schendingen if s.maatregel_id is None]
    gevolgen: list[Gevolg] = [
        LegMaatregelVast(g.soort, g.datum, k.partner, g.besluit),
        LosSignalenOp((SignaalSoort.NIET_VERSCHENEN,)),  # the regiehouder acted on the flag
    ]
    berichten = tuple(_vertel(k, stand, g, partner, open_) for partner in _melders(open_))
    reden = f"maatregel {g.soort.value} op {g.datum.isoformat()}" + (
        f" na {len(open_)} gemelde schending(en)" if open_ else ""
    )
    return aanvaard(stand, reden, gevolgen, berichten)


def _melders(open_: list[SchendingStand]) -> list[str]:
    return sorted({s.partner for s in open_})


def _vertel(
    k: Kandidaat,
    stand: DeelnemerStand,
    g: MaatregelGenomen,
    partner: str,
    open_: list[SchendingStand],
) -> Bericht:
    """The measure, to one partner that reported a breach it answers: kind and dates, no reason."""
    return Bericht(
        partner,
        PartnerBericht(
            sleutel=f"{k.partner}/{k.webhook_id}/melding.maatregel/{partner}",
            soort="melding.maatregel",
            deelnemer=stand.pseudoniem,
            programma=stand.programma,
            fase=stand.traject.fase if stand.traject else None,
            inhoud={
                "maatregel": g.soort.value,
                "datum": g.datum.isoformat(),
                "schendingen": [
                    {"soort": s.soort.value, "datum": s.datum.isoformat()}
                    for s in open_
                    if s.partner == partner
                ],
            },
        ),
    )


def beslis_incident(
    stand: DeelnemerStand, k: Kandidaat, _p: Programma, _nu: datetime
) -> Beslissing:
    """Kept and flagged as a risk to the regiehouder; the placement stays where it is."""
    g = k.gebeurtenis
    assert isinstance(g, IncidentGemeld)
    if (verboden := _mag(stand, k)) is not None:
        return weiger(k, Afhandeling.GEWEIGERD, verboden)
    onderwerp = f"incident {g.soort.value} op {g.datum.isoformat()} in {g.fase.value}"
    return aanvaard(
        stand,
        f"{onderwerp} gemeld; {g.fase.value} loopt door",
        [
            LegIncidentVast(k.partner, g.fase, g.soort, g.datum),
            _signaal(stand, k, SignaalSoort.INCIDENT, Niveau.RISICO, onderwerp, g.soort.value),
        ],
    )


def stand_na(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    """The breaches a decision recorded or answered, for the next event about them in the batch."""
    nieuw = [
        SchendingStand(id=0, partner=g.partner, soort=g.soort, datum=g.datum)
        for g in b.gevolgen
        if isinstance(g, LegSchendingVast)
    ]
    beantwoord = any(isinstance(g, LegMaatregelVast) for g in b.gevolgen)
    if not nieuw and not beantwoord:
        return stand
    oud = tuple(replace(s, maatregel_id=-1) if beantwoord else s for s in stand.schendingen)
    return replace(stand, schendingen=oud + tuple(nieuw))
