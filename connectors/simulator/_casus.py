"""The case model's moves in the simulated chain (issue 11): checkpoints decided by their owner
(some only once flagged overdue), lanes started and run beside the main lane, a referral declined
and another partner picked, a regime change, and exits without placement, an unconfirmed
destination refused first and confirmed after.

Every move rolls a `simulatie` rate of the programme (0 unless configured), with the generator
of the message being answered, so seeded runs replay; with every new rate at 0 the chain runs as
before. Pure planning: the events come back as `Stap`s for the simulator to send.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from connectors.simulator._besluit import besluit, medewerker
from connectors.simulator._profiel import Deelnemer
from connectors.simulator._stap import Stap
from schemas.banen import BaanGestart
from schemas.beeld import BeeldVanIemand
from schemas.contracten import AfsluitingV2, Bestemmingsopgave
from schemas.fase import Fase, PartnerSoort, UitkomstSoort
from schemas.gebeurtenissen import TrajectAfgesloten
from schemas.ijkpunten import AnkerSoort, IjkpuntBesloten, IjkpuntInrichting
from schemas.programma import Programma
from schemas.toestemming import Grondslagsoort
from schemas.toestemming_gebeurtenissen import ToestemmingVastgelegd
from schemas.uitgangen import Uitgang
from schemas.uitkomst import Uitkomst
from schemas.verantwoording import Verantwoording
from schemas.verwijzing import (
    AfwijsReden,
    Antwoord,
    RegiehouderGewisseld,
    VerwijzingBeantwoord,
    WisselSoort,
)

Klok = Callable[[], datetime]
_AFWIJSREDENEN = (AfwijsReden.GEEN_CAPACITEIT, AfwijsReden.NIET_PASSEND)
# A destination is an organisation or registration, never a person (schemas.contracten).
_BESTEMMING = {
    UitkomstSoort.ONDERWIJS: "DUO-inschrijving MBO",
    UitkomstSoort.BESCHUT_WERK: "beschut-werk plek",
    UitkomstSoort.DAGBESTEDING: "dagbesteding locatie",
    UitkomstSoort.VERVOLGVOORZIENING: "vervolgvoorziening bevestigd",
}


def regiehouder(p: Programma, d: Deelnemer) -> str:
    """Who holds the regie now: the referring gemeente until a regime change."""
    if d.regiehouder is None:
        d.regiehouder = p.inrichting(p.fase_volgorde[0]).partners[0]
    return d.regiehouder


def _verankerd(i: IjkpuntInrichting, p: Programma, fase: Fase, d: Deelnemer) -> bool:
    """Whether entering `fase` (from `d.laatste_fase`) is this checkpoint's anchor."""
    if i.anker.soort == AnkerSoort.AANMELDING:
        return fase == p.fase_volgorde[0]
    if i.anker.soort == AnkerSoort.FASE_IN:
        return i.anker.fase == fase
    return d.laatste_fase is not None and i.anker.fase == d.laatste_fase


def _eigenaar(i: IjkpuntInrichting, p: Programma, fase: Fase, partner_id: str, d: Deelnemer) -> str:
    if i.eigenaar == "regiehouder":
        return regiehouder(p, d)
    eigen = Fase(i.eigenaar)
    return partner_id if eigen == fase else p.inrichting(eigen).partners[0]


def ijkpunt_besluiten(
    p: Programma, fase: Fase, partner_id: str, d: Deelnemer, rng: random.Random, nu: Klok
) -> list[tuple[str, IjkpuntBesloten]]:
    """(owner, decision) of every checkpoint entering `fase` anchors; a routing decision is kept
    so the phase's handoff goes where it routed. A switch in the same phase anchors nothing."""
    if fase == d.laatste_fase:
        return []
    uit: list[tuple[str, IjkpuntBesloten]] = []
    for i in p.ijkpunten:
        if i.naam in d.besloten or not _verankerd(i, p, fase, d):
            continue
        d.besloten.add(i.naam)
        keuze = rng.choice(sorted(i.besluiten))
        if (route := i.besluiten[keuze]) is not None:
            d.routes[route.fase] = route.partner
            d.profiel.route = keuze
        eigenaar = _eigenaar(i, p, fase, partner_id, d)
        account = _besluit_als(eigenaar, i, "besloten op het ijkpunt")
        uit.append(
            (
                eigenaar,
                IjkpuntBesloten(
                    type="ijkpunt.besloten", gemeld_op=nu(), deelnemer=d.pseudoniem,
                    ijkpunt=i.naam, keuze=keuze, besluit=account,
                ),
            )
        )  # fmt: skip
    return uit


