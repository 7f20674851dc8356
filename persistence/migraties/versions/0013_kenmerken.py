"""Intake attributes for the equal-chances monitor (issue 12; persistence.tabellen_kenmerk).

A new table only: existing rows are untouched. Participants from before this revision have no
row; the monitor counts them as `onbekend` in every breakdown.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0013_kenmerken
Revises: 0012_regiehouder_persoon
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_kenmerken"
down_revision = "0012_regiehouder_persoon"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kenmerk",
        sa.Column("deelnemer_id", sa.Integer(), sa.ForeignKey("deelnemer.id"), primary_key=True),
        sa.Column("geslacht", sa.String(), nullable=True),
        sa.Column("leeftijdsband", sa.String(), nullable=True),
        sa.Column("doelgroep", sa.String(), nullable=True),
        sa.Column("regio", sa.String(), nullable=True),
        sa.Column("herkomst", sa.String(), nullable=True),
    )
    # The monitor's cohort: a programme's referrals in a period.
    op.create_index(
        "ix_deelnemer_programma_aangemeld_op", "deelnemer", ["programma", "aangemeld_op"]
    )


def downgrade() -> None:
    op.drop_index("ix_deelnemer_programma_aangemeld_op", table_name="deelnemer")
    op.drop_table("kenmerk")
