"""The regiehouder as a person (issue 12): the klantmanager's staff code beside the organisation.

Two nullable columns: `deelnemer.regiehouder_persoon` (who holds the case now, written in the
referral's own insert) and `regiehouderperiode.persoon` (who held it in each period). Rows from
before keep NULL: their regiehouder is known as an organisation only, so no regiehouder user sees
their file until a handover names a person.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0012_regiehouder_persoon
Revises: 0011_toestemmingen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_regiehouder_persoon"
down_revision = "0011_toestemmingen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deelnemer", sa.Column("regiehouder_persoon", sa.String(), nullable=True))
    op.add_column("regiehouderperiode", sa.Column("persoon", sa.String(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite ≥ 3.35 has one): a batch rebuild of deelnemer would drop a table
    # every other table references, which SQLite refuses while foreign keys are enforced.
    op.drop_column("regiehouderperiode", "persoon")
    op.drop_column("deelnemer", "regiehouder_persoon")
