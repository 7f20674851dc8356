"""Revision 0007_besluiten on a database with data, on SQLite and PostgreSQL: every ledger row is
kept with no decider recorded, the ledger is still append-only after the upgrade (and after a
downgrade, which rebuilds the table on SQLite), the new columns and tables take rows."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from persistence import migreer, schemaversie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op, terug_naar

VOOR = "0006_ijkpunten_plannen"  # the revision before this one
DEZE = "0007_besluiten"
KOLOMMEN = ("besluit_rol", "besluit_persoon", "besluit_reden")


ervoor = ervoor_op(VOOR)


def _alleen_toevoegen(engine) -> None:
    for opdracht in ("UPDATE overgang SET reden = 'herschreven'", "DELETE FROM overgang"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as c:
            c.exec_driver_sql(opdracht)


def _een_overgang(c):
    return tuple(c.exec_driver_sql("SELECT deelnemer_id, traject_id FROM overgang LIMIT 1").one())


def test_0007_houdt_het_grootboek_en_voegt_de_beslisser_en_de_tabellen_toe(ervoor):
    voor = rijen.alle_rijen(ervoor)["overgang"]
    assert voor, "the database holds ledger rows"
    migreer(ervoor, DEZE)
    assert schemaversie(ervoor) == DEZE
    na = rijen.alle_rijen(ervoor)
    assert [{k: v for k, v in r.items() if k not in KOLOMMEN} for r in na["overgang"]] == voor
    assert all(r[k] is None for r in na["overgang"] for k in KOLOMMEN), "nobody recorded a decider"
    _alleen_toevoegen(ervoor)
    with ervoor.begin() as c:
        d, t = _een_overgang(c)
        c.exec_driver_sql(
            "INSERT INTO overgang (deelnemer_id, traject_id, beweging, van_fase, naar_fase, "
            "naar_status, naar_partner, reden, besloten_door, tijdstip, besluit_rol, "
            f"besluit_persoon, besluit_reden) VALUES ({d}, {t}, 'overslaan', 'assessment', "
            "'plaatsing', 'actief', 'werkgevers-utrecht', 'overslaan', 'assessment-utrecht', "
            "'2026-11-30 12:00:00', 'trajectbegeleider', 'MW-20417', 'besproken')"
        )
        c.exec_driver_sql(
            "INSERT INTO maatregel (deelnemer_id, traject_id, pseudoniem, soort, datum, "
            "besloten_door, besluit_rol, besluit_persoon, besluit_reden, vastgelegd_op) VALUES "
            f"({d}, {t}, 'KT-X', 'waarschuwing', '2026-11-30', 'gemeente-utrecht', 'regiehouder', "
            "'KM-1', 'besloten', '2026-11-30 12:00:00')"
        )
        maatregel = c.exec_driver_sql("SELECT id FROM maatregel").scalar_one()
        c.exec_driver_sql(
            "INSERT INTO schending (deelnemer_id, traject_id, pseudoniem, partner, soort, datum, "
            f"maatregel_id, gemeld_op) VALUES ({d}, {t}, 'KT-X', 'assessment-utrecht', "
            f"'niet_verschenen', '2026-11-02', {maatregel}, '2026-11-30 12:00:00')"
        )
        c.exec_driver_sql(
            "INSERT INTO incident (deelnemer_id, traject_id, pseudoniem, partner, fase, soort, "
            f"datum, gemeld_op) VALUES ({d}, {t}, 'KT-X', 'werkgevers-utrecht', 'plaatsing', "
            "'ongeval', '2026-11-25', '2026-11-30 12:00:00')"
        )
    gelezen = rijen.alle_rijen(ervoor)
    assert gelezen["overgang"][-1]["besluit_persoon"] == "MW-20417"
    assert [len(gelezen[t]) for t in ("maatregel", "schending", "incident")] == [1, 1, 1]
    _alleen_toevoegen(ervoor)  # also for the row written with a decider


def test_0007_terug_naar_0003_houdt_het_grootboek_alleen_toevoegen(ervoor):
    voor = rijen.alle_rijen(ervoor)["overgang"]
    migreer(ervoor, DEZE)
    terug_naar(ervoor, VOOR)
    na = rijen.alle_rijen(ervoor)
    assert na["overgang"] == voor
    assert not {"maatregel", "schending", "incident"} & set(na)
    _alleen_toevoegen(ervoor)
