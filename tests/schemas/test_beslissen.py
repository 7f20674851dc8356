"""The handoff decision as a pure function: no database, no Prefect, no HTTP.

Two tables. The first is enumerated: every move of both shipped programmes from every state, and
the decision must accept exactly what the programme allows (the programme's own table is checked
by hand in test_programmes.py), with the ledger entry, the messages and nothing else. The second
is written out by hand: the paths around the programme (the door's rule again, quarantine, waiting
for an earlier event, reports, check-ins, the follow-up a move sets off).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from connectors.simulator.voorbeelden import GELDIG
from schemas.beslissen import beslis
from schemas.contracten import (
    Afsluiting,
    AssessmentNaarOntwikkeling,
    InstroomNaarAssessment,
    PlaatsingNaarNazorg,
    lees_dossier,
)
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    AanmeldingKern,
    FaseAfgerond,
    FaseGestart,
    Gepauzeerd,
    Herinstroom,
    Hervat,
    NazorgCheckin,
    TrackGewisseld,
    TrajectAfgesloten,
    Uitgevallen,
)
from schemas.opvolging import CheckinStatus, SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    CheckinStand,
    DeelnemerStand,
    GeefSignalen,
    Kandidaat,
    LaatCheckinsVervallen,
    LegAntwoordVast,
    LegUitkomstVast,
    LosSignalenOp,
    PlanCheckins,
    RegistreerStart,
    TrajectStand,
    VervangQuarantaine,
)
from schemas.programma import Programma, Toestand
from schemas.reeks import beslis_reeks
from schemas.regels import Bevinding
from schemas.verwijzing import OpenVerwijzing, StartVerwijzing
from tests.beslisser import BESLUIT, BESLUIT_GEMEENTE

PROGRAMMAS = {
    p.id: p
    for p in (
        Programma.model_validate(yaml.safe_load(bestand.read_text()))
        for bestand in sorted((Path(__file__).parents[2] / "config" / "programmas").glob("*.yaml"))
    )
}
UTRECHT, HARDERWIJK = (
    PROGRAMMAS["utrecht-bank-tot-baan"],
    PROGRAMMAS["harderwijk-voltijd-klantreis"],
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
ACT, PAU, UIT, AFG = (
    TrajectStatus.ACTIEF,
    TrajectStatus.GEPAUZEERD,
    TrajectStatus.UITGEVALLEN,
    TrajectStatus.AFGESLOTEN,
)


def _stand(
    p: Programma, fase: Fase, status: TrajectStatus = ACT, partner: str | None = None, **extra: Any
) -> DeelnemerStand:
    traject = TrajectStand(
        fase=fase, status=status, partner=partner or p.inrichting(fase).partners[0]
    )
    return DeelnemerStand(
        pseudoniem=P,
        programma=p.id,
        regiehouder=p.inrichting(Fase.INSTROOM).partners[0],
        deelnemer_id=7,
        traject=traject,
        **extra,
    )


def _kandidaat(
    g: Any, partner: str, programma: str, dossier: Any = None, **extra: Any
) -> Kandidaat:
    return Kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id="msg_1",
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=programma,
        dossier=dossier,
        **extra,
    )


def _gebeurtenis(
    beweging: Beweging, van: Fase | None, naar: Fase | None, naar_partner: str | None
) -> Any:
    """The event a partner sends for a move (None where the wire cannot express it)."""
    kop: dict[str, Any] = {"gemeld_op": NU, "deelnemer": P, "besluit": BESLUIT}
    if beweging == Beweging.AANMELDEN:
        return (
            AanmeldingKern(
                type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="z-1", programma="-"
            )
            if naar is None
            else None
        )
    if beweging == Beweging.HERINSTROMEN:
        return (
            Herinstroom(type="deelnemer.herinstroom", naar=naar, reden="weer beschikbaar", **kop)
            if naar
            else None
        )
    if beweging in (Beweging.DOORSTROMEN, Beweging.OVERSLAAN, Beweging.TERUGPLAATSEN):
        return (
            FaseAfgerond(
                type="fase.afgerond", fase=van, beweging=beweging, naar=naar, dossier={}, **kop
            )
            if naar
            else None
        )
    enkel: dict[Beweging, Any] = {
        Beweging.WISSELEN: lambda: TrackGewisseld(
            type="traject.gewisseld", fase=van, naar_partner=naar_partner or "-", dossier={}, **kop
        ),
        Beweging.PAUZEREN: lambda: Gepauzeerd(
            type="traject.gepauzeerd", fase=van, reden="ziek gemeld", **kop
        ),
        Beweging.HERVATTEN: lambda: Hervat(type="traject.hervat", fase=van, **kop),
        Beweging.UITVALLEN: lambda: Uitgevallen(
            type="deelnemer.uitgevallen", fase=van, reden="motivatie", **kop
        ),
        Beweging.AFSLUITEN: lambda: TrajectAfgesloten(
            type="traject.afgesloten", fase=van, dossier={}, **kop
        ),
    }
    return enkel[beweging]() if naar in (None, van) else None


def _zetten(p: Programma):
    """(state, move, target, other partner, event) for every state of the programme and every move and
    target that a partner's event can express (a referral only before the programme, and so on)."""
    staten = [(None, None)] + [(f, s) for f in p.fase_volgorde for s in TrajectStatus]
    for (fase, status), beweging, naar in itertools.product(
        staten, Beweging, [None, *p.fase_volgorde]
    ):
        anders = p.inrichting(fase).partners[1:] if fase else []
        partner = anders[0] if anders else "onbekende-partner"
        if (beweging == Beweging.AANMELDEN) == (fase is None) and (
            g := _gebeurtenis(beweging, fase, naar, partner)
        ) is not None:
            yield fase, status, beweging, naar, partner, g


