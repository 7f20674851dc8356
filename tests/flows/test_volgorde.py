"""Webhooks carry no order: a move that overtook an earlier event of the same partner waits for it.

Found by the fault suite (every webhook shuffled): a `traject.hervat` that arrived before its
`traject.gepauzeerd` was refused for good, the pause was then applied, and the participant stayed
paused while the partner's own system had moved on. And a `fase.gestart` that arrived after the
same partner's `fase.afgerond` was refused, telling the partner its true report was wrong.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from flows.verwerk_inbox import verwerk_inbox
from persistence import InboxBericht, OutboxBericht, Overdracht, klok, maak_engine, sessie
from schemas.toegang import NIET_BETROKKEN
from tests.flows.hulp import instroom_afgerond, meld_aan, stuur, toestand


def _pauze(pseudoniem):
    return {
        "type": "traject.gepauzeerd",
        "deelnemer": pseudoniem,
        "fase": "instroom",
        "reden": "ziekte",
    }


def _hervat(pseudoniem):
    return {"type": "traject.hervat", "deelnemer": pseudoniem, "fase": "instroom"}


def _statussen(instellingen, soort):
    with sessie(maak_engine(instellingen.db_url)) as s:
        inbox = [r.status for r in s.exec(select(InboxBericht).where(InboxBericht.type == soort))]
        overdrachten = [
            o.status for o in s.exec(select(Overdracht).where(Overdracht.type == soort))
        ]
    return inbox, overdrachten


def test_in_een_batch_wordt_de_ingehaalde_beweging_na_de_eerdere_toegepast(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", _hervat(pseudoniem))
    stuur(omgeving, "gemeente-utrecht", _pauze(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "instroom",
        "actief",
        ["aanmelden", "pauzeren", "hervatten"],
    )
    assert _statussen(instellingen, "traject.hervat") == (["geaccepteerd"], ["geaccepteerd"])


def test_over_batches_wacht_de_ingehaalde_beweging_in_de_inbox(omgeving):
    instellingen = omgeving[0]
    engine = maak_engine(instellingen.db_url)
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", _hervat(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])
    assert _statussen(instellingen, "traject.hervat") == (["nieuw"], []), (
        "waits, no handoff record yet"
    )
    stuur(omgeving, "gemeente-utrecht", _pauze(pseudoniem))
    klok.vooruit(
        engine=engine, met=timedelta(seconds=5)
    )  # past the waiting move's pause before its next try
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "instroom",
        "actief",
        ["aanmelden", "pauzeren", "hervatten"],
    )
    assert _statussen(instellingen, "traject.hervat") == (["geaccepteerd"], ["geaccepteerd"])


def test_zonder_eerdere_gebeurtenis_volgt_na_de_wachttijd_de_weigering(omgeving):
    instellingen = omgeving[0]
    engine = maak_engine(instellingen.db_url)
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", _hervat(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    assert _statussen(instellingen, "traject.hervat") == (["nieuw"], [])
    klok.vooruit(engine=engine, met=timedelta(seconds=instellingen.inbox_volgorde_s + 1))
    verwerk_inbox(stil_na_s=0)
    assert _statussen(instellingen, "traject.hervat") == (["geweigerd"], ["geweigerd"])
    with sessie(engine) as s:
        [weigering] = s.exec(select(Overdracht).where(Overdracht.type == "traject.hervat")).all()
    assert weigering.reden == "hervatten is not possible while the trajectory is actief"
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])


def _gestart(pseudoniem, fase="instroom"):
    return {
        "type": "fase.gestart",
        "deelnemer": pseudoniem,
        "fase": fase,
        "gestart_op": "2026-11-01",
    }


def _weigeringen_aan(instellingen, partner):
    with sessie(maak_engine(instellingen.db_url)) as s:
        return [
            o.bericht["inhoud"]["type"]
            for o in s.exec(
                select(OutboxBericht).where(
                    OutboxBericht.partner == partner, OutboxBericht.soort == "overdracht.geweigerd"
                )
            )
        ]


def test_een_start_die_na_de_afronding_van_die_fase_aankomt_is_te_laat_maar_waar(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    stuur(omgeving, "gemeente-utrecht", _gestart(pseudoniem))  # overtaken within one batch
    verwerk_inbox(stil_na_s=0)
    stuur(omgeving, "gemeente-utrecht", _gestart(pseudoniem))  # and in a later batch
    verwerk_inbox(stil_na_s=0)
    assert _statussen(instellingen, "fase.gestart") == (["geaccepteerd", "geaccepteerd"], [])
    assert _weigeringen_aan(instellingen, "gemeente-utrecht") == [], (
        "the partner is not told its true report was refused"
    )
    assert toestand(instellingen, pseudoniem) == (
        "assessment",
        "actief",
        ["aanmelden", "doorstromen"],
    )


def test_een_start_van_een_fase_die_de_partner_nooit_liep_blijft_geweigerd(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    antwoord = stuur(
        omgeving, "werkgevers-utrecht", _gestart(pseudoniem, "plaatsing"), verwacht=(403,)
    )
    assert antwoord["detail"] == NIET_BETROKKEN
    verwerk_inbox(stil_na_s=0)
    assert _statussen(instellingen, "fase.gestart") == ([], []), (
        "refused at the door: nothing stored"
    )


def test_een_start_na_uitval_in_dezelfde_fase_is_ook_te_laat_maar_waar(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(
        omgeving,
        "gemeente-utrecht",
        {
            "type": "deelnemer.uitgevallen",
            "deelnemer": pseudoniem,
            "fase": "instroom",
            "reden": "verhuisd",
        },
    )
    stuur(omgeving, "gemeente-utrecht", _gestart(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "instroom",
        "uitgevallen",
        ["aanmelden", "uitvallen"],
    )
    assert _statussen(instellingen, "fase.gestart") == (["geaccepteerd"], [])
    assert _weigeringen_aan(instellingen, "gemeente-utrecht") == []
