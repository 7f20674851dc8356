"""ijkpunten en plannen: checkpoints per trajectory and plan versions per participant (issue 10 c, d).

Two new tables; no existing row or column changes, so a receiver of the release before keeps
working during a rolling upgrade. A checkpoint is unique per (trajectory, name); a plan version
per (participant, version): a version is never overwritten.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0006_ijkpunten_plannen
Revises: 0003_inbox_pogingen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_ijkpunten_plannen"
down_revision = "0005_uitgangen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ijkpunt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("deelnemer_id", sa.Integer(), sa.ForeignKey("deelnemer.id"), nullable=False),
        sa.Column("traject_id", sa.Integer(), sa.ForeignKey("traject.id"), nullable=False),
        sa.Column("naam", sa.String(), nullable=False),
        sa.Column("eigenaar", sa.String(), nullable=False),
        sa.Column("gepland_op", sa.DateTime(), nullable=False),
        sa.Column("vervalt_op", sa.DateTime(), nullable=False),
        sa.Column("keuze", sa.String(), nullable=True),
        sa.Column("route_fase", sa.String(), nullable=True),
        sa.Column("route_partner", sa.String(), nullable=True),
        sa.Column("besloten_door", sa.String(), nullable=True),
        sa.Column("rol", sa.String(), nullable=True),
        sa.Column("persoon", sa.String(), nullable=True),
        sa.Column("reden", sa.String(), nullable=True),
        sa.Column("besloten_op", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("traject_id", "naam"),
    )
    op.create_index("ix_ijkpunt_deelnemer_id", "ijkpunt", ["deelnemer_id"])
    op.create_index("ix_ijkpunt_traject_id", "ijkpunt", ["traject_id"])
    op.create_index("ix_ijkpunt_vervalt_op", "ijkpunt", ["vervalt_op"])
    op.create_table(
        "planversie",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("deelnemer_id", sa.Integer(), sa.ForeignKey("deelnemer.id"), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(), nullable=False),
        sa.Column("vastgesteld_op", sa.Date(), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=True),
        sa.Column("partner", sa.String(), nullable=False),
        sa.Column("rol", sa.String(), nullable=False),
        sa.Column("persoon", sa.String(), nullable=False),
        sa.Column("reden", sa.String(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("deelnemer_id", "versie"),
    )
    op.create_index("ix_planversie_deelnemer_id", "planversie", ["deelnemer_id"])


def downgrade() -> None:
    op.drop_index("ix_planversie_deelnemer_id", table_name="planversie")
    op.drop_table("planversie")
    op.drop_index("ix_ijkpunt_vervalt_op", table_name="ijkpunt")
    op.drop_index("ix_ijkpunt_traject_id", table_name="ijkpunt")
    op.drop_index("ix_ijkpunt_deelnemer_id", table_name="ijkpunt")
    op.drop_table("ijkpunt")
