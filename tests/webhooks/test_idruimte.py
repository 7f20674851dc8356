"""One id space: single webhooks and batch rows share the inbox's (partner, webhook_id) key.

Batch rows are stored as `{batch}#{row}` and replays as `herhaling#{id}#{n}`, and no partner's
webhook-id may hold '#', so an id a partner chooses never meets one the chain derived. A
webhook-id names one message: the same one again is 200 `dubbel`; another message under it is
409; a conflict in storage is never a 503 "storage unreachable".
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session

from persistence import inbox, maak_engine
from tests.webhooks.test_deur import CHECKIN, gepauzeerd, regel, stuur, stuur_batch
from tests.webhooks.test_receiver import inbox_rijen
from tests.webhooks.test_toegang import in_assessment  # noqa: F401  (the fixture)


def test_webhook_x1_en_daarna_batch_x(client, catalogus, instellingen, in_assessment, caplog):  # noqa: F811
    """Before: the webhook `X#1` was stored, and the batch `X` then met its row id: a permanent 503."""
    with caplog.at_level(logging.INFO):
        webhook = stuur(client, catalogus, regel(gepauzeerd()), webhook_id="X#1")
        batch = stuur_batch(client, catalogus, regel(gepauzeerd()), webhook_id="X")
    assert webhook.status_code == 400 and "'#'" in webhook.json()["detail"]
    assert batch.status_code == 202, batch.text
    assert "opslag_onbereikbaar" not in caplog.text
    assert [r.webhook_id for r in inbox_rijen(instellingen)] == ["X#1"]


def test_batch_y_en_daarna_webhook_y2(client, catalogus, instellingen, in_assessment):  # noqa: F811
    """Before: the webhook `Y#2` was answered `dubbel` and silently dropped."""
    twee = regel(gepauzeerd()) + b"\n" + regel(gepauzeerd(reden="weer ziek"))
    assert stuur_batch(client, catalogus, twee, webhook_id="Y").status_code == 202
    webhook = stuur(client, catalogus, regel(gepauzeerd(reden="iets anders")), webhook_id="Y#2")
    assert webhook.status_code == 400, webhook.text
    assert len(inbox_rijen(instellingen)) == 2
    sleutel = catalogus.partner("assessment-utrecht").api_sleutel.get_secret_value()
    status = client.get(
        "/webhooks/assessment-utrecht/status/Y%232", headers={"authorization": f"Bearer {sleutel}"}
    )
    assert (status.status_code, status.json()["webhook_id"]) == (200, "Y#2"), status.text


def test_een_bezette_rij_id_is_409_en_geen_503(
    client,
    catalogus,
    instellingen,
    in_assessment,  # noqa: F811
    caplog,
):
    """A row id taken already (a webhook `Z#1` stored before '#' was refused): 409, nothing stored."""
    with Session(maak_engine(instellingen.db_url)) as s:
        inbox.ontvang(
            session=s,
            partner="assessment-utrecht",
            webhook_id="Z#1",
            type="traject.gepauzeerd",
            pseudoniem=None,
            payload={},
            nu=datetime.now(UTC),
        )
    with caplog.at_level(logging.INFO):
        antwoord = stuur_batch(client, catalogus, regel(gepauzeerd()), webhook_id="Z")
    assert antwoord.status_code == 409, antwoord.text
    assert "opslag_onbereikbaar" not in caplog.text
    assert [r.webhook_id for r in inbox_rijen(instellingen)] == ["Z#1"]


def test_een_id_noemt_een_bericht_enkel_of_batch(client, catalogus, instellingen, in_assessment):  # noqa: F811
    assert stuur(client, catalogus, regel(gepauzeerd()), webhook_id="A").status_code == 202
    assert stuur_batch(client, catalogus, regel(gepauzeerd()), webhook_id="A").status_code == 409
    assert stuur_batch(client, catalogus, regel(gepauzeerd()), webhook_id="B").status_code == 202
    antwoord = stuur(client, catalogus, regel(gepauzeerd()), webhook_id="B")
    assert antwoord.status_code == 409 and "batch" in antwoord.json()["detail"]
    assert sorted(r.webhook_id for r in inbox_rijen(instellingen)) == ["A", "B#1"]


def test_dezelfde_batch_is_dubbel_een_andere_onder_zijn_id_409(
    client,
    catalogus,
    instellingen,
    in_assessment,  # noqa: F811
):
    body = regel(gepauzeerd()) + b"\n" + regel(CHECKIN)
    assert stuur_batch(client, catalogus, body, webhook_id="C").status_code == 202
    herhaling = stuur_batch(client, catalogus, body, webhook_id="C")
    assert (herhaling.status_code, herhaling.json()["status"]) == (200, "dubbel")
    ander = regel(gepauzeerd(reden="iets anders")) + b"\n" + regel(CHECKIN)
    assert stuur_batch(client, catalogus, ander, webhook_id="C").status_code == 409
    # the check-in row was refused at the door (no check-in was asked of this partner): one kept
    assert [r.webhook_id for r in inbox_rijen(instellingen)] == ["C#1"]


def test_dezelfde_webhook_is_dubbel_een_ander_onder_zijn_id_409(
    client,
    catalogus,
    instellingen,
    in_assessment,  # noqa: F811
):
    assert stuur(client, catalogus, regel(gepauzeerd()), webhook_id="D").status_code == 202
    later = gepauzeerd(gemeld_op=datetime.now(UTC).isoformat())  # a rebuilt retry, stamped anew
    herhaling = stuur(client, catalogus, regel(later), webhook_id="D")
    assert (herhaling.status_code, herhaling.json()["status"]) == (200, "dubbel")
    ander = stuur(client, catalogus, regel(gepauzeerd(reden="iets anders")), webhook_id="D")
    assert ander.status_code == 409 and "another event" in ander.json()["detail"]
    [rij] = inbox_rijen(instellingen)
    assert rij.payload["reden"] == "ziekte in het gezin"


def test_een_herhaling_botst_niet_met_het_id_van_een_partner(instellingen):
    """Before: a partner's webhook-id `herhaling-1-1` took the id the replay of row 1 wanted."""
    with Session(maak_engine(instellingen.db_url)) as s:
        rij, _ = inbox.ontvang(
            session=s,
            partner="assessment-utrecht",
            webhook_id="herhaling-1-1",
            type="traject.gepauzeerd",
            pseudoniem=None,
            payload={"reden": "x"},
            nu=datetime.now(UTC),
        )
        herhaald = inbox.neem_herhaling_op(
            session=s, origineel=rij, payload={"reden": "y"}, nu=datetime.now(UTC)
        )
        s.commit()
        assert herhaald.webhook_id == f"herhaling#{rij.id}#1"


def test_een_weigering_door_de_databank_is_geen_503(client, catalogus, monkeypatch, caplog):
    """The last guard, should a door check miss one: a conflict or a value the database refuses is
    a 4xx, never 'storage unreachable' (which tells the sender to retry for ever)."""
    monkeypatch.setattr("webhooks.intake._weigering", lambda *_a: None)  # no participant needed
    for fout, status in ((IntegrityError, 409), (DataError, 422)):

        def weiger(*_a, fout=fout, **_k):
            raise fout("INSERT ...", {}, Exception("refused"))

        monkeypatch.setattr(inbox, "ontvang", weiger)
        with caplog.at_level(logging.INFO):
            antwoord = stuur(client, catalogus, regel(gepauzeerd()))
        assert antwoord.status_code == status, antwoord.text
        assert "opslag_onbereikbaar" not in caplog.text
