"""Repository behaviour on a real SQLite database: inbox claims, outbox keys, the append-only ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import text

from persistence import Overgang, inbox, maak_engine, outbox, sessie, verloop
from persistence.inbox import CLAIM_DUUR
from schemas.berichten import PartnerBericht

NU = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def engine(instellingen):
    return maak_engine(instellingen.db_url)


def _vul_inbox(engine, aantal):
    with sessie(engine) as s:
        for i in range(aantal):
            inbox.ontvang(
                session=s,
                partner="p",
                webhook_id=f"w{i}",
                type="traject.hervat",
                pseudoniem=None,
                payload={"i": i},
                nu=NU,
            )


def test_claims_overlappen_niet_en_volgen_aankomstvolgorde(engine):
    _vul_inbox(engine, 5)
    with sessie(engine) as s:
        eerste = inbox.claim_batch(session=s, maximum=3, nu=NU)
        tweede = inbox.claim_batch(session=s, maximum=3, nu=NU)
        derde = inbox.claim_batch(session=s, maximum=3, nu=NU)
    assert [r.webhook_id for r in eerste] == ["w0", "w1", "w2"]
    assert [r.webhook_id for r in tweede] == ["w3", "w4"]
    assert derde == []


def test_verlopen_claim_wordt_opnieuw_geclaimd_en_verwerkte_niet(engine):
    _vul_inbox(engine, 2)
    with sessie(engine) as s:
        [a, b] = inbox.claim_batch(session=s, maximum=5, nu=NU)
        inbox.markeer(session=s, bericht=a, status="geaccepteerd", nu=NU)
    later = NU + CLAIM_DUUR + timedelta(seconds=1)
    with sessie(engine) as s:
        opnieuw = inbox.claim_batch(session=s, maximum=5, nu=later)
    assert [r.webhook_id for r in opnieuw] == [b.webhook_id]


def test_utc_blijft_utc(engine):
    _vul_inbox(engine, 1)
    with sessie(engine) as s:
        [rij] = inbox.claim_batch(session=s, maximum=1, nu=NU)
    assert rij.ontvangen_op == NU and rij.ontvangen_op.tzinfo is not None


def test_outbox_plaatst_een_sleutel_eenmaal(engine):
    bericht = PartnerBericht(
        sleutel="k1", soort="traject.start", deelnemer="KT-AAAAAAAAAA", programma="x", inhoud={}
    )
    with sessie(engine) as s:
        outbox.plaats(session=s, partner="p", bericht=bericht, nu=NU)
    with sessie(engine) as s:
        outbox.plaats(session=s, partner="p", bericht=bericht, nu=NU)
        assert len(outbox.te_bezorgen(session=s, nu=NU, maximum=10)) == 1


def test_grootboek_weigert_wijzigen_en_verwijderen(engine):
    with sessie(engine) as s:
        deelnemer = verloop.maak_deelnemer(
            session=s,
            pseudoniem="KT-AAAAAAAAAA",
            bsn_hash="h",
            persoon_versleuteld="x",
            programma="p",
            gemeente_partner="g",
            verwijzing_id="v",
            nu=NU,
        )
        traject = verloop.start_traject(
            session=s, deelnemer_id=deelnemer.id, programma="p", fase="instroom", partner="g", nu=NU
        )
        verloop.leg_overgang_vast(
            session=s,
            overgang=Overgang(
                deelnemer_id=deelnemer.id,
                traject_id=traject.id,
                beweging="aanmelden",
                naar_fase="instroom",
                naar_status="actief",
                naar_partner="g",
                reden="r",
                besloten_door="g",
                tijdstip=NU,
            ),
        )
    for opdracht in ("UPDATE overgang SET reden = 'anders'", "DELETE FROM overgang"):
        with pytest.raises(DatabaseError, match="append-only"), sessie(engine) as s:
            s.exec(text(opdracht))
    with sessie(engine) as s:
        assert [o.reden for o in verloop.geschiedenis(session=s, deelnemer_id=deelnemer.id)] == [
            "r"
        ]
