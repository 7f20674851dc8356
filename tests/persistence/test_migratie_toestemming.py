"""0011_toestemmingen on a database with data (SQLite and PostgreSQL): every row from before stays
as it was, the register is there and empty, the outbox takes the new status `aangehouden` (and
still refuses an unknown one); a downgrade puts held messages back in the queue."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op, migreer_en_vergelijk, terug_naar

NIEUW = {"toestemming"}


ervoor = ervoor_op("0010_gebruikers")  # the revision before this one


def _status(engine) -> str:
    with engine.connect() as c:
        return str(
            c.execute(
                text("SELECT status FROM outboxbericht WHERE pseudoniem = :p"), {"p": rijen.MIDDEN}
            ).scalar_one()
        )


def _zet(engine, status: str) -> None:
    with engine.begin() as c:
        c.execute(
            text("UPDATE outboxbericht SET status = :s WHERE pseudoniem = :p"),
            {"s": status, "p": rijen.MIDDEN},
        )


def test_0011_keeps_the_rows_and_the_outbox_can_hold_a_message(ervoor):
    migreer_en_vergelijk(ervoor, NIEUW)
    assert _status(ervoor) == "dood"
    _zet(ervoor, "aangehouden")
    assert _status(ervoor) == "aangehouden"
    with pytest.raises(IntegrityError):
        _zet(ervoor, "verdwenen")

    terug_naar(ervoor, "0010_gebruikers")
    assert _status(ervoor) == "wachtend", "held goes back in the queue of the older code"
    with pytest.raises(IntegrityError):
        _zet(ervoor, "aangehouden")
