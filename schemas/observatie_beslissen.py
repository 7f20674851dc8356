"""Deciding observations and the basis to share them, purely (schemas.observatie).

An observation with a basis on record goes out at once to the partners it names; without one it
is kept as held, and the regiehouder is told that something waits (not what). The regiehouder's
`grondslag.vastgelegd` records the basis and releases every held observation of the participant
in the same decision, so nothing is half-applied.
"""

from __future__ import annotations

from datetime import datetime

from schemas._meldingen import aanvaard, weiger
from schemas.berichten import PartnerBericht
from schemas.fase import TrajectStatus
from schemas.observatie import (
    DeelObservaties,
    GrondslagVastgelegd,
    LegGrondslagVast,
    LegObservatieVast,
    ObservatieGemeld,
    ObservatieStand,
)
from schemas.overdracht import Afhandeling, Bericht, Beslissing, DeelnemerStand, Gevolg, Kandidaat
from schemas.programma import Programma
from schemas.toegang import Betrokkenheid, weigering

_LOPEND = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)


def _mag(stand: DeelnemerStand, k: Kandidaat) -> str | None:
    """The door's rule again, on the state as it is now."""
    assert stand.traject is not None and k.gebeurtenis is not None
    t = stand.traject
    betrokken = Betrokkenheid(regiehouder=stand.regiehouder, fase=t.fase.value, partner=t.partner)
    return weigering(k.partner, k.gebeurtenis, betrokken)


def _in_de_keten(p: Programma, regiehouder: str) -> set[str]:
    partners = {x for f in p.fasen for x in f.partners}
    partners |= {x for b in p.banen for f in b.fasen for x in f.partners}
    return partners | {regiehouder}


def _deel(stand: DeelnemerStand, k: Kandidaat, o: ObservatieStand, grondslag: str) -> list[Bericht]:
    """The observation to each partner it names: kind, code, who saw it, and under which basis."""
    return [
        Bericht(
            ontvanger,
            PartnerBericht(
                sleutel=f"{k.partner}/{k.webhook_id}/melding.observatie/{o.id}/{ontvanger}",
                soort="melding.observatie",
                deelnemer=stand.pseudoniem,
                programma=stand.programma,
                fase=o.fase,
                inhoud={
                    "soort": o.soort.value,
                    "code": o.code,
                    "van": o.partner,
                    "grondslag": grondslag,
                },
            ),
        )
        for ontvanger in o.ontvangers
    ]


def beslis_observatie(
    stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: datetime
) -> Beslissing:
    """Shared now when a basis is on record, else held and the regiehouder told that one waits."""
    g = k.gebeurtenis
    assert isinstance(g, ObservatieGemeld) and stand.traject is not None
    if (verboden := _mag(stand, k)) is not None:
        return weiger(k, Afhandeling.GEWEIGERD, verboden)
    if stand.traject.status not in _LOPEND:
        return weiger(k, Afhandeling.GEWEIGERD, f"{stand.pseudoniem}'s trajectory has ended")
    vreemd = sorted(set(g.ontvangers) - _in_de_keten(p, stand.regiehouder))
    if vreemd:
        return weiger(k, Afhandeling.GEWEIGERD, f"ontvangers not in {p.id}'s chain: {vreemd}")
    ontvangers = tuple(dict.fromkeys(g.ontvangers))
    leg = LegObservatieVast(
        k.partner, g.fase, g.soort, g.code, ontvangers, stand.grondslag is not None
    )
    if stand.grondslag is not None:
        o = ObservatieStand(0, k.partner, g.fase, g.soort, g.code, ontvangers)
        berichten = _deel(stand, k, o, stand.grondslag)
        return aanvaard(
            stand, f"observatie {g.soort.value} gedeeld ({stand.grondslag})", [leg], berichten
        )
    wacht = Bericht(
        stand.regiehouder,
        PartnerBericht(
            sleutel=f"{k.partner}/{k.webhook_id}/melding.observatie_aangehouden",
            soort="melding.observatie_aangehouden",
            deelnemer=stand.pseudoniem,
            programma=stand.programma,
            fase=g.fase,
            inhoud={"van": k.partner, "ontvangers": list(ontvangers)},
        ),
    )
    return aanvaard(
        stand,
        f"observatie {g.soort.value} aangehouden: geen grondslag of toestemming vastgelegd",
        [leg],
        [wacht],
    )


def beslis_grondslag(
    stand: DeelnemerStand, k: Kandidaat, _p: Programma, _nu: datetime
) -> Beslissing:
    """Only the regiehouder records the basis; every held observation goes out with it."""
    g = k.gebeurtenis
    assert isinstance(g, GrondslagVastgelegd)
    if k.partner != stand.regiehouder:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"only the regiehouder of {stand.pseudoniem} records a basis"
        )
    gevolgen: list[Gevolg] = [LegGrondslagVast(g.grondslag, k.partner, g.besluit)]
    berichten = [b for o in stand.observaties for b in _deel(stand, k, o, g.grondslag.value)]
    if stand.observaties:
        gevolgen.append(DeelObservaties(tuple(o.id for o in stand.observaties)))
    return aanvaard(
        stand,
        f"grondslag {g.grondslag.value} vastgelegd; {len(stand.observaties)} observatie(s) gedeeld",
        gevolgen,
        berichten,
    )