def _besluit_als(eigenaar: str, i: IjkpuntInrichting, reden: str) -> Verantwoording:
    """The owner's account, in a role the checkpoint allows."""
    rol = besluit(eigenaar, PartnerSoort.GEMEENTE if i.eigenaar == "regiehouder" else None, reden)
    if i.rollen and rol.rol not in i.rollen:
        return Verantwoording(reden=reden, rol=i.rollen[0], persoon=medewerker(eigenaar))
    return rol


def laat_ijkpunten_wachten(p: Programma, rng: random.Random) -> bool:
    """Whether this phase's checkpoint decisions (and the work behind them) wait until overdue."""
    return bool(p.simulatie.ijkpunt_te_laat) and rng.random() < p.simulatie.ijkpunt_te_laat


def afwijzing(
    p: Programma, fase: Fase, d: Deelnemer, rng: random.Random, nu: Klok
) -> VerwijzingBeantwoord | None:
    """The referred partner declines once per phase, where the phase has another to pick."""
    if (
        fase == p.fase_volgorde[0]
        or len(p.inrichting(fase).partners) < 2
        or fase in d.afgewezen_in
        or not p.simulatie.afwijzen
        or rng.random() >= p.simulatie.afwijzen
    ):
        return None
    d.afgewezen_in.add(fase)
    return VerwijzingBeantwoord(
        type="verwijzing.beantwoord",
        gemeld_op=nu(),
        deelnemer=d.pseudoniem,
        fase=fase,
        antwoord=Antwoord.AFGEWEZEN,
        reden=rng.choice(_AFWIJSREDENEN),
    )


def regimewissel(
    p: Programma, d: Deelnemer, rng: random.Random, nu: Klok
) -> tuple[str, RegiehouderGewisseld] | None:
    """(old regiehouder, its handover) once per participant, to another regiehouder listed."""
    huidig = regiehouder(p, d)
    anderen = [r for r in p.verwijzing.regiehouders if r != huidig]
    if d.regime_gewisseld or not anderen or rng.random() >= p.simulatie.regimewissel:
        return None
    d.regime_gewisseld, d.regiehouder = True, rng.choice(anderen)
    return huidig, RegiehouderGewisseld(
        type="regiehouder.gewisseld",
        gemeld_op=nu(),
        deelnemer=d.pseudoniem,
        naar_regiehouder=d.regiehouder,
        soort=WisselSoort.REGIMEWISSEL,
        besluit=besluit(huidig, PartnerSoort.GEMEENTE, "regimewissel: ander kader past beter"),
    )


def baan_verzoeken(p: Programma, d: Deelnemer, rng: random.Random, nu: Klok) -> list[Stap]:
    """The regiehouder starts the lanes the programme starts on request, each once."""
    uit = []
    for baan in p.banen:
        if baan.start != "verzoek" or baan.naam in d.banen_gevraagd:
            continue
        if rng.random() < p.simulatie.baan_verzoek:
            d.banen_gevraagd.add(baan.naam)
            gestart = BaanGestart(
                type="baan.gestart", gemeld_op=nu(), deelnemer=d.pseudoniem, baan=baan.naam
            )
            uit.append(Stap(rng.uniform(0.1, 0.3), gestart, afzender=regiehouder(p, d)))
    return uit


def toestemmingen(p: Programma, d: Deelnemer, rng: random.Random, nu: Klok) -> list[Stap]:
    """The gemeente records consent for the recipients that need it, for most participants (the
    others' messages to them are held, and flagged), once per participant."""
    if d.toestemming_gevraagd or not p.grondslagen.toestemming:
        return []
    d.toestemming_gevraagd = True
    if rng.random() >= p.simulatie.toestemming:
        return []
    return [
        Stap(
            rng.uniform(0.05, 0.2),
            ToestemmingVastgelegd(
                type="toestemming.vastgelegd",
                gemeld_op=nu(),
                deelnemer=d.pseudoniem,
                ontvanger=ontvanger,
                soort=Grondslagsoort.TOESTEMMING,
                bron="schriftelijk, bij de intake",
                van=nu().date(),
            ),
            afzender=regiehouder(p, d),
        )
        for ontvanger in p.grondslagen.toestemming
    ]


