"""Deciding consent records and withdrawals from the gemeente's system, purely.

Only the regiehouder records or withdraws, and only for a recipient of the participant's chain
(or a purpose); the register itself is written by persistence.toestemmingen.
"""

from __future__ import annotations

from datetime import datetime

from schemas._meldingen import aanvaard, weiger
from schemas.overdracht import Afhandeling, Beslissing, DeelnemerStand, Kandidaat
from schemas.programma import Programma
from schemas.toestemming import DOEL_VOORVOEGSEL
from schemas.toestemming_gebeurtenissen import (
    LegToestemmingVast,
    ToestemmingIngetrokken,
    ToestemmingVastgelegd,
    TrekToestemmingIn,
)


def ontvangers_van(p: Programma, regiehouder: str) -> set[str]:
    """Who may be named as a recipient: the partners of the programme's phases and lanes, the
    recipients its bases name, and the regiehouder."""
    partners = {x for f in p.fasen for x in f.partners}
    partners |= {x for b in p.banen for f in b.fasen for x in f.partners}
    return partners | p.grondslagen.ontvangers() | {regiehouder}


def ontvanger_fout(p: Programma, regiehouder: str, ontvanger: str) -> str | None:
    if ontvanger.startswith(DOEL_VOORVOEGSEL) or ontvanger in ontvangers_van(p, regiehouder):
        return None
    return f"ontvanger {ontvanger} is no partner of {p.id}'s chain"


def beslis_toestemming(
    stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: datetime
) -> Beslissing:
    """Only the regiehouder records or withdraws; the recipient must belong to the chain."""
    g = k.gebeurtenis
    assert isinstance(g, ToestemmingVastgelegd | ToestemmingIngetrokken)
    if k.partner != stand.regiehouder:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"only the regiehouder of {stand.pseudoniem} records consent"
        )
    if (fout := ontvanger_fout(p, stand.regiehouder, g.ontvanger)) is not None:
        return weiger(k, Afhandeling.GEWEIGERD, fout)
    if isinstance(g, ToestemmingVastgelegd):
        leg = LegToestemmingVast(g.ontvanger, g.soort, g.bron, g.van, k.partner)
        return aanvaard(stand, f"{g.soort.value} voor {g.ontvanger} vastgelegd", [leg], [])
    trek = TrekToestemmingIn(g.ontvanger, g.op, k.partner)
    return aanvaard(stand, f"toestemming voor {g.ontvanger} ingetrokken", [trek], [])
