"""Every outbox delivery asks the consent register (flows.bezorging, persistence.toestemmingen):
through the real delivery function, the partner an httpx transport, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import event
from sqlmodel import Session, select

from connectors import client_voor
from flows.bezorging import bezorg
from persistence import (
    Deelnemer,
    OutboxBericht,
    Verstrekking,
    maak_engine,
    migreer,
    outbox,
    sessie,
    toestemmingen,
)
from persistence.tabellen import SignaalRegel
from persistence.tabellen_toestemming import Toestemming
from schemas.berichten import PartnerBericht
from schemas.toestemming import KENNISGEVING, Grondslagsoort

NU = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
P = "KT-ABCDEFGH23"
WERKGEVER, PORTAAL, GEMEENTE = (
    "werkgevers-groningen",
    "iederz-instroomportaal",
    "gemeente-groningen",
)
WET = (
    "wettelijke_taak: Participatiewet art. 7 lid 1 onder a (ondersteuning bij arbeidsinschakeling)"
)


class Partners:
    """The partners' side: records every delivery (key, partner, body)."""

    def __init__(self) -> None:
        self.ontvangen: list[tuple[str, str, dict[str, object]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        sleutel = request.headers["idempotency-key"]
        self.ontvangen.append((sleutel, request.url.path, json.loads(request.content)))
        return httpx.Response(202, json={"sleutel": sleutel, "status": "ontvangen"})

    def soorten(self) -> list[str]:
        return [str(b["soort"]) for _, _, b in self.ontvangen]


def _keten(db_url):
    engine = maak_engine(db_url)
    migreer(engine)
    with sessie(engine) as s:
        s.add(
            Deelnemer(
                pseudoniem=P,
                bsn_hash="h",
                persoon_versleuteld="x",
                programma="instroomportaal",
                gemeente_partner=GEMEENTE,
                verwijzing_id="v-1",
                aangemeld_op=NU,
            )
        )
    return engine


def _plaats(engine, partner: str, sleutel: str, soort: str = "traject.start") -> None:
    bericht = PartnerBericht(
        sleutel=sleutel,
        soort=soort,
        deelnemer=P,
        programma="instroomportaal",
        fase="plaatsing" if partner == WERKGEVER else "ontwikkeling",
        inhoud={"werkfit": True},
    )
    with sessie(engine) as s:
        outbox.plaats(session=s, partner=partner, bericht=bericht, nu=NU)


def _bezorg(engine, catalogus, partners: Partners, nu: datetime = NU):
    return bezorg(
        engine=engine,
        client_van=lambda p: client_voor(
            catalogus.partner(p), transport=httpx.MockTransport(partners)
        ),
        catalogus=catalogus,
        nu=nu,
    )


def _rij(engine, sleutel: str) -> OutboxBericht:
    with sessie(engine) as s:
        return s.exec(select(OutboxBericht).where(OutboxBericht.sleutel == sleutel)).one()


def _log(engine) -> dict[str, str]:
    with sessie(engine) as s:
        return {v.bericht_sleutel: v.grondslag for v in s.exec(select(Verstrekking))}


def _vlaggen(engine) -> list[SignaalRegel]:
    with sessie(engine) as s:
        return list(s.exec(select(SignaalRegel).where(SignaalRegel.soort == "geen_grondslag")))


def _deelnemer(s: Session) -> Deelnemer:
    return s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == P)).one()


def _geef_toestemming(engine, bron: str, op: datetime) -> None:
    """The municipality records the participant's consent for the employer, from `op` on."""
    with sessie(engine) as s:
        toestemmingen.leg_vast(
            session=s,
            deelnemer=_deelnemer(s),
            ontvanger=WERKGEVER,
            soort=Grondslagsoort.TOESTEMMING,
            bron=bron,
            van=op,
            door=GEMEENTE,
            nu=op,
        )


