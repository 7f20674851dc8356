"""0014_dashboard_indexen on a database with data (SQLite and PostgreSQL): every row from before
stays as it was, no table is added, the overview's indexes are there, and a participant from
before still moves on."""

from __future__ import annotations

from sqlalchemy import inspect

from tests.persistence.migratiehulp import ervoor_op, heen_en_terug, migreer_en_draag_over

VOOR = "0013_kenmerken"  # the revision before this one
INDEXEN = {
    ("traject", "ix_traject_trechter"),
    ("traject", "ix_traject_fasetijd"),
    ("overgang", "ix_overgang_instroom"),
    ("checkin", "ix_checkin_gevraagd"),
    ("fasestart", "ix_fasestart_gestart"),
}

ervoor = ervoor_op(VOOR)


def _indexen(engine):
    inspector = inspect(engine)
    return {(t, i["name"]) for t, _ in INDEXEN for i in inspector.get_indexes(t)}


def test_0014_houdt_de_rijen_en_legt_de_indexen_aan(ervoor, instellingen):
    assert not INDEXEN & _indexen(ervoor)
    migreer_en_draag_over(ervoor, set(), instellingen)
    assert _indexen(ervoor) >= INDEXEN


def test_0014_terug_haalt_alleen_de_indexen_weg(ervoor):
    heen_en_terug(ervoor, VOOR)
    assert not INDEXEN & _indexen(ervoor)
