"""Schema migrations on SQLite and PostgreSQL: a live database at 0001_basis reaches head with
every row intact, the ledger still append-only, the statuses held to their values, and the
participant moves on; the models agree with the migrations; starters that race migrate once."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import CheckConstraint, inspect
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlmodel import SQLModel

from connectors.simulator.voorbeelden import GELDIG
from flows.verwerking import verwerk
from persistence import (
    hoofdversie,
    inbox,
    kale_engine,
    maak_engine,
    migreer,
    schemaversie,
    sessie,
    verloop,
)
from persistence.migraties import BASIS, MigratieFout
from quality import get_poort
from schemas.contracten import OntwikkelingNaarVakopleiding
from settings import laad_catalogus
from tests.conftest import leeg_schema
from tests.flows.hulp import stuur
from tests.persistence import rijen_0001 as rijen
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

STATUSTABELLEN = ("overdracht", "inboxbericht", "outboxbericht", "checkin")


@pytest.fixture
def basis(db_url):
    """A database at 0001_basis holding the rows of rijen_0001 (maak_engine would go to head)."""
    engine = kale_engine(db_url)
    leeg_schema(engine)  # the db_url fixture built head on PostgreSQL
    migreer(engine, BASIS)
    rijen.zaai(engine)
    yield engine
    engine.dispose()


# Columns later revisions added to rows that existed before them, with the value those rows get.
NIEUW_NA_0002 = {
    "inboxbericht": {"pogingen": 0, "laatste_fout": None},
    "overgang": {
        "baan": None,  # 0004_banen: every earlier row is the main lane
        "besluit_rol": None,  # 0007_besluiten
        "besluit_persoon": None,
        "besluit_reden": None,
    },
    "overdracht": {"baan": None},
    "fasestart": {"baan": None},
    "deelnemer": {"regiehouder_persoon": None},  # 0012_regiehouder_persoon
    "outboxbericht": {"claim": None, "geclaimd_tot": None},  # 0015_schaal
    "traject": {"versie": 1},
}
# Tables later revisions added: empty after an upgrade of a database that held none.
NIEUWE_TABELLEN = {
    "ijkpunt",  # 0006_ijkpunten_plannen
    "planversie",
    "maatregel",  # 0007_besluiten
    "schending",
    "incident",
    "trajectbaan",  # 0004_banen
    "verwijzing",  # 0008_verwijzingen
    "regiehouderperiode",
    "aanmelder",
    "observatie",  # 0009_observaties
    "grondslag",
    "gebruiker",  # 0010_gebruikers
    "toegangslog",
    "toestemming",  # 0011_toestemmingen
    "kenmerk",  # 0013_kenmerken
}


def _zonder_versie(alle):
    return {tabel: r for tabel, r in alle.items() if tabel != "alembic_version"}


def _zoals_voor(alle):
    """The rows without the columns added since 0002, after checking those hold their defaults;
    tables later revisions added (empty after an upgrade) are left out."""
    uit = {}
    for tabel, rijen_ in _zonder_versie(alle).items():
        if tabel in NIEUWE_TABELLEN:
            assert rijen_ == [], tabel
            continue
        nieuw = NIEUW_NA_0002.get(tabel, {})
        for rij in rijen_:
            er = {k: v for k, v in nieuw.items() if k in rij}  # added by the revision reached
            assert {k: rij[k] for k in er} == er, (tabel, rij)
        uit[tabel] = [{k: v for k, v in rij.items() if k not in nieuw} for rij in rijen_]
    return uit


def _volgende_overdracht(instellingen, pseudoniem):
    """The ontwikkeling partner hands the participant to vakopleiding: a signed webhook through the
    receiver, then the processing path. The one place naming processing's entry point: flows/ is
    being reorganised, re-point this when it moves."""
    catalogus = laad_catalogus(instellingen)
    afgerond = {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar": "vakopleiding",
        "dossier": GELDIG[OntwikkelingNaarVakopleiding],
    }
    with TestClient(
        create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    ) as client:
        stuur((instellingen, catalogus, client), "ontwikkeling-horeca-utrecht", afgerond)
    engine, nu = maak_engine(instellingen.db_url), datetime.now(UTC)
    with sessie(engine) as s:
        geclaimd = inbox.claim_volgende(session=s, maximum=10, nu=nu)
    return verwerk(
        geclaimd, engine=engine, catalogus=catalogus, poort=get_poort(), nu=nu, flow_run_id=None
    )


def test_upgrade_houdt_elke_rij_en_het_grootboek_alleen_toevoegen(basis):
    voor = rijen.alle_rijen(basis)
    assert {t for t, r in voor.items() if r} >= {
        "deelnemer",
        "traject",
        "overgang",
        "overdracht",
        "inboxbericht",
        "outboxbericht",
        "checkin",
    }
    migreer(basis)
    assert schemaversie(basis) == hoofdversie()
    assert _zoals_voor(rijen.alle_rijen(basis)) == _zonder_versie(voor)
    for opdracht in ("UPDATE overgang SET reden = 'herschreven'", "DELETE FROM overgang"):
        with pytest.raises(DatabaseError, match="append-only"), basis.begin() as c:
            c.exec_driver_sql(opdracht)
    if (
        basis.dialect.name == "sqlite"
    ):  # the connection went back to the pool with foreign keys on again
        with basis.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


@pytest.mark.parametrize("tabel", STATUSTABELLEN)
def test_na_upgrade_weigert_een_statuskolom_een_onbekende_waarde(basis, tabel):
    migreer(basis)
    with basis.begin() as c:
        bekend = c.exec_driver_sql(f"SELECT status FROM {tabel} LIMIT 1").scalar_one()
        c.exec_driver_sql(f"UPDATE {tabel} SET status = '{bekend}'")
    with pytest.raises(IntegrityError, match=f"ck_{tabel}_status"), basis.begin() as c:
        c.exec_driver_sql(f"UPDATE {tabel} SET status = 'verwerkt'")


def test_de_deelnemer_beweegt_verder_na_de_upgrade(basis, instellingen):
    migreer(basis)
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert (uitslag.status, uitslag.naar_fase) == ("geaccepteerd", "vakopleiding"), uitslag.reden
    with sessie(basis) as s:
        deelnemer = verloop.vind_deelnemer(session=s, pseudoniem=rijen.MIDDEN)
        traject = verloop.huidig_traject(session=s, deelnemer_id=deelnemer.id)
        ledger = verloop.geschiedenis(session=s, deelnemer_id=deelnemer.id)
        vastgehouden = verloop.met_quarantaine(session=s, pseudoniemen=[rijen.QUARANTAINE])
    assert (traject.fase, traject.partner) == ("vakopleiding", "vakopleiding-utrecht")
    assert [o.naar_fase for o in ledger] == [
        "instroom",
        "assessment",
        "ontwikkeling",
        "vakopleiding",
    ]
    assert vastgehouden == {rijen.QUARANTAINE}, (
        "the quarantined handoff still holds its participant"
    )


def test_een_database_op_0002_met_rijen_bereikt_0003_en_houdt_ze(basis, instellingen):
    """0003_inbox_pogingen adds the attempt counter and the last failure to every inbox row: the
    rows keep everything else, start at 0 attempts, and a receiver of the release before (which
    does not know the columns) can still store a webhook."""
    migreer(basis, "0002_statussen")
    voor = _zonder_versie(rijen.alle_rijen(basis))
    migreer(basis, "0003_inbox_pogingen")
    assert schemaversie(basis) == "0003_inbox_pogingen"
    assert _zoals_voor(rijen.alle_rijen(basis)) == voor
    with basis.begin() as c:  # the insert of the release before, without the new columns
        c.exec_driver_sql(
            "INSERT INTO inboxbericht (webhook_id, partner, type, payload, status, ontvangen_op)"
            " VALUES ('oud-1', 'gemeente-utrecht', 'fase.afgerond', '{}', 'nieuw', '2026-11-30 12:00:00')"
        )
        assert c.exec_driver_sql(
            "SELECT pogingen, laatste_fout FROM inboxbericht WHERE webhook_id = 'oud-1'"
        ).one() == (0, None)
        c.exec_driver_sql("DELETE FROM inboxbericht WHERE webhook_id = 'oud-1'")
    migreer(basis)  # today's processing reads and writes what later revisions add
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert (uitslag.status, uitslag.naar_fase) == ("geaccepteerd", "vakopleiding"), uitslag.reden


def test_een_onbekende_status_houdt_de_upgrade_tegen_en_laat_alles_staan(basis):
    with basis.begin() as c:
        c.exec_driver_sql("UPDATE inboxbericht SET status = 'verwerkt' WHERE id = 1")
    voor = rijen.alle_rijen(basis)
    with pytest.raises(RuntimeError, match="inboxbericht: unknown status values verwerkt ×1"):
        migreer(basis)  # overdracht, rebuilt before inboxbericht was checked, is rolled back too
    assert schemaversie(basis) == BASIS
    assert rijen.alle_rijen(basis) == voor


def test_een_database_van_voor_de_migraties_wordt_overgenomen(basis):
    """0001_basis builds what create_all built (checked by schema dump on both dialects when it was
    written), so a database without alembic_version is that schema: adopted, then upgraded."""
    with basis.begin() as c:
        c.exec_driver_sql("DROP TABLE alembic_version")
    voor = rijen.alle_rijen(basis)
    assert schemaversie(basis) is None
    migreer(basis)
    assert schemaversie(basis) == hoofdversie()
    assert _zoals_voor(rijen.alle_rijen(basis)) == voor


def test_een_database_van_een_nieuwere_release_wordt_niet_aangeraakt(basis):
    with basis.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_toekomst'")
    voor = rijen.alle_rijen(basis)
    with pytest.raises(MigratieFout, match="0099_toekomst, a revision this code does not know"):
        migreer(basis)
    assert rijen.alle_rijen(basis) == voor


def _waarden(sql: str) -> frozenset[str]:
    """The quoted literals of a CHECK: the same set however the database spells the expression."""
    return frozenset(re.findall(r"'([^']*)'", sql))


def test_modellen_en_migraties_zijn_het_eens(db_url):
    engine = maak_engine(db_url)
    with engine.connect() as c:
        verschillen = compare_metadata(
            MigrationContext.configure(c, opts={"compare_type": True}), SQLModel.metadata
        )
    assert verschillen == []
    # Autogenerate does not compare CHECK constraints: compare their names and allowed values here.
    inspector = inspect(engine)
    in_database = {
        (t, ck["name"]): _waarden(ck["sqltext"])
        for t in SQLModel.metadata.tables
        for ck in inspector.get_check_constraints(t)
    }
    in_modellen = {
        (t.name, c.name): _waarden(str(c.sqltext))
        for t in SQLModel.metadata.tables.values()
        for c in t.constraints
        if isinstance(c, CheckConstraint)
    }
    assert in_database == in_modellen
    assert {tabel for tabel, _ in in_modellen} == set(STATUSTABELLEN)


_MIGREER_NA_DE_ANDER = """
import sys, time
from pathlib import Path
from persistence import kale_engine, migreer, schemaversie
url, ik, ander = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
engine = kale_engine(url)
ik.touch()
while not ander.exists():
    time.sleep(0.001)
migreer(engine)
print(schemaversie(engine))
"""


def test_twee_processen_die_tegelijk_starten_migreren_eenmaal(db_url, tmp_path):
    engine = kale_engine(db_url)
    leeg_schema(engine)
    opdracht = [sys.executable, "-c", _MIGREER_NA_DE_ANDER, db_url]
    processen = [
        subprocess.Popen(
            [*opdracht, str(tmp_path / ik), str(tmp_path / ander)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ik, ander in (("a", "b"), ("b", "a"))
    ]
    uitvoer = [p.communicate(timeout=120) for p in processen]
    assert [p.returncode for p in processen] == [0, 0], uitvoer
    assert [u.strip() for u, _ in uitvoer] == [hoofdversie()] * 2
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [
            hoofdversie()
        ]
    engine.dispose()