def test_held_without_a_basis_and_flagged_then_delivered_after_consent_with_its_basis(
    catalogus, db_url
):
    engine, partners = _keten(db_url), Partners()
    _plaats(engine, WERKGEVER, "plaatsing-1")
    _plaats(engine, PORTAAL, "portaal-1")

    assert _bezorg(engine, catalogus, partners) == {"aangehouden": 1, "afgeleverd": 1}
    assert [s for s, _, _ in partners.ontvangen] == ["portaal-1"], "nothing left for the employer"
    assert _log(engine) == {"portaal-1": WET}, "the legal task actually used, not a fixed string"
    gehouden = _rij(engine, "plaatsing-1")
    assert (gehouden.status, gehouden.pogingen) == ("aangehouden", 0)
    [vlag] = _vlaggen(engine)
    assert (vlag.partner, vlag.onderwerp, vlag.status, vlag.pseudoniem) == (
        GEMEENTE,
        WERKGEVER,
        "open",
        P,
    )
    # Not retried on the schedule, not dead: a day later it is still held and nothing is sent.
    assert _bezorg(engine, catalogus, partners, NU + timedelta(days=1)) == {}
    assert _rij(engine, "plaatsing-1").status == "aangehouden"

    later = NU + timedelta(hours=2)
    _geef_toestemming(engine, "schriftelijk, bij de intake", later)
    assert _rij(engine, "plaatsing-1").status == "wachtend", "due at once"
    assert _bezorg(engine, catalogus, partners, later) == {"afgeleverd": 1}
    assert _log(engine)["plaatsing-1"] == "toestemming: schriftelijk, bij de intake"
    assert [v.status for v in _vlaggen(engine)] == ["opgelost"]


def test_a_withdrawal_holds_the_next_message_and_tells_the_earlier_recipient_once(
    catalogus, db_url
):
    engine, partners = _keten(db_url), Partners()
    _geef_toestemming(engine, "mondeling, gesprek 2 maart", NU)
    _plaats(engine, WERKGEVER, "plaatsing-1")
    assert _bezorg(engine, catalogus, partners) == {"afgeleverd": 1}

    intrekking = NU + timedelta(days=3)
    for _ in range(2):  # a second withdrawal (a replayed webhook) closes nothing and tells no one
        with sessie(engine) as s:
            toestemmingen.trek_in(
                session=s,
                deelnemer=_deelnemer(s),
                ontvanger=WERKGEVER,
                op=intrekking,
                door="klantmanager-1",
                nu=intrekking,
            )
    with sessie(engine) as s:
        [rij] = s.exec(select(Toestemming)).all()
    assert (rij.tot, rij.ingetrokken_door) == (intrekking, "klantmanager-1")

    _plaats(engine, WERKGEVER, "plaatsing-2")
    _plaats(engine, PORTAAL, "portaal-2")
    assert _bezorg(engine, catalogus, partners, intrekking) == {"afgeleverd": 2, "aangehouden": 1}
    assert _bezorg(engine, catalogus, partners, intrekking + timedelta(days=1)) == {}
    assert _rij(engine, "plaatsing-2").status == "aangehouden"
    meldingen = [b for _, pad, b in partners.ontvangen if b["soort"] == "toestemming.ingetrokken"]
    assert len(meldingen) == 1, "the earlier recipient is told exactly once"
    [melding] = meldingen
    assert melding["deelnemer"] == P and melding["inhoud"] == {
        "ontvanger": WERKGEVER,
        "op": intrekking.date().isoformat(),
    }, "pseudonym, recipient and date only"
    sleutel = next(s for s, _, b in partners.ontvangen if b["soort"] == "toestemming.ingetrokken")
    assert _log(engine)[sleutel] == str(KENNISGEVING)
    assert partners.soorten().count("traject.start") == 2  # plaatsing-1 before, portaal-2 after


def test_one_query_reads_the_register_for_a_whole_batch(catalogus, db_url):
    """The basis check costs the same number of statements for 2 messages as for 40."""
    engine, partners = _keten(db_url), Partners()

    def tel(aantal: int, ronde: int) -> int:
        for i in range(aantal):
            _plaats(engine, PORTAAL if i % 2 else WERKGEVER, f"r{ronde}-{i}")
        selects: list[str] = []

        def noteer(_conn, _cursor, statement, *_args) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "toestemming" in statement:
                selects.append(statement)

        event.listen(engine, "before_cursor_execute", noteer)
        try:
            _bezorg(engine, catalogus, partners, NU + timedelta(minutes=ronde))
        finally:
            event.remove(engine, "before_cursor_execute", noteer)
        return len(selects)

    assert tel(2, 1) == tel(40, 2) == 1
