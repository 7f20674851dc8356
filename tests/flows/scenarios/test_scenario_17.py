"""Scenario 17, non-compliance (DOMAIN §8; seed 004, Arnhem).

The provider reports repeated PIP breaches by webhook ("als een statushouder meerdere malen of
verwijtbaar afspraken uit het PIP niet nakomt, dan kan alleen de gemeente ingrijpen"); a
transport barrier is solved with a bike ("de gemeente kan misschien wel een fiets regelen").
Expect: only the regiehouder role can decide a sanction; the barrier is closed on the plan.
Played on the shipped programme duaal-drechtsteden.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from persistence import sessie
from persistence.tabellen_besluit import Maatregel, Schending
from tests.flows.opvolging.hulp import Keten, alleen_sqlite
from tests.flows.scenarios._duaal import (
    BEGELEIDER,
    KLANTMANAGER,
    SDD,
    SPOOR,
    in_spoor,
    pip,
    plek,
    status,
    verwerk,
)

AANBIEDER = SPOOR["participatie"]


def _schending(pseudoniem: str, soort: str, datum: str) -> dict[str, Any]:
    return {
        "type": "schending.gemeld",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "soort": soort,
        "datum": datum,
    }


def _maatregel(pseudoniem: str, datum: str, besluit: dict[str, str] | None) -> dict[str, Any]:
    inhoud = {
        "type": "maatregel.genomen",
        "deelnemer": pseudoniem,
        "soort": "waarschuwing",
        "datum": datum,
    }
    return inhoud | ({"besluit": besluit} if besluit else {})


@alleen_sqlite
def test_scenario_17_alleen_de_regiehouder_neemt_de_maatregel_en_de_vervoersbelemmering_gaat_dicht(
    keten: Keten,
):
    begin = keten.vandaag()
    vervoer_open = [{"soort": "vervoer", "status": "open"}]
    pseudoniem = in_spoor(keten, 1701, "participatie", belemmeringen=vervoer_open)

    # the provider reports by webhook: a PIP agreement not kept, then two no-shows in three weeks
    keten.naar(begin + timedelta(weeks=6))
    for n, (soort, dag) in enumerate(
        [("pip_schending", 30), ("niet_verschenen", 35), ("niet_verschenen", 41)]
    ):
        datum = (begin + timedelta(days=dag)).isoformat()
        verwerk(keten, AANBIEDER, _schending(pseudoniem, soort, datum), webhook_id=f"s{n}")
    assert "niet_verschenen" in {s.soort for s in keten.signalen(pseudoniem)}
    gevlagd = [m.bericht["inhoud"]["soort"] for m in keten.berichten("melding.signaal")]
    assert gevlagd == ["niet_verschenen"], "repeated no-shows are flagged to the regiehouder"
    assert {m.partner for m in keten.berichten("melding.signaal")} == {SDD}

    # only the regiehouder decides a sanction: not the provider, in no role, and not without account
    vandaag = keten.vandaag().isoformat()
    als_regie = keten.stuur(
        AANBIEDER, _maatregel(pseudoniem, vandaag, KLANTMANAGER), verwacht=(403,)
    )
    assert "may not decide as regiehouder" in als_regie["detail"]
    als_begeleider = keten.stuur(
        AANBIEDER, _maatregel(pseudoniem, vandaag, BEGELEIDER), verwacht=(403,)
    )
    assert als_begeleider["detail"] == f"only the regiehouder of {pseudoniem} takes a measure"
    keten.stuur(SDD, _maatregel(pseudoniem, vandaag, None), verwacht=(422,))
    verwerk(keten, SDD, _maatregel(pseudoniem, vandaag, KLANTMANAGER))

    with sessie(keten.engine) as s:
        [maatregel] = s.exec(select(Maatregel).where(Maatregel.pseudoniem == pseudoniem)).all()
        schendingen = s.exec(select(Schending).where(Schending.pseudoniem == pseudoniem)).all()
    assert (maatregel.soort, maatregel.besloten_door, maatregel.besluit_rol) == (
        "waarschuwing",
        SDD,
        "regiehouder",
    )
    assert len(schendingen) == 3 and {s.maatregel_id for s in schendingen} == {maatregel.id}
    [verteld] = keten.berichten("melding.maatregel")
    assert verteld.partner == AANBIEDER and verteld.bericht["inhoud"]["maatregel"] == "waarschuwing"
    assert not any(s.soort == "niet_verschenen" for s in keten.signalen(pseudoniem))

    # the barrier behind it: the gemeente arranges a bike, the PIP's next version closes it
    verwerk(
        keten,
        SDD,
        pip(
            pseudoniem,
            vandaag,
            "fiets geregeld",
            ondersteuning=[{"soort": "vervoer_regeling"}],
            belemmeringen=[{"soort": "vervoer", "status": "opgelost"}],
        ),
    )
    getoond = status(keten, pseudoniem)
    assert "pip version 2" in getoond and "vervoer: opgelost" in getoond
    assert "vervoer: open" in getoond, "version 1 is kept as it was"
    assert "waarschuwing" in getoond and "regiehouder KM-40211" in getoond
    assert plek(keten, pseudoniem) == ("ontwikkeling", AANBIEDER, "actief"), (
        "a measure moves no one"
    )
