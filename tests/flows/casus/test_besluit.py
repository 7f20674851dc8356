"""Issue 10 e/h/i through the real path: signed webhook → receiver → inbox → `verwerk_inbox` →
ledger, tables, outbox, flags. A routing decision says who decided; only the regiehouder decides
as regiehouder; breaches, measures and incidents are recorded and reach who must hear them."""

from __future__ import annotations

from rich.console import Console
from sqlmodel import col, select

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import maak_engine, sessie, signalen
from persistence.tabellen import InboxBericht, OutboxBericht, Overgang
from persistence.tabellen_besluit import Incident, Maatregel, Schending
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


def _status(instellingen, pseudoniem):
    """What `keten status` prints for the participant."""
    console = Console(record=True, width=400)
    assert toon_status(pseudoniem, instellingen, console)
    return console.export_text()


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
    getoond = _status(instellingen, pseudoniem)
    assert f"trajectbegeleider {TRAJECTBEGELEIDER['persoon']}" in getoond


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


# --- h. breaches and measures --------------------------------------------------------------------


def _schending(pseudoniem, soort, datum, **extra):
    return {
        "type": "schending.gemeld",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "soort": soort,
        "datum": datum,
    } | extra


def _maatregel(pseudoniem, besluit=REGIEHOUDER, **extra):
    inhoud = {
        "type": "maatregel.genomen",
        "deelnemer": pseudoniem,
        "soort": "waarschuwing",
        "datum": "2026-11-20",
    } | extra
    return inhoud | ({"besluit": besluit} if besluit else {})


def _rijen(instellingen, tabel, **waar):
    with sessie(maak_engine(instellingen.db_url)) as s:
        query = select(tabel)
        for kolom, waarde in waar.items():
            query = query.where(getattr(tabel, kolom) == waarde)
        return s.exec(query).all()


def _open_vlaggen(instellingen, pseudoniem):
    with sessie(maak_engine(instellingen.db_url)) as s:
        return [v.soort for v in signalen.open_signalen(session=s, pseudoniem=pseudoniem)]


