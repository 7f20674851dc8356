"""uitgangen: an outcome records whether it was reached while the trajectory ran, who reported
it, and an exit's destination and whether that was confirmed (issue 10 b, j).

Existing outcomes were all exits reported by the partner closing the trajectory or found at a
check-in: they stay `tussentijds = false` with no reporter or destination. The server default
lets a receiver of the previous release keep inserting outcomes during a rolling upgrade.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0005_uitgangen
Revises: 0003_inbox_pogingen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_uitgangen"
down_revision = "0004_banen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uitkomstregel", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tussentijds", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("gemeld_door", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("bestemming", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("bevestigd", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uitkomstregel", schema=None) as batch_op:
        batch_op.drop_column("bevestigd")
        batch_op.drop_column("bestemming")
        batch_op.drop_column("gemeld_door")
        batch_op.drop_column("tussentijds")