ALLE_ZETTEN = [(p, *z) for p in (UTRECHT, HARDERWIJK) for z in _zetten(p)]


def _id(x: Any) -> str:
    return getattr(x, "id", None) or getattr(x, "type", None) or str(x)


@pytest.mark.parametrize(
    ("p", "fase", "status", "beweging", "naar", "anders", "g"), ALLE_ZETTEN, ids=_id
)
def test_elke_zet_van_beide_programmas_volgt_het_programma(
    p, fase, status, beweging, naar, anders, g
):
    regiehouder = p.inrichting(Fase.INSTROOM).partners[0]
    # with a plan: the programme's move table only (a missing plan is tests/schemas/test_ijkpunt.py)
    stand = None if fase is None else _stand(p, fase, status, plan_versie=1)
    afzender = (
        regiehouder if fase is None or beweging == Beweging.HERINSTROMEN else stand.traject.partner
    )
    k = _kandidaat(g, afzender, p.id)
    toestand = (
        Toestand()
        if stand is None
        else Toestand(fase=fase, status=status, partner=stand.traject.partner)
    )
    verwacht = p.beoordeel(
        toestand,
        beweging,
        naar if beweging != Beweging.WISSELEN else fase,
        anders if beweging == Beweging.WISSELEN else None,
    )

    b = beslis(stand, k, PROGRAMMAS, nu=NU)

    if not verwacht.toegestaan:
        assert (b.afhandeling, b.reden, b.grootboek) == (
            Afhandeling.GEWEIGERD,
            verwacht.reden,
            None,
        )
        assert [(x.ontvanger, x.bericht.soort) for x in b.berichten] == [
            (afzender, "overdracht.geweigerd")
        ]
        return
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and b.grootboek is not None
    naar_stand = b.grootboek.naar
    assert (naar_stand.fase, naar_stand.status, naar_stand.partner) == (
        verwacht.fase,
        verwacht.status,
        verwacht.partner,
    )
    assert (
        b.grootboek.van == (stand.traject if stand else None)
        and b.grootboek.besloten_door == afzender
    )
    assert b.grootboek.nieuw_traject == (beweging in (Beweging.AANMELDEN, Beweging.HERINSTROMEN))
    assert b.nieuwe_deelnemer == (beweging == Beweging.AANMELDEN)
    assert [(x.ontvanger, x.bericht.soort) for x in b.berichten] == _berichten(
        beweging, regiehouder, verwacht.partner
    )


