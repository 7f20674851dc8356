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
from schemas.publicatie import per_slug
from settings import get_settings, laad_catalogus

MAP = Path(__file__).resolve().parents[1] / "fixtures" / "contracten"
BESTANDEN = sorted(MAP.glob("*.json"))


def test_elk_contract_heeft_opgeslagen_voorbeelden():
    opgeslagen = {p.stem.rsplit("-v", 1)[0] for p in BESTANDEN}
    assert opgeslagen == set(per_slug()), "store accepted examples for every contract version"
    assert len(BESTANDEN) == len(ALLE_CONTRACTEN)


@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.stem)
def test_opgeslagen_voorbeelden_blijven_geldig(poort: Poort, pad: Path):
    naam, versie = pad.stem.rsplit("-v", 1)
    contract = per_slug()[naam]
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
