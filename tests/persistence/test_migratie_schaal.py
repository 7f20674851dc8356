"""0015_schaal on a database with data (SQLite and PostgreSQL): every row from before stays as it
was, old outbox messages start unclaimed and old trajectories at version 1, a participant from
before still moves on, and the downgrade takes only the new columns away."""

from __future__ import annotations

from sqlalchemy import inspect

from tests.persistence.migratiehulp import ervoor_op, heen_en_terug, migreer_en_draag_over

VOOR = "0014_dashboard_indexen"  # the revision before this one
NIEUW = {("outboxbericht", "claim"), ("outboxbericht", "geclaimd_tot"), ("traject", "versie")}

ervoor = ervoor_op(VOOR)


def _kolommen(engine):
    inspector = inspect(engine)
    return {(t, k["name"]) for t in ("outboxbericht", "traject") for k in inspector.get_columns(t)}


def test_0015_houdt_de_rijen_en_een_deelnemer_van_ervoor_gaat_door(ervoor, instellingen):
    assert not NIEUW & _kolommen(ervoor)
    na = migreer_en_draag_over(ervoor, set(), instellingen)  # old rows: claim NULL, versie 1
    assert na["outboxbericht"] and na["traject"], "the seeded rows are there"


def test_0015_terug_haalt_alleen_de_kolommen_weg(ervoor):
    heen_en_terug(ervoor, VOOR)
    assert not NIEUW & _kolommen(ervoor)