def _berichten(beweging: Beweging, regiehouder: str, volgende: str | None) -> list[tuple[str, str]]:
    if beweging == Beweging.UITVALLEN:
        return [(regiehouder, "melding.uitval")]
    if beweging in (Beweging.PAUZEREN, Beweging.HERVATTEN, Beweging.AFSLUITEN):
        return []  # a closure without its outcome dossier tells no one (the gate makes sure it has one)
    return [(volgende or "", "traject.start")]


def test_de_tabel_dekt_van_elk_programma_toegestane_en_geweigerde_zetten():
    for p in (UTRECHT, HARDERWIJK):
        uitkomsten = {
            (
                bew,
                beslis(
                    None if f is None else _stand(p, f, s),
                    _kandidaat(g, p.inrichting(f or Fase.INSTROOM).partners[0], p.id),
                    PROGRAMMAS,
                    nu=NU,
                ).afhandeling,
            )
            for f, s, bew, naar, anders, g in _zetten(p)
        }
        for beweging in Beweging:
            assert (beweging, Afhandeling.GEACCEPTEERD) in uitkomsten, (
                f"{p.id}: {beweging} is never allowed"
            )
            if beweging != Beweging.AANMELDEN:  # refused referrals: the hand-written table below
                assert (beweging, Afhandeling.GEWEIGERD) in uitkomsten, (
                    f"{p.id}: {beweging} is never refused"
                )


def _dossier(contract: Any, **wijziging: Any) -> Any:
    van, naar = {
        InstroomNaarAssessment: (Fase.INSTROOM, Fase.ASSESSMENT),
        AssessmentNaarOntwikkeling: (Fase.ASSESSMENT, Fase.ONTWIKKELING),
        PlaatsingNaarNazorg: (Fase.PLAATSING, Fase.NAZORG),
        Afsluiting: (Fase.NAZORG, None),
    }[contract]
    return lees_dossier(van, naar, GELDIG[contract] | wijziging)


def _afgerond(van: Fase, naar: Fase, **extra: Any) -> FaseAfgerond:
    if extra.get("beweging", Beweging.DOORSTROMEN) != Beweging.DOORSTROMEN or extra.get(
        "naar_partner"
    ):
        extra.setdefault("besluit", BESLUIT)  # a routing decision says who decided
    return FaseAfgerond(
        type="fase.afgerond", gemeld_op=NU, deelnemer=P, fase=van, naar=naar, dossier={}, **extra
    )


def _checkin(**antwoord: Any) -> NazorgCheckin:
    return NazorgCheckin(
        type="nazorg.checkin", gemeld_op=NU, deelnemer=P, maand=3, nog_in_dienst=True, **antwoord
    )


GESTART = FaseGestart(
    type="fase.gestart",
    gemeld_op=NU,
    deelnemer=P,
    fase=Fase.ASSESSMENT,
    gestart_op=date(2026, 11, 29),
)
VRAAG = CheckinStand(
    id=31, traject_id=5, maand=3, partner="jobcoach-utrecht", status=CheckinStatus.GEVRAAGD
)
U, H = UTRECHT, HARDERWIJK

