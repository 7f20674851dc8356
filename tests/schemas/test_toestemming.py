"""The basis decision (schemas.toestemming): properties with hypothesis, and the shipped
programmes' bases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.toestemming import (
    INTREKKING,
    KENNISGEVING,
    ONDERZOEK,
    Basis,
    Grondslagen,
    Grondslagsoort,
    Registratie,
    basis_voor_bericht,
    grondslag_voor,
    moment,
)

BEGIN = datetime(2026, 1, 1, tzinfo=UTC)
WET = {"*": "Participatiewet art. 7 lid 1 onder a"}
ONTVANGERS = ("werkgevers-groningen", "iederz-instroomportaal", ONDERZOEK)

tijden = st.integers(min_value=0, max_value=10_000).map(lambda m: BEGIN + timedelta(minutes=m))


@st.composite
def ingetrokken_toestemmingen(draw: st.DrawFn) -> list[Registratie]:
    """Consents to any recipient, each withdrawn at some moment after it was given."""
    uit = []
    for _ in range(draw(st.integers(0, 6))):
        van = draw(tijden)
        tot = van + timedelta(minutes=draw(st.integers(0, 5_000)))
        uit.append(
            Registratie(
                draw(st.sampled_from(ONTVANGERS)),
                Grondslagsoort.TOESTEMMING,
                "mondeling",
                van,
                tot,
                "km",
            )
        )
    return uit


@given(ingetrokken_toestemmingen(), st.sampled_from(ONTVANGERS), st.integers(0, 5_000))
def test_a_withdrawal_never_yields_consent_after_its_moment(registraties, ontvanger, na):
    laatste = max((r.tot for r in registraties if r.tot), default=BEGIN)
    op = laatste + timedelta(minutes=na)
    for nodig in ((), ("werkgevers-groningen",)):
        basis = grondslag_voor(
            ontvanger=ontvanger,
            op=op,
            registraties=registraties,
            wettelijk=WET,
            toestemming_nodig=nodig,
        )
        assert basis is None or basis.soort != Grondslagsoort.TOESTEMMING


@given(ingetrokken_toestemmingen(), tijden)
def test_a_legal_task_is_not_stopped_by_a_consent_withdrawal(registraties, op):
    basis = grondslag_voor(
        ontvanger="iederz-instroomportaal",
        op=op,
        registraties=registraties,
        wettelijk=WET,
        toestemming_nodig=("werkgevers-groningen",),
    )
    assert basis is not None
    in_kracht = [
        r
        for r in registraties
        if r.ontvanger == "iederz-instroomportaal" and r.van <= op and (r.tot is None or op < r.tot)
    ]
    if not in_kracht:
        assert basis == Basis(Grondslagsoort.WETTELIJKE_TAAK, WET["*"])


@given(tijden, tijden)
def test_consent_holds_from_its_moment_until_its_withdrawal(van, op):
    r = Registratie(
        "werkgevers-groningen", Grondslagsoort.TOESTEMMING, "schriftelijk", van, None, "km"
    )
    basis = grondslag_voor(
        ontvanger="werkgevers-groningen",
        op=op,
        registraties=[r],
        wettelijk=WET,
        toestemming_nodig=("werkgevers-groningen",),
    )
    assert (basis is not None) == (op >= van)
    if basis is not None:
        assert str(basis) == "toestemming: schriftelijk"


def test_a_purpose_is_never_covered_by_the_star_and_a_withdrawal_notice_rests_on_art_19():
    assert grondslag_voor(ontvanger=ONDERZOEK, op=BEGIN, registraties=[], wettelijk=WET) is None
    g = Grondslagen(wettelijk=WET, toestemming=["werkgevers-groningen"])
    for soort in (INTREKKING,):
        basis = basis_voor_bericht(
            soort=soort, ontvanger="werkgevers-groningen", op=BEGIN, registraties=[], grondslagen=g
        )
        assert basis == KENNISGEVING and "AVG art. 19" in str(basis)
    assert (
        basis_voor_bericht(
            soort="traject.start",
            ontvanger="werkgevers-groningen",
            op=BEGIN,
            registraties=[],
            grondslagen=g,
        )
        is None
    )
    assert (
        basis_voor_bericht(
            soort="traject.start", ontvanger="x", op=BEGIN, registraties=[], grondslagen=None
        )
        is None
    ), "an unknown programme gives no basis"


def test_today_means_now_and_another_date_its_start():
    nu = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert moment(date(2026, 3, 2), nu) == nu
    assert moment(date(2026, 2, 1), nu) == datetime(2026, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "inhoud, fout",
    [
        ({"wettelijk": {"*": "x"}}, "name the law"),
        ({"wettelijk": {"a-b": "Wet"}, "toestemming": ["a-b"]}, "both"),
        ({"wettelijk": {}, "onbekend": 1}, "Extra inputs"),
    ],
)
def test_a_programmes_bases_are_checked(inhoud, fout):
    with pytest.raises(ValidationError, match=fout):
        Grondslagen.model_validate(inhoud)


def test_every_shipped_programme_covers_its_chain_and_only_named_recipients_need_consent(catalogus):
    for p in catalogus.programmas.values():
        partners = {x for f in p.fasen for x in f.partners}
        for partner in partners - set(p.grondslagen.toestemming):
            basis = grondslag_voor(
                ontvanger=partner,
                op=BEGIN,
                registraties=[],
                wettelijk=p.grondslagen.wettelijk,
                toestemming_nodig=p.grondslagen.toestemming,
            )
            assert basis is not None and basis.soort == Grondslagsoort.WETTELIJKE_TAAK, (
                p.id,
                partner,
            )
    portaal = catalogus.programma("instroomportaal").grondslagen
    assert portaal.toestemming == ["werkgevers-groningen"]
    assert (
        catalogus.programma("duaal-drechtsteden")
        .grondslagen.wettelijk["*"]
        .startswith("Wet inburgering 2021")
    )
