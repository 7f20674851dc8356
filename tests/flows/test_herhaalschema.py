"""The outbox retry horizon and the inbox lease are configuration, and the code follows them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlmodel import select

from connectors import PartnerUnavailable
from flows.bezorging import bezorg, volgende_poging
from persistence import OutboxBericht, inbox, maak_engine, outbox, sessie
from schemas.berichten import PartnerBericht
from settings import STANDARD_WEBHOOKS_SCHEMA_S, Instellingen

NU = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


class Onbereikbaar:
    """A partner edge that is always down (asks for 30 s)."""

    partner_id = "opleiding-utrecht"

    def lever(self, bericht: PartnerBericht) -> None:
        raise PartnerUnavailable("down", partner_id=self.partner_id, status=503, retry_after_s=30)


def test_schema_en_claimduur_komen_uit_de_omgeving(monkeypatch):
    monkeypatch.setenv("KETEN_OUTBOX_HERHAALSCHEMA_S", "[1, 2.5, 60]")
    monkeypatch.setenv("KETEN_INBOX_CLAIM_S", "4")
    instellingen = Instellingen()
    assert instellingen.outbox_herhaalschema_s == [1.0, 2.5, 60.0]
    assert instellingen.inbox_claim_s == 4.0


def test_standaard_is_het_standard_webhooks_schema(monkeypatch):
    monkeypatch.delenv("KETEN_OUTBOX_HERHAALSCHEMA_S", raising=False)
    assert Instellingen().outbox_herhaalschema_s == list(STANDARD_WEBHOOKS_SCHEMA_S)


@pytest.mark.parametrize("waarde", ["[]", "[5, 0]", "[-1]", "5"])
def test_een_onbruikbaar_schema_wordt_geweigerd(monkeypatch, waarde):
    monkeypatch.setenv("KETEN_OUTBOX_HERHAALSCHEMA_S", waarde)
    with pytest.raises(ValidationError, match="outbox_herhaalschema_s"):
        Instellingen()


def test_volgende_poging_volgt_het_schema_met_jitter_en_retry_after():
    schema = (10.0, 20.0)
    eerste = volgende_poging(1, NU, schema=schema)
    tweede = volgende_poging(2, NU, schema=schema)
    assert eerste is not None and timedelta(seconds=9) <= eerste - NU <= timedelta(seconds=11)
    assert tweede is not None and timedelta(seconds=18) <= tweede - NU <= timedelta(seconds=22)
    assert volgende_poging(1, NU, retry_after_s=120, schema=schema) == NU + timedelta(seconds=120)
    assert volgende_poging(3, NU, schema=schema) is None


def test_na_het_laatste_schema_moment_is_het_bericht_dood(instellingen, catalogus):
    engine = maak_engine(instellingen.db_url)
    bericht = PartnerBericht(
        sleutel="k1",
        soort="traject.start",
        deelnemer="KT-AAAAAAAAAA",
        programma="utrecht-bank-tot-baan",
        inhoud={},
    )
    with sessie(engine) as s:
        outbox.plaats(session=s, partner="opleiding-utrecht", bericht=bericht, nu=NU)
        s.commit()
    tellingen: list[Counter[str]] = []
    nu = NU
    for _ in range(4):
        tellingen.append(
            bezorg(
                engine=engine,
                client_van=lambda _p: Onbereikbaar(),
                catalogus=catalogus,
                nu=nu,
                schema=(1.0, 2.0),
            )
        )
        nu += timedelta(minutes=1)  # past any Retry-After
    assert tellingen == [Counter(mislukt=1), Counter(mislukt=1), Counter(dood=1), Counter()]
    with sessie(engine) as s:
        [rij] = s.exec(select(OutboxBericht)).all()
        assert (rij.status, rij.pogingen) == ("dood", 3)


def test_claim_vervalt_na_de_ingestelde_duur(instellingen):
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        inbox.ontvang(
            session=s,
            partner="p",
            webhook_id="w1",
            type="traject.hervat",
            pseudoniem=None,
            payload={},
            nu=NU,
        )
        [eerste] = inbox.claim_batch(session=s, maximum=5, nu=NU, duur=timedelta(seconds=3))
        assert (
            inbox.claim_batch(
                session=s, maximum=5, nu=NU + timedelta(seconds=2), duur=timedelta(seconds=3)
            )
            == []
        )
        [opnieuw] = inbox.claim_batch(
            session=s, maximum=5, nu=NU + timedelta(seconds=4), duur=timedelta(seconds=3)
        )
    assert opnieuw.id == eerste.id
