"""The sweep bench's data set, shared by every bench that needs a realistic caseload.

100,000 participants over three years of registrations, spread over the shipped programmes and a
youth programme with an age clock (5%): 30% still running (some paused, some past their limits,
most with a reported start), 55% closed after nazorg, 15% dropped out; the ledger, the intake
dossiers, the started phases and every nazorg check-in as a daily sweep would have left them up
to yesterday. `bench/sweep.py` times the follow-up over it, `bench/dashboard.py` the dashboard.
"""

from __future__ import annotations

import random
import shutil
import sys
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
from persistence import privacy, sessie  # noqa: E402
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
from settings import Instellingen  # noqa: E402

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
            beweging = "aanmelden" if k == 0 else "doorstromen"
            van_fase = None if k == 0 else fasen[k - 1].value
            self._overgang(d, t, beweging, fasen[k].value, "actief", moment, van_fase=van_fase)
        if status == "gepauzeerd" or self.rng.random() < 0.05:
            begin = momenten[-1] + (NU - momenten[-1]) * self.rng.random()
            fase = fasen[len(momenten) - 1].value
            self._overgang(d, t, "pauzeren", fase, "gepauzeerd", begin)
            if status != "gepauzeerd":
                terug = min(NU, begin + timedelta(weeks=3))
                self._overgang(d, t, "hervatten", fase, "actief", terug)

    def _overgang(
        self,
        d: int,
        t: int,
        beweging: str,
        naar_fase: str,
        naar_status: str,
        tijdstip: datetime,
        **van: Any,
    ) -> None:
        """One ledger row; partner, reason and decider are the bench's in every one (a pause and
        its resumption name no `van_fase`, as before)."""
        self._rij(
            Overgang,
            deelnemer_id=d,
            traject_id=t,
            beweging=beweging,
            **van,
            naar_fase=naar_fase,
            naar_status=naar_status,
            naar_partner="p",
            reden="bench",
            besloten_door="bench",
            tijdstip=tijdstip,
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


def bench_instellingen(map_: Path, database_url: str | None = None) -> Instellingen:
    """Settings over a copy of the shipped config plus the youth test programme, in `map_`;
    SQLite in `map_` unless a database URL is given."""
    config = map_ / "config"
    shutil.copytree(ROOT / "config", config)
    shutil.copy(
        ROOT / "tests/flows/opvolging/programmas/roermond-up-test.yaml", config / "programmas"
    )
    return Instellingen(
        data_map=map_, config_map=config, database_url=database_url or f"sqlite:///{map_}/bench.db"
    )


def vul(
    engine: Engine,
    programmas: dict[str, Programma],
    instellingen: Instellingen,
    aantal: int = AANTAL,
) -> dict[str, int]:
    """Build `aantal` participants and insert them in bulk; rows written per table."""
    bouwer = Bouwer(programmas, instellingen)
    for i in range(aantal):
        bouwer.deelnemer(i)
    return bouwer.schrijf(engine)
