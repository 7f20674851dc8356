"""0012_regiehouder_persoon on a database with data (SQLite and PostgreSQL): every row stays as it
was, old participants get no klantmanager (NULL), their next handoff is still accepted, and a
handover can then name the new klantmanager."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from persistence import maak_engine, sessie, verloop
from persistence.betrokkenen import betrokkenen
from persistence.tabellen import Deelnemer
from persistence.tabellen_verwijzing import RegiehouderPeriode
from persistence.verwijzingen import wissel_regiehouder
from schemas.verantwoording import Rol, Verantwoording
from schemas.verwijzing import WisselRegiehouder, WisselSoort
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op, migreer_en_draag_over

ervoor = ervoor_op("0011_toestemmingen")  # the revision before this one


def test_0012_houdt_de_rijen_en_een_wissel_noemt_daarna_de_klantmanager(ervoor, instellingen):
    na = migreer_en_draag_over(ervoor, set(), instellingen)
    assert na["deelnemer"], "the seeded participants are there"
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=rijen.MIDDEN)
        assert d.regiehouder_persoon is None
        assert betrokkenen(session=s, deelnemer=d).regiehouder is None
        besluit = Verantwoording(reden="regimewissel", rol=Rol.REGIEHOUDER, persoon="MW-10423")
        gevolg = WisselRegiehouder(
            d.gemeente_partner,
            "gemeente-utrecht-pw",
            WisselSoort.REGIMEWISSEL,
            besluit,
            "km-utrecht-017",
        )
        wissel_regiehouder(session=s, gevolg=gevolg, deelnemer=d, nu=datetime.now(UTC))
    with sessie(engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == rijen.MIDDEN)).one()
        assert d.regiehouder_persoon == "km-utrecht-017"
        assert betrokkenen(session=s, deelnemer=d).regiehouder == "km-utrecht-017"
        perioden = s.exec(select(RegiehouderPeriode).order_by(RegiehouderPeriode.id)).all()
        assert [(p.persoon, p.tot is None) for p in perioden] == [
            (None, False),
            ("km-utrecht-017", True),
        ]
