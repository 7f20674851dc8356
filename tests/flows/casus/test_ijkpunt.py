"""Checkpoints and the plan through the real path (issue 10 c, d): signed webhooks through the
receiver, the inbox, the verwerk_inbox flow and the watch on real Prefect; the chain's clock moved
as `keten klok vooruit` moves it. Harderwijk (seed 001): the ondersteuningsplan is made in
assessment, and 40 weeks after entering ontwikkeling the regiehouder decides werk or school."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from rich.console import Console
from sqlmodel import col, select

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG
from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen import Overgang
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie
from schemas.contracten import contract_voor
from schemas.fase import Fase
from schemas.ijkpunt_volgorde import PLAN
from tests.flows.opvolging import hulp
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn

keten = hulp.keten  # the fixture: the receiver, the flows and the chain's clock

H = "harderwijk-voltijd-klantreis"
REGIE, COMPETENSYS, TAAL = (
    "meerinzicht-klantmanager",
    "participatiehuis-competensys",
    "taalaanbieder-voltijd",
)
WEEK40 = "evaluatie-week-40"
ACCOUNT = {
    "reden": "driegesprek met Intervens en taalaanbieder",
    "rol": "regiehouder",
    "persoon": "MW-10423",
}


def _plan(pseudoniem: str, **velden: Any) -> dict[str, Any]:
    return {
        "type": "plan.vastgesteld",
        "deelnemer": pseudoniem,
        "soort": "ondersteuningsplan",
        "vastgesteld_op": "2026-11-30",
        "doelen": [{"soort": "taal", "niveau": "B1", "horizon_maanden": 18}],
        "ondersteuning": [{"soort": "kinderopvang_regeling"}],
        "belemmeringen": [{"soort": "kinderopvang", "status": "open"}],
        "besluit": {
            "reden": "na het diagnosegesprek",
            "rol": "trajectbegeleider",
            "persoon": "E-20031",
        },
    } | velden


def _besluit(pseudoniem: str, keuze: str = "school", **velden: Any) -> dict[str, Any]:
    return {
        "type": "ijkpunt.besloten",
        "deelnemer": pseudoniem,
        "ijkpunt": WEEK40,
        "keuze": keuze,
        "besluit": ACCOUNT,
    } | velden


# A handoff naming its partner is a route choice and says who chose it (issue 10 e).
ROUTEKEUZE = {"reden": "wil aan het werk", "rol": "docent", "persoon": "E-30117"}


def _naar_vakopleiding(pseudoniem: str, **velden: Any) -> dict[str, Any]:
    return {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar": "vakopleiding",
        "dossier": GELDIG[contract_voor(Fase.ONTWIKKELING, Fase.VAKOPLEIDING)],  # type: ignore[index]
    } | velden


def _stuur(keten: Keten, partner: str, inhoud: dict[str, Any], **kw: Any) -> dict[str, Any]:
    antwoord = keten.stuur(partner, inhoud, **kw)
    verwerk_inbox(stil_na_s=0)
    return antwoord


def _laatste_overdracht(keten: Keten, pseudoniem: str) -> tuple[str, str | None]:
    with sessie(keten.engine) as s:
        h = verloop.overdrachten(session=s, pseudoniem=pseudoniem)[-1]
        return h.status, h.reden


def _ijkpunt(keten: Keten, pseudoniem: str) -> Ijkpunt:
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        return s.exec(
            select(Ijkpunt).where(Ijkpunt.deelnemer_id == d.id, Ijkpunt.naam == WEEK40)
        ).one()


def _in_ontwikkeling(keten: Keten, n: int) -> str:
    """Referred, through instroom and assessment (with the plan), in ontwikkeling since today."""
    pseudoniem = keten.meld_aan(H, bsn(n))
    keten.rond_af(pseudoniem, H, Fase.INSTROOM)
    keten.beslis_voor(pseudoniem, H, PLAN)  # taaltoets ... diagnosegesprek, in the seed's order
    _stuur(keten, COMPETENSYS, _plan(pseudoniem))
    keten.rond_af(pseudoniem, H, Fase.ASSESSMENT)
    return pseudoniem


def _status(keten: Keten, pseudoniem: str) -> str:
    """What `keten status` prints for a coordinator."""
    console = Console(record=True, width=250)
    assert toon_status(pseudoniem, keten.instellingen, console)
    return console.export_text()


def _ijkpunt_vlaggen(keten: Keten, pseudoniem: str) -> set[tuple[str, str]]:
    return {(s.niveau, s.partner) for s in keten.signalen(pseudoniem) if s.soort == "ijkpunt"}


@alleen_sqlite
def test_week_40_scheduled_flagged_decided_school_and_routed_to_mbo_via_duo(keten):
    begin = keten.vandaag()
    pseudoniem = _in_ontwikkeling(keten, 1)
    ijkpunt = _ijkpunt(keten, pseudoniem)
    assert (ijkpunt.eigenaar, ijkpunt.keuze) == (REGIE, None)
    assert ijkpunt.vervalt_op.date() == begin + timedelta(weeks=40)

    keten.naar(begin + timedelta(weeks=35))
    opvolging()
    assert _ijkpunt_vlaggen(keten, pseudoniem) == set(), "not yet within four weeks"
    keten.naar(begin + timedelta(weeks=37))
    opvolging()
    assert _ijkpunt_vlaggen(keten, pseudoniem) == {("risico", REGIE)}
    keten.naar(begin + timedelta(weeks=41))
    opvolging()
    assert ("overschreden", REGIE) in _ijkpunt_vlaggen(keten, pseudoniem)
    assert any(
        m.pseudoniem == pseudoniem
        and m.partner == REGIE
        and m.bericht["inhoud"]["soort"] == "ijkpunt"
        for m in keten.berichten("melding.signaal")
    ), "the regiehouder is told of the overdue checkpoint"
    assert "OVERDUE" in _status(keten, pseudoniem)

    _stuur(keten, REGIE, _besluit(pseudoniem, "school"))
    besloten = _ijkpunt(keten, pseudoniem)
    assert (besloten.keuze, besloten.route_partner, besloten.rol, besloten.persoon) == (
        "school",
        "mbo-via-duo",
        "regiehouder",
        "MW-10423",
    )
    assert besloten.reden == ACCOUNT["reden"]
    opvolging()
    assert _ijkpunt_vlaggen(keten, pseudoniem) == set(), "decided: the flag is resolved"
    status = _status(keten, pseudoniem)
    assert "decided: school → mbo-via-duo" in status and "regiehouder MW-10423" in status

    _stuur(
        keten,
        TAAL,
        _naar_vakopleiding(pseudoniem, naar_partner="job-taalcoach", besluit=ROUTEKEUZE),
    )
    assert _laatste_overdracht(keten, pseudoniem) == (
        "geweigerd",
        f"checkpoint {WEEK40} decided school: vakopleiding is at mbo-via-duo, not job-taalcoach",
    )
    geweigerd = [m for m in keten.berichten("overdracht.geweigerd") if m.partner == TAAL]
    assert geweigerd and "decided school" in json.dumps(geweigerd[-1].bericht)

    _stuur(keten, TAAL, _naar_vakopleiding(pseudoniem))
    with sessie(keten.engine) as s:
        laatste = s.exec(
            select(Overgang).where(Overgang.naar_fase == "vakopleiding").order_by(col(Overgang.id))
        ).all()[-1]
    assert (laatste.naar_partner, laatste.beweging) == ("mbo-via-duo", "doorstromen")
    assert any(m.partner == "mbo-via-duo" for m in keten.berichten("traject.start"))

    _stuur(keten, REGIE, _besluit(pseudoniem, "werk"))
    assert _laatste_overdracht(keten, pseudoniem) == (
        "geweigerd",
        f"checkpoint {WEEK40} was already decided: school",
    )


@alleen_sqlite
def test_only_the_owner_decides_a_checkpoint_and_only_with_an_account(keten):
    pseudoniem = keten.meld_aan(H, bsn(2))
    keten.rond_af(pseudoniem, H, Fase.INSTROOM)
    _stuur(keten, REGIE, _besluit(pseudoniem))
    assert _laatste_overdracht(keten, pseudoniem) == (
        "geweigerd",
        f"checkpoint {WEEK40} is not due for {pseudoniem}: its anchor has not happened",
    )
    keten.beslis_voor(pseudoniem, H, PLAN)
    _stuur(keten, COMPETENSYS, _plan(pseudoniem))
    keten.rond_af(pseudoniem, H, Fase.ASSESSMENT)

    # The taalaanbieder runs the phase, so the door lets it in; the decision is the regiehouder's.
    _stuur(keten, TAAL, _besluit(pseudoniem, besluit=ACCOUNT | {"rol": "docent"}))
    assert _laatste_overdracht(keten, pseudoniem) == (
        "geweigerd",
        f"checkpoint {WEEK40} is decided by {REGIE}, not {TAAL}",
    )
    # A partner with no part in the participant: 403 at the door, nothing stored.
    keten.stuur("job-taalcoach", _besluit(pseudoniem), verwacht=(403,))
    # Without the account: 422 naming the field.
    zonder = {k: v for k, v in _besluit(pseudoniem).items() if k != "besluit"}
    fout = keten.stuur(REGIE, zonder, verwacht=(422,))
    assert any(f["loc"][-1] == "besluit" for f in fout["detail"]), fout
    assert _ijkpunt(keten, pseudoniem).keuze is None, "nothing half-applied"
    _stuur(keten, REGIE, _besluit(pseudoniem, "werk"))
    assert _ijkpunt(keten, pseudoniem).keuze == "werk"


@alleen_sqlite
def test_plan_versions_side_by_side_the_handoff_needs_one_and_the_pip_deadline_reads_it(keten):
    begin = keten.vandaag()
    met, zonder = keten.meld_aan(H, bsn(3)), keten.meld_aan(H, bsn(4))
    keten.rond_af([met, zonder], H, Fase.INSTROOM)

    keten.rond_af(met, H, Fase.ASSESSMENT)
    # the plan may still be on its way (webhooks carry no order): the handoff waits for it ...
    assert _laatste_overdracht(keten, met)[0] == "geaccepteerd", "only instroom is recorded yet"
    keten.naar(begin + timedelta(days=1))
    verwerk_inbox(stil_na_s=0)
    # ... and once the wait is over without a plan it is refused, with its reason
    assert _laatste_overdracht(keten, met) == (
        "geweigerd",
        "assessment→ontwikkeling requires a current ondersteuningsplan (plan.vastgesteld); "
        "none recorded",
    )

    keten.naar(begin + timedelta(weeks=8, days=1))
    opvolging()
    assert {s.niveau for s in keten.signalen(met) if s.soort == "pip"} == {"risico"}

    keten.beslis_voor(met, H, PLAN)  # the plan is drawn up after the diagnosegesprek
    _stuur(keten, COMPETENSYS, _plan(met))
    assert not [s for s in keten.signalen(met) if s.soort == "pip"], "the plan meets the deadline"
    keten.rond_af(met, H, Fase.ASSESSMENT)
    assert _laatste_overdracht(keten, met)[0] == "geaccepteerd"

    bijgesteld = _plan(
        met,
        belemmeringen=[{"soort": "kinderopvang", "status": "opgelost"}],
        besluit={"reden": "kinderopvang geregeld", "rol": "regiehouder", "persoon": "MW-10423"},
    )
    _stuur(keten, REGIE, bijgesteld)
    with sessie(keten.engine) as s:
        versies = s.exec(select(PlanVersie).order_by(col(PlanVersie.versie))).all()
        rijen = [(v.versie, v.partner, v.rol, v.reden, v.inhoud["belemmeringen"]) for v in versies]
    assert rijen == [
        (
            1,
            COMPETENSYS,
            "trajectbegeleider",
            "na het diagnosegesprek",
            [{"soort": "kinderopvang", "status": "open"}],
        ),
        (
            2,
            REGIE,
            "regiehouder",
            "kinderopvang geregeld",
            [{"soort": "kinderopvang", "status": "opgelost"}],
        ),
    ]

    status = _status(keten, met)
    assert "ondersteuningsplan version 2" in status and "kinderopvang: opgelost" in status
    assert "plan: none recorded" in _status(keten, zonder)
    keten.naar(begin + timedelta(weeks=10, days=1))
    opvolging()
    assert not [s for s in keten.signalen(met) if s.soort == "pip"]
    assert {s.niveau for s in keten.signalen(zonder) if s.soort == "pip"} == {"overschreden"}

    # The plan stays in the database: no message and no handoff reason carries its content.
    with sessie(keten.engine) as s:
        redenen = [h.reden or "" for h in verloop.overdrachten(session=s, pseudoniem=met)]
    teksten = redenen + [
        json.dumps(m.bericht)
        for soort in ("traject.start", "overdracht.geweigerd", "melding.signaal")
        for m in keten.berichten(soort)
    ]
    assert not [t for t in teksten if "kinderopvang" in t or "na het diagnosegesprek" in t]
