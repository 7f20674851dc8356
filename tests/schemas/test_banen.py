"""Parallel lanes as a pure decision: the programme's lanes, how each starts and ends, a lane move
decided against the lane's own phase table, and the part-time limit. No database, no Prefect."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schemas.banen import BaanStand
from schemas.beslissen import beslis
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    FaseAfgerond,
    FaseGestart,
    OpgeslagenGebeurtenis,
    PartnerGebeurtenis,
    TrackGewisseld,
    TrajectAfgesloten,
    Uitgevallen,
)
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    DeelnemerStand,
    Kandidaat,
    LosSignalenOp,
    RegistreerBaanStart,
    TrajectStand,
)
from schemas.programma import FaseInrichting, Programma
from schemas.reeks import beslis_reeks
from schemas.toegang import Betrokkenheid, kent, weigering
from tests.beslisser import BESLUIT

ROOT = Path(__file__).parents[2]
DUAAL = Programma.model_validate(
    yaml.safe_load((ROOT / "tests/fixtures/programmas/duaal-test.yaml").read_text())
)
HARDERWIJK = Programma.model_validate(
    yaml.safe_load((ROOT / "config/programmas/harderwijk-voltijd-klantreis.yaml").read_text())
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
GEMEENTE = "meerinzicht-klantmanager"
ACT = TrajectStatus.ACTIEF
TAAL = BaanStand("taal", Fase.ONTWIKKELING, ACT, "taalaanbieder-voltijd")


def _stand(fase: Fase = Fase.ASSESSMENT, *banen: BaanStand, status=ACT) -> DeelnemerStand:
    partner = DUAAL.inrichting(fase).partners[0]
    traject = TrajectStand(fase=fase, status=status, partner=partner, banen=banen)
    return DeelnemerStand(
        pseudoniem=P, programma=DUAAL.id, regiehouder=GEMEENTE, deelnemer_id=7, traject=traject
    )


def _k(g: Any, partner: str, dossier: Any = None, webhook_id: str = "msg_1") -> Kandidaat:
    return Kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id=webhook_id,
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=DUAAL.id,
        dossier=dossier,
    )


def _beslis(stand: DeelnemerStand, g: Any, partner: str):
    return beslis(stand, _k(g, partner), {DUAAL.id: DUAAL}, nu=NU)


KOP: dict[str, Any] = {"gemeld_op": NU, "deelnemer": P}


def test_entering_the_start_phase_starts_the_lane_with_its_own_ledger_entry_and_message():
    stand = _stand(Fase.INSTROOM)
    g = FaseAfgerond(type="fase.afgerond", fase="instroom", naar="assessment", dossier={}, **KOP)
    b = _beslis(stand, g, GEMEENTE)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None and b.grootboek.baan is None
    (lane,) = b.grootboek.banen
    assert (lane.baan, lane.beweging, lane.naar.fase, lane.naar.partner) == (
        "taal",
        Beweging.AANMELDEN,
        Fase.ONTWIKKELING,
        "taalaanbieder-voltijd",
    )
    assert b.grootboek.naar.banen == (TAAL,)
    ontvangers = {(m.ontvanger, m.bericht.inhoud.get("baan")) for m in b.berichten}
    assert ("taalaanbieder-voltijd", "taal") in ontvangers
    assert len({m.bericht.sleutel for m in b.berichten}) == len(b.berichten)


def test_a_lane_advances_on_its_own_phase_table_while_the_main_lane_stays():
    stand = _stand(Fase.ASSESSMENT, TAAL)
    g = FaseAfgerond(
        type="fase.afgerond",
        baan="taal",
        fase="ontwikkeling",
        naar="vakopleiding",
        dossier={},
        **KOP,
    )
    b = _beslis(stand, g, "taalaanbieder-voltijd")
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None and b.grootboek.baan == "taal"
    assert (b.grootboek.naar.fase, b.grootboek.naar.partner) == (Fase.VAKOPLEIDING, "mbo-via-duo")
    assert [m.ontvanger for m in b.berichten] == ["mbo-via-duo"]
    # the main lane did not move, the lane did
    ((_, b2),) = beslis_reeks(
        [_k(g, "taalaanbieder-voltijd")], {P: stand}, {DUAAL.id: DUAAL}, nu=NU
    )
    assert b2.afhandeling == Afhandeling.GEACCEPTEERD


def test_a_lane_move_its_phase_table_does_not_allow_is_refused_with_its_reason():
    stand = _stand(Fase.ASSESSMENT, TAAL)
    g = FaseAfgerond(
        type="fase.afgerond", baan="taal", fase="ontwikkeling", naar="plaatsing", dossier={}, **KOP
    )
    b = _beslis(stand, g, "taalaanbieder-voltijd")
    assert b.afhandeling == Afhandeling.GEWEIGERD
    assert "lane taal" in b.reden and "vakopleiding" in b.reden


def test_the_main_partner_may_not_act_on_the_lane_nor_the_lane_partner_on_the_main_lane():
    stand = _stand(Fase.ASSESSMENT, TAAL)
    op_baan = Uitgevallen(
        type="deelnemer.uitgevallen", baan="taal", fase="ontwikkeling", reden="motivatie", **KOP
    )
    b = _beslis(stand, op_baan, "participatiehuis-competensys")
    assert b.afhandeling == Afhandeling.GEWEIGERD and "lane taal" in b.reden
    hoofd = Uitgevallen(type="deelnemer.uitgevallen", fase="assessment", reden="motivatie", **KOP)
    b = _beslis(stand, hoofd, "taalaanbieder-voltijd")
    assert b.afhandeling == Afhandeling.GEWEIGERD and "current phase" in b.reden


def test_the_door_rule_knows_lane_partners():
    betrokken = Betrokkenheid(
        regiehouder=GEMEENTE,
        fase="assessment",
        partner="participatiehuis-competensys",
        banen=frozenset({("taal", "ontwikkeling", "taalaanbieder-voltijd")}),
    )
    assert kent("taalaanbieder-voltijd", betrokken)
    eigen = Uitgevallen(
        type="deelnemer.uitgevallen", baan="taal", fase="ontwikkeling", reden="motivatie", **KOP
    )
    assert weigering("taalaanbieder-voltijd", eigen, betrokken) is None
    assert "lane taal" in (weigering("participatiehuis-competensys", eigen, betrokken) or "")
    andere = Uitgevallen(
        type="deelnemer.uitgevallen",
        baan="participatie",
        fase="ontwikkeling",
        reden="motivatie",
        **KOP,
    )
    assert "no lane participatie" in (weigering("taalaanbieder-voltijd", andere, betrokken) or "")


def test_a_lane_dropout_ends_the_lane_not_the_trajectory():
    stand = _stand(Fase.ASSESSMENT, TAAL)
    g = Uitgevallen(
        type="deelnemer.uitgevallen", baan="taal", fase="ontwikkeling", reden="motivatie", **KOP
    )
    ((_, b),) = beslis_reeks([_k(g, "taalaanbieder-voltijd")], {P: stand}, {DUAAL.id: DUAAL}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert b.grootboek is not None and b.grootboek.naar.status == TrajectStatus.UITGEVALLEN
    assert [m.bericht.soort for m in b.berichten] == ["melding.uitval"]
    assert b.berichten[0].ontvanger == GEMEENTE


def test_a_lane_switch_and_its_start_report():
    stand = _stand(Fase.ASSESSMENT, TAAL)
    wissel = TrackGewisseld(
        type="traject.gewisseld",
        baan="taal",
        fase="ontwikkeling",
        naar_partner="taalaanbieder-deeltijd",
        besluit=BESLUIT,
        dossier={},
        **KOP,
    )
    start = FaseGestart(
        type="fase.gestart", baan="taal", fase="ontwikkeling", gestart_op=date(2026, 12, 1), **KOP
    )
    besloten = beslis_reeks(
        [_k(wissel, "taalaanbieder-voltijd"), _k(start, "taalaanbieder-deeltijd", webhook_id="m2")],
        {P: stand},
        {DUAAL.id: DUAAL},
        nu=NU,
    )
    assert [b.afhandeling for _, b in besloten] == [Afhandeling.GEACCEPTEERD] * 2
    assert besloten[1][1].gevolgen == (
        RegistreerBaanStart("taal", date(2026, 12, 1)),
        LosSignalenOp((SignaalSoort.WACHTEN,), partner="taalaanbieder-deeltijd"),
    )


def test_closing_the_trajectory_closes_a_sluit_mee_lane_and_waits_for_a_moet_klaar_lane():
    nazorg = _stand(Fase.NAZORG, TAAL)
    g = TrajectAfgesloten(type="traject.afgesloten", fase="nazorg", dossier={}, **KOP)
    b = _beslis(nazorg, g, "meerinzicht-nazorg")
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None
    assert [(r.baan, r.naar.status) for r in b.grootboek.banen] == [
        ("taal", TrajectStatus.AFGESLOTEN)
    ]
    participatie = BaanStand("participatie", Fase.ONTWIKKELING, ACT, "job-taalcoach")
    b = _beslis(_stand(Fase.NAZORG, TAAL, participatie), g, "meerinzicht-nazorg")
    assert b.afhandeling == Afhandeling.GEWEIGERD
    assert b.reden == "lane participatie must finish before the trajectory closes"


def test_the_regiehouder_starts_a_lane_on_request_and_nobody_else():
    g = TypeAdapter(OpgeslagenGebeurtenis).validate_python(
        {"type": "baan.gestart", "baan": "participatie", "gemeld_op": NU, "deelnemer": P}
    )
    b = _beslis(_stand(Fase.ASSESSMENT, TAAL), g, GEMEENTE)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None and b.grootboek.baan == "participatie"
    assert [m.ontvanger for m in b.berichten] == ["job-taalcoach"]
    assert _beslis(_stand(), g, "job-taalcoach").afhandeling == Afhandeling.GEWEIGERD
    taal = g.model_copy(update={"baan": "taal"})
    assert "not on request" in _beslis(_stand(), taal, GEMEENTE).reden


def test_lanes_that_may_not_run_together_do_not_start_together():
    data = yaml.safe_load((ROOT / "tests/fixtures/programmas/duaal-test.yaml").read_text())
    data["banen"][0]["samen_met"] = []
    los = Programma.model_validate(data)
    g = TypeAdapter(OpgeslagenGebeurtenis).validate_python(
        {"type": "baan.gestart", "baan": "participatie", "gemeld_op": NU, "deelnemer": P}
    )
    b = beslis(_stand(Fase.ASSESSMENT, TAAL), _k(g, GEMEENTE), {los.id: los}, nu=NU)
    assert b.afhandeling == Afhandeling.GEWEIGERD
    assert "may not run together with lane taal" in b.reden


def test_the_part_time_partner_has_its_own_limit():
    ontwikkeling = HARDERWIJK.inrichting(Fase.ONTWIKKELING)
    assert ontwikkeling.max_weken_voor("taalaanbieder-deeltijd") == 156
    assert ontwikkeling.max_weken_voor("taalaanbieder-voltijd") == 40


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        (lambda d: d["banen"][0].update(start_bij="vakopleiding"), "banen[0].start_bij"),
        (lambda d: d["banen"][0].update(samen_met=["werk"]), "banen[0].samen_met"),
        (lambda d: d["banen"][1].update(naam="taal"), "banen[1].naam"),
        (lambda d: d["banen"][0].update(naam="hoofd"), "naam"),
        (lambda d: d["banen"][0].update(start="verzoek"), "start_bij"),
        (
            lambda d: d["banen"][0]["fasen"][0].update(max_weken_per_partner={"onbekend": 9}),
            "max_weken_per_partner",
        ),
    ],
)
def test_a_bad_lane_configuration_is_refused_naming_the_field(wijziging, veld):
    data = yaml.safe_load((ROOT / "tests/fixtures/programmas/duaal-test.yaml").read_text())
    wijziging(data)
    with pytest.raises(ValidationError, match=veld.replace("[", r"\[").replace("]", r"\]")):
        Programma.model_validate(data)


def test_lane_phases_are_phase_configurations():
    assert isinstance(DUAAL.baan("taal").fasen[0], FaseInrichting)


_DEUR: TypeAdapter[Any] = TypeAdapter(PartnerGebeurtenis)


@given(baan=st.one_of(st.none(), st.text(max_size=50)))
def test_the_door_accepts_exactly_lane_names_of_the_pattern(baan):
    body = {
        "type": "traject.hervat",
        "deelnemer": P,
        "fase": "ontwikkeling",
        "gemeld_op": NU.isoformat(),
    } | ({} if baan is None else {"baan": baan})
    import re

    geldig = baan is None or re.fullmatch(r"[a-z][a-z0-9-]{0,39}", baan) is not None
    try:
        g = _DEUR.validate_python(body)
    except ValidationError as exc:
        assert not geldig
        assert exc.errors()[0]["loc"][-1] == "baan"
    else:
        assert geldig and g.baan == baan


@given(
    naam=st.text(max_size=12),
    start=st.sampled_from(["aanmelding", "fase", "verzoek", "x"]),
    start_bij=st.one_of(st.none(), st.sampled_from([f.value for f in Fase])),
)
def test_any_lane_config_loads_consistent_or_is_refused(naam, start, start_bij):
    data = yaml.safe_load((ROOT / "tests/fixtures/programmas/duaal-test.yaml").read_text())
    data["banen"] = [
        {
            "naam": naam,
            "start": start,
            "start_bij": start_bij,
            "fasen": [{"fase": "ontwikkeling", "partners": ["x"]}],
        }
    ]
    try:
        p = Programma.model_validate(data)
    except ValidationError:
        return
    (baan,) = p.banen
    assert baan.naam != "hoofd" and (baan.start == "fase") == (baan.start_bij is not None)
    assert baan.start_bij is None or baan.start_bij in p.fase_volgorde
