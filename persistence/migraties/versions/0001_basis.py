"""basis: the schema as SQLModel.metadata.create_all built it before there were migrations,
and the ledger's append-only guard on `overgang`.

Frozen history: never import model code here, and never edit a revision once it has shipped.
Datetimes are plain DateTime (the models' UTCDatum stores naive UTC in it); text is plain String
(sqlmodel's AutoString is VARCHAR without a length). A database built by create_all is adopted at
this revision (persistence.migraties.migreer stamps it) instead of being built again.

Revision ID: 0001_basis
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001_basis"
down_revision = None
branch_labels = None
depends_on = None

_GROOTBOEK_SQLITE = (
    "CREATE TRIGGER overgang_{actie}_verboden BEFORE {actie} ON overgang "
    "BEGIN SELECT RAISE(ABORT, 'overgang is append-only'); END;"
)
_GROOTBOEK_PG = """
CREATE OR REPLACE FUNCTION overgang_alleen_toevoegen() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'overgang is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER overgang_alleen_toevoegen BEFORE UPDATE OR DELETE ON overgang
FOR EACH ROW EXECUTE FUNCTION overgang_alleen_toevoegen();
"""

# Per table, the indexed columns (ix_<table>_<column>); the second set is unique.
_INDEXEN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "deelnemer": ((), ("bsn_hash", "pseudoniem")),
    "inboxbericht": (("batch", "claim", "pseudoniem", "status"), ()),
    "outboxbericht": (("partner", "pseudoniem", "status", "volgende_poging_op"), ()),
    "verstrekking": (("partner", "pseudoniem"), ()),
    "webhookgeheim": (("partner",), ()),
    "outboxherhaling": (("bericht_id",), ()),
    "overdracht": (("deelnemer_id", "pseudoniem", "status"), ()),
    "signaalregel": (("deelnemer_id", "gemeld_op", "pseudoniem", "soort", "status"), ()),
    "traject": (("deelnemer_id", "status"), ()),
    "checkin": (("deelnemer_id", "pseudoniem", "status", "vervaldatum"), ()),
    "fasestart": (("traject_id",), ()),
    "overgang": (("beweging", "deelnemer_id", "tijdstip", "traject_id"), ()),
    "uitkomstregel": (("deelnemer_id", "soort"), ()),
}


def _id(*, autoincrement: bool = True) -> sa.Column[Any]:
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=autoincrement)


def _naar(kolom: str, tabel: str, *, nullable: bool = False) -> sa.Column[Any]:
    """An id column referencing `tabel`.id (the foreign key is unnamed, as create_all made it)."""
    return sa.Column(kolom, sa.Integer(), sa.ForeignKey(f"{tabel}.id"), nullable=nullable)


def _tekst(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.String(), nullable=nullable)


def _tijd(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.DateTime(), nullable=nullable)


def _json(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.JSON(), nullable=nullable)


def _datum(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.Date(), nullable=nullable)


def _getal(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    _tabellen_zonder_verwijzing()
    _tabellen_met_verwijzing()
    for tabel, (gewoon, uniek) in _INDEXEN.items():
        for kolom in gewoon:
            op.create_index(f"ix_{tabel}_{kolom}", tabel, [kolom])
        for kolom in uniek:
            op.create_index(f"ix_{tabel}_{kolom}", tabel, [kolom], unique=True)
    _grootboek_alleen_toevoegen()


def _tabellen_zonder_verwijzing() -> None:
    op.create_table(
        "deelnemer",
        _id(),
        _tekst("pseudoniem"),
        _tekst("bsn_hash"),
        _tekst("persoon_versleuteld"),
        _tekst("programma"),
        _tekst("gemeente_partner"),
        _tekst("verwijzing_id"),
        _tijd("aangemeld_op"),
    )
    op.create_table(
        "inboxbericht",
        _id(),
        _tekst("webhook_id"),
        _tekst("partner"),
        _tekst("type"),
        _tekst("pseudoniem", nullable=True),
        _json("payload"),
        _tekst("persoon_versleuteld", nullable=True),
        _tekst("bsn_hash", nullable=True),
        _tekst("status"),
        _tekst("batch", nullable=True),
        _tekst("claim", nullable=True),
        _tijd("geclaimd_tot", nullable=True),
        _tijd("ontvangen_op"),
        _tijd("verwerkt_op", nullable=True),
        sa.UniqueConstraint("partner", "webhook_id"),
    )
    op.create_table(
        "klokstand",
        _id(autoincrement=False),  # one row, id 1: no sequence on PostgreSQL
        sa.Column("verschuiving_s", sa.Float(), nullable=False),
        _tijd("gewijzigd_op"),
    )
    op.create_table(
        "outboxbericht",
        _id(),
        _tekst("sleutel"),
        _tekst("partner"),
        _tekst("soort"),
        _tekst("pseudoniem"),
        _json("bericht"),
        _tekst("status"),
        _getal("pogingen"),
        _tijd("volgende_poging_op"),
        _tekst("laatste_fout", nullable=True),
        _tijd("aangemaakt_op"),
        _tijd("afgeleverd_op", nullable=True),
        sa.UniqueConstraint("sleutel"),
    )
    op.create_table(
        "verstrekking",
        _id(),
        _tekst("partner"),
        _tekst("pseudoniem"),
        _json("velden"),
        _tekst("grondslag"),
        _tekst("bericht_sleutel"),
        _tijd("tijdstip"),
    )
    op.create_table(
        "webhookgeheim",
        _id(),
        _tekst("partner"),
        _tekst("geheim_versleuteld"),
        _tekst("vingerafdruk"),
        _tijd("aangemaakt_op"),
        _tijd("vervalt_op", nullable=True),
    )


def _tabellen_met_verwijzing() -> None:
    op.create_table(
        "outboxherhaling",
        _id(),
        _naar("bericht_id", "outboxbericht"),
        _tekst("door"),
        _tijd("op"),
        _tekst("vorige_status"),
        _getal("vorige_pogingen"),
        _tekst("vorige_fout", nullable=True),
    )
    op.create_table(
        "overdracht",
        _id(),
        _naar("inbox_id", "inboxbericht"),
        _naar("deelnemer_id", "deelnemer", nullable=True),
        _tekst("pseudoniem", nullable=True),
        _tekst("partner"),
        _tekst("type"),
        _tekst("beweging"),
        _tekst("van_fase", nullable=True),
        _tekst("naar_fase", nullable=True),
        _tekst("contract", nullable=True),
        _tekst("status"),
        _tekst("reden", nullable=True),
        _json("bevindingen", nullable=True),
        _json("dossier", nullable=True),
        _tekst("flow_run_id", nullable=True),
        _tijd("verwerkt_op"),
        sa.UniqueConstraint("inbox_id"),
    )
    op.create_table(
        "signaalregel",
        _id(),
        _tekst("sleutel"),
        _naar("deelnemer_id", "deelnemer"),
        _tekst("pseudoniem"),
        _tekst("programma"),
        _tekst("partner"),
        _tekst("soort"),
        _tekst("niveau"),
        _tekst("onderwerp"),
        _datum("termijn", nullable=True),
        _tekst("toelichting"),
        _tekst("status"),
        _tijd("ontstaan_op"),
        _tijd("gemeld_op", nullable=True),
        _tijd("opgelost_op", nullable=True),
        sa.UniqueConstraint("sleutel"),
    )
    op.create_table(
        "traject",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _tekst("programma"),
        _tekst("fase"),
        _tekst("partner"),
        _tekst("status"),
        _tijd("fase_sinds"),
        _tijd("begonnen_op"),
        _tijd("beeindigd_op", nullable=True),
    )
    op.create_table(
        "checkin",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("pseudoniem"),
        _tekst("programma"),
        _tekst("partner"),
        _tekst("regiehouder"),
        _getal("maand"),
        _datum("startdatum"),
        _datum("vervaldatum"),
        _tekst("status"),
        _tijd("gevraagd_op", nullable=True),
        _tijd("beantwoord_op", nullable=True),
        _json("antwoord", nullable=True),
        sa.UniqueConstraint("traject_id", "maand"),
    )
    op.create_table(
        "fasestart",
        _id(),
        _naar("traject_id", "traject"),
        _tekst("fase"),
        _tekst("partner"),
        _tijd("fase_sinds"),
        _datum("gestart_op"),
        _tijd("ontvangen_op"),
        sa.UniqueConstraint("traject_id", "fase", "partner", "fase_sinds"),
    )
    op.create_table(
        "overgang",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("beweging"),
        _tekst("van_fase", nullable=True),
        _tekst("naar_fase"),
        _tekst("van_status", nullable=True),
        _tekst("naar_status"),
        _tekst("van_partner", nullable=True),
        _tekst("naar_partner"),
        _tekst("reden"),
        _tekst("besloten_door"),
        _naar("overdracht_id", "overdracht", nullable=True),
        _tekst("flow_run_id", nullable=True),
        _tijd("tijdstip"),
    )
    op.create_table(
        "uitkomstregel",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("soort"),
        _datum("datum"),
        _getal("mbo_niveau", nullable=True),
        _tekst("reden", nullable=True),
        _tijd("vastgelegd_op"),
    )


def _grootboek_alleen_toevoegen() -> None:
    """The ledger refuses UPDATE and DELETE in the database itself, whoever connects."""
    if op.get_bind().dialect.name == "sqlite":
        for actie in ("UPDATE", "DELETE"):
            op.execute(_GROOTBOEK_SQLITE.format(actie=actie))
    else:
        op.execute(_GROOTBOEK_PG)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS overgang_alleen_toevoegen ON overgang")
        op.execute("DROP FUNCTION IF EXISTS overgang_alleen_toevoegen()")
    for tabel in (
        "uitkomstregel",
        "overgang",
        "fasestart",
        "checkin",
        "traject",
        "signaalregel",
        "overdracht",
        "outboxherhaling",
        "webhookgeheim",
        "verstrekking",
        "outboxbericht",
        "klokstand",
        "inboxbericht",
        "deelnemer",
    ):
        op.drop_table(tabel)  # its indexes and (SQLite) triggers go with it
