"""What follows from an allowed move: the follow-up it sets off and the messages partners get."""

from __future__ import annotations

from schemas._meldingen import bericht
from schemas.contracten import Afsluiting, PlaatsingNaarNazorg
from schemas.fase import Beweging, Fase
from schemas.gebeurtenissen import (
    Uitgevallen,
)
from schemas.nazorg_na_uitgang import nazorg_partner
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Bericht,
    DeelnemerStand,
    Gevolg,
    Kandidaat,
    LaatCheckinsVervallen,
    LosSignalenOp,
    PlanCheckins,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.uitstroom import (
    afsluit_inhoud,
    uitkomst_gevolg,
)

_NA_HERINSTROOM = (SignaalSoort.TERUGVAL, SignaalSoort.CHECKIN_GEMIST, SignaalSoort.STEUNVRAAG)


def opvolging_na(
    beweging: Beweging, naar: TrajectStand, k: Kandidaat, p: Programma
) -> list[Gevolg]:
    """A placement handed to nazorg plans its check-ins; a re-entry cancels what was pending; a
    closure records its outcome."""
    if beweging == Beweging.HERINSTROMEN:
        return [LaatCheckinsVervallen(), LosSignalenOp(_NA_HERINSTROOM)]
    if naar.fase == Fase.NAZORG and isinstance(k.dossier, PlaatsingNaarNazorg):
        return [
            PlanCheckins(
                partner=naar.partner,
                startdatum=k.dossier.startdatum,
                maanden=tuple(p.nazorg.maanden),
            )
        ]
    if beweging == Beweging.AFSLUITEN and isinstance(k.dossier, Afsluiting):
        uitkomst = k.dossier.uitkomst
        coach = nazorg_partner(p.nazorg_na_uitgang, naar.fase, uitkomst.soort)
        nazorg = [PlanCheckins(coach, uitkomst.datum, tuple(p.nazorg.maanden))] if coach else []
        return [uitkomst_gevolg(k.dossier, k.partner), *nazorg]  # every leaver's nazorg (seed 002)
    return []


def berichten_na(
    k: Kandidaat, stand: DeelnemerStand | None, naar: TrajectStand, beweging: Beweging
) -> tuple[Bericht, ...]:
    """What each partner must now hear: the regiehouder of a dropout or a closure, the next partner of a handoff."""
    regiehouder = stand.regiehouder if stand else k.partner
    if beweging == Beweging.UITVALLEN and isinstance(k.gebeurtenis, Uitgevallen):
        return (
            bericht(
                k,
                regiehouder,
                "melding.uitval",
                naar.fase,
                {"fase": naar.fase.value, "reden": k.gebeurtenis.reden.value},
            ),
        )
    if beweging == Beweging.AFSLUITEN and isinstance(k.dossier, Afsluiting):
        return (
            bericht(
                k,
                regiehouder,
                "melding.afgesloten",
                naar.fase,
                afsluit_inhoud(k.dossier),
            ),
        )
    if beweging in (Beweging.PAUZEREN, Beweging.HERVATTEN, Beweging.AFSLUITEN):
        return ()
    return (
        bericht(
            k,
            naar.partner,
            "traject.start",
            naar.fase,
            k.dossier.voor_ontvanger() if k.dossier else {},
        ),
    )
