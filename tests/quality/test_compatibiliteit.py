"""Yesterday's valid handoffs stay valid: stored examples replayed against today's contracts and gate.

Each file in tests/fixtures/contracten holds dossiers that were accepted, with the day they were
accepted and the context the gate saw. A change to a contract's shape or rules that would refuse
one of them fails here; such a change needs a new contract version instead.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from quality import Poort
from schemas.contracten import ALLE_CONTRACTEN
from schemas.publicatie import per_slug, slug
from settings import get_settings, laad_catalogus

MAP = Path(__file__).resolve().parents[1] / "fixtures" / "contracten"
BESTANDEN = sorted(MAP.glob("*.json"))


def test_elk_contract_heeft_opgeslagen_voorbeelden():
    opgeslagen = {p.stem for p in BESTANDEN}
    verwacht = {f"{slug(c)}-v{c.VERSIE}" for c in ALLE_CONTRACTEN}
    assert opgeslagen == verwacht, "store accepted examples for every contract version"


@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.stem)
def test_opgeslagen_voorbeelden_blijven_geldig(poort: Poort, pad: Path):
    _, versie = pad.stem.rsplit("-v", 1)
    contract = per_slug()[pad.stem]  # every version by slug-vN
    assert int(versie) == contract.VERSIE
    catalogus = laad_catalogus(get_settings())
    voorbeelden = json.loads(pad.read_text())
    rijen = []
    for i, v in enumerate(voorbeelden):
        dossier = contract.model_validate(v["dossier"])
        rijen.append(
            {"deelnemer": f"p-{i}"}
            | dossier.kenmerken(
                vandaag=date.fromisoformat(v["geaccepteerd_op"]),
                programma=catalogus.programma(v["programma"]),
                vorige=v["vorige"],
            )
        )
    assert poort.keur(contract, rijen) == [[] for _ in voorbeelden]
