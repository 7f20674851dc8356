"""0008_verwijzingen on a database with data (SQLite and PostgreSQL): every row of 0003 stays as
it was, the new tables are there and empty, and the next handoff of a participant from before
opens its referral in them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from persistence import maak_engine, sessie, verloop
from persistence.tabellen_verwijzing import RegiehouderPeriode, Verwijzing
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op, migreer_en_draag_over

NIEUW = {"verwijzing", "regiehouderperiode", "aanmelder"}

ervoor = ervoor_op("0007_besluiten")  # the revision before this one


def test_0008_houdt_de_rijen_en_de_volgende_overdracht_opent_een_verwijzing(ervoor, instellingen):
    migreer_en_draag_over(ervoor, NIEUW, instellingen)
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=rijen.MIDDEN)
        [v] = s.exec(select(Verwijzing).where(Verwijzing.deelnemer_id == d.id)).all()
        assert (v.fase, v.partner, v.status) == (
            "vakopleiding",
            "vakopleiding-utrecht",
            "aangevraagd",
        )
        s.add(
            RegiehouderPeriode(
                deelnemer_id=d.id,
                regiehouder=d.gemeente_partner,
                van=d.aangemeld_op,
                tot=datetime.now(UTC),
                soort="aanmelding",
            )
        )
    with sessie(maak_engine(instellingen.db_url)) as s:
        [p] = s.exec(select(RegiehouderPeriode)).all()
        assert p.regiehouder == "gemeente-utrecht" and p.tot is not None