# (name, stand, candidate, expected status, expected reason (part), expected follow-up)
HANDGESCHREVEN = [
    (
        "aanmelding door een gemeente van een ander programma",
        None,
        _kandidaat(
            AanmeldingKern(
                type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="z", programma=U.id
            ),
            "meerinzicht-klantmanager",
            U.id,
        ),
        Afhandeling.GEWEIGERD,
        "meerinzicht-klantmanager does not refer into utrecht-bank-tot-baan",
        (),
    ),
    (
        "tweede aanmelding van een bekende deelnemer",
        _stand(U, Fase.ASSESSMENT),
        _kandidaat(
            AanmeldingKern(
                type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="z", programma=U.id
            ),
            "gemeente-utrecht",
            U.id,
        ),
        Afhandeling.GEWEIGERD,
        "participant already registered",
        (),
    ),
    (
        "onbekende deelnemer",
        None,
        _kandidaat(_afgerond(Fase.INSTROOM, Fase.ASSESSMENT), "gemeente-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        f"unknown participant {P}",
        (),
    ),
    (
        "onbekend programma",
        _stand(U, Fase.INSTROOM),
        _kandidaat(_afgerond(Fase.INSTROOM, Fase.ASSESSMENT), "gemeente-utrecht", "elders"),
        Afhandeling.GEWEIGERD,
        "unknown programme elders",
        (),
    ),
    (
        "contract gefaald gaat in quarantaine",
        _stand(U, Fase.INSTROOM),
        _kandidaat(
            _afgerond(Fase.INSTROOM, Fase.ASSESSMENT),
            "gemeente-utrecht",
            U.id,
            contract=InstroomNaarAssessment,
            bevindingen=(
                Bevinding(
                    regel="toestemming_voor_ontvanger",
                    uitleg="-",
                    kolom="toestemming_delen",
                    waarde=False,
                ),
            ),
        ),
        Afhandeling.QUARANTAINE,
        "contract instroom→assessment v1 failed: toestemming_voor_ontvanger",
        (),
    ),
    (
        "een partner buiten zijn fase (de deur opnieuw)",
        _stand(U, Fase.ASSESSMENT),
        _kandidaat(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "gemeente-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        f"gemeente-utrecht does not run {P}'s current phase",
        (),
    ),
    (
        "een fase die de deelnemer niet heeft",
        _stand(U, Fase.ASSESSMENT),
        _kandidaat(_afgerond(Fase.ONTWIKKELING, Fase.VAKOPLEIDING), "assessment-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        f"{P} is in assessment, not ontwikkeling",
        (),
    ),
    (
        "alleen de regiehouder laat herinstromen",
        _stand(U, Fase.ASSESSMENT, UIT),
        _kandidaat(
            Herinstroom(
                type="deelnemer.herinstroom",
                gemeld_op=NU,
                deelnemer=P,
                naar=Fase.INSTROOM,
                reden="opnieuw",
                besluit=BESLUIT,
            ),
            "assessment-utrecht",
            U.id,
        ),
        Afhandeling.GEWEIGERD,
        f"only the regiehouder of {P} re-refers",
        (),
    ),
    (
        "herinstroom vervalt open check-ins en lost nazorgsignalen op",
        _stand(U, Fase.NAZORG, AFG),
        _kandidaat(
            Herinstroom(
                type="deelnemer.herinstroom",
                gemeld_op=NU,
                deelnemer=P,
                naar=Fase.ASSESSMENT,
                reden="terug in uitkering",
                besluit=BESLUIT_GEMEENTE,
            ),
            "gemeente-utrecht",
            U.id,
        ),
        Afhandeling.GEACCEPTEERD,
        "herinstroom in assessment",
        (
            LaatCheckinsVervallen(),
            LosSignalenOp(
                (SignaalSoort.TERUGVAL, SignaalSoort.CHECKIN_GEMIST, SignaalSoort.STEUNVRAAG)
            ),
        ),
    ),
    (
        "een plaatsing naar nazorg plant de check-ins van Utrecht",
        _stand(U, Fase.PLAATSING),
        _kandidaat(
            _afgerond(Fase.PLAATSING, Fase.NAZORG),
            "werkgevers-utrecht",
            U.id,
            dossier=_dossier(PlaatsingNaarNazorg),
        ),
        Afhandeling.GEACCEPTEERD,
        "plaatsing afgerond",
        (
            PlanCheckins(
                "jobcoach-utrecht",
                date.fromisoformat(GELDIG[PlaatsingNaarNazorg]["startdatum"]),
                (1, 3, 6, 12, 24),
            ),
        ),
    ),
    (
        "een plaatsing naar nazorg plant de check-ins van Harderwijk",
        _stand(H, Fase.PLAATSING),
        _kandidaat(
            _afgerond(Fase.PLAATSING, Fase.NAZORG),
            "werkgevers-inburgeren-werkt",
            H.id,
            dossier=_dossier(PlaatsingNaarNazorg),
        ),
        Afhandeling.GEACCEPTEERD,
        "plaatsing afgerond",
        (
            PlanCheckins(
                "meerinzicht-nazorg",
                date.fromisoformat(GELDIG[PlaatsingNaarNazorg]["startdatum"]),
                (1, 3, 6, 12),
            ),
        ),
    ),
    (
        "afsluiten legt de uitkomst vast",
        _stand(U, Fase.NAZORG),
        _kandidaat(
            TrajectAfgesloten(
                type="traject.afgesloten", gemeld_op=NU, deelnemer=P, fase=Fase.NAZORG, dossier={}
            ),
            "jobcoach-utrecht",
            U.id,
            dossier=_dossier(Afsluiting),
        ),
        Afhandeling.GEACCEPTEERD,
        "afgesloten met uitkomst",
        (LegUitkomstVast(_dossier(Afsluiting).uitkomst),),
    ),
    (
        "een latere overdracht uit dezelfde fase vervangt de quarantaine",
        _stand(U, Fase.INSTROOM, met_quarantaine=True),
        _kandidaat(
            _afgerond(Fase.INSTROOM, Fase.ASSESSMENT),
            "gemeente-utrecht",
            U.id,
            dossier=_dossier(InstroomNaarAssessment),
        ),
        Afhandeling.GEACCEPTEERD,
        "instroom afgerond",
        (VervangQuarantaine(Fase.INSTROOM, "gemeente-utrecht/msg_1"),),
    ),
    (
        "Harderwijk: evaluatiemoment kiest de schoolroute",
        _stand(H, Fase.ONTWIKKELING),
        _kandidaat(
            _afgerond(Fase.ONTWIKKELING, Fase.VAKOPLEIDING, naar_partner="mbo-via-duo"),
            "taalaanbieder-voltijd",
            H.id,
        ),
        Afhandeling.GEACCEPTEERD,
        "ontwikkeling afgerond",
        (),
    ),
    (
        "Harderwijk: de job-taalcoach overslaan",
        _stand(H, Fase.ONTWIKKELING),
        _kandidaat(
            _afgerond(Fase.ONTWIKKELING, Fase.PLAATSING, beweging=Beweging.OVERSLAAN),
            "taalaanbieder-voltijd",
            H.id,
        ),
        Afhandeling.GEACCEPTEERD,
        "overslaan: ontwikkeling → plaatsing",
        (),
    ),
    (
        "start gemeld: het wachten is voorbij",
        _stand(U, Fase.ASSESSMENT),
        _kandidaat(GESTART, "assessment-utrecht", U.id),
        Afhandeling.GEACCEPTEERD,
        "assessment gestart op 2026-11-29",
        (
            RegistreerStart(date(2026, 11, 29)),
            LosSignalenOp(
                (SignaalSoort.WACHTEN,), partner=UTRECHT.inrichting(Fase.ASSESSMENT).partners[0]
            ),
        ),
    ),
    (
        "start al bekend",
        replace(
            _stand(U, Fase.ASSESSMENT),
            traject=TrajectStand(Fase.ASSESSMENT, ACT, "assessment-utrecht", start_gemeld=True),
        ),
        _kandidaat(GESTART, "assessment-utrecht", U.id),
        Afhandeling.GEACCEPTEERD,
        "start already known",
        (),
    ),
    (
        "een late start na eigen afronding",
        replace(
            _stand(U, Fase.ONTWIKKELING),
            traject=TrajectStand(
                Fase.ONTWIKKELING,
                ACT,
                "ontwikkeling-horeca-utrecht",
                afgerond=frozenset({("assessment-utrecht", "assessment")}),
            ),
        ),
        _kandidaat(GESTART, "assessment-utrecht", U.id),
        Afhandeling.GEACCEPTEERD,
        "start reported after that phase ended",
        (),
    ),
    (
        "een start van een andere partner",
        _stand(U, Fase.ONTWIKKELING),
        _kandidaat(GESTART, "assessment-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        "assessment-utrecht does not run",
        (),
    ),
    (
        "een check-in zonder vraag",
        _stand(U, Fase.NAZORG, AFG),
        _kandidaat(_checkin(), "jobcoach-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        f"no open check-in of month 3 for {P}",
        (),
    ),
    (
        "een check-in gevraagd aan een ander",
        _stand(U, Fase.NAZORG, AFG, open_checkins=(VRAAG,)),
        _kandidaat(_checkin(), "werkgevers-utrecht", U.id),
        Afhandeling.GEWEIGERD,
        "the check-in of month 3 was asked of jobcoach-utrecht",
        (),
    ),
    (
        "een check-in beantwoord",
        _stand(U, Fase.NAZORG, AFG, open_checkins=(VRAAG,)),
        _kandidaat(_checkin(), "jobcoach-utrecht", U.id),
        Afhandeling.GEACCEPTEERD,
        "check-in 3 mnd beantwoord",
        (
            LegAntwoordVast(
                31,
                {
                    "maand": 3,
                    "nog_in_dienst": True,
                    "uren_per_week": None,
                    "contract_gewijzigd": False,
                    "ondersteuning_nodig": False,
                    "terug_in_uitkering": False,
                },
            ),
            LosSignalenOp((SignaalSoort.STEUNVRAAG,)),
        ),
    ),
]


@pytest.mark.parametrize(
    ("naam", "stand", "k", "status", "reden", "gevolgen"),
    HANDGESCHREVEN,
    ids=[r[0] for r in HANDGESCHREVEN],
)
def test_de_paden_rond_het_programma(naam, stand, k, status, reden, gevolgen):
    b = beslis(stand, k, PROGRAMMAS, nu=NU)
    assert b.afhandeling == status and reden in b.reden
    # The referral a handoff opens or a start advances: tests/schemas/test_verwijzing.py.
    assert tuple(g for g in b.gevolgen if not isinstance(g, OpenVerwijzing | StartVerwijzing)) == (
        gevolgen
    )
    if status != Afhandeling.GEACCEPTEERD:
        assert [(x.ontvanger, x.bericht.soort, x.bericht.inhoud["reden"]) for x in b.berichten] == [
            (k.partner, "overdracht.geweigerd", b.reden)
        ]


def test_een_late_check_in_met_terugval_lost_de_escalatie_op_en_meldt_de_regiehouder():
    gemist = replace(VRAAG, status=CheckinStatus.GEMIST)
    b = beslis(
        _stand(U, Fase.NAZORG, AFG, open_checkins=(gemist,)),
        _kandidaat(_checkin(terug_in_uitkering=True), "jobcoach-utrecht", U.id),
        PROGRAMMAS,
        nu=NU,
    )
    soorten = [type(g).__name__ for g in b.gevolgen]
    assert soorten == [
        "LosSignalenOp",
        "LegAntwoordVast",
        "LosSignalenOp",
        "LegUitkomstVast",
        "GeefSignalen",
    ]
    assert b.gevolgen[0] == LosSignalenOp(
        (SignaalSoort.CHECKIN_GEMIST,), "check-in 3 mnd (traject 5)"
    )
    assert (
        b.gevolgen[3] == LegUitkomstVast(b.gevolgen[3].uitkomst, traject_id=5)
        and b.gevolgen[3].uitkomst.soort == "terug_in_uitkering"
    )
    signalen = b.gevolgen[4]
    assert isinstance(signalen, GeefSignalen) and signalen.regiehouder == "gemeente-utrecht"
    assert [(s.soort, s.niveau, s.deelnemer_id) for s in signalen.signalen] == [
        (SignaalSoort.TERUGVAL, "overschreden", 7)
    ]


def test_een_zet_die_een_eerder_bericht_kan_inhalen_wacht_en_wordt_daarna_geweigerd():
    gepauzeerd = _stand(U, Fase.ASSESSMENT, PAU)
    hervat = _kandidaat(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "assessment-utrecht", U.id)
    b = beslis(
        gepauzeerd,
        hervat,
        PROGRAMMAS,
        nu=NU + timedelta(seconds=10),
        volgorde_wacht=timedelta(minutes=5),
    )
    assert (b.afhandeling, b.opnieuw_na, b.vastleggen) == (
        Afhandeling.WACHT,
        timedelta(seconds=5),
        False,
    )
    laat = beslis(
        gepauzeerd,
        hervat,
        PROGRAMMAS,
        nu=NU + timedelta(minutes=6),
        volgorde_wacht=timedelta(minutes=5),
    )
    assert (laat.afhandeling, laat.reden) == (
        Afhandeling.GEWEIGERD,
        "doorstromen is not possible while the trajectory is gepauzeerd",
    )


def test_een_reeks_draagt_de_stand_mee_en_een_wachtende_zet_volgt_zijn_voorganger():
    """Referral, then a completion that overtook the resume it needs: in one batch all three move, in order."""
    aanmelding = replace(
        _kandidaat(
            AanmeldingKern(
                type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="z", programma=U.id
            ),
            "gemeente-utrecht",
            U.id,
        ),
        inbox_id=1,
    )
    afgerond = replace(
        _kandidaat(_afgerond(Fase.INSTROOM, Fase.ASSESSMENT), "gemeente-utrecht", U.id),
        inbox_id=2,
        webhook_id="msg_2",
    )
    pauze = replace(
        _kandidaat(
            Gepauzeerd(
                type="traject.gepauzeerd",
                gemeld_op=NU,
                deelnemer=P,
                fase=Fase.ASSESSMENT,
                reden="ziek",
            ),
            "assessment-utrecht",
            U.id,
        ),
        inbox_id=3,
    )
    verder = replace(
        _kandidaat(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "assessment-utrecht", U.id),
        inbox_id=4,
        webhook_id="msg_4",
    )
    hervat = replace(
        _kandidaat(
            Hervat(type="traject.hervat", gemeld_op=NU, deelnemer=P, fase=Fase.ASSESSMENT),
            "assessment-utrecht",
            U.id,
        ),
        inbox_id=5,
    )

    besloten = beslis_reeks(
        [aanmelding, afgerond, pauze, verder, hervat],
        {},
        PROGRAMMAS,
        nu=NU,
        volgorde_wacht=timedelta(minutes=5),
    )

    assert [(k.inbox_id, b.afhandeling) for k, b in besloten] == [
        (i, Afhandeling.GEACCEPTEERD) for i in (1, 2, 3, 5, 4)
    ]
    assert [b.grootboek.naar.fase for _, b in besloten] == [
        Fase.INSTROOM,
        Fase.ASSESSMENT,
        Fase.ASSESSMENT,
        Fase.ASSESSMENT,
        Fase.ONTWIKKELING,
    ]
    assert besloten[-1][1].grootboek.van.afgerond == frozenset(
        {("gemeente-utrecht", "instroom"), ("assessment-utrecht", "assessment")}
    )


def test_wat_aan_het_eind_nog_wacht_komt_als_laatste_terug():
    gepauzeerd = {P: _stand(U, Fase.ASSESSMENT, PAU)}
    verder = _kandidaat(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "assessment-utrecht", U.id)
    [(k, b)] = beslis_reeks(
        [verder], gepauzeerd, PROGRAMMAS, nu=NU, volgorde_wacht=timedelta(minutes=5)
    )
    assert k is verder and b.afhandeling == Afhandeling.WACHT


def test_de_beslissing_is_bevroren():
    b = beslis(
        None,
        _kandidaat(_afgerond(Fase.INSTROOM, Fase.ASSESSMENT), "gemeente-utrecht", U.id),
        PROGRAMMAS,
        nu=NU,
    )
    with pytest.raises(AttributeError):
        b.reden = "anders"
