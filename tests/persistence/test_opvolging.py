"""The follow-up's repository on real SQLite and PostgreSQL: the shared clock, check-ins, flags and
the watch's set-based reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from persistence import (
    Overdracht,
    Overgang,
    bewaking,
    klok,
    maak_engine,
    opvolging,
    outbox,
    sessie,
    signalen,
    verloop,
)
from schemas.berichten import PartnerBericht
from schemas.opvolging import Niveau, Signaal, SignaalSoort

NU = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def engine(instellingen):
    klok.vergeet()
    yield maak_engine(instellingen.db_url)
    klok.vergeet()


def _deelnemer(s, n=1, programma="utrecht-bank-tot-baan"):
    return verloop.maak_deelnemer(
        session=s,
        pseudoniem=f"KT-AAAAAAAAA{n}",
        bsn_hash=f"h{n}",
        persoon_versleuteld="x",
        programma=programma,
        gemeente_partner="gemeente-utrecht",
        verwijzing_id=f"v{n}",
        nu=NU,
    )


def _beweeg(s, traject, beweging, fase, nu, status="actief"):
    verloop.werk_traject_bij(
        session=s, traject=traject, fase=fase, status=status, partner=traject.partner, nu=nu
    )
    verloop.leg_overgang_vast(
        session=s,
        overgang=Overgang(
            deelnemer_id=traject.deelnemer_id,
            traject_id=traject.id,
            beweging=beweging,
            naar_fase=fase,
            naar_status=status,
            naar_partner=traject.partner,
            reden="test",
            besloten_door="test",
            tijdstip=nu,
        ),
    )


def test_de_klok_is_gedeeld_via_de_database_en_gaat_alleen_vooruit(engine):
    assert klok.verschuiving(engine=engine) == timedelta()
    klok.vooruit(engine=engine, met=timedelta(days=30))
    klok.vergeet()  # as another process would: nothing cached, read from the database
    assert klok.verschuiving(engine=engine) == timedelta(days=30)
    assert (
        timedelta(days=29, hours=23)
        < klok.nu(engine=engine) - datetime.now(UTC)
        <= timedelta(days=30)
    )
    with pytest.raises(ValueError, match="only moves forward"):
        klok.vooruit(engine=engine, met=timedelta(days=-1))
    klok.zet(engine=engine, verschuiving_van=timedelta())
    klok.vergeet()
    assert klok.verschuiving(engine=engine) == timedelta()


def test_checkins_volgen_de_kalendermaanden_en_worden_eenmaal_gepland(engine):
    with sessie(engine) as s:
        d = _deelnemer(s)
        t = verloop.start_traject(
            session=s,
            deelnemer_id=d.id,
            programma=d.programma,
            fase="nazorg",
            partner="jobcoach-utrecht",
            nu=NU,
        )
        kwargs = {
            "session": s,
            "deelnemer": d,
            "traject_id": t.id,
            "partner": "jobcoach-utrecht",
            "startdatum": date(2026, 1, 31),
            "maanden": [1, 3, 12, 24],
        }
        assert (opvolging.plan_checkins(**kwargs), opvolging.plan_checkins(**kwargs)) == (4, 0)
    with sessie(engine) as s:
        due = opvolging.te_vragen(session=s, vandaag=date(2026, 4, 30))
        assert [(c.maand, c.vervaldatum) for c in due] == [
            (1, date(2026, 2, 28)),
            (3, date(2026, 4, 30)),
        ]
        assert all(
            c.regiehouder == "gemeente-utrecht" and c.pseudoniem == d.pseudoniem for c in due
        )
        opvolging.zet_status(session=s, ids=[c.id for c in due], status="gevraagd", nu=NU)
    with sessie(engine) as s:
        assert opvolging.te_vragen(session=s, vandaag=date(2026, 4, 30)) == []
        assert [
            c.maand
            for c in opvolging.onbeantwoord(
                session=s, programma=d.programma, gevraagd_voor=NU + timedelta(seconds=1)
            )
        ] == [1, 3]
        assert opvolging.laat_vervallen(session=s, deelnemer_id=d.id) == 4, (
            "asked and planned ones are cancelled"
        )


def test_berichten_met_een_bekende_sleutel_worden_niet_nog_eens_geplaatst(engine):
    berichten = [
        (
            "jobcoach-utrecht",
            PartnerBericht(
                sleutel=f"checkin/{i}",
                soort="nazorg.checkin",
                deelnemer="KT-AAAAAAAAA1",
                programma="utrecht-bank-tot-baan",
                inhoud={"maand": i},
            ),
        )
        for i in (1, 2)
    ]
    with sessie(engine) as s:
        assert opvolging.plaats_berichten(session=s, berichten=berichten + berichten, nu=NU) == 2
    with sessie(engine) as s:
        assert opvolging.plaats_berichten(session=s, berichten=berichten, nu=NU) == 0
        te_bezorgen = outbox.te_bezorgen(session=s, nu=NU, maximum=10)
    assert [(r.sleutel, r.partner, r.status, r.bericht["inhoud"]) for r in te_bezorgen] == [
        ("checkin/1", "jobcoach-utrecht", "wachtend", {"maand": 1}),
        ("checkin/2", "jobcoach-utrecht", "wachtend", {"maand": 2}),
    ]


def _signaal(onderwerp="ontwikkeling", niveau=Niveau.RISICO, deelnemer_id=1):
    return Signaal(
        deelnemer_id=deelnemer_id,
        pseudoniem="KT-AAAAAAAAA1",
        programma="p",
        partner="x",
        soort=SignaalSoort.FASE_TE_LANG,
        niveau=niveau,
        onderwerp=onderwerp,
    )


def test_een_signaal_ontstaat_eenmaal_wordt_eenmaal_aangekondigd_en_lost_op_als_de_oorzaak_weg_is(
    engine,
):
    with sessie(engine) as s:
        d = _deelnemer(s)
    a, b = _signaal(deelnemer_id=d.id), _signaal("vakopleiding", deelnemer_id=d.id)
    with sessie(engine) as s:
        assert signalen.leg_vast(session=s, signalen=[a, b, a], nu=NU) == [a, b]
        assert signalen.leg_vast(session=s, signalen=[a, b], nu=NU) == []
        assert len(signalen.onaangekondigd(session=s)) == 2
        signalen.markeer_gemeld(
            session=s, ids=[x.id for x in signalen.onaangekondigd(session=s)], nu=NU
        )
        assert signalen.onaangekondigd(session=s) == []
        assert (
            signalen.los_op(
                session=s, soorten=[SignaalSoort.FASE_TE_LANG], actueel={a.sleutel}, nu=NU
            )
            == 1
        )
        assert [x.onderwerp for x in signalen.open_signalen(session=s)] == ["ontwikkeling"]
        assert signalen.leg_vast(session=s, signalen=[b], nu=NU) == [b], (
            "the cause is back: open (and announced) again"
        )
        assert [x.onderwerp for x in signalen.onaangekondigd(session=s)] == ["vakopleiding"]
        assert signalen.telling(session=s) == [("p", "x", "fase_te_lang", "risico", 2)]


def test_de_bewaking_leest_ingang_pauzes_starts_fasen_en_doelgroep_in_een_keer(engine):
    with sessie(engine) as s:
        d, ander = _deelnemer(s, 1), _deelnemer(s, 2)
        t = verloop.start_traject(
            session=s,
            deelnemer_id=d.id,
            programma=d.programma,
            fase="instroom",
            partner="gemeente-utrecht",
            nu=NU,
        )
        _beweeg(s, t, "aanmelden", "instroom", NU)
        _beweeg(s, t, "doorstromen", "assessment", NU + timedelta(days=3))
        _beweeg(s, t, "pauzeren", "assessment", NU + timedelta(days=4), status="gepauzeerd")
        _beweeg(s, t, "hervatten", "assessment", NU + timedelta(days=6))
        gesloten = verloop.start_traject(
            session=s,
            deelnemer_id=ander.id,
            programma=ander.programma,
            fase="nazorg",
            partner="j",
            nu=NU,
        )
        _beweeg(s, gesloten, "doorstromen", "nazorg", NU, status="afgesloten")
        s.add(
            Overdracht(
                inbox_id=_inbox(s),
                deelnemer_id=d.id,
                pseudoniem=d.pseudoniem,
                partner="gemeente-utrecht",
                type="fase.afgerond",
                beweging="doorstromen",
                van_fase="instroom",
                naar_fase="assessment",
                status="geaccepteerd",
                dossier={"doelgroep": "statushouder"},
                verwerkt_op=NU,
            )
        )
        opvolging.registreer_start(session=s, traject=t, gestart_op=date(2026, 11, 26), nu=NU)
    with sessie(engine) as s:
        [lopend] = bewaking.lopende_trajecten(session=s)
        assert (lopend.traject_id, lopend.fase, lopend.status) == (t.id, "assessment", "actief"), (
            "closed trajectories are not watched"
        )
        assert bewaking.fase_ingangen(session=s) == {t.id: NU + timedelta(days=3)}
        assert [b for b, _ in bewaking.pauzes(session=s)[t.id]] == ["pauzeren", "hervatten"]
        assert bewaking.gestart(session=s) == {(t.id, lopend.fase_sinds)}
        assert bewaking.ooit_in(session=s, fasen=["assessment", "ontwikkeling"]) == {d.id}
        assert bewaking.doelgroepen(session=s) == {d.id: "statushouder"}


def _inbox(s):
    from persistence import inbox

    rij, _ = inbox.ontvang(
        session=s,
        partner="gemeente-utrecht",
        webhook_id="w1",
        type="fase.afgerond",
        pseudoniem=None,
        payload={},
        nu=NU,
    )
    return rij.id
