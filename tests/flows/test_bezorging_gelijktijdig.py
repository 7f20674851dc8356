"""Several delivery runs over one outbox, SQLite and PostgreSQL: each message is sent once, recorded
delivered once and disclosed once, and a run whose lease ran out records nothing."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import func, select

from connectors import CLIENT_PER_SOORT, client_voor
from flows.bezorging import bezorg
from persistence import OutboxBericht, Verstrekking, maak_engine, outbox, sessie
from schemas.berichten import PartnerBericht

NU = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _vul(engine, catalogus, aantal: int) -> None:
    """`aantal` messages spread over every partner and kind the catalogue knows."""
    soorten = [
        (p.id, soort)
        for p in catalogus.partners.values()
        for soort in CLIENT_PER_SOORT[p.soort].TOEGESTAAN
    ]
    with sessie(engine) as s:
        for i in range(aantal):
            partner, soort = soorten[i % len(soorten)]
            bericht = PartnerBericht.model_validate(
                {
                    "sleutel": f"m{i}",
                    "soort": soort,
                    "deelnemer": f"KT-{i:08d}",
                    "programma": "utrecht-bank-tot-baan",
                    "inhoud": {},
                }
            )
            outbox.plaats(
                session=s, partner=partner, bericht=bericht, nu=NU, controleer_dubbel=False
            )


def test_vier_runs_tegelijk_bezorgen_elk_bericht_eenmaal(catalogus, db_url):
    engine = maak_engine(db_url)
    _vul(engine, catalogus, 400)
    ontvangen: Counter[str] = Counter()
    slot = threading.Lock()

    def partnerkant(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        with slot:
            ontvangen[request.headers["idempotency-key"]] += 1
        return httpx.Response(
            202, json={"sleutel": request.headers["idempotency-key"], "status": "ontvangen"}
        )

    def run(_: int) -> Counter[str]:
        return bezorg(
            engine=engine,
            client_van=lambda p: client_voor(
                catalogus.partner(p), transport=httpx.MockTransport(partnerkant)
            ),
            catalogus=catalogus,
            nu=NU,
            maximum=25,  # small batches, so the runs claim side by side many times
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        tellingen = list(pool.map(run, range(4)))

    assert sum(t["afgeleverd"] for t in tellingen) == 400
    assert all(set(t) <= {"afgeleverd"} for t in tellingen), tellingen
    assert len(ontvangen) == 400 and set(ontvangen.values()) == {1}  # nothing sent twice
    with sessie(engine) as s:
        assert s.exec(select(func.count()).select_from(Verstrekking)).one() == 400
        sleutels = s.exec(select(Verstrekking.bericht_sleutel)).all()
        assert len(set(sleutels)) == 400
        assert outbox.aantal_per_status(session=s) == {"afgeleverd": 400}


def test_een_verlopen_lease_legt_niets_meer_vast(catalogus, db_url):
    """The first run's lease ends mid-send and a second run takes the message: both reach the
    partner (it answers the second by the idempotency key), one delivery and one disclosure."""
    engine = maak_engine(db_url)
    _vul(engine, catalogus, 1)
    with sessie(engine) as s:
        eerste, [rij] = outbox.claim(session=s, nu=NU, maximum=10)
        assert outbox.claim(session=s, nu=NU, maximum=10)[1] == []  # held: nobody else takes it
        later = NU + outbox.CLAIM_DUUR + timedelta(seconds=1)
        tweede, [zelfde] = outbox.claim(session=s, nu=later, maximum=10)
    assert zelfde.id == rij.id and tweede != eerste
    assert rij.id is not None
    with sessie(engine) as s:
        assert not outbox.markeer_afgeleverd(
            session=s, bericht_id=rij.id, claim=eerste, nu=later, velden=[], grondslag="x"
        )
        assert not outbox.markeer_mislukt(
            session=s, bericht_id=rij.id, claim=eerste, fout="te laat", volgende_poging=later
        )
    with sessie(engine) as s:
        assert outbox.markeer_afgeleverd(
            session=s, bericht_id=rij.id, claim=tweede, nu=later, velden=[], grondslag="x"
        )
    with sessie(engine) as s:
        assert not outbox.markeer_afgeleverd(
            session=s, bericht_id=rij.id, claim=tweede, nu=later, velden=[], grondslag="x"
        )
        bewaard = s.get_one(OutboxBericht, rij.id)
        assert (bewaard.status, bewaard.pogingen, bewaard.claim) == ("afgeleverd", 1, None)
        assert s.exec(select(func.count()).select_from(Verstrekking)).one() == 1
