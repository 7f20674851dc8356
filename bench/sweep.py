"""What one follow-up sweep costs over 100,000 participants: nazorg check-ins plus the time-in-phase watch.

Run from the repository root: `.venv/bin/python bench/sweep.py`. Not a test: prints a table.
A fresh SQLite database gets three years of registrations spread over the shipped programmes and
a youth programme with an age clock (5%): 30% still running (some paused, some past their limits,
most with a reported start), 55% closed after nazorg, 15% dropped out; the ledger, the intake
dossiers, the started phases and every nazorg check-in as a daily sweep would have left them up
to yesterday. Then the three steps of the opvolging flow (ask, escalate, watch) run as the flow
runs them, without Prefect: the first sweep ever, the same sweep again, and the next day's.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connectors.simulator import nep_bsn  # noqa: E402
from flows import opvolgstappen  # noqa: E402
from persistence import maak_engine, privacy, sessie, signalen  # noqa: E402
from persistence.tabellen import (  # noqa: E402
    Checkin,
    Deelnemer,
    FaseStart,
    InboxBericht,
    Overdracht,
    Overgang,
    Traject,
)
from schemas.gebeurtenissen import Persoon  # noqa: E402
from schemas.opvolging import plus_maanden  # noqa: E402
from schemas.programma import Programma  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402

AANTAL = 100_000
NU = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
PROGRAMMAS = (
    ("utrecht-bank-tot-baan", 0.55),
    ("harderwijk-voltijd-klantreis", 0.40),
    ("roermond-up-test", 0.05),
)
JEUGD = "roermond-up-test"


class Bouwer:
    """Rows for every table, built in memory and inserted in bulk."""

    def __init__(self, programmas: dict[str, Programma], instellingen: Instellingen) -> None:
        self.p, self.instellingen, self.rng = programmas, instellingen, random.Random(5)
        self.rijen: dict[type, list[dict[str, Any]]] = {
            t: []
            for t in (Deelnemer, Traject, Overgang, InboxBericht, Overdracht, FaseStart, Checkin)
        }

    def _rij(self, tabel: type, **velden: Any) -> int:
        lijst = self.rijen[tabel]
        lijst.append({"id": len(lijst) + 1, **velden})
        return len(lijst)

    def deelnemer(self, i: int) -> None:
        rng = self.rng
        programma = self.p[rng.choices([p for p, _ in PROGRAMMAS], [w for _, w in PROGRAMMAS])[0]]
        status = rng.choices(
            ["actief", "gepauzeerd", "afgesloten", "uitgevallen"], [0.27, 0.03, 0.55, 0.15]
        )[0]
        fasen = programma.fase_volgorde
        laatste = len(fasen) - 1 if status == "afgesloten" else rng.randrange(len(fasen))
        momenten = self._momenten(programma, laatste, lopend=status in ("actief", "gepauzeerd"))
        aangemeld, pseudoniem = momenten[0], f"KT-{i:010d}"
        d = self._rij(
            Deelnemer,
            pseudoniem=pseudoniem,
            bsn_hash=f"h{i}",
            persoon_versleuteld=self._persoon(i, programma, aangemeld),
            programma=programma.id,
            gemeente_partner=programma.inrichting(programma.fase_volgorde[0]).partners[0],
            verwijzing_id=str(i),
            aangemeld_op=aangemeld,
        )
        partner = programma.inrichting(fasen[laatste]).partners[0]
        t = self._rij(
            Traject,
            deelnemer_id=d,
            programma=programma.id,
            fase=fasen[laatste].value,
            partner=partner,
            status=status,
            fase_sinds=momenten[-1],
            begonnen_op=aangemeld,
            beeindigd_op=None if status in ("actief", "gepauzeerd") else momenten[-1],
        )
        self._ledger(d, t, programma, momenten, status)
        if laatste >= 1:
            inbox = self._rij(
                InboxBericht,
                webhook_id=f"w{i}",
                partner="gemeente",
                type="fase.afgerond",
                pseudoniem=pseudoniem,
                payload={},
                status="geaccepteerd",
                ontvangen_op=momenten[1],
            )
            self._rij(
                Overdracht,
                inbox_id=inbox,
                deelnemer_id=d,
                pseudoniem=pseudoniem,
                partner="gemeente",
                type="fase.afgerond",
                beweging="doorstromen",
                van_fase="instroom",
                naar_fase="assessment",
                status="geaccepteerd",
                dossier={"doelgroep": rng.choice(["statushouder", "bijstand", "gezinsmigrant"])},
                verwerkt_op=momenten[1],
            )
        recent = NU - momenten[-1] < timedelta(
            days=21
        )  # a start not (yet) reported is mostly a recent handoff
        if (
            status in ("actief", "gepauzeerd")
            and laatste > 0
            and rng.random() < (0.5 if recent else 0.97)
        ):
            self._rij(
                FaseStart,
                traject_id=t,
                fase=fasen[laatste].value,
                partner=partner,
                fase_sinds=momenten[-1],
                gestart_op=momenten[-1].date(),
                ontvangen_op=momenten[-1],
            )
        if fasen[laatste].value == "nazorg":
            self._checkins(d, t, pseudoniem, programma, momenten[-1].date())

    def _momenten(self, programma: Programma, laatste: int, *, lopend: bool) -> list[datetime]:
        """When each phase up to `laatste` began. A running participant is within its phase's limit,
        one in ten near or past it; a finished one began up to 3 years ago."""
        weken = [
            programma.inrichting(f).max_weken or 26 for f in programma.fase_volgorde[: laatste + 1]
        ]
        duur = [timedelta(weeks=self.rng.uniform(0.2, 1.0) * w) for w in weken[:-1]]
        if lopend:
            deel = (
                self.rng.uniform(0, 0.95)
                if self.rng.random() < 0.9
                else self.rng.uniform(0.95, 1.5)
            )
            einde = NU - timedelta(weeks=deel * weken[-1])
            begin = einde - sum(duur, timedelta())
        else:
            begin = NU - timedelta(days=self.rng.uniform(30, 3 * 365)) - sum(duur, timedelta())
        momenten = [begin]
        for stap in duur:
            momenten.append(momenten[-1] + stap)
        return [min(m, NU - timedelta(hours=1)) for m in momenten]

    def _persoon(self, i: int, programma: Programma, aangemeld: datetime) -> str:
        if programma.id != JEUGD:
            return "x"
        geboren = aangemeld.date() - timedelta(days=self.rng.randint(16 * 365, 18 * 365))
        return privacy.versleutel(
            Persoon(naam=f"Jongere {i}", bsn=nep_bsn(self.rng), geboortedatum=geboren),
            self.instellingen,
        )

    def _ledger(
        self, d: int, t: int, programma: Programma, momenten: list[datetime], status: str
    ) -> None:
        fasen = programma.fase_volgorde
        for k, moment in enumerate(momenten):
            self._rij(
                Overgang,
                deelnemer_id=d,
                traject_id=t,
                beweging="aanmelden" if k == 0 else "doorstromen",
                van_fase=None if k == 0 else fasen[k - 1].value,
                naar_fase=fasen[k].value,
                naar_status="actief",
                naar_partner="p",
                reden="bench",
                besloten_door="bench",
                tijdstip=moment,
            )
        if status == "gepauzeerd" or self.rng.random() < 0.05:
            begin = momenten[-1] + (NU - momenten[-1]) * self.rng.random()
            self._rij(
                Overgang,
                deelnemer_id=d,
                traject_id=t,
                beweging="pauzeren",
                naar_fase=fasen[len(momenten) - 1].value,
                naar_status="gepauzeerd",
                naar_partner="p",
                reden="bench",
                besloten_door="bench",
                tijdstip=begin,
            )
            if status != "gepauzeerd":
                self._rij(
                    Overgang,
                    deelnemer_id=d,
                    traject_id=t,
                    beweging="hervatten",
                    naar_fase=fasen[len(momenten) - 1].value,
                    naar_status="actief",
                    naar_partner="p",
                    reden="bench",
                    besloten_door="bench",
                    tijdstip=min(NU, begin + timedelta(weeks=3)),
                )

    def _checkins(self, d: int, t: int, pseudoniem: str, programma: Programma, start: date) -> None:
        """As a daily sweep left them up to yesterday: answered or missed, asked lately, or still to come."""
        for maand in programma.nazorg.maanden:
            vervalt = plus_maanden(start, maand)
            dagen = (NU.date() - vervalt).days
            status = (
                "gepland"
                if dagen <= 0
                else "gevraagd"
                if dagen <= programma.nazorg.respijt_dagen and self.rng.random() < 0.3
                else "gemist"
                if dagen >= programma.nazorg.respijt_dagen and self.rng.random() < 0.08
                else "beantwoord"
            )
            gevraagd = datetime.combine(vervalt, NU.timetz()) if status != "gepland" else None
            self._rij(
                Checkin,
                deelnemer_id=d,
                traject_id=t,
                pseudoniem=pseudoniem,
                programma=programma.id,
                partner="jobcoach",
                regiehouder="gemeente",
                maand=maand,
                startdatum=start,
                vervaldatum=vervalt,
                status=status,
                gevraagd_op=gevraagd,
            )

    def schrijf(self, engine: Engine) -> dict[str, int]:
        with sessie(engine) as s:
            for tabel, rijen in self.rijen.items():
                for blok in _blokken(rijen, 20_000):
                    s.execute(insert(tabel), blok)
        return {t.__name__: len(r) for t, r in self.rijen.items()}


def _blokken(rijen: list[dict[str, Any]], grootte: int) -> Iterator[list[dict[str, Any]]]:
    for begin in range(0, len(rijen), grootte):
        yield rijen[begin : begin + grootte]


def sweep(
    engine: Engine, programmas: dict[str, Programma], instellingen: Instellingen, nu: datetime
) -> tuple[float, dict[str, int]]:
    """The opvolging flow's three steps, as it runs them (one transaction each), timed together."""
    begin = time.perf_counter()
    telling = {
        "gevraagd": opvolgstappen.vraag_checkins(engine=engine, nu=nu),
        "gemist": opvolgstappen.escaleer_gemiste(engine=engine, programmas=programmas, nu=nu),
        **opvolgstappen.bewaak(
            engine=engine, programmas=programmas, instellingen=instellingen, nu=nu
        ),
    }
    return time.perf_counter() - begin, telling


