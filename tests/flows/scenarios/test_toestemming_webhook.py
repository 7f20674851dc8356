"""Consent from the gemeente's own system by webhook: `toestemming.vastgelegd` and
`toestemming.ingetrokken` through the real receiver and the inbox flow (schemas.toestemming_*)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from flows.verwerk_inbox import verwerk_inbox
from persistence import Overdracht, sessie
from persistence.tabellen_toestemming import Toestemming
from tests.flows.opvolging.hulp import alleen_sqlite, bsn

GEMEENTE, INTAKE = "gemeente-groningen", "iederz-instroomportaal-intake"
WERKGEVER = "werkgevers-groningen"


def _vastgelegd(p: str, **velden: Any) -> dict[str, Any]:
    return {
        "type": "toestemming.vastgelegd",
        "deelnemer": p,
        "ontvanger": WERKGEVER,
        "soort": "toestemming",
        "bron": "schriftelijk, bij de intake",
        "van": "2026-03-02",
    } | velden


def _ingetrokken(p: str, **velden: Any) -> dict[str, Any]:
    return {
        "type": "toestemming.ingetrokken",
        "deelnemer": p,
        "ontvanger": WERKGEVER,
        "op": "2026-04-01",
    } | velden


def _zonder(inhoud: dict[str, Any], veld: str) -> dict[str, Any]:
    return {k: v for k, v in inhoud.items() if k != veld}


def _register(keten) -> list[Toestemming]:
    with sessie(keten.engine) as s:
        return list(s.exec(select(Toestemming).order_by(col(Toestemming.id))))


@pytest.fixture
def deelnemer(keten) -> str:
    return str(keten.meld_aan("instroomportaal", bsn(4201)))


@alleen_sqlite
@pytest.mark.parametrize(
    "inhoud, veld",
    [
        (lambda p: _zonder(_vastgelegd(p), "soort"), "soort"),
        (lambda p: _zonder(_vastgelegd(p), "bron"), "bron"),
        (lambda p: _zonder(_vastgelegd(p), "van"), "van"),
        (lambda p: _vastgelegd(p, van="2 maart"), "van"),
        (lambda p: _vastgelegd(p, bron=""), "bron"),
        (lambda p: _vastgelegd(p, soort="wettelijke_verplichting"), "soort"),
        (lambda p: _vastgelegd(p, ontvanger="Werkgever Jansen"), "ontvanger"),
        (lambda p: _zonder(_ingetrokken(p), "op"), "op"),
        (lambda p: _ingetrokken(p, op="gisteren"), "op"),
    ],
)
def test_a_record_without_its_basis_or_date_is_a_422_naming_the_field(
    keten, deelnemer, inhoud, veld
):
    fout = keten.stuur(GEMEENTE, inhoud(deelnemer), verwacht=(422,))
    assert veld in {str(f["loc"][-1]) for f in fout["detail"]}, fout
    assert _register(keten) == []


@alleen_sqlite
def test_only_the_regiehouder_records_and_withdraws_for_a_recipient_of_the_chain(keten, deelnemer):
    nee = keten.stuur(INTAKE, _vastgelegd(deelnemer), verwacht=(403,))
    assert "regiehouder" in nee["detail"] or "not a participant" in nee["detail"]

    keten.stuur(GEMEENTE, _vastgelegd(deelnemer, ontvanger="werkgevers-utrecht"))
    verwerk_inbox(stil_na_s=0)
    with sessie(keten.engine) as s:
        geweigerd = s.exec(select(Overdracht).where(Overdracht.status == "geweigerd")).all()
    assert any("werkgevers-utrecht" in (o.reden or "") for o in geweigerd)
    assert _register(keten) == [], "a recipient outside the chain is refused whole"

    keten.stuur(GEMEENTE, _vastgelegd(deelnemer))
    keten.stuur(
        GEMEENTE, _vastgelegd(deelnemer, ontvanger="doel:onderzoek", bron="formulier onderzoek")
    )
    verwerk_inbox(stil_na_s=0)
    rijen = _register(keten)
    assert [(r.ontvanger, r.soort, r.bron, r.vastgelegd_door, r.tot) for r in rijen] == [
        (WERKGEVER, "toestemming", "schriftelijk, bij de intake", GEMEENTE, None),
        ("doel:onderzoek", "toestemming", "formulier onderzoek", GEMEENTE, None),
    ]
    assert rijen[0].van.date().isoformat() == "2026-03-02"

    keten.stuur(GEMEENTE, _ingetrokken(deelnemer))
    verwerk_inbox(stil_na_s=0)
    werkgever, onderzoek = _register(keten)
    assert werkgever.tot is not None and werkgever.tot.date().isoformat() == "2026-04-01"
    assert werkgever.ingetrokken_door == GEMEENTE
    assert onderzoek.tot is None, "a withdrawal concerns one recipient"
