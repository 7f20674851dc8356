"""0009_observaties on a database with data (SQLite and PostgreSQL): every row from before stays as it
was, the new tables are there and empty, and the next handoff of a participant from before is
still accepted; an observation about them can then be held."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from persistence import maak_engine, sessie, verloop
from persistence.tabellen_jeugd import Observatie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import database_voor, migreer_en_vergelijk
from tests.persistence.test_migraties import _volgende_overdracht

NIEUW = {"observatie", "grondslag"}


@pytest.fixture
def ervoor(db_url):
    with database_voor(db_url, "0008_verwijzingen") as engine:  # the revision before this one
        yield engine


def test_0009_houdt_de_rijen_en_een_observatie_van_daarvoor_kan_wachten(ervoor, instellingen):
    migreer_en_vergelijk(ervoor, NIEUW)

    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden
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
