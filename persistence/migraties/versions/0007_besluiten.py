"""besluiten: who decided a ledger move; breaches, the regiehouder's measures, incidents (issue 10 e/h/i).

`overgang` gains three nullable columns (besluit_rol, besluit_persoon, besluit_reden): the
decider's role, a person reference (never a name) and the stated reason. Existing ledger rows
keep NULL there: nobody recorded a decider before. On SQLite adding a column is a plain ALTER
TABLE, so the append-only triggers of 0001_basis stay (PostgreSQL's row trigger is untouched
by ADD COLUMN); dropping the columns again (downgrade) rebuilds the table on SQLite, so the
triggers are made again after it.

New tables: `maatregel` (a measure, always with its decider), `schending` (a PIP breach or a
no-show, later linked to the measure that answered it) and `incident` (during placement).

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0007_besluiten
Revises: 0003_inbox_pogingen
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007_besluiten"
down_revision = "0006_ijkpunten_plannen"
branch_labels = None
depends_on = None

_KOLOMMEN = ("besluit_rol", "besluit_persoon", "besluit_reden")
_GROOTBOEK_SQLITE = (
    "CREATE TRIGGER overgang_{actie}_verboden BEFORE {actie} ON overgang "
    "BEGIN SELECT RAISE(ABORT, 'overgang is append-only'); END;"
)


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True)


def _naar(kolom: str, tabel: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.Integer(), sa.ForeignKey(f"{tabel}.id"), nullable=nullable)


def _tekst(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.String(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("overgang", schema=None) as batch_op:
        for kolom in _KOLOMMEN:
            batch_op.add_column(sa.Column(kolom, sa.String(), nullable=True))
    op.create_table(
        "maatregel",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("pseudoniem"),
        _tekst("soort"),
        sa.Column("datum", sa.Date(), nullable=False),
        _tekst("besloten_door"),
        *(_tekst(kolom) for kolom in _KOLOMMEN),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "schending",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("pseudoniem"),
        _tekst("partner"),
        _tekst("soort"),
        sa.Column("datum", sa.Date(), nullable=False),
        _tekst("code", nullable=True),
        _naar("maatregel_id", "maatregel", nullable=True),
        sa.Column("gemeld_op", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "incident",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("pseudoniem"),
        _tekst("partner"),
        _tekst("fase"),
        _tekst("soort"),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("gemeld_op", sa.DateTime(), nullable=False),
    )
    for tabel, kolommen in (
        ("maatregel", ("deelnemer_id", "pseudoniem")),
        ("schending", ("deelnemer_id", "pseudoniem", "soort")),
        ("incident", ("deelnemer_id", "pseudoniem")),
    ):
        for kolom in kolommen:
            op.create_index(f"ix_{tabel}_{kolom}", tabel, [kolom])


def downgrade() -> None:
    for tabel in ("incident", "schending", "maatregel"):
        op.drop_table(tabel)
    with op.batch_alter_table("overgang", schema=None) as batch_op:
        for kolom in reversed(_KOLOMMEN):
            batch_op.drop_column(kolom)
    if op.get_bind().dialect.name == "sqlite":  # the rebuild dropped the triggers with the table
        for actie in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS overgang_{actie}_verboden")
            op.execute(_GROOTBOEK_SQLITE.format(actie=actie))
