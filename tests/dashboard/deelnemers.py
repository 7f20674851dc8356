"""Participants for the dashboard tests, referred through the real path: a signed webhook into the
receiver, the inbox, and processing's Prefect-free composition (flows.verwerking)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from flows.verwerking import verwerk
from persistence import inbox, maak_engine, sessie
from quality import get_poort
from settings import Instellingen, laad_catalogus
from tests.flows.hulp import instroom_afgerond, stuur
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

GEMEENTE = "gemeente-utrecht"


def _verwerk(instellingen: Instellingen) -> None:
    engine, nu = maak_engine(instellingen.db_url), datetime.now(UTC)
    catalogus = laad_catalogus(instellingen)
    with sessie(engine) as s:
        geclaimd = inbox.claim_volgende(session=s, maximum=50, nu=nu)
    uitslagen = verwerk(
        geclaimd, engine=engine, catalogus=catalogus, poort=get_poort(), nu=nu, flow_run_id=None
    )
    assert all(u.status == "geaccepteerd" for u in uitslagen), [u.reden for u in uitslagen]


def verwijs(
    instellingen: Instellingen,
    *,
    naam: str,
    bsn: str,
    geboortedatum: str,
    regiehouder: str | None,
    verwijzing_id: str = "UTR-DASH-1",
) -> str:
    """Refer one participant to utrecht-bank-tot-baan and hand them on to assessment: a ledger
    with two moves and messages in the outbox. Their pseudonym."""
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    aanmelding = {
        "type": "deelnemer.aangemeld",
        "verwijzing_id": verwijzing_id,
        "programma": "utrecht-bank-tot-baan",
        "persoon": {"naam": naam, "bsn": bsn, "geboortedatum": geboortedatum},
    }
    if regiehouder:
        aanmelding["regiehouder"] = regiehouder
    with TestClient(app) as client:
        omgeving = (instellingen, catalogus, client)
        pseudoniem = str(stuur(omgeving, GEMEENTE, aanmelding)["deelnemer"])
        _verwerk(instellingen)
        stuur(omgeving, GEMEENTE, instroom_afgerond(pseudoniem))
        _verwerk(instellingen)
    return pseudoniem
