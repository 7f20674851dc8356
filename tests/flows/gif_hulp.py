"""Poison rows: inbox rows that pass (or passed) the door but cannot be processed, stored the way
an older receiver stored them, so these tests hold whatever limits the door adds later.

- a JSON row nested hundreds of levels deep (Prefect's walk of a task's inputs raised
  RecursionError on it; at 990 levels even reading the row back does);
- a CSV column dotted 500 levels deep (the export's reader nests it just as deep);
- a `nazorg.checkin` whose `maand` is 2**63 (an earlier release bound it in a query: OverflowError).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from persistence import InboxBericht

PARTNER = "werkgevers-utrecht"


def genest(diepte: int) -> dict[str, Any]:
    """{"a": {"a": ... {}}} `diepte` levels deep, built without recursion."""
    binnen: dict[str, Any] = {}
    for _ in range(diepte):
        binnen = {"a": binnen}
    return binnen


def genest_json(diepte: int) -> str:
    """The same as JSON text: Python's own encoder gives up near 1,000 levels, a partner's need not."""
    return '{"a": ' * diepte + "{}" + "}" * diepte


def gestippelde_csv_rij(
    pseudoniem: str, rapport: dict[str, Any], diepte: int = 500
) -> dict[str, Any]:
    """A plaatsing report as an older CSV reader stored an export with one column dotted `diepte`
    deep (`dossier.x.x....`); today's door refuses such a header, so the row is built here."""
    dossier: Any = "1"
    for _ in range(diepte):
        dossier = {"x": dossier}
    return {
        "type": rapport["type"],
        "gemeld_op": rapport["gemeld_op"],
        "deelnemer": pseudoniem,
        "fase": "plaatsing",
        "naar": "nazorg",
        "dossier": dossier,
    }


def checkin_maand_2_63(pseudoniem: str) -> dict[str, Any]:
    return {
        "type": "nazorg.checkin",
        "gemeld_op": datetime.now(UTC).isoformat(),
        "deelnemer": pseudoniem,
        "maand": 2**63,
        "nog_in_dienst": True,
    }


def sla_ruw_op(
    engine: Engine,
    *,
    pseudoniem: str,
    payload_json: str,
    webhook_id: str,
    batch: str | None = None,
    partner: str = PARTNER,
    type_: str = "fase.afgerond",
) -> None:
    """Store a row whose JSON text Python cannot encode (too deep), as the database holds it."""
    tabel = InboxBericht.__table__  # type: ignore[attr-defined]
    with engine.begin() as c:
        c.execute(
            insert(tabel).values(
                partner=partner,
                webhook_id=webhook_id,
                type=type_,
                pseudoniem=pseudoniem,
                payload=json.loads('{"tijdelijk": true}'),
                status="nieuw",
                batch=batch,
                ontvangen_op=datetime.now(UTC),
            )
        )
        # the JSON column encodes in Python; write the text itself with a plain statement
        c.exec_driver_sql(
            "UPDATE inboxbericht SET payload = %s WHERE webhook_id = %s"
            if engine.dialect.name == "postgresql"
            else "UPDATE inboxbericht SET payload = ? WHERE webhook_id = ?",
            (payload_json, webhook_id),
        )