def test_schendingen_een_tweede_noshow_vlagt_en_de_maatregel_van_de_regiehouder_bereikt_de_melder(
    omgeving,
):
    instellingen = omgeving[0]
    pseudoniem = _in_assessment(omgeving)
    stuur(omgeving, "assessment-utrecht", _schending(pseudoniem, "niet_verschenen", "2026-11-02"))
    stuur(omgeving, "assessment-utrecht", _schending(pseudoniem, "pip_schending", "2026-11-03"))
    verwerk_inbox(stil_na_s=0)
    assert len(_rijen(instellingen, Schending, pseudoniem=pseudoniem)) == 2
    assert "niet_verschenen" not in _open_vlaggen(instellingen, pseudoniem), "one no-show: no flag"

    stuur(
        omgeving,
        "assessment-utrecht",
        _schending(pseudoniem, "niet_verschenen", "2026-11-16", code="afspraak-2"),
    )
    verwerk_inbox(stil_na_s=0)
    assert "niet_verschenen" in _open_vlaggen(instellingen, pseudoniem)
    signaal = _rijen(
        instellingen, OutboxBericht, soort="melding.signaal", partner="gemeente-utrecht"
    )
    assert [b.bericht["inhoud"]["soort"] for b in signaal] == ["niet_verschenen"]

    stuur(omgeving, "gemeente-utrecht", _maatregel(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    [maatregel] = _rijen(instellingen, Maatregel, pseudoniem=pseudoniem)
    assert (maatregel.soort, maatregel.besloten_door) == ("waarschuwing", "gemeente-utrecht")
    assert (maatregel.besluit_rol, maatregel.besluit_persoon, maatregel.besluit_reden) == (
        "regiehouder",
        REGIEHOUDER["persoon"],
        REGIEHOUDER["reden"],
    )
    assert {s.maatregel_id for s in _rijen(instellingen, Schending, pseudoniem=pseudoniem)} == {
        maatregel.id
    }
    [verteld] = _rijen(instellingen, OutboxBericht, soort="melding.maatregel")
    assert verteld.partner == "assessment-utrecht"
    assert verteld.bericht["inhoud"]["maatregel"] == "waarschuwing"
    assert len(verteld.bericht["inhoud"]["schendingen"]) == 3
    assert REGIEHOUDER["reden"] not in str(verteld.bericht), "the reason stays with the gemeente"
    assert "niet_verschenen" not in _open_vlaggen(instellingen, pseudoniem), (
        "the measure settles it"
    )
    assert toestand(instellingen, pseudoniem)[:2] == ("assessment", "actief")
    getoond = _status(instellingen, pseudoniem)
    assert "niet_verschenen" in getoond and "waarschuwing" in getoond
    assert f"regiehouder {REGIEHOUDER['persoon']}" in getoond


def test_een_maatregel_van_een_partner_is_403_en_zonder_besluit_422(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _in_assessment(omgeving)
    voor = len(_inbox(instellingen))
    als_regiehouder = stuur(omgeving, "assessment-utrecht", _maatregel(pseudoniem), verwacht=(403,))
    assert "may not decide as regiehouder" in als_regiehouder["detail"]
    als_begeleider = stuur(
        omgeving,
        "assessment-utrecht",
        _maatregel(pseudoniem, besluit=TRAJECTBEGELEIDER),
        verwacht=(403,),
    )
    assert als_begeleider["detail"] == f"only the regiehouder of {pseudoniem} takes a measure"
    zonder = stuur(
        omgeving, "gemeente-utrecht", _maatregel(pseudoniem, besluit=None), verwacht=(422,)
    )
    assert [(f["loc"][-1], f["type"]) for f in zonder["detail"]] == [("besluit", "besluit_vereist")]
    assert len(_inbox(instellingen)) == voor
    assert _rijen(instellingen, Maatregel) == []


# --- i. incidents during placement -----------------------------------------------------------


def test_een_incident_in_de_plaatsing_vlagt_een_risico_en_de_plaatsing_blijft_actief(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _in_assessment(omgeving)
    stuur(omgeving, "assessment-utrecht", _sprong(pseudoniem, besluit=TRAJECTBEGELEIDER))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem)[:2] == ("plaatsing", "actief")
    bewegingen = len(_ledger(instellingen))
    incident = {
        "type": "incident.gemeld",
        "deelnemer": pseudoniem,
        "fase": "plaatsing",
        "soort": "conflict",
        "datum": "2026-11-25",
    }
    buiten = stuur(omgeving, "assessment-utrecht", incident, verwacht=(403,))
    assert buiten["detail"]  # assessment-utrecht no longer runs the participant's phase
    fout = stuur(omgeving, "werkgevers-utrecht", incident | {"fase": "assessment"}, verwacht=(422,))
    assert [f["loc"][-1] for f in fout["detail"]] == ["fase"]

    stuur(omgeving, "werkgevers-utrecht", incident)
    verwerk_inbox(stil_na_s=0)
    [rij] = _rijen(instellingen, Incident, pseudoniem=pseudoniem)
    assert (rij.soort, rij.fase, rij.partner, f"{rij.datum}") == (
        "conflict",
        "plaatsing",
        "werkgevers-utrecht",
        "2026-11-25",
    )
    assert "incident" in _open_vlaggen(instellingen, pseudoniem)
    signaal = _rijen(
        instellingen, OutboxBericht, soort="melding.signaal", partner="gemeente-utrecht"
    )
    assert [b.bericht["inhoud"]["soort"] for b in signaal] == ["incident"]
    assert toestand(instellingen, pseudoniem)[:2] == ("plaatsing", "actief")
    assert len(_ledger(instellingen)) == bewegingen, "an incident moves nobody"
