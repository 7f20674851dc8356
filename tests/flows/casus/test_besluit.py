"""Issue 10 e/h/i through the real path: signed webhook → receiver → inbox → `verwerk_inbox` →
ledger, tables, outbox, flags. A routing decision says who decided; only the regiehouder decides
as regiehouder; breaches, measures and incidents are recorded and reach who must hear them."""

from __future__ import annotations

from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import maak_engine, sessie
from persistence.tabellen import InboxBericht, Overgang
from schemas.contracten import DirectNaarPlaatsing
from tests.beslisser import REGIEHOUDER, TRAJECTBEGELEIDER
from tests.flows.hulp import instroom_afgerond, meld_aan, stuur, toestand


def _in_assessment(omgeving):
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    return pseudoniem


def _sprong(pseudoniem, **extra):
    """Assessment straight to placement (utrecht-bank-tot-baan allows the skip)."""
    return {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "beweging": "overslaan",
        "naar": "plaatsing",
        "dossier": GELDIG[DirectNaarPlaatsing],
    } | extra


def _ledger(instellingen):
    with sessie(maak_engine(instellingen.db_url)) as s:
        return s.exec(select(Overgang).order_by(col(Overgang.id))).all()


def _inbox(instellingen):
    with sessie(maak_engine(instellingen.db_url)) as s:
        return s.exec(select(InboxBericht)).all()


def test_een_sprong_zonder_besluit_is_422_en_met_besluit_draagt_het_grootboek_de_beslisser(
    omgeving,
):
    instellingen = omgeving[0]
    pseudoniem = _in_assessment(omgeving)
    voor = len(_inbox(instellingen))
    fout = stuur(omgeving, "assessment-utrecht", _sprong(pseudoniem), verwacht=(422,))
    assert [(f["loc"][-1], f["type"]) for f in fout["detail"]] == [("besluit", "besluit_vereist")]
    assert len(_inbox(instellingen)) == voor, "a refused decision leaves nothing in the inbox"

    stuur(omgeving, "assessment-utrecht", _sprong(pseudoniem, besluit=TRAJECTBEGELEIDER))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem)[:2] == ("plaatsing", "actief")
    laatste = _ledger(instellingen)[-1]
    assert (laatste.beweging, laatste.besloten_door) == ("overslaan", "assessment-utrecht")
    assert (laatste.besluit_rol, laatste.besluit_persoon, laatste.besluit_reden) == (
        "trajectbegeleider",
        TRAJECTBEGELEIDER["persoon"],
        TRAJECTBEGELEIDER["reden"],
    )
    eerste = _ledger(instellingen)[0]
    assert eerste.besluit_rol is None, "a referral is no routing decision: no decider recorded"


def test_een_partner_die_als_regiehouder_beslist_krijgt_403_en_niets_wordt_opgeslagen(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _in_assessment(omgeving)
    voor = len(_inbox(instellingen))
    antwoord = stuur(
        omgeving,
        "assessment-utrecht",
        _sprong(pseudoniem, besluit=REGIEHOUDER),
        verwacht=(403,),
    )
    assert antwoord["detail"] == (
        "assessment-utrecht may not decide as regiehouder: only the participant's regiehouder does"
    )
    assert len(_inbox(instellingen)) == voor
    assert toestand(instellingen, pseudoniem)[:2] == ("assessment", "actief")


def test_een_wissel_zonder_besluit_is_422_naar_het_veld(omgeving):
    pseudoniem = _in_assessment(omgeving)
    wissel = {
        "type": "traject.gewisseld",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "naar_partner": "assessment-utrecht",
        "dossier": {},
    }
    fout = stuur(omgeving, "assessment-utrecht", wissel, verwacht=(422,))
    assert [f["type"] for f in fout["detail"]] == ["besluit_vereist"]
    assert fout["detail"][0]["loc"][-1] == "besluit"
