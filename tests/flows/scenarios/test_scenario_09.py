"""Scenario 9, stabilisation track (DOMAIN §8; seed 004, Dordrecht).

A participant with trauma and debts goes, after the Talentscan, to the stabilisation group
("vaak wat kwetsbaarder ... psychische zorg en hulp richting zelfredzaamheid"). Expect: no
placement clock; different success criteria; debt and health data visible only to the
regiehouder. Where the system discloses today: the PIP keeps the debt barrier's kind and status
in the database and in `keten status` (the regiehouder's tool), and no outbox message to any
partner carries it; health is no barrier kind at all (schemas.plan: those answers stay in the
regiehouder's own file), so a PIP naming it is refused at the door. Played on the shipped
programme duaal-drechtsteden.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from flows.opvolging import opvolging
from persistence import sessie, sporen
from persistence.tabellen import OutboxBericht
from tests.flows.opvolging.hulp import Keten, alleen_sqlite
from tests.flows.scenarios._duaal import (
    DRECHT,
    SDD,
    SPOOR,
    in_spoor,
    pip,
    plek,
    status,
    uitkomsten,
    verwerk,
)

BELEMMERINGEN = [{"soort": "schulden", "status": "in_behandeling"}]
STEUN = [{"soort": "schuldhulp"}, {"soort": "maatje", "partner": SPOOR["stabilisatie"]}]


@alleen_sqlite
def test_scenario_09_stabilisatie_zonder_plaatsingsklok_eigen_succes_en_schulden_alleen_bij_de_regie(
    keten: Keten,
):
    begin = keten.vandaag()
    kwetsbaar = in_spoor(
        keten, 901, "stabilisatie", belemmeringen=BELEMMERINGEN, ondersteuning=STEUN
    )
    gewoon = in_spoor(keten, 902, "participatie")

    # past the ontwikkeling limit of 52 weeks: only the participation track's clock runs out
    keten.naar(begin + timedelta(weeks=54))
    opvolging()
    te_lang = {s.pseudoniem for s in keten.signalen() if s.soort == "fase_te_lang"}
    assert te_lang == {gewoon}, "no placement clock on the stabilisation track"

    # its own success: "stabilisatie" counts on the stabilisation track, not on participation
    # (whose success is a stage, volunteering or work); a stage is no success here
    datum = (keten.vandaag() - timedelta(days=1)).isoformat()

    def meld(pseudoniem: str, partner: str, soort: str) -> dict[str, int]:
        uitkomst = {"soort": soort, "datum": datum}
        melding = {"type": "uitkomst.gemeld", "deelnemer": pseudoniem, "uitkomst": uitkomst}
        verwerk(keten, partner, melding, webhook_id=f"{pseudoniem}-{soort}")
        with sessie(keten.engine) as s:
            geteld = sporen.successen_per_spoor(session=s, programmas=keten.catalogus.programmas)
        return {k.split("/")[1]: v for k, v in geteld.items() if k.startswith(f"{DRECHT}/")}

    assert meld(kwetsbaar, SPOOR["stabilisatie"], "stage")["stabilisatie"] == 0
    assert meld(gewoon, SPOOR["participatie"], "stabilisatie")["participatie"] == 0
    assert meld(kwetsbaar, SPOOR["stabilisatie"], "stabilisatie") == {
        "participatie": 0,
        "stabilisatie": 1,
        "onderwijs": 0,
    }
    assert [u.soort for u in uitkomsten(keten, kwetsbaar)] == ["stage", "stabilisatie"]
    assert plek(keten, kwetsbaar) == ("ontwikkeling", SPOOR["stabilisatie"], "actief")

    # debt: in the regiehouder's view of the PIP, in no message to any partner
    getoond = status(keten, kwetsbaar)
    assert "schulden: in_behandeling" in getoond and "no placement clock" in getoond
    with sessie(keten.engine) as s:
        over_hem = [b for b in s.exec(select(OutboxBericht)) if b.pseudoniem == kwetsbaar]
    assert {b.partner for b in over_hem} >= {SPOOR["stabilisatie"], SDD}, "partners were told"
    for b in over_hem:
        tekst = json.dumps(b.bericht)
        for geheim in ("schulden", "belemmering", "schuldhulp"):
            assert geheim not in tekst, f"{b.soort} to {b.partner} carries {geheim}"
    # health never enters the chain: a PIP naming it is refused, naming the field
    gezondheid = [{"soort": "gezondheid", "status": "open"}]
    fout = keten.stuur(
        SDD,
        pip(kwetsbaar, keten.vandaag().isoformat(), "herzien", belemmeringen=gezondheid),
        verwacht=(422,),
    )
    assert "belemmeringen" in json.dumps(fout["detail"])
