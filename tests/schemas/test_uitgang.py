"""Exits, contract versions, interim outcomes and the stabilisation track, decided purely
(issue 10 b, item 2, j, k): no database, no Prefect, no HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.beslissen import beslis
from schemas.contracten import Afsluiting, AfsluitingV2, contract_voor, vervallen
from schemas.fase import Fase, TrajectStatus, UitkomstSoort
from schemas.gebeurtenissen import NazorgCheckin
from schemas.inlezen import lees_kandidaat
from schemas.opvolging import CheckinStatus
from schemas.overdracht import (
    Afhandeling,
    CheckinStand,
    DeelnemerStand,
    Kandidaat,
    LegUitkomstVast,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.publicatie import pad, per_slug
from schemas.sporen import fase_klok_loopt, spoor_van
from schemas.tussenuitkomst import RegistreerUitkomst, TussentijdseUitkomst
from schemas.uitgangen import Uitgang

PROGRAMMAS = {
    p.id: p
    for p in (
        Programma.model_validate(yaml.safe_load(bestand.read_text()))
        for bestand in sorted((Path(__file__).parents[2] / "config" / "programmas").glob("*.yaml"))
    )
}
H, U = PROGRAMMAS["harderwijk-voltijd-klantreis"], PROGRAMMAS["utrecht-bank-tot-baan"]
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
BESLUIT = {"reden": "vaste baan aangeboden", "rol": "trajectbegeleider", "persoon": "MW-10423"}
DUO = {"referentie": "DUO-inschrijving MBO-2", "bevestigd": True, "bevestigd_op": "2026-11-20"}


def _stand(
    p: Programma,
    fase: Fase,
    *,
    status: TrajectStatus = TrajectStatus.ACTIEF,
    weken: float = 20,
    **extra: Any,
) -> DeelnemerStand:
    sinds = NU - timedelta(weeks=weken)
    traject = TrajectStand(
        fase=fase,
        status=status,
        partner=p.inrichting(fase).partners[-1],
        fase_sinds=sinds,
        begonnen_op=sinds - timedelta(weeks=30),
    )
    return DeelnemerStand(
        pseudoniem=P,
        programma=p.id,
        regiehouder=p.inrichting(Fase.INSTROOM).partners[0],
        deelnemer_id=7,
        traject=traject,
        **extra,
    )


def _lees(
    p: Programma, partner: str, payload: dict[str, Any], ontvangen_op: datetime = NU
) -> Kandidaat:
    """Through the real reader: the event, its contract version and the dossier."""
    return lees_kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id="msg_1",
        type=payload["type"],
        pseudoniem=P,
        payload={"gemeld_op": NU.isoformat(), "deelnemer": P} | payload,
        ontvangen_op=ontvangen_op,
        programma_van={P: p.id},
    )


def _afsluiting(
    fase: Fase, uitkomst: dict[str, Any], bestemming: Any = None, versie: int | None = 2, **ev: Any
) -> dict[str, Any]:
    dossier: dict[str, Any] = {"uitkomst": uitkomst}
    if bestemming is not None:
        dossier["bestemming"] = bestemming
    kop = {"contract_versie": versie} if versie else {}
    return {"type": "traject.afgesloten", "fase": fase.value, "dossier": dossier, **kop, **ev}


SCHOOL = {"soort": "onderwijs", "datum": "2026-11-25", "mbo_niveau": 2}


# --- b. exits where the seeds exit ---


def test_school_via_duo_sluit_af_vanuit_de_schoolroute_zonder_plaatsing():
    stand = _stand(H, Fase.VAKOPLEIDING)
    k = _lees(H, "mbo-via-duo", _afsluiting(Fase.VAKOPLEIDING, SCHOOL, DUO))
    assert k.contract is AfsluitingV2 and k.weigering is None
    b = beslis(stand, k, PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None and b.grootboek.naar.status == TrajectStatus.AFGESLOTEN
    assert b.grootboek.naar.fase == Fase.VAKOPLEIDING
    assert "onderwijs vanuit vakopleiding" in b.reden and "bevestigd" in b.reden
    [gevolg] = b.gevolgen
    assert gevolg == RegistreerUitkomst(
        k.dossier.uitkomst,
        gemeld_door="mbo-via-duo",
        tussentijds=False,
        bestemming="DUO-inschrijving MBO-2",
        bevestigd=True,
    )
    [melding] = b.berichten
    assert (melding.ontvanger, melding.bericht.soort) == (
        "meerinzicht-klantmanager",
        "melding.afgesloten",
    )
    assert melding.bericht.inhoud["bestemming"]["bevestigd"] is True


def test_een_uitgang_die_het_programma_niet_kent_wordt_geweigerd_met_reden():
    stand = _stand(H, Fase.VAKOPLEIDING)
    werk = {"soort": "regulier_werk", "datum": "2026-11-25"}
    b = beslis(
        stand, _lees(H, "mbo-via-duo", _afsluiting(Fase.VAKOPLEIDING, werk)), PROGRAMMAS, nu=NU
    )
    assert b.afhandeling == Afhandeling.GEWEIGERD and b.grootboek is None and not b.gevolgen
    assert b.reden == (
        "harderwijk-voltijd-klantreis has no exit to regulier_werk from vakopleiding"
        " (exits from vakopleiding: onderwijs)"
    )
    assert [x.bericht.soort for x in b.berichten] == ["overdracht.geweigerd"]


@pytest.mark.parametrize(
    ("bestemming", "versie"),
    [
        (None, 2),
        ({"referentie": "DUO-aanmelding", "bevestigd": False}, 2),
        (None, None),  # v1 carries no destination at all
    ],
)
def test_een_uitgang_die_een_bevestigde_bestemming_vraagt_wordt_zonder_geweigerd(
    bestemming, versie
):
    stand = _stand(H, Fase.ONTWIKKELING)
    k = _lees(
        H, "taalaanbieder-deeltijd", _afsluiting(Fase.ONTWIKKELING, SCHOOL, bestemming, versie)
    )
    b = beslis(stand, k, PROGRAMMAS, nu=NU)
    assert (b.afhandeling, b.grootboek, b.gevolgen) == (Afhandeling.GEWEIGERD, None, ())
    assert "needs a confirmed destination" in b.reden


def test_een_minimumverblijf_wordt_alleen_met_besluit_overschreden():
    # Utrecht: school from vakopleiding after at least 8 weeks there (a choice in the YAML)
    kort = _stand(U, Fase.VAKOPLEIDING, weken=3)
    zonder = _lees(U, "vakopleiding-utrecht", _afsluiting(Fase.VAKOPLEIDING, SCHOOL, DUO))
    b = beslis(kort, zonder, PROGRAMMAS, nu=NU)
    assert (b.afhandeling, b.grootboek) == (Afhandeling.GEWEIGERD, None)
    assert "21 days in vakopleiding, minimum 8 weeks" in b.reden and "besluit" in b.reden

    met = _lees(
        U, "vakopleiding-utrecht", _afsluiting(Fase.VAKOPLEIDING, SCHOOL, DUO, besluit=BESLUIT)
    )
    b = beslis(kort, met, PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and b.grootboek is not None
    assert (
        "minimum stay overridden by trajectbegeleider: vaste baan aangeboden" in b.grootboek.reden
    )
    assert b.grootboek.verantwoording is not None

    lang = _stand(U, Fase.VAKOPLEIDING, weken=9)
    assert beslis(lang, zonder, PROGRAMMAS, nu=NU).afhandeling == Afhandeling.GEACCEPTEERD


def test_de_fase_eigen_minimum_telt_voor_een_uitgang_en_een_nieuwe_fase_in_de_batch_telt_als_nul():
    p = U.model_copy(
        update={
            "fasen": [
                f.model_copy(update={"min_weken": 6}) if f.fase == Fase.VAKOPLEIDING else f
                for f in U.fasen
            ]
        }
    )
    werkfit = {"soort": "werkfit", "datum": "2026-11-25"}
    stand = _stand(p, Fase.VAKOPLEIDING, weken=5)
    k = _lees(p, "vakopleiding-utrecht", _afsluiting(Fase.VAKOPLEIDING, werkfit, DUO))
    assert beslis(stand, k, {p.id: p}, nu=NU).afhandeling == Afhandeling.GEWEIGERD
    assert beslis(_stand(p, Fase.VAKOPLEIDING, weken=7), k, {p.id: p}, nu=NU).afhandeling == (
        Afhandeling.GEACCEPTEERD
    )


def test_sluiten_vanuit_de_laatste_fase_blijft_zoals_het_was():
    stand = _stand(U, Fase.NAZORG)
    werk = {"soort": "regulier_werk", "datum": "2026-11-25"}
    k = _lees(U, "jobcoach-utrecht", _afsluiting(Fase.NAZORG, werk, versie=None))
    b = beslis(stand, k, PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert b.gevolgen == (LegUitkomstVast(k.dossier.uitkomst),)
    assert [m.bericht.inhoud for m in b.berichten] == [
        {
            "uitkomst": {
                "soort": "regulier_werk",
                "datum": "2026-11-25",
                "mbo_niveau": None,
                "reden": None,
            }
        }
    ]


@pytest.mark.parametrize(
    ("uitgang", "melding"),
    [
        ({"uitkomst": "onderwijs", "vanuit": ["plaatsing"]}, "not in this programme"),
        ({"uitkomst": "uitval", "vanuit": ["instroom"]}, "uitval is not an exit"),
        ({"uitkomst": "onderwijs", "vanuit": []}, "uitgangen"),
    ],
)
def test_een_slecht_programmabestand_wordt_geweigerd_met_het_veld(uitgang, melding):
    ruw = H.model_dump(mode="json")
    ruw["fasen"] = [f for f in ruw["fasen"] if f["fase"] != "plaatsing"]
    ruw["overslaan"], ruw["terugplaatsen"] = [], []
    with pytest.raises(ValidationError, match=melding):
        Programma.model_validate(ruw | {"uitgangen": [uitgang]})


def test_dubbele_uitgang_wordt_geweigerd():
    dubbel = [Uitgang(uitkomst=UitkomstSoort.ONDERWIJS, vanuit=[Fase.ONTWIKKELING])] * 2
    with pytest.raises(ValidationError, match="listed twice"):
        Programma.model_validate(H.model_dump() | {"uitgangen": dubbel})


# --- item 2: contract versions with a transition window ---


def test_v1_in_het_venster_aanvaard_en_erna_geweigerd_met_contract_en_einddatum():
    einde = Afsluiting.GELDIG_TOT
    assert einde is not None and AfsluitingV2.GELDIG_TOT is None
    werk = {"soort": "regulier_werk", "datum": "2026-11-25"}
    payload = _afsluiting(Fase.NAZORG, werk, versie=None)
    binnen = _lees(
        U, "jobcoach-utrecht", payload, datetime.combine(einde, datetime.min.time(), UTC)
    )
    assert (binnen.contract, binnen.weigering) == (Afsluiting, None)
    assert beslis(_stand(U, Fase.NAZORG), binnen, PROGRAMMAS, nu=NU).afhandeling == (
        Afhandeling.GEACCEPTEERD
    )
    na = _lees(
        U,
        "jobcoach-utrecht",
        payload,
        datetime.combine(einde + timedelta(days=1), datetime.min.time(), UTC),
    )
    assert na.weigering == (
        "contract nazorg→afgesloten v1 was accepted until 2027-06-30; send nazorg→afgesloten v2"
    )
    b = beslis(_stand(U, Fase.NAZORG), na, PROGRAMMAS, nu=NU)
    assert (b.afhandeling, b.reden, b.grootboek) == (Afhandeling.GEWEIGERD, na.weigering, None)
    v2 = _lees(U, "jobcoach-utrecht", _afsluiting(Fase.NAZORG, werk), na.ontvangen_op)
    assert (v2.contract, v2.weigering) == (AfsluitingV2, None)


def test_een_onbekende_versie_wordt_geweigerd_met_de_bekende_versies():
    k = _lees(U, "jobcoach-utrecht", _afsluiting(Fase.NAZORG, SCHOOL, versie=3))
    assert k.weigering == "contract nazorg→afgesloten has no version 3: versions [1, 2]"


def test_beide_versies_staan_naast_elkaar_gepubliceerd():
    assert contract_voor(Fase.NAZORG, None) is Afsluiting
    assert contract_voor(Fase.VAKOPLEIDING, None, 2) is AfsluitingV2
    assert contract_voor(Fase.NAZORG, Fase.NAZORG, 2) is None
    assert per_slug()["nazorg-naar-afgesloten"] is AfsluitingV2
    assert per_slug()["nazorg-naar-afgesloten-v1"] is Afsluiting
    assert (pad(Afsluiting), pad(AfsluitingV2)) == (
        "nazorg-naar-afgesloten-v1",
        "nazorg-naar-afgesloten",
    )
    assert vervallen(AfsluitingV2, date(2099, 1, 1)) is None


@settings(max_examples=150, deadline=None)
@given(
    versie=st.one_of(st.none(), st.integers(min_value=-5, max_value=120)),
    referentie=st.text(max_size=90),
    bevestigd=st.one_of(st.booleans(), st.integers(), st.text(max_size=3)),
)
def test_het_lezen_van_een_afsluiting_geeft_een_dossier_of_een_reden(versie, referentie, bevestigd):
    payload = _afsluiting(
        Fase.NAZORG, SCHOOL, {"referentie": referentie, "bevestigd": bevestigd}, versie=None
    )
    if versie is not None:
        payload["contract_versie"] = versie
    k = _lees(U, "jobcoach-utrecht", payload)
    assert (k.dossier is not None) != bool(k.weigering or k.bevindingen)
    if k.dossier is not None:
        assert isinstance(k.dossier, AfsluitingV2) and k.contract is AfsluitingV2


# --- j. interim outcomes ---


def _gemeld(uitkomst: dict[str, Any]) -> dict[str, Any]:
    return {"type": "uitkomst.gemeld", "uitkomst": uitkomst}


STAGE = {"soort": "stage", "datum": "2026-11-20"}


def test_een_tussentijdse_uitkomst_wordt_vastgelegd_en_het_traject_loopt_door():
    stand = _stand(U, Fase.ONTWIKKELING)
    partner = stand.traject.partner
    b = beslis(stand, _lees(U, partner, _gemeld(STAGE)), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and b.grootboek is None and not b.vastleggen
    [gevolg] = b.gevolgen
    assert isinstance(gevolg, RegistreerUitkomst) and gevolg.tussentijds
    assert (gevolg.uitkomst.soort, gevolg.gemeld_door) == (UitkomstSoort.STAGE, partner)
    [melding] = b.berichten
    assert (melding.ontvanger, melding.bericht.soort) == ("gemeente-utrecht", "melding.uitkomst")

    door_regiehouder = beslis(
        stand, _lees(U, "gemeente-utrecht", _gemeld(STAGE)), PROGRAMMAS, nu=NU
    )
    assert door_regiehouder.afhandeling == Afhandeling.GEACCEPTEERD
    assert not door_regiehouder.berichten  # the regiehouder needs no news of its own report


@pytest.mark.parametrize(
    ("stand", "partner", "uitkomst", "reden"),
    [
        (_stand(U, Fase.ONTWIKKELING), "werkgevers-utrecht", STAGE, "does not run"),
        (
            _stand(U, Fase.NAZORG, status=TrajectStatus.AFGESLOTEN),
            "jobcoach-utrecht",
            STAGE,
            "needs a running trajectory",
        ),
        (
            _stand(U, Fase.ONTWIKKELING),
            "ontwikkeling-facilitair-utrecht",
            {"soort": "stage", "datum": "2026-12-24"},
            "uitkomst.datum lies in the future",
        ),
    ],
)
def test_een_tussentijdse_uitkomst_wordt_geweigerd_met_reden(stand, partner, uitkomst, reden):
    b = beslis(stand, _lees(U, partner, _gemeld(uitkomst)), PROGRAMMAS, nu=NU)
    assert (b.afhandeling, b.gevolgen) == (Afhandeling.GEWEIGERD, ())
    assert reden in b.reden


def test_uitval_en_vrijstelling_zijn_geen_tussentijdse_uitkomst():
    for soort in ("uitval", "vrijstelling", "terug_in_uitkering"):
        with pytest.raises(ValidationError):
            TussentijdseUitkomst.model_validate(
                {"soort": soort, "datum": "2026-11-01", "reden": "motivatie"}
            )


def test_een_checkin_met_een_nieuwe_uitkomst_legt_die_vast():
    vraag = CheckinStand(
        id=31, traject_id=5, maand=12, partner="jobcoach-utrecht", status=CheckinStatus.GEVRAAGD
    )
    stand = _stand(U, Fase.NAZORG, open_checkins=(vraag,))
    g = NazorgCheckin(
        type="nazorg.checkin",
        gemeld_op=NU,
        deelnemer=P,
        maand=12,
        nog_in_dienst=False,
        nieuwe_uitkomst=TussentijdseUitkomst(
            soort=UitkomstSoort.ONDERWIJS, datum=date(2026, 11, 1), mbo_niveau=2
        ),
    )
    k = _lees(U, "jobcoach-utrecht", g.model_dump(mode="json"))
    b = beslis(stand, k, PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and "nieuwe uitkomst onderwijs" in b.reden
    [nieuw] = [x for x in b.gevolgen if isinstance(x, RegistreerUitkomst)]
    assert (nieuw.uitkomst.soort, nieuw.traject_id, nieuw.tussentijds) == (
        UitkomstSoort.ONDERWIJS,
        5,
        True,
    )


@settings(max_examples=150, deadline=None)
@given(
    soort=st.sampled_from([s.value for s in UitkomstSoort] + ["baan", ""]),
    dag=st.integers(min_value=-400, max_value=400),
    niveau=st.one_of(st.none(), st.integers(min_value=-2, max_value=6)),
)
def test_het_lezen_van_een_gemelde_uitkomst_geeft_een_gebeurtenis_of_bevindingen(
    soort, dag, niveau
):
    uitkomst = {
        "soort": soort,
        "datum": (NU.date() + timedelta(days=dag)).isoformat(),
        "mbo_niveau": niveau,
    }
    k = _lees(U, "ontwikkeling-facilitair-utrecht", _gemeld(uitkomst))
    assert (k.gebeurtenis is None) == bool(k.bevindingen)
    if k.gebeurtenis is not None:
        b = beslis(_stand(U, Fase.ONTWIKKELING), k, PROGRAMMAS, nu=NU)
        verwacht = Afhandeling.GEACCEPTEERD if dag <= 0 else Afhandeling.GEWEIGERD
        assert b.afhandeling == verwacht


# --- k. a stabilisation track ---

DORDRECHT = Programma.model_validate(
    yaml.safe_load(
        (
            Path(__file__).parents[1]
            / "flows"
            / "casus"
            / "programmas"
            / "dordrecht-sporen-test.yaml"
        ).read_text()
    )
)


def test_het_spoor_volgt_de_partner_en_alleen_stabilisatie_zet_de_fasenklok_uit():
    spoor = spoor_van(DORDRECHT.sporen, "ontwikkeling-facilitair-utrecht")
    assert spoor is not None and spoor.naam == "stabilisatie"
    assert not fase_klok_loopt(DORDRECHT.sporen, "ontwikkeling-facilitair-utrecht")
    assert fase_klok_loopt(DORDRECHT.sporen, "ontwikkeling-horeca-utrecht")
    assert fase_klok_loopt(DORDRECHT.sporen, "werkgevers-utrecht")  # on no track: the normal clock
    assert fase_klok_loopt(U.sporen, "ontwikkeling-horeca-utrecht")


@pytest.mark.parametrize(
    ("sporen", "melding"),
    [
        ([{"naam": "x", "partners": ["bestaat-niet"]}], "partners not in this programme"),
        (
            [
                {"naam": "a", "partners": ["ontwikkeling-horeca-utrecht"]},
                {"naam": "b", "partners": ["ontwikkeling-horeca-utrecht"]},
            ],
            "partners on two tracks",
        ),
        (
            [
                {"naam": "a", "partners": ["ontwikkeling-horeca-utrecht"]},
                {"naam": "a", "partners": ["werkgevers-utrecht"]},
            ],
            "used twice",
        ),
        ([{"naam": "a", "partners": ["werkgevers-utrecht"], "succes": ["geluk"]}], "succes"),
    ],
)
def test_een_slecht_spoor_wordt_bij_het_laden_geweigerd(sporen, melding):
    with pytest.raises(ValidationError, match=melding):
        Programma.model_validate(DORDRECHT.model_dump(mode="json") | {"sporen": sporen})


VSO = Programma.model_validate(
    yaml.safe_load(
        (
            Path(__file__).parents[1] / "flows" / "casus" / "programmas" / "vso-uitstroom-test.yaml"
        ).read_text()
    )
)


@pytest.mark.parametrize("soort", ["dagbesteding", "beschut_werk", "vervolgvoorziening"])
def test_een_vso_leerling_verlaat_de_school_pas_met_een_bevestigde_vervolgvoorziening(soort):
    stand = _stand(VSO, Fase.PLAATSING)
    uitkomst = {"soort": soort, "datum": "2026-11-25"}
    plek = {"referentie": "beschut-werk-tractio", "bevestigd": True}
    zonder = _lees(VSO, "werkgevers-utrecht", _afsluiting(Fase.PLAATSING, uitkomst))
    met = _lees(VSO, "werkgevers-utrecht", _afsluiting(Fase.PLAATSING, uitkomst, plek))
    assert beslis(stand, zonder, {VSO.id: VSO}, nu=NU).afhandeling == Afhandeling.GEWEIGERD
    b = beslis(stand, met, {VSO.id: VSO}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert b.grootboek is not None and b.grootboek.naar.status == TrajectStatus.AFGESLOTEN


def test_een_minimum_in_het_traject_telt_vanaf_het_begin_van_de_episode():
    vrijwillig = {"soort": "vrijwilligerswerk", "datum": "2026-11-25"}
    k = _lees(VSO, "werkgevers-utrecht", _afsluiting(Fase.PLAATSING, vrijwillig))
    kort = DeelnemerStand(
        pseudoniem=P,
        programma=VSO.id,
        regiehouder="gemeente-utrecht",
        traject=TrajectStand(
            fase=Fase.PLAATSING,
            status=TrajectStatus.ACTIEF,
            partner="werkgevers-utrecht",
            fase_sinds=NU - timedelta(weeks=2),
            begonnen_op=NU - timedelta(weeks=10),
        ),
    )
    b = beslis(kort, k, {VSO.id: VSO}, nu=NU)
    assert b.afhandeling == Afhandeling.GEWEIGERD
    assert "70 days in the trajectory, minimum 26 weeks" in b.reden
    assert beslis(_stand(VSO, Fase.PLAATSING), k, {VSO.id: VSO}, nu=NU).afhandeling == (
        Afhandeling.GEACCEPTEERD
    )
