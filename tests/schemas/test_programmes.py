"""Every allowed and every forbidden move of each shipped programme.

The expected tables below are written out by hand from the programme files' intent (seed 001,
seed 003); the test enumerates every (state, move, target) and compares with `Programma.beoordeel`.
"""

from __future__ import annotations

import itertools

import pytest
from pydantic import ValidationError

from schemas import Beweging, Fase, Programma, Toestand, TrajectStatus
from settings import get_settings, laad_catalogus

I, A, O, V, P, N = (
    Fase.INSTROOM,
    Fase.ASSESSMENT,
    Fase.ONTWIKKELING,
    Fase.VAKOPLEIDING,
    Fase.PLAATSING,
    Fase.NAZORG,
)
ACT, PAU, UIT, AFG = (
    TrajectStatus.ACTIEF,
    TrajectStatus.GEPAUZEERD,
    TrajectStatus.UITGEVALLEN,
    TrajectStatus.AFGESLOTEN,
)
B = Beweging

ALLE_STATEN = [(None, None)] + [(f, s) for f in Fase for s in TrajectStatus]
DOELEN = [None, *Fase]


def _verwacht(overslaan, terug, herinstroom, uitgangen=()):
    """Allowed (fase, status, move, target) with no partner given."""
    toegestaan = {(None, None, B.AANMELDEN, None), (None, None, B.AANMELDEN, I)}
    for huidig, volgende in zip(Fase, list(Fase)[1:], strict=False):
        toegestaan |= {(huidig, ACT, B.DOORSTROMEN, None), (huidig, ACT, B.DOORSTROMEN, volgende)}
    toegestaan |= {(van, ACT, B.OVERSLAAN, naar) for van, naar in overslaan}
    toegestaan |= {(van, ACT, B.TERUGPLAATSEN, naar) for van, naar in terug}
    for f in Fase:
        for doel in (None, f):
            toegestaan |= {(f, ACT, B.PAUZEREN, doel), (f, PAU, B.HERVATTEN, doel)}
            toegestaan |= {(f, ACT, B.UITVALLEN, doel), (f, PAU, B.UITVALLEN, doel)}
        for status in (UIT, AFG):
            toegestaan |= {(f, status, B.HERINSTROMEN, naar) for naar in herinstroom}
            toegestaan.add((f, status, B.HERINSTROMEN, None))
    for f in (N, *uitgangen):  # the last phase, and where the programme lists an exit (seed 001)
        toegestaan |= {(f, ACT, B.AFSLUITEN, None), (f, ACT, B.AFSLUITEN, f)}
    return toegestaan


VERWACHT = {
    "utrecht-bank-tot-baan": _verwacht(
        overslaan=[(A, V), (A, P)], terug=[(P, V), (P, O)], herinstroom=[I, A], uitgangen=[V]
    ),
    "harderwijk-voltijd-klantreis": _verwacht(
        overslaan=[(O, P)], terug=[(P, V)], herinstroom=[I], uitgangen=[O, V]
    ),
    # seed 000: from the portaal straight to an employer, or out by one of its "3 smaken"
    "instroomportaal": _verwacht(overslaan=[(O, P)], terug=[], herinstroom=[I], uitgangen=[O]),
}


@pytest.fixture(scope="module")
def programmas() -> dict[str, Programma]:
    return laad_catalogus(get_settings()).programmas


@pytest.mark.parametrize("programma_id", sorted(VERWACHT))
def test_elke_beweging_toegestaan_of_geweigerd(programmas, programma_id):
    programma = programmas[programma_id]
    gezien_toegestaan = set()
    for (fase, status), beweging, doel in itertools.product(ALLE_STATEN, Beweging, DOELEN):
        partner = programma.inrichting(fase).partners[0] if fase else None
        besluit = programma.beoordeel(
            Toestand(fase=fase, status=status, partner=partner), beweging, doel
        )
        sleutel = (fase, status, beweging, doel)
        assert besluit.toegestaan == (sleutel in VERWACHT[programma_id]), (sleutel, besluit.reden)
        if besluit.toegestaan:
            gezien_toegestaan.add(sleutel)
        else:
            assert besluit.reden, "a refusal always carries a reason"
    assert gezien_toegestaan == VERWACHT[programma_id]


@pytest.mark.parametrize(
    ("programma_id", "fase", "van_partner", "naar_partner", "toegestaan"),
    [
        (
            "utrecht-bank-tot-baan",
            O,
            "ontwikkeling-horeca-utrecht",
            "ontwikkeling-techniek-utrecht",
            True,
        ),
        (
            "utrecht-bank-tot-baan",
            O,
            "ontwikkeling-horeca-utrecht",
            "ontwikkeling-facilitair-utrecht",
            True,
        ),
        (
            "utrecht-bank-tot-baan",
            O,
            "ontwikkeling-horeca-utrecht",
            "ontwikkeling-horeca-utrecht",
            False,
        ),
        ("utrecht-bank-tot-baan", O, "ontwikkeling-horeca-utrecht", "vakopleiding-utrecht", False),
        (
            "utrecht-bank-tot-baan",
            V,
            "vakopleiding-utrecht",
            "ontwikkeling-techniek-utrecht",
            False,
        ),
        (
            "harderwijk-voltijd-klantreis",
            O,
            "taalaanbieder-voltijd",
            "taalaanbieder-deeltijd",
            True,
        ),
        ("harderwijk-voltijd-klantreis", V, "job-taalcoach", "mbo-via-duo", False),
    ],
)
def test_trackwissel_alleen_naar_andere_partner_van_dezelfde_fase(
    programmas, programma_id, fase, van_partner, naar_partner, toegestaan
):
    toestand = Toestand(fase=fase, status=ACT, partner=van_partner)
    besluit = programmas[programma_id].beoordeel(toestand, B.WISSELEN, partner=naar_partner)
    assert besluit.toegestaan is toegestaan, besluit.reden
    if toegestaan:
        assert (besluit.fase, besluit.partner, besluit.status) == (fase, naar_partner, ACT)


def test_evaluatiemoment_kiest_school_of_werk(programmas):
    harderwijk = programmas["harderwijk-voltijd-klantreis"]
    toestand = Toestand(fase=O, status=ACT, partner="taalaanbieder-voltijd")
    assert harderwijk.beoordeel(toestand, B.DOORSTROMEN, V, "mbo-via-duo").partner == "mbo-via-duo"
    assert harderwijk.beoordeel(toestand, B.DOORSTROMEN, V).partner == "job-taalcoach"
    assert not harderwijk.beoordeel(
        toestand, B.DOORSTROMEN, V, "werkgevers-inburgeren-werkt"
    ).toegestaan


def test_programma_met_sprong_achteruit_als_overslaan_wordt_geweigerd(programmas):
    ruw = programmas["utrecht-bank-tot-baan"].model_dump()
    ruw["overslaan"] = [{"van": "plaatsing", "naar": "assessment"}]
    with pytest.raises(ValidationError, match="skip must pass over"):
        Programma.model_validate(ruw)


def test_programma_met_fasen_buiten_volgorde_wordt_geweigerd(programmas):
    ruw = programmas["utrecht-bank-tot-baan"].model_dump()
    ruw["fasen"] = list(reversed(ruw["fasen"]))
    with pytest.raises(ValidationError, match="chain order"):
        Programma.model_validate(ruw)
