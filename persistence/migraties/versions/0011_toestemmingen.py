"""The consent and legal-basis register (issue 12; persistence.tabellen_toestemming).

A new table, and a new outbox status `aangehouden` (a message held for want of a basis: not
sent, not dead, not retried on the schedule). Existing rows are untouched. Participants from
before this revision have no rows; their disclosures rest on their programme's configured legal
task. On SQLite the outbox table is rebuilt (batch mode) to widen its CHECK constraint.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0011_toestemmingen
Revises: 0010_gebruikers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_toestemmingen"
down_revision = "0010_gebruikers"
branch_labels = None
depends_on = None

OUD = ("wachtend", "mislukt", "afgeleverd", "dood")
NIEUW = (*OUD, "aangehouden")


def _voorwaarde(waarden: tuple[str, ...]) -> str:
    return "status IN ({})".format(", ".join(f"'{w}'" for w in waarden))


def _outbox_statussen(waarden: tuple[str, ...]) -> None:
    with op.batch_alter_table("outboxbericht") as batch:
        batch.drop_constraint("ck_outboxbericht_status", type_="check")
        batch.create_check_constraint("ck_outboxbericht_status", _voorwaarde(waarden))


def upgrade() -> None:
    op.create_table(
        "toestemming",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("deelnemer_id", sa.Integer(), sa.ForeignKey("deelnemer.id"), nullable=False),
        sa.Column("pseudoniem", sa.String(), nullable=False),
        sa.Column("ontvanger", sa.String(), nullable=False),
        sa.Column("soort", sa.String(), nullable=False),
        sa.Column("bron", sa.String(), nullable=False),
        sa.Column("van", sa.DateTime(), nullable=False),
        sa.Column("tot", sa.DateTime(), nullable=True),
        sa.Column("vastgelegd_door", sa.String(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        sa.Column("ingetrokken_door", sa.String(), nullable=True),
    )
    for kolom in ("deelnemer_id", "pseudoniem", "ontvanger"):
        op.create_index(f"ix_toestemming_{kolom}", "toestemming", [kolom])
    _outbox_statussen(NIEUW)


def downgrade() -> None:
    # Held messages go back in the queue: the older code has no basis check and sends them.
    op.execute("UPDATE outboxbericht SET status = 'wachtend' WHERE status = 'aangehouden'")
    _outbox_statussen(OUD)
    op.drop_table("toestemming")
