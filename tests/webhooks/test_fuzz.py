"""Fuzzing the served partner API with schemathesis: whatever arrives, no 5xx, and only answers
the OpenAPI description documents; then everything the door let in is processed, and nothing
there breaks either.

The receiver runs under uvicorn on loopback; schemathesis reads /openapi.json and generates
requests for every operation. Hooks (`fuzz_hooks.py`) aim most POSTs at participants the fixture
registered, from the partner running them, with a valid dossier for their edge half the time,
and sign them over the exact bytes, so generated events get past the signature check and the
door's 403 into the contracts, the inbox and processing. Bounded by KETEN_FUZZ_VOORBEELDEN
(default 150 per database).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from flows.verwerking import verwerk
from persistence import inbox, maak_engine, sessie
from quality import get_poort
from tests.connectors.simulator_hulp import Loopback
from tests.webhooks import fuzz_hooks
from tests.webhooks.test_receiver import Opnemer
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

pytestmark = pytest.mark.fuzz
VOORBEELDEN = int(os.environ.get("KETEN_FUZZ_VOORBEELDEN", "150"))


@pytest.fixture
def bediend(instellingen, catalogus):
    deelnemers = fuzz_hooks.registreer(instellingen)
    app = create_app(
        instellingen,
        catalogus,
        Aanstoter("verwerk-inbox/verwerk-inbox", interval_s=0, starter=Opnemer()),
    )
    with Loopback(app) as server:
        yield server.url, deelnemers


def verwerk_alles(instellingen, catalogus) -> Counter[str]:
    """Process what the door let in, as the stream and the import do: outcome per handoff."""
    engine = maak_engine(instellingen.db_url)
    uitslagen: Counter[str] = Counter()
    while True:
        nu = datetime.now(UTC)
        with sessie(engine) as s:
            ids = inbox.claim_volgende(session=s, maximum=500, nu=nu)
        if not ids:
            return uitslagen
        for u in verwerk(
            ids,
            engine=engine,
            catalogus=catalogus,
            poort=get_poort(),
            nu=nu,
            flow_run_id=None,
        ):
            uitslagen[getattr(u.status, "value", str(u.status))] += 1


def test_geen_5xx_en_alleen_gedocumenteerde_antwoorden(bediend, catalogus, instellingen):
    url, deelnemers = bediend
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    fuzz_hooks.installeer(schema, catalogus, deelnemers)
    gezien: Counter[tuple[str, int]] = Counter()

    @settings(
        max_examples=VOORBEELDEN,
        deadline=None,
        database=None,
        # the same examples every run: the coverage asserted below (401 and 403 among the
        # answers) then never depends on a lucky draw
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=schema.as_strategy())
    def verstuur(case):
        headers = {k: str(v) for k, v in (case.headers or {}).items()}
        if case.media_type:
            headers["content-type"] = case.media_type
        antwoord = httpx.request(
            case.method,
            f"{url}{case.formatted_path}",
            params=case.query,
            content=fuzz_hooks._bytes(case.body) or None,
            headers=headers,
            timeout=30,
        )
        gezien[(case.operation.label, antwoord.status_code)] += 1
        assert antwoord.status_code < 500, (
            case.operation.label,
            antwoord.status_code,
            antwoord.text[:300],
        )
        assert str(antwoord.status_code) in case.operation.definition.raw["responses"], (
            case.operation.label,
            antwoord.status_code,
            antwoord.text[:300],
        )

    verstuur()
    uitslagen = verwerk_alles(instellingen, catalogus)
    sys.stdout.write(
        f"\nfuzz answers per operation and status: {dict(sorted(gezien.items()))}"
        f"\nprocessed after the fuzz: {dict(uitslagen)}\n"
    )
    statussen = {s for (_, s) in gezien}
    assert statussen >= {401, 403}, "the door's refusals are fuzzed too"
    assert gezien[("POST /webhooks/{partner_id}", 202)], "generated events get past the door"
    assert sum(uitslagen.values()) > 0, "and into processing"
