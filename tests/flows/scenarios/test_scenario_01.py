"""Scenario 1 — Harderwijk happy path (seed 001; DOMAIN §1.3, §8).

The klantprofiel arrives while the person is in the azc; the taaltoets, the Competensys report,
the huisbezoek (childcare arranged) and the diagnosegesprek are each decided by their owner in
the seed's order; the ondersteuningsplan follows; the voltijdroute of 2 × 20 weeks runs; the
three-party evaluation at week 40 decides "school"; MBO via DUO closes the trajectory, reported to
the same klantmanager who received the klantprofiel.
Expect: every handoff validated; the evaluation scheduled at week 40.
"""

from __future__ import annotations

from datetime import timedelta

from schemas.fase import Fase
from tests.flows.opvolging.hulp import bsn
from tests.flows.scenarios._hwut import (
    COMPETENSYS,
    PARTICIPATIEHUIS,
    REGIE,
    VOLTIJD,
    H,
    besluit,
    ijkpunten,
    ledger,
    ondersteuningsplan,
    overdrachten,
    stuur,
)

DUO = {"referentie": "DUO-inschrijving MBO-2", "bevestigd": True}
STAPPEN = ("taaltoets", "competensys", "huisbezoek", "diagnosegesprek")


def test_scenario_01_harderwijk_klantreis_every_handoff_validated_evaluation_at_week_40(keten):
    azc = keten.vandaag()
    pseudoniem = keten.meld_aan(H, bsn(101))  # the klantprofiel, sent by the klantmanager
    gepland = ijkpunten(keten, pseudoniem)
    assert (gepland["taaltoets"].eigenaar, gepland["taaltoets"].vervalt_op.date()) == (
        REGIE,
        azc + timedelta(weeks=3),
    )

    stuur(keten, REGIE, besluit(pseudoniem, "taaltoets", "a1", "taaltoets afgenomen met tolk"))
    keten.rond_af(pseudoniem, H, Fase.INSTROOM)  # the taaltoets travels in the dossier
    in_assessment = keten.vandaag()
    eigenaren = {n: i.eigenaar for n, i in ijkpunten(keten, pseudoniem).items()}
    assert eigenaren == {
        "taaltoets": REGIE,
        "competensys": COMPETENSYS,
        "huisbezoek": REGIE,
        "diagnosegesprek": REGIE,
    }, "each assessment step is scheduled with its owner when assessment begins"

    keten.naar(in_assessment + timedelta(weeks=1))
    stuur(
        keten,
        COMPETENSYS,
        besluit(
            pseudoniem, "competensys", "gerapporteerd", "vragenlijst ingevuld", PARTICIPATIEHUIS
        ),
    )
    keten.naar(in_assessment + timedelta(weeks=3))
    stuur(keten, REGIE, besluit(pseudoniem, "huisbezoek", "besproken", "taaltoets besproken"))
    keten.naar(in_assessment + timedelta(weeks=5))
    stuur(keten, REGIE, besluit(pseudoniem, "diagnosegesprek", "voltijd", "driegesprek met tolk"))
    stuur(keten, REGIE, ondersteuningsplan(pseudoniem, keten.vandaag().isoformat()))
    keten.rond_af(pseudoniem, H, Fase.ASSESSMENT)
    taal_begin = keten.vandaag()

    besloten = ijkpunten(keten, pseudoniem)
    assert [(n, besloten[n].keuze) for n in STAPPEN] == [
        ("taaltoets", "a1"),
        ("competensys", "gerapporteerd"),
        ("huisbezoek", "besproken"),
        ("diagnosegesprek", "voltijd"),
    ]
    week40 = besloten["evaluatie-week-40"]
    assert (week40.eigenaar, week40.vervalt_op.date(), week40.keuze) == (
        REGIE,
        taal_begin + timedelta(weeks=40),
        None,
    ), "the evaluation is scheduled at week 40 of the voltijdroute, owned by the regiehouder"

    keten.naar(taal_begin + timedelta(weeks=40))  # tweemaal 20 weken
    stuur(keten, REGIE, besluit(pseudoniem, "evaluatie-week-40", "school", "driegesprek"))
    keten.rond_af(pseudoniem, H, Fase.ONTWIKKELING)
    keten.naar(taal_begin + timedelta(weeks=46))
    stuur(
        keten,
        "mbo-via-duo",
        {
            "type": "traject.afgesloten",
            "deelnemer": pseudoniem,
            "fase": "vakopleiding",
            "contract_versie": 2,
            "dossier": {
                "uitkomst": {
                    "soort": "onderwijs",
                    "datum": (keten.vandaag() - timedelta(days=1)).isoformat(),
                    "mbo_niveau": 2,
                },
                "bestemming": DUO,
            },
        },
    )

    regels = overdrachten(keten, pseudoniem)
    assert [(o.type, o.status) for o in regels if o.status != "geaccepteerd"] == []
    handoffs = [o for o in regels if o.type in ("fase.afgerond", "traject.afgesloten")]
    assert [(o.van_fase, o.naar_fase, o.contract) for o in handoffs] == [
        ("instroom", "assessment", "instroom→assessment v1"),
        ("assessment", "ontwikkeling", "assessment→ontwikkeling v1"),
        ("ontwikkeling", "vakopleiding", "ontwikkeling→vakopleiding v1"),
        ("vakopleiding", None, "nazorg→afgesloten v2"),  # the closing contract
    ], "every handoff validated against its edge's contract"
    assert not [o for o in handoffs if o.bevindingen], "no finding of the quality gate"

    stappen = [(o.beweging, o.naar_fase, o.naar_partner) for o in ledger(keten, pseudoniem)]
    assert stappen == [
        ("aanmelden", "instroom", REGIE),
        ("doorstromen", "assessment", COMPETENSYS),
        ("doorstromen", "ontwikkeling", VOLTIJD),  # the route the diagnosegesprek decided
        ("doorstromen", "vakopleiding", "mbo-via-duo"),  # the route week 40 decided: school
        ("afsluiten", "vakopleiding", "mbo-via-duo"),
    ]
    [afgesloten] = [m for m in keten.berichten("melding.afgesloten") if m.pseudoniem == pseudoniem]
    assert afgesloten.partner == REGIE, (
        "the klantmanager who got the klantprofiel stays aanspreekpunt"
    )