def baan_volgende(p: Programma, naam: str, fase: Fase) -> Fase | None:
    """The lane's next phase after `fase`, or None at its last."""
    volgorde = [f.fase for f in p.baan(naam).fasen]
    positie = volgorde.index(fase) + 1 if fase in volgorde else len(volgorde)
    return volgorde[positie] if positie < len(volgorde) else None


def baan_sluiting(naam: str, fase: Fase, d: Deelnemer, nu: Klok) -> TrajectAfgesloten:
    """The lane's partner closes the lane at its last phase; the trajectory runs on."""
    return TrajectAfgesloten(
        type="traject.afgesloten", gemeld_op=nu(), deelnemer=d.pseudoniem, baan=naam, fase=fase,
        dossier={},
    )  # fmt: skip


def kies_uitgang(p: Programma, fase: Fase, rng: random.Random) -> Uitgang | None:
    """An exit without placement from this phase, with the programme's chance (not the last
    phase: closing there is the chain's ordinary end)."""
    kandidaten = [u for u in p.uitgangen if fase in u.vanuit and fase != p.fase_volgorde[-1]]
    if not kandidaten or rng.random() >= p.simulatie.uitgang:
        return None
    return rng.choice(kandidaten)


def uitgang_dossiers(
    u: Uitgang, p: Programma, d: Deelnemer, rng: random.Random, nu: Klok
) -> tuple[AfsluitingV2, AfsluitingV2 | None]:
    """The exit dossier v2; for an exit needing a confirmed destination, now and then first an
    unconfirmed one (refused at the door's rule, then sent again confirmed)."""
    datum = nu().date()
    niveau = d.profiel.beoogd_mbo_niveau if u.uitkomst == UitkomstSoort.ONDERWIJS else None
    uitkomst = Uitkomst(soort=u.uitkomst, datum=datum, mbo_niveau=niveau)
    referentie = _BESTEMMING.get(u.uitkomst, f"bestemming {u.uitkomst.value}")
    beeld = _beeld(u, p, d, rng)
    if beeld is not None and p.beeld_van_iemand is not None:  # the picture goes to a listed school
        referentie = rng.choice(p.beeld_van_iemand.ontvangers)
    goed = AfsluitingV2(
        uitkomst=uitkomst,
        bestemming=Bestemmingsopgave(referentie=referentie, bevestigd=True, bevestigd_op=datum),
        beeld=beeld,
    )
    if u.bevestigde_bestemming and rng.random() < p.simulatie.bestemming_onbevestigd:
        open_ = Bestemmingsopgave(referentie=referentie, bevestigd=False)
        return goed.model_copy(update={"bestemming": open_}), goed
    return goed, None


def _beeld(u: Uitgang, p: Programma, d: Deelnemer, rng: random.Random) -> BeeldVanIemand | None:
    """The portaal's "beeld van iemand" on an exit the programme hands it over on (seed 000):
    keywords only, the rhythm built up from two dagdelen."""
    b = p.beeld_van_iemand
    if b is None or u.uitkomst not in b.uitkomsten or not set(u.vanuit) & set(b.vanuit):
        return None
    weken = rng.randint(3, 12)
    return BeeldVanIemand(
        kan=[d.profiel.sector.value.replace("_", "-")],
        wil=["leren"],
        aandachtspunten=rng.sample(["op-tijd-komen", "afspraken-nakomen", "samenwerken"], 1),
        werkritme_dagdelen=[min(10, 2 + w // 2) for w in range(weken)],
        aanwezigheid_pct=round(rng.uniform(70, 100), 1),
        beoogd_mbo_niveau=d.profiel.beoogd_mbo_niveau,
    )


def met_minimum(u: Uitgang, p: Programma, fase: Fase) -> bool:
    """Whether the exit has a minimum stay (overridden only with an account)."""
    return bool(u.min_weken_in_fase or u.min_weken_in_traject or p.inrichting(fase).min_weken)
