"""banen: parallel lanes of a trajectory (issue 10, item 1a).

A new table `trajectbaan` holds each run of a lane beside the main lane (the trajectory row). The
ledger (`overgang`), the handoff records (`overdracht`) and the start reports (`fasestart`) get a
nullable `baan`: null is the main lane, which is every row written before this revision.

On SQLite adding a nullable column is a plain ALTER TABLE: the ledger's append-only triggers and
the CHECKs of 0002_statussen stay. Frozen history: never import model code here.

Revision ID: 0004_banen
Revises: 0003_inbox_pogingen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_banen"
down_revision = "0003_inbox_pogingen"
branch_labels = None
depends_on = None

_MET_BAAN = ("overgang", "overdracht", "fasestart")


def upgrade() -> None:
    op.create_table(
        "trajectbaan",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("traject_id", sa.Integer(), sa.ForeignKey("traject.id"), nullable=False),
        sa.Column("baan", sa.String(), nullable=False),
        sa.Column("fase", sa.String(), nullable=False),
        sa.Column("partner", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("fase_sinds", sa.DateTime(), nullable=False),
        sa.Column("begonnen_op", sa.DateTime(), nullable=False),
        sa.Column("beeindigd_op", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_trajectbaan_traject_id", "trajectbaan", ["traject_id"])
    op.create_index("ix_trajectbaan_status", "trajectbaan", ["status"])
    for tabel in _MET_BAAN:
        op.add_column(tabel, sa.Column("baan", sa.String(), nullable=True))


def downgrade() -> None:
    for tabel in _MET_BAAN:
        with op.batch_alter_table(tabel, schema=None) as batch_op:
            batch_op.drop_column("baan")
    op.drop_index("ix_trajectbaan_status", table_name="trajectbaan")
    op.drop_index("ix_trajectbaan_traject_id", table_name="trajectbaan")
    op.drop_table("trajectbaan")
