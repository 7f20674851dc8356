"""schaal: the outbox is claimed like the inbox, and a trajectory carries a version (issue 14).

`outboxbericht.claim` / `geclaimd_tot`: a delivery run leases the messages it sends, so two
workers never send the same message and a dead worker's lease runs out. Existing rows start
unclaimed. `traject.versie`: an optimistic version, raised by every update, so two workers that
loaded the same trajectory cannot both write it (the second one's update matches no row). Existing
trajectories start at version 1; the server default lets a process of the release before insert
trajectories during a rolling upgrade.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0015_schaal
Revises: 0014_dashboard_indexen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_schaal"
down_revision = "0014_dashboard_indexen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboxbericht", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("geclaimd_tot", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_outboxbericht_claim", ["claim"])
    with op.batch_alter_table("traject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("versie", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35 has one): a batch rebuild of traject would drop a table
    # other tables reference, which SQLite refuses while foreign keys are enforced.
    op.drop_column("traject", "versie")
    op.drop_index("ix_outboxbericht_claim", table_name="outboxbericht")
    op.drop_column("outboxbericht", "geclaimd_tot")
    op.drop_column("outboxbericht", "claim")
