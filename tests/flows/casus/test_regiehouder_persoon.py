"""The regiehouder as a person: the referral and a handover name the klantmanager by staff code,
through the real path (signed webhook → receiver → inbox → verwerk_inbox → tables), and the
dashboard's view rule reads it (persistence.betrokkenen)."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import select

from flows.verwerk_inbox import verwerk_inbox
from persistence import maak_engine, sessie, verloop
from persistence.betrokkenen import betrokkenen
from persistence.tabellen_verwijzing import RegiehouderPeriode
from tests.flows.casus.test_verwijzing import BESLUIT, GEMEENTE, PW, _naar_ontwikkeling
from tests.flows.hulp import stuur

AANMELDING = {
    "type": "deelnemer.aangemeld",
    "verwijzing_id": "UTR-77",
    "programma": "utrecht-bank-tot-baan",
    "persoon": {"naam": "Noor Bakker", "bsn": "123456782", "geboortedatum": "1999-01-02"},
}


def _houder(instellingen, pseudoniem):
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        return d.regiehouder_persoon, betrokkenen(session=s, deelnemer=d).regiehouder


def test_de_aanmelding_noemt_de_klantmanager_en_die_wordt_bewaard(omgeving):
    instellingen = omgeving[0]
    bewijs = stuur(omgeving, GEMEENTE, AANMELDING | {"regiehouder": "km-utrecht-017"})
    verwerk_inbox(stil_na_s=0)
    assert _houder(instellingen, bewijs["deelnemer"]) == ("km-utrecht-017", "km-utrecht-017")


def test_een_naam_of_een_te_lange_code_als_regiehouder_is_een_422_die_het_veld_noemt(omgeving):
    for fout in (
        "Jan de Vries",
        "jan.devries@utrecht.nl",
        "KM-UTRECHT-017",
        "km-" + "a" * 70 + "-1",
    ):
        antwoord = stuur(omgeving, GEMEENTE, AANMELDING | {"regiehouder": fout}, verwacht=(422,))
        assert "regiehouder" in str(antwoord["detail"]), fout


def test_zonder_klantmanager_is_er_geen_persoon_en_de_aanmelding_kost_evenveel_statements(
    omgeving,
):
    """The staff code goes in the participant's own insert: no statement more than without."""
    instellingen = omgeving[0]
    engine = maak_engine(instellingen.db_url)
    tellingen = []
    varianten = ({}, {}, {"regiehouder": "km-utrecht-018"})  # the first warms the caches up
    for nummer, extra in enumerate(varianten):
        bsn = ("111222333", "123456782", "100000009")[nummer]
        inhoud = AANMELDING | extra | {"verwijzing_id": f"UTR-{nummer}"}
        inhoud["persoon"] = inhoud["persoon"] | {"bsn": bsn}
        stuur(omgeving, GEMEENTE, inhoud)
        teller = []

        def tel(*_args, teller=teller):
            teller.append(1)

        event.listen(engine, "before_cursor_execute", tel)
        try:
            verwerk_inbox(stil_na_s=0)
        finally:
            event.remove(engine, "before_cursor_execute", tel)
        tellingen.append(len(teller))
    assert tellingen[1] == tellingen[2], tellingen


def test_een_wissel_noemt_de_nieuwe_klantmanager_en_de_perioden_bewaren_wie(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _naar_ontwikkeling(omgeving)
    wissel = {
        "type": "regiehouder.gewisseld",
        "deelnemer": pseudoniem,
        "naar_regiehouder": PW,
        "soort": "regimewissel",
        "besluit": BESLUIT,
    }
    fout = stuur(omgeving, GEMEENTE, wissel | {"naar_persoon": "Piet"}, verwacht=(422,))
    assert "naar_persoon" in str(fout["detail"])
    stuur(omgeving, GEMEENTE, wissel | {"naar_persoon": "km-pw-004"})
    verwerk_inbox(stil_na_s=0)
    assert _houder(instellingen, pseudoniem) == ("km-pw-004", "km-pw-004")
    with sessie(maak_engine(instellingen.db_url)) as s:
        perioden = s.exec(select(RegiehouderPeriode).order_by(RegiehouderPeriode.id)).all()
    assert [(p.regiehouder, p.persoon) for p in perioden] == [(GEMEENTE, None), (PW, "km-pw-004")]
