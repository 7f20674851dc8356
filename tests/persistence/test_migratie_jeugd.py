"""0009_observaties on a database with data (SQLite and PostgreSQL): every row from before stays as it
was, the new tables are there and empty, and the next handoff of a participant from before is
still accepted; an observation about them can then be held."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from persistence import maak_engine, sessie, verloop
from persistence.tabellen_jeugd import Observatie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op, migreer_en_draag_over

NIEUW = {"observatie", "grondslag"}

ervoor = ervoor_op("0008_verwijzingen")  # the revision before this one


def test_0009_houdt_de_rijen_en_een_observatie_van_daarvoor_kan_wachten(ervoor, instellingen):
    migreer_en_draag_over(ervoor, NIEUW, instellingen)
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=rijen.MIDDEN)
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        s.add(
            Observatie(
                deelnemer_id=d.id,
                traject_id=t.id,
                pseudoniem=d.pseudoniem,
                partner=t.partner,
                fase=t.fase,
                soort="talent",
                code="lassen",
                ontvangers="gemeente-utrecht",
                status="aangehouden",
                gemeld_op=datetime.now(UTC),
            )
        )
    with sessie(maak_engine(instellingen.db_url)) as s:
        [o] = s.exec(select(Observatie)).all()
        assert (o.status, o.gedeeld_op) == ("aangehouden", None)