def main() -> None:
    with tempfile.TemporaryDirectory() as map_:
        config = Path(map_) / "config"
        shutil.copytree(ROOT / "config", config)
        shutil.copy(
            ROOT / "tests/flows/opvolging/programmas/roermond-up-test.yaml", config / "programmas"
        )
        instellingen = Instellingen(
            data_map=Path(map_), config_map=config, database_url=f"sqlite:///{map_}/bench.db"
        )
        programmas, engine = (
            laad_catalogus(instellingen).programmas,
            maak_engine(instellingen.db_url),
        )
        begin = time.perf_counter()
        bouwer = Bouwer(programmas, instellingen)
        for i in range(AANTAL):
            bouwer.deelnemer(i)
        rijen = bouwer.schrijf(engine)
        print(
            f"{AANTAL:,} participants on SQLite, built in {time.perf_counter() - begin:.0f} s: "
            + ", ".join(f"{n:,} {t}" for t, n in rijen.items())
        )
        print(
            f"{'sweep':<24} {'s':>6} {'asked':>7} {'missed':>7} {'watched':>8} {'new flags':>10} {'resolved':>9}"
        )
        for naam, nu in (
            ("first ever", NU),
            ("same day, again", NU),
            ("next day", NU + timedelta(days=1)),
        ):
            duur, t = sweep(engine, programmas, instellingen, nu)
            print(
                f"{naam:<24} {duur:>6.2f} {t['gevraagd']:>7,} {t['gemist']:>7,} {t['bewaakt']:>8,} {t['signalen_nieuw']:>10,} {t['signalen_opgelost']:>9,}"
            )
        with sessie(engine) as s:
            per_soort: dict[str, int] = {}
            for *_, soort, niveau, n in signalen.telling(session=s):
                per_soort[f"{soort} {niveau}"] = per_soort.get(f"{soort} {niveau}", 0) + n
        print("open flags: " + ", ".join(f"{k} {n:,}" for k, n in sorted(per_soort.items())))


if __name__ == "__main__":
    main()
