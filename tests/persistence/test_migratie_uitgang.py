"""0005_uitgangen on SQLite and PostgreSQL: a database at 0003_inbox_pogingen with rows (outcomes
among them) reaches head with every row intact; old outcomes are final, unreported and without a
destination, and the new columns hold an interim outcome and a confirmed destination."""

from __future__ import annotations

import pytest

from persistence import migreer, schemaversie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import database_voor

NIEUWE_KOLOMMEN = {"tussentijds": False, "gemeld_door": None, "bestemming": None, "bevestigd": None}


@pytest.fixture
def ervoor(db_url):
    """A database at the revision before 0005 holding the rows of rijen_0001 and two outcomes."""
    with database_voor(db_url, "0004_banen") as engine:  # the revision before this one
        with engine.begin() as c:
            d, t = c.exec_driver_sql("SELECT deelnemer_id, id FROM traject ORDER BY id").first()
            for soort, niveau in (("regulier_werk", None), ("onderwijs", 2)):
                niveau_sql = "NULL" if niveau is None else str(niveau)
                c.exec_driver_sql(
                    "INSERT INTO uitkomstregel (deelnemer_id, traject_id, soort, datum, mbo_niveau,"
                    f" vastgelegd_op) VALUES ({d}, {t}, '{soort}', '2026-11-01', {niveau_sql},"
                    " '2026-11-02 10:00:00')"
                )
        yield engine


def _uitkomsten(engine):
    with engine.connect() as c:
        return [
            dict(r._mapping) for r in c.exec_driver_sql("SELECT * FROM uitkomstregel ORDER BY id")
        ]


def test_0005_houdt_elke_rij_en_de_nieuwe_kolommen_werken(ervoor):
    voor = rijen.alle_rijen(ervoor)
    oude = _uitkomsten(ervoor)
    migreer(ervoor, "0005_uitgangen")
    assert schemaversie(ervoor) == "0005_uitgangen"
    na = rijen.alle_rijen(ervoor)
    for tabel, oud in voor.items():
        if tabel in ("alembic_version", "uitkomstregel"):
            continue
        assert na[tabel] == oud, tabel
    oude_uitkomsten = _uitkomsten(ervoor)
    assert [u["soort"] for u in oude_uitkomsten] == ["regulier_werk", "onderwijs"]
    for u, v in zip(oude_uitkomsten, oude, strict=True):
        assert {k: bool(u[k]) if k == "tussentijds" else u[k] for k in NIEUWE_KOLOMMEN} == (
            NIEUWE_KOLOMMEN
        )
        assert {k: u[k] for k in v} == v, "old columns unchanged"

    with ervoor.begin() as c:
        d, t = c.exec_driver_sql("SELECT deelnemer_id, traject_id FROM uitkomstregel").first()
        # The release before inserts without the new columns; the server default makes it final.
        c.exec_driver_sql(
            "INSERT INTO uitkomstregel (deelnemer_id, traject_id, soort, datum, vastgelegd_op)"
            f" VALUES ({d}, {t}, 'regulier_werk', '2026-11-03', '2026-11-03 10:00:00')"
        )
        c.exec_driver_sql(
            "INSERT INTO uitkomstregel (deelnemer_id, traject_id, soort, datum, vastgelegd_op,"
            " tussentijds, gemeld_door, bestemming, bevestigd) VALUES"
            f" ({d}, {t}, 'stage', '2026-11-04', '2026-11-04 10:00:00', true,"
            " 'ontwikkeling-horeca-utrecht', 'DUO-inschrijving', true)"
        )
    oud_release, nieuw = _uitkomsten(ervoor)[2:]
    assert not oud_release["tussentijds"]
    assert (bool(nieuw["tussentijds"]), nieuw["gemeld_door"], nieuw["bestemming"]) == (
        True,
        "ontwikkeling-horeca-utrecht",
        "DUO-inschrijving",
    )
    assert bool(nieuw["bevestigd"])
