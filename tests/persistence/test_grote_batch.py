"""A batch as large as a whole import (an import is claimed whole, up to 20,000 rows) is applied
on both databases: PostgreSQL refused the referral update of 10,000 participants in one
statement ("stack depth limit exceeded"), so it goes in slices."""

from __future__ import annotations

from sqlmodel import col, func, select

from bench.verwerking import NU, vul
from flows.verwerking import keur, pas_toe
from persistence import inbox, maak_engine, sessie
from persistence.tabellen_verwijzing import Verwijzing
from quality import get_poort
from settings import laad_catalogus

AANTAL = 10_000


def test_tienduizend_overdrachten_in_een_batch(instellingen, db_url):
    engine = maak_engine(db_url)
    vul(engine, AANTAL)
    catalogus = laad_catalogus(instellingen)
    with sessie(engine) as s:
        batch = inbox.claim_batch(session=s, maximum=AANTAL, nu=NU)
        kandidaten = keur(s, batch, catalogus=catalogus, poort=get_poort(), nu=NU)
        uitslagen = pas_toe(s, kandidaten, catalogus=catalogus, nu=NU, flow_run_id=None)
    assert len(uitslagen) == AANTAL
    assert all(u.status == "geaccepteerd" for u in uitslagen)
    with sessie(engine) as s:
        open_ = s.exec(
            select(func.count())
            .select_from(Verwijzing)
            .where(col(Verwijzing.status) == "aangevraagd")
        ).one()
    assert open_ == AANTAL, "each participant has exactly one open referral to its next partner"
