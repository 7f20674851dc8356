"""The demo's per-programme checks: derived from each programme's configuration, and counted from
the chain's tables (persistence.casusfeiten) on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from cli.demo_programmas import controles
from persistence import maak_engine, migreer, sessie
from persistence.casusfeiten import lees
from persistence.tabellen import (
    Deelnemer,
    InboxBericht,
    Overdracht,
    Overgang,
    Traject,
    UitkomstRegel,
)
from persistence.tabellen_besluit import Incident, Maatregel, Schending
from persistence.tabellen_ijkpunt import Ijkpunt
from persistence.tabellen_verwijzing import RegiehouderPeriode, Verwijzing
from schemas.programma import Programma

TESTS = Path(__file__).parents[1]
NU = datetime(2027, 6, 1, tzinfo=UTC)


def _programma(pad: Path) -> Programma:
    return Programma.model_validate(yaml.safe_load(pad.read_text()))


def _namen(p: Programma) -> list[str]:
    return [c.naam for c in controles(p)]


def test_each_programme_gets_the_checks_its_configuration_asks_for(catalogus):
    duaal = _programma(TESTS / "fixtures/programmas/duaal-test.yaml")
    vso = _programma(TESTS / "flows/casus/programmas/vso-uitstroom-test.yaml")
    sporen = _programma(TESTS / "flows/casus/programmas/dordrecht-sporen-test.yaml")
    assert _namen(duaal) == [
        "participants referred",
        "lanes moving beside the main lane",
        "an incident during placement",
    ]
    assert _namen(vso) == [
        "participants referred",
        "exits without placement",
        "exit held, then its destination confirmed",
        "an incident during placement",
    ]
    assert "a decline, then a second partner" in _namen(sporen)
    harderwijk = _namen(catalogus.programma("harderwijk-voltijd-klantreis"))
    assert {"checkpoints decided", "checkpoints overdue", "a breach reported"} <= set(harderwijk)
    assert "a regime change" not in harderwijk, "one regiehouder: no regime change to show"
    assert "a regime change" in _namen(catalogus.programma("utrecht-bank-tot-baan"))


def _deelnemer(s: Any, n: int, programma: str) -> tuple[int, int]:
    d = Deelnemer(
        pseudoniem=f"KT-TEST{n:06d}", bsn_hash=f"h{n}", persoon_versleuteld="x",
        programma=programma, gemeente_partner="g", verwijzing_id=f"V-{n}", aangemeld_op=NU,
    )  # fmt: skip
    s.add(d)
    s.flush()
    assert d.id is not None
    t = Traject(
        deelnemer_id=d.id,
        programma=programma,
        fase="nazorg",
        partner="p",
        status="actief",
        fase_sinds=NU,
        begonnen_op=NU,
    )
    s.add(t)
    s.flush()
    assert d.id is not None and t.id is not None
    return d.id, t.id


def _ledger(s: Any, d: int, t: int, *regels: tuple[str | None, str, str, str]) -> None:
    for baan, beweging, fase, status in regels:
        s.add(
            Overgang(
                deelnemer_id=d, traject_id=t, baan=baan, beweging=beweging, naar_fase=fase,
                naar_status=status, naar_partner="p", reden="r", besloten_door="p", tijdstip=NU,
            )
        )  # fmt: skip


def test_the_facts_are_counted_per_programme(db_url):
    engine = maak_engine(db_url)
    migreer(engine)
    with sessie(engine) as s:
        d1, t1 = _deelnemer(s, 1, "a")
        # a lane that moves on after the main lane moved: parallel; one that never moves is not
        _ledger(
            s, d1, t1,
            (None, "aanmelden", "instroom", "actief"), ("taal", "aanmelden", "ontwikkeling", "actief"),
            ("stil", "aanmelden", "ontwikkeling", "actief"),
            (None, "doorstromen", "assessment", "actief"), ("taal", "afsluiten", "ontwikkeling", "afgesloten"),
            (None, "afsluiten", "assessment", "afgesloten"),
        )  # fmt: skip
        d2, t2 = _deelnemer(s, 2, "a")
        _ledger(s, d2, t2, ("taal", "aanmelden", "ontwikkeling", "actief"))
        s.add(Ijkpunt(deelnemer_id=d1, traject_id=t1, naam="i", eigenaar="g", gepland_op=NU,
                      vervalt_op=NU + timedelta(days=7), keuze="x", besloten_op=NU + timedelta(days=9)))  # fmt: skip
        s.add(Ijkpunt(deelnemer_id=d2, traject_id=t2, naam="i", eigenaar="g", gepland_op=NU,
                      vervalt_op=NU + timedelta(days=7), keuze="y", besloten_op=NU))  # fmt: skip
        for partner, status in (("eerste", "afgewezen"), ("tweede", "aangevraagd")):
            s.add(Verwijzing(deelnemer_id=d1, traject_id=t1, fase="ontwikkeling", partner=partner,
                             status=status, aangevraagd_op=NU))  # fmt: skip
        inbox = InboxBericht(
            webhook_id="w-1", partner="p", type="traject.afgesloten", payload={}, ontvangen_op=NU
        )
        s.add(inbox)
        s.flush()
        s.add(Overdracht(inbox_id=inbox.id, deelnemer_id=d1, partner="p", type="traject.afgesloten",
                         beweging="afsluiten", status="geweigerd",
                         reden="the exit ... needs a confirmed destination (x)", verwerkt_op=NU))  # fmt: skip
        s.add(UitkomstRegel(deelnemer_id=d1, traject_id=t1, soort="onderwijs", datum=date(2027, 6, 1),
                            bevestigd=True, vastgelegd_op=NU))  # fmt: skip
        s.add(RegiehouderPeriode(deelnemer_id=d2, regiehouder="pw", soort="regimewissel", van=NU))
        s.add(RegiehouderPeriode(deelnemer_id=d2, regiehouder="g", soort="aanmelding", van=NU))
        s.flush()
        s.add(Schending(deelnemer_id=d1, traject_id=t1, pseudoniem="KT-TEST000001", partner="p",
                        soort="niet_verschenen", datum=date(2027, 5, 1), gemeld_op=NU))  # fmt: skip
        s.add(Maatregel(deelnemer_id=d1, traject_id=t1, pseudoniem="KT-TEST000001", soort="waarschuwing",
                        datum=date(2027, 5, 2), besloten_door="g", besluit_rol="regiehouder",
                        besluit_persoon="MW-10001", besluit_reden="r", vastgelegd_op=NU))  # fmt: skip
        s.add(Incident(deelnemer_id=d2, traject_id=t2, pseudoniem="KT-TEST000002", partner="w",
                       fase="plaatsing", soort="ongeval", datum=date(2027, 5, 3), gemeld_op=NU))  # fmt: skip
        s.commit()
    with sessie(engine) as s:
        [a] = lees(session=s, nu=NU).values()
    assert (a.deelnemers, a.banen_parallel, dict(a.banen_gestart)) == (2, 1, {"taal": 2, "stil": 1})
    assert (a.ijkpunten_besloten, a.ijkpunten_te_laat) == (2, 1)
    assert dict(a.afgesloten_vanuit) == {"assessment": 1}
    assert (a.bestemming_na_weigering, a.afgewezen_dan_ander, a.regimewissels) == (1, 1, 1)
    assert (a.schendingen, a.maatregelen, a.incidenten) == (1, 1, 1)
