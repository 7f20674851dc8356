"""Outbox delivery against the partner edge (an httpx transport): what leaves is exactly the
receiving partner's allowlist, every delivery is logged, and failures wait or die as they should."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from sqlmodel import select

from connectors import CLIENT_PER_SOORT, client_voor
from flows.bezorging import bezorg
from persistence import OutboxBericht, Verstrekking, maak_engine, outbox, sessie
from schemas.berichten import PartnerBericht

NU = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WET = "Participatiewet art. 7 lid 1 onder a (ondersteuning bij arbeidsinschakeling)"
PSEUDONIEM = "KT-ABCDEFGH23"
PERSOONLIJK = {"bsn": "111222333", "naam": "Yonas Tesfay", "geboortedatum": "2001-03-04"}
# every field any partner kind may receive, so each kind is offered what the others may see
ALLE_VELDEN = sorted(
    {v for cls in CLIENT_PER_SOORT.values() for velden in cls.TOEGESTAAN.values() for v in velden}
)


def _bericht(sleutel: str, soort: str, inhoud: dict[str, object]) -> PartnerBericht:
    return PartnerBericht.model_validate(
        {
            "sleutel": sleutel,
            "soort": soort,
            "deelnemer": PSEUDONIEM,
            "programma": "utrecht-bank-tot-baan",
            "inhoud": inhoud,
        }
    )


def _plaats(engine, berichten: list[tuple[str, PartnerBericht]]) -> None:
    with sessie(engine) as s:
        for partner, bericht in berichten:
            outbox.plaats(session=s, partner=partner, bericht=bericht, nu=NU)


def _rijen(engine) -> list[OutboxBericht]:
    with sessie(engine) as s:
        return outbox.lijst(session=s)


def test_alleen_de_velden_van_de_ontvanger_gaan_over_de_lijn_en_elke_verstrekking_wordt_gelogd(
    catalogus, db_url
):
    engine = maak_engine(db_url)
    gestuurd: dict[str, bytes] = {}

    def partnerkant(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):  # partners on `auth: oauth2`
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        gestuurd[request.headers["idempotency-key"]] = request.content
        return httpx.Response(
            202, json={"sleutel": request.headers["idempotency-key"], "status": "ontvangen"}
        )

    inhoud = {veld: f"waarde-{veld}" for veld in ALLE_VELDEN} | PERSOONLIJK
    berichten = [
        (p.id, _bericht(f"{p.id}:{soort}", soort, inhoud))
        for p in catalogus.partners.values()
        for soort in CLIENT_PER_SOORT[p.soort].TOEGESTAAN
    ]
    _plaats(engine, berichten)

    telling = bezorg(
        engine=engine,
        client_van=lambda p: client_voor(
            catalogus.partner(p), transport=httpx.MockTransport(partnerkant)
        ),
        catalogus=catalogus,
        nu=NU,
    )

    assert telling == {"afgeleverd": len(berichten)} and len(gestuurd) == len(berichten)
    with sessie(engine) as s:
        log = {v.bericht_sleutel: v for v in s.exec(select(Verstrekking))}
    for partner_id, bericht in berichten:
        toegestaan = CLIENT_PER_SOORT[catalogus.partner(partner_id).soort].TOEGESTAAN[bericht.soort]
        ruw = gestuurd[bericht.sleutel]
        body = json.loads(ruw)
        assert set(body) == {"sleutel", "soort", "deelnemer", "programma", "fase", "inhoud"}
        assert set(body["inhoud"]) == toegestaan, bericht.sleutel
        for veld in set(inhoud) - toegestaan:
            assert str(inhoud[veld]).encode() not in ruw, (bericht.sleutel, veld)
        v = log[bericht.sleutel]
        assert (v.partner, v.pseudoniem, v.velden, v.tijdstip) == (
            partner_id,
            PSEUDONIEM,
            sorted(body["inhoud"]),
            NU,
        )
        assert v.grondslag == "wettelijke_taak: " + WET, "the basis actually used"
    assert len(log) == len(berichten)


def _antwoord(status: int | str, **headers: str):
    def partnerkant(request: httpx.Request) -> httpx.Response:
        if status == "verbinding":
            raise httpx.ConnectError("connection refused", request=request)
        if status == "timeout":
            raise httpx.ReadTimeout("read timed out", request=request)
        return httpx.Response(int(status), headers=headers, json={"detail": "niet nu"})

    return partnerkant


def _bezorg_een(catalogus, db_url, partnerkant) -> OutboxBericht:
    engine = maak_engine(db_url)
    _plaats(
        engine, [("werkgevers-utrecht", _bericht("uitbox-1", "traject.start", {"werkfit": True}))]
    )
    bezorg(
        engine=engine,
        client_van=lambda p: client_voor(
            catalogus.partner(p), transport=httpx.MockTransport(partnerkant)
        ),
        catalogus=catalogus,
        nu=NU,
    )
    with sessie(engine) as s:
        assert s.exec(select(Verstrekking)).all() == [], (
            "nothing delivered, nothing logged as disclosed"
        )
    [rij] = _rijen(engine)
    return rij


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, "verbinding", "timeout"])
def test_wat_later_kan_lukken_wacht_op_de_volgende_poging(catalogus, db_url, status):
    rij = _bezorg_een(catalogus, db_url, _antwoord(status))
    assert (rij.status, rij.pogingen) == ("mislukt", 1)
    assert NU < rij.volgende_poging_op < NU + timedelta(hours=1)
    assert rij.laatste_fout and rij.laatste_fout.startswith(
        "PartnerUnavailable: werkgevers-utrecht"
    )


@pytest.mark.parametrize("vorm", ["seconden", "http-datum"])
def test_retry_after_van_de_partner_gaat_voor_als_die_langer_vraagt(catalogus, db_url, vorm):
    # an HTTP-date is real time (the partner's clock); the wait it gives is added to the domain clock
    retry_after = (
        "7200"
        if vorm == "seconden"
        else format_datetime(datetime.now(UTC) + timedelta(hours=2, minutes=1), usegmt=True)
    )
    rij = _bezorg_een(catalogus, db_url, _antwoord(429, **{"Retry-After": retry_after}))
    assert rij.status == "mislukt" and rij.volgende_poging_op >= NU + timedelta(hours=2)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_een_weigering_wordt_niet_herhaald(catalogus, db_url, status):
    rij = _bezorg_een(catalogus, db_url, _antwoord(status))
    assert (rij.status, rij.pogingen) == ("dood", 1)
    assert (
        rij.laatste_fout
        == f"PartnerRejected: werkgevers-utrecht refused the message ({status}): niet nu"
    )
