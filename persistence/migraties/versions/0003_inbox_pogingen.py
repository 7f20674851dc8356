"""inbox pogingen: an inbox row counts its failed processing attempts and keeps the last failure.

A row that fails processing for a reason other than its content's rules (an exception while it
is read, gated, decided or written) is tried again a bounded number of times and then
quarantined; `pogingen` counts the attempts, `laatste_fout` names the step and the exception
class (never a value). Existing rows start at 0 attempts. The server default lets a receiver of
the previous release keep inserting rows during a rolling upgrade.

On SQLite adding a column is a plain ALTER TABLE (batch mode rebuilds nothing), so the CHECK of
0002_statussen stays; dropping them again (downgrade) rebuilds the table.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0003_inbox_pogingen
Revises: 0002_statussen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_inbox_pogingen"
down_revision = "0002_statussen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inboxbericht", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pogingen", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("laatste_fout", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inboxbericht", schema=None) as batch_op:
        batch_op.drop_column("laatste_fout")
        batch_op.drop_column("pogingen")
