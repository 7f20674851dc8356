"""The door's 403 for an unknown pseudonym against someone else's: the same answer, and the same
time class. Both run the same statements (tests/webhooks/test_toegang.py checks that); this
measures what a caller sees, through the real receiver in-process (signature, parse, the door's
reads), the two paths interleaved so that load on the machine falls on both alike.

Run from the repository root: `.venv/bin/python bench/weigering.py [postgresql+psycopg://...]`.
Not a test: prints median and p90 per path. With a PostgreSQL URL it empties that database.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so `python bench/weigering.py` finds the project packages

import json  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402
from sqlmodel import Session  # noqa: E402
from standardwebhooks import Webhook  # noqa: E402

from persistence import kale_engine, maak_engine, opvolging, verloop  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402
from webhooks.aanstoten import Aanstoter  # noqa: E402
from webhooks.app import create_app  # noqa: E402

HERHALINGEN = 400
BEKEND, ONBEKEND = "KT-ABCDEFGH23", "KT-ZZZZZZZZZZ"
GEVALLEN: dict[str, tuple[str, dict[str, object]]] = {
    "traject.gepauzeerd": (
        "ontwikkeling-horeca-utrecht",
        {"type": "traject.gepauzeerd", "fase": "assessment", "reden": "ziekte"},
    ),
    "nazorg.checkin": (
        "meerinzicht-nazorg",
        {"type": "nazorg.checkin", "maand": 1, "nog_in_dienst": True},
    ),
    "fase.gestart": (
        "vakopleiding-utrecht",
        {"type": "fase.gestart", "fase": "vakopleiding", "gestart_op": "2026-11-01"},
    ),
}


def _deelnemer(instellingen: Instellingen) -> None:
    with Session(maak_engine(instellingen.db_url)) as s:
        nu = datetime.now(UTC)
        d = verloop.maak_deelnemer(
            session=s,
            pseudoniem=BEKEND,
            bsn_hash="h",
            persoon_versleuteld="x",
            programma="utrecht-bank-tot-baan",
            gemeente_partner="gemeente-utrecht",
            verwijzing_id="UTR-1",
            nu=nu,
        )
        t = verloop.start_traject(
            session=s,
            deelnemer_id=d.id or 0,
            programma="utrecht-bank-tot-baan",
            fase="assessment",
            partner="assessment-utrecht",
            nu=nu,
        )
        opvolging.plan_checkins(
            session=s,
            deelnemer=d,
            traject_id=t.id or 0,
            partner="jobcoach-utrecht",
            startdatum=date.today(),
            maanden=[1],
        )
        s.commit()


def _meet(instellingen: Instellingen) -> None:
    _deelnemer(instellingen)
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", interval_s=0, starter=lambda *_: None))
    with TestClient(app) as client:
        for soort, (partner, gebeurtenis) in GEVALLEN.items():
            geheim = catalogus.partner(partner).webhook_geheimen[0].get_secret_value()
            tijden: dict[str, list[float]] = {BEKEND: [], ONBEKEND: []}
            for i in range(HERHALINGEN + 20):
                for deelnemer in (BEKEND, ONBEKEND) if i % 2 else (ONBEKEND, BEKEND):
                    body = json.dumps(
                        {
                            "gemeld_op": datetime.now(UTC).isoformat(),
                            "deelnemer": deelnemer,
                            **gebeurtenis,
                        }
                    )
                    webhook_id = f"msg_{uuid.uuid4().hex}"
                    nu = datetime.now(UTC)
                    headers = {
                        "webhook-id": webhook_id,
                        "webhook-timestamp": str(int(nu.timestamp())),
                        "webhook-signature": Webhook(geheim).sign(webhook_id, nu, body),
                        "content-type": "application/json",
                    }
                    begin = time.perf_counter()
                    antwoord = client.post(f"/webhooks/{partner}", content=body, headers=headers)
                    duur = (time.perf_counter() - begin) * 1000
                    assert antwoord.status_code == 403, antwoord.text
                    if i >= 20:  # warm-up left out
                        tijden[deelnemer].append(duur)
            regel = [soort]
            for deelnemer, naam in ((BEKEND, "someone else's"), (ONBEKEND, "unknown")):
                t = sorted(tijden[deelnemer])
                regel.append(
                    f"{naam}: p50 {statistics.median(t):.2f} ms p90 {t[int(len(t) * 0.9)]:.2f} ms"
                )
            print(" | ".join(regel))


def main() -> None:
    map_ = Path(tempfile.mkdtemp())
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{map_ / 'keten.db'}"
    if url.startswith("postgresql"):
        with kale_engine(url).begin() as verbinding:
            verbinding.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    print(f"{url.split(':')[0]}, {HERHALINGEN} requests per path, interleaved")
    _meet(Instellingen(data_map=map_, database_url=url))


if __name__ == "__main__":
    main()
