"""Closed-loop referrals (f), a new regiehouder (g) and other referrers (l) as pure decisions, and
their events at the door (hypothesis): no database, no Prefect, no HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from connectors.simulator.voorbeelden import GELDIG
from schemas.berichten import PartnerBericht
from schemas.beslissen import beslis
from schemas.contracten import AssessmentNaarOntwikkeling, Trackwissel, lees_dossier
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    AanmeldingKern,
    FaseAfgerond,
    FaseGestart,
    PartnerGebeurtenis,
    TrackGewisseld,
)
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    DeelnemerStand,
    GeefSignalen,
    Kandidaat,
    LosSignalenOp,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.reeks import beslis_reeks
from schemas.toegang import Betrokkenheid, weigering
from schemas.verantwoording import Rol, Verantwoording
from schemas.verwijzing import (
    AfwijsReden,
    Antwoord,
    BeantwoordVerwijzing,
    LegVerwijzerVast,
    OpenVerwijzing,
    RegiehouderGewisseld,
    StartVerwijzing,
    VerwijzingBeantwoord,
    Verwijzingsregels,
    VerwijzingStand,
    VerwijzingStatus,
    WisselRegiehouder,
    WisselSoort,
)
from schemas.verwijzing_beslissen import open_verwijzingen
from tests.beslisser import BESLUIT_GEMEENTE

PROGRAMMAS = {
    p.id: p
    for p in (
        Programma.model_validate(yaml.safe_load(bestand.read_text()))
        for bestand in sorted((Path(__file__).parents[2] / "config" / "programmas").glob("*.yaml"))
    )
}
UTRECHT = PROGRAMMAS["utrecht-bank-tot-baan"]
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
GEMEENTE, PW = "gemeente-utrecht", "gemeente-utrecht-participatiewet"
HORECA, TECHNIEK, FACILITAIR = (
    "ontwikkeling-horeca-utrecht",
    "ontwikkeling-techniek-utrecht",
    "ontwikkeling-facilitair-utrecht",
)
OW = Fase.ONTWIKKELING
BESLUIT = Verantwoording(reden="vrijstelling inburgering", rol=Rol.REGIEHOUDER, persoon="MW-10423")


def _stand(
    status: VerwijzingStatus = VerwijzingStatus.AANGEVRAAGD,
    afgewezen_door: frozenset[str] = frozenset(),
    partner: str = HORECA,
) -> DeelnemerStand:
    return DeelnemerStand(
        pseudoniem=P,
        programma=UTRECHT.id,
        regiehouder=GEMEENTE,
        deelnemer_id=7,
        traject=TrajectStand(fase=OW, status=TrajectStatus.ACTIEF, partner=partner),
        verwijzing=VerwijzingStand(1, OW, partner, status, afgewezen_door),
    )


def _k(g: Any, partner: str, dossier: Any = None) -> Kandidaat:
    return Kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id="msg_1",
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=UTRECHT.id,
        dossier=dossier,
    )


def _antwoord(antwoord: Antwoord, **velden: Any) -> VerwijzingBeantwoord:
    return VerwijzingBeantwoord(
        type="verwijzing.beantwoord",
        gemeld_op=NU,
        deelnemer=P,
        fase=OW,
        antwoord=antwoord,
        **velden,
    )


def _wissel(naar_partner: str) -> tuple[TrackGewisseld, Any]:
    dossier = GELDIG[Trackwissel]
    g = TrackGewisseld(
        type="traject.gewisseld",
        gemeld_op=NU,
        deelnemer=P,
        fase=OW,
        naar_partner=naar_partner,
        besluit=BESLUIT_GEMEENTE,  # the regiehouder's pick is a decision (issue 10 e)
        dossier=dossier,
    )
    return g, lees_dossier(OW, OW, dossier)


def _beslis(stand: DeelnemerStand | None, k: Kandidaat):
    return beslis(stand, k, PROGRAMMAS, nu=NU)


# f. Closed-loop referrals


def test_een_overdracht_opent_een_verwijzing_naar_de_volgende_partner():
    stand = DeelnemerStand(
        pseudoniem=P,
        programma=UTRECHT.id,
        regiehouder=GEMEENTE,
        deelnemer_id=7,
        traject=TrajectStand(Fase.ASSESSMENT, TrajectStatus.ACTIEF, "assessment-utrecht"),
    )
    dossier = GELDIG[AssessmentNaarOntwikkeling]
    g = FaseAfgerond(
        type="fase.afgerond",
        gemeld_op=NU,
        deelnemer=P,
        fase=Fase.ASSESSMENT,
        naar=OW,
        dossier=dossier,
    )
    b = _beslis(stand, _k(g, "assessment-utrecht", lees_dossier(Fase.ASSESSMENT, OW, dossier)))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert OpenVerwijzing(OW, HORECA, "assessment-utrecht") in b.gevolgen


def test_een_aanmelding_door_de_gemeente_opent_geen_verwijzing_naar_zichzelf():
    g = AanmeldingKern(
        type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="U-1", programma=UTRECHT.id
    )
    b = _beslis(None, _k(g, GEMEENTE))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert not [x for x in b.gevolgen if isinstance(x, OpenVerwijzing)]


def test_afwijzing_meldt_de_regiehouder_met_vlag_en_de_overige_partners():
    b = _beslis(_stand(), _k(_antwoord(Antwoord.AFGEWEZEN, reden="geen_capaciteit"), HORECA))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and not b.vastleggen
    [bericht] = b.berichten
    assert bericht.ontvanger == GEMEENTE and bericht.bericht.soort == "verwijzing.antwoord"
    assert bericht.bericht.inhoud["kies_uit"] == [TECHNIEK, FACILITAIR]
    [vlag] = next(g for g in b.gevolgen if isinstance(g, GeefSignalen)).signalen
    assert (vlag.soort, vlag.partner) == (SignaalSoort.VERWIJZING_AFGEWEZEN, GEMEENTE)
    antwoord = next(g for g in b.gevolgen if isinstance(g, BeantwoordVerwijzing))
    assert (antwoord.status, antwoord.reden) == (
        VerwijzingStatus.AFGEWEZEN,
        AfwijsReden.GEEN_CAPACITEIT,
    )


def test_wachtlijst_en_acceptatie():
    verwacht = date(2027, 1, 4)
    b = _beslis(_stand(), _k(_antwoord(Antwoord.WACHTLIJST, verwachte_start=verwacht), HORECA))
    [antwoord] = b.gevolgen
    assert antwoord == BeantwoordVerwijzing(
        OW, HORECA, VerwijzingStatus.WACHTLIJST, None, verwacht, None
    )
    assert b.berichten[0].bericht.inhoud["verwachte_start"] == "2027-01-04"
    b = _beslis(_stand(VerwijzingStatus.WACHTLIJST), _k(_antwoord(Antwoord.GEACCEPTEERD), HORECA))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and not b.berichten
    assert b.gevolgen[0].status == VerwijzingStatus.GEACCEPTEERD


@pytest.mark.parametrize(
    ("stand", "partner", "antwoord", "reden"),
    [
        (_stand(VerwijzingStatus.GEACCEPTEERD), HORECA, Antwoord.GEACCEPTEERD, "not open"),
        (_stand(VerwijzingStatus.AFGEWEZEN), HORECA, Antwoord.GEACCEPTEERD, "not open"),
        (_stand(VerwijzingStatus.GESTART), HORECA, Antwoord.GEACCEPTEERD, "not open"),
        (_stand(VerwijzingStatus.WACHTLIJST), HORECA, Antwoord.WACHTLIJST, "wachtlijst already"),
        (_stand(), TECHNIEK, Antwoord.GEACCEPTEERD, "no referral"),
    ],
)
def test_een_antwoord_op_een_verwijzing_die_niet_open_is_wordt_geweigerd(
    stand, partner, antwoord, reden
):
    extra = {"verwachte_start": date(2027, 1, 4)} if antwoord == Antwoord.WACHTLIJST else {}
    b = _beslis(stand, _k(_antwoord(antwoord, **extra), partner))
    assert b.afhandeling == Afhandeling.GEWEIGERD and reden in b.reden
    assert not b.gevolgen and b.berichten[0].bericht.soort == "overdracht.geweigerd"


def test_alleen_de_partner_van_de_verwijzing_beantwoordt_aan_de_deur():
    betrokken = Betrokkenheid(regiehouder=GEMEENTE, fase=OW.value, partner=HORECA)
    g = _antwoord(Antwoord.GEACCEPTEERD)
    assert weigering(HORECA, g, betrokken) is None
    assert weigering(TECHNIEK, g, betrokken) is not None
    assert weigering(GEMEENTE, g, betrokken) is not None


def test_de_regiehouder_kiest_een_andere_partner_van_de_fase_na_een_afwijzing():
    g, dossier = _wissel(TECHNIEK)
    stand = _stand(VerwijzingStatus.AFGEWEZEN)
    b = _beslis(stand, _k(g, GEMEENTE, dossier))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek.beweging == Beweging.WISSELEN and b.grootboek.naar.partner == TECHNIEK
    assert [(x.ontvanger, x.bericht.soort) for x in b.berichten] == [(TECHNIEK, "traject.start")]
    assert OpenVerwijzing(OW, TECHNIEK) in b.gevolgen
    assert LosSignalenOp((SignaalSoort.VERWIJZING_AFGEWEZEN,)) in b.gevolgen


@pytest.mark.parametrize(
    ("stand", "naar", "reden"),
    [
        (_stand(VerwijzingStatus.AFGEWEZEN), HORECA, "declined this referral"),
        (
            _stand(VerwijzingStatus.AFGEWEZEN, frozenset({TECHNIEK})),
            TECHNIEK,
            "declined this referral",
        ),
        (_stand(VerwijzingStatus.AFGEWEZEN), "vakopleiding-utrecht", "runs no ontwikkeling"),
        (_stand(VerwijzingStatus.AANGEVRAAGD), TECHNIEK, "only after a decline"),
    ],
)
def test_een_keuze_buiten_de_fase_of_van_de_afwijzer_wordt_geweigerd(stand, naar, reden):
    g, dossier = _wissel(naar)
    b = _beslis(stand, _k(g, GEMEENTE, dossier))
    assert b.afhandeling == Afhandeling.GEWEIGERD and reden in b.reden
    assert b.grootboek is None


def test_fase_gestart_zet_de_verwijzing_in_uitvoering():
    g = FaseGestart(
        type="fase.gestart", gemeld_op=NU, deelnemer=P, fase=OW, gestart_op=date(2026, 11, 29)
    )
    b = _beslis(_stand(VerwijzingStatus.WACHTLIJST), _k(g, HORECA))
    assert StartVerwijzing(OW, HORECA, date(2026, 11, 29)) in b.gevolgen


def test_in_een_batch_volgt_de_keuze_op_de_afwijzing():
    afwijzing = _k(_antwoord(Antwoord.AFGEWEZEN, reden="niet_passend"), HORECA)
    g, dossier = _wissel(TECHNIEK)
    keuze = Kandidaat(**{**_k(g, GEMEENTE, dossier).__dict__, "inbox_id": 2})
    besloten = beslis_reeks([afwijzing, keuze], {P: _stand()}, PROGRAMMAS, nu=NU)
    assert [b.afhandeling for _, b in besloten] == [Afhandeling.GEACCEPTEERD] * 2


# g. A new regiehouder without closing


def _regie(naar: str, partner: str = GEMEENTE) -> Kandidaat:
    g = RegiehouderGewisseld(
        type="regiehouder.gewisseld",
        gemeld_op=NU,
        deelnemer=P,
        naar_regiehouder=naar,
        soort=WisselSoort.REGIMEWISSEL,
        besluit=BESLUIT,
    )
    return _k(g, partner)


def test_een_regimewissel_houdt_het_traject_en_wisselt_de_regiehouder():
    stand = _stand()
    b = _beslis(stand, _regie(PW))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and b.grootboek is None
    assert b.gevolgen == (WisselRegiehouder(GEMEENTE, PW, WisselSoort.REGIMEWISSEL, BESLUIT),)
    [overdracht] = b.berichten
    assert overdracht.ontvanger == PW and overdracht.bericht.inhoud["partner"] == HORECA
    # the next event in the batch sees the new regiehouder: the old one no longer re-picks
    besloten = beslis_reeks(
        [_regie(PW), Kandidaat(**{**_regie(GEMEENTE, PW).__dict__, "inbox_id": 2})],
        {P: stand},
        PROGRAMMAS,
        nu=NU,
    )
    assert [b.afhandeling for _, b in besloten] == [Afhandeling.GEACCEPTEERD] * 2


@pytest.mark.parametrize(
    ("naar", "partner", "reden"),
    [
        (HORECA, GEMEENTE, "is not a regiehouder of"),
        (GEMEENTE, GEMEENTE, "holds the regie already"),
        (PW, "gemeente-amersfoort", "only the regiehouder"),
    ],
)
def test_een_regiewissel_die_niet_mag_wordt_geweigerd(naar, partner, reden):
    b = _beslis(_stand(), _regie(naar, partner))
    assert b.afhandeling == Afhandeling.GEWEIGERD and reden in b.reden and not b.gevolgen


def test_aan_de_deur_wisselt_alleen_de_regiehouder():
    betrokken = Betrokkenheid(regiehouder=GEMEENTE, fase=OW.value, partner=HORECA)
    g = _regie(PW).gebeurtenis
    assert weigering(GEMEENTE, g, betrokken) is None
    # a partner is refused: it may not decide as regiehouder (the account), nor hand the case over
    assert "regiehouder" in (weigering(HORECA, g, betrokken) or "")
    na = Betrokkenheid(regiehouder=PW, fase=OW.value, partner=HORECA)
    assert weigering(GEMEENTE, g, na) is not None and weigering(PW, g, na) is None


def test_een_regiewissel_zonder_besluit_of_met_een_andere_rol_is_ongeldig():
    kern = {
        "type": "regiehouder.gewisseld",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "naar_regiehouder": PW,
        "soort": "verhuizing",
    }
    with pytest.raises(ValidationError, match="besluit"):
        TypeAdapter(PartnerGebeurtenis).validate_python(kern)
    docent = BESLUIT.model_dump() | {"rol": "docent"}
    with pytest.raises(ValidationError, match="besluit.rol"):
        TypeAdapter(PartnerGebeurtenis).validate_python(kern | {"besluit": docent})


# l. Other referrers


def test_een_school_die_het_programma_noemt_meldt_aan_en_de_gemeente_blijft_regiehouder():
    g = AanmeldingKern(
        type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="PRO-1", programma=UTRECHT.id
    )
    [(_, b)] = beslis_reeks([_k(g, "praktijkschool-utrecht")], {}, PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert b.grootboek.naar.partner == GEMEENTE
    assert LegVerwijzerVast("praktijkschool-utrecht", GEMEENTE) in b.gevolgen
    soorten = {(x.ontvanger, x.bericht.soort) for x in b.berichten}
    assert ("praktijkschool-utrecht", "verwijzing.uitkomst") in soorten


def test_een_verwijzer_die_het_programma_niet_noemt_wordt_geweigerd():
    g = AanmeldingKern(
        type="deelnemer.aangemeld", gemeld_op=NU, verwijzing_id="X-1", programma=UTRECHT.id
    )
    b = _beslis(None, _k(g, "vakopleiding-utrecht"))
    assert b.afhandeling == Afhandeling.GEWEIGERD and "does not refer into" in b.reden


def test_de_verwijzingsregels_worden_bij_het_laden_gecontroleerd():
    with pytest.raises(ValidationError, match="one of regiehouders"):
        Verwijzingsregels.model_validate(
            {"verwijzers": [{"partner": "school", "regiehouder": GEMEENTE}]}
        )
    regels = Verwijzingsregels.model_validate(
        {"verwijzers": [{"partner": "school", "regiehouder": "g"}], "regiehouders": ["g"]}
    )
    assert regels.fouten({"g": "opleiding"}) == [
        (("regiehouders", 0), "g is not a gemeente partner"),
        (("verwijzers", 0, "partner"), "unknown partner school"),
    ]


# The door: the new events parse into what they say, or are refused naming the field.

_DOOR: TypeAdapter[Any] = TypeAdapter(PartnerGebeurtenis)


@given(
    antwoord=st.sampled_from(list(Antwoord)),
    reden=st.none() | st.sampled_from(list(AfwijsReden)),
    start=st.none() | st.dates(),
    fase=st.sampled_from(list(Fase)),
)
def test_verwijzing_beantwoord_aan_de_deur(antwoord, reden, start, fase):
    body = {
        "type": "verwijzing.beantwoord",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "fase": fase.value,
        "antwoord": antwoord.value,
        "reden": reden.value if reden else None,
        "verwachte_start": start.isoformat() if start else None,
    }
    geldig = (reden is not None) == (antwoord == Antwoord.AFGEWEZEN) and (start is not None) == (
        antwoord == Antwoord.WACHTLIJST
    )
    try:
        g = _DOOR.validate_python(body)
    except ValidationError as exc:
        assert not geldig, exc
        return
    assert geldig and isinstance(g, VerwijzingBeantwoord)
    assert (g.antwoord, g.reden, g.verwachte_start) == (antwoord, reden, start)


@given(
    naar=st.text(max_size=80),
    soort=st.text(max_size=20) | st.sampled_from([s.value for s in WisselSoort]),
    rol=st.sampled_from([r.value for r in Rol]),
    persoon=st.sampled_from(["MW-10423", "Jan de Vries", "u-7f3a9c21"]),
)
def test_regiehouder_gewisseld_aan_de_deur(naar, soort, rol, persoon):
    body = {
        "type": "regiehouder.gewisseld",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "naar_regiehouder": naar,
        "soort": soort,
        "besluit": {"reden": "verhuist naar Amersfoort", "rol": rol, "persoon": persoon},
    }
    geldig = (
        1 <= len(naar) <= 64
        and soort in {s.value for s in WisselSoort}
        and rol in ("regiehouder", "ketenregisseur")
        and persoon != "Jan de Vries"
    )
    try:
        g = _DOOR.validate_python(body)
    except ValidationError:
        assert not geldig
        return
    assert geldig and isinstance(g, RegiehouderGewisseld) and g.naar_regiehouder == naar


def test_a_lane_start_opens_no_referral_so_the_main_lanes_stays_open() -> None:
    """Referrals are the main lane's: a lane's traject.start (it carries `baan`) must not open one,
    or it would cancel the main lane's open referral and the main partner's answer would find none."""

    def start(ontvanger: str, **inhoud: str) -> Bericht:
        bericht = PartnerBericht(
            sleutel=f"s/{ontvanger}",
            soort="traject.start",
            deelnemer="KT-AAAAAAAAAA",
            programma="duaal-test",
            fase=Fase.ONTWIKKELING,
            inhoud=dict(inhoud),
        )
        return Bericht(ontvanger=ontvanger, bericht=bericht)

    berichten = (start("job-taalcoach"), start("taalaanbieder-voltijd", baan="taal"))
    assert open_verwijzingen("gemeente", berichten) == [
        OpenVerwijzing(Fase.ONTWIKKELING, "job-taalcoach", None)
    ]
