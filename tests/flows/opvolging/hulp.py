"""The follow-up's flow tests: the real receiver and flows on a fresh database, the shipped
catalogue plus two test programmes, and the chain's clock under the test's hand."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from flows import onderdelen
from flows.verwerk_inbox import verwerk_inbox
from persistence import klok, maak_engine, sessie
from persistence.tabellen import Checkin, OutboxBericht, SignaalRegel
from schemas.contracten import contract_voor
from schemas.fase import Fase
from schemas.ijkpunt_volgorde import PLAN, eerst_te_beslissen
from settings import Catalogus, Instellingen, get_settings, laad_catalogus
from tests.conftest import json_body, onderteken
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

PROJECT = Path(__file__).resolve().parents[3]


@dataclass
class Keten:
    instellingen: Instellingen
    catalogus: Catalogus
    client: TestClient

    @property
    def engine(self) -> Any:
        return maak_engine(self.instellingen.db_url)

    def vandaag(self) -> date:
        return klok.nu(engine=self.engine).date()

    def naar(self, dag: date, uur: int = 12) -> None:
        """Set the chain's clock to `uur` (noon) UTC of `dag` (for every process reading this database)."""
        klok.zet(
            engine=self.engine,
            verschuiving_van=datetime.combine(dag, time(uur), UTC) - datetime.now(UTC),
        )

    def stuur(
        self,
        partner: str,
        inhoud: dict[str, Any],
        webhook_id: str | None = None,
        verwacht: tuple[int, ...] = (200, 202),
    ) -> dict[str, Any]:
        body = json_body(inhoud | {"gemeld_op": datetime.now(UTC).isoformat()})
        headers = onderteken(
            self.catalogus.partner(partner).webhook_geheimen[0].get_secret_value(),
            body,
            webhook_id=webhook_id,
        )
        antwoord = self.client.post(f"/webhooks/{partner}", content=body, headers=headers)
        assert antwoord.status_code in verwacht, antwoord.text
        return dict(antwoord.json())

    def meld_aan(self, programma: str, bsn: str, geboortedatum: str = "1990-03-04") -> str:
        gemeente = self.partner(programma, Fase.INSTROOM)
        persoon = {"naam": "Test Deelnemer", "bsn": bsn, "geboortedatum": geboortedatum}
        bewijs = self.stuur(
            gemeente,
            {
                "type": "deelnemer.aangemeld",
                "verwijzing_id": f"T-{bsn}",
                "programma": programma,
                "persoon": persoon,
            },
        )
        verwerk_inbox(stil_na_s=0)
        return str(bewijs["deelnemer"])

    def partner(self, programma: str, fase: Fase) -> str:
        return self.catalogus.programma(programma).inrichting(fase).partners[0]

    def rond_af(
        self, pseudoniemen: str | list[str], programma: str, van: Fase, **dossier: Any
    ) -> None:
        """The partner of `van` completes it: on to the programme's next phase with a valid dossier
        (several participants share one batch)."""
        naar = self.catalogus.programma(programma).volgende(van)
        assert naar is not None
        contract = contract_voor(van, naar)
        assert contract is not None
        inhoud = (
            GELDIG[contract]
            | ({"programma": programma} if "programma" in GELDIG[contract] else {})
            | dossier
        )
        for pseudoniem in [pseudoniemen] if isinstance(pseudoniemen, str) else pseudoniemen:
            self.stuur(
                self.partner(programma, van),
                {
                    "type": "fase.afgerond",
                    "deelnemer": pseudoniem,
                    "fase": van.value,
                    "naar": naar.value,
                    "dossier": inhoud,
                },
            )
        verwerk_inbox(stil_na_s=0)

    def loop(
        self, pseudoniemen: str | list[str], programma: str, tot: Fase, **laatste_dossier: Any
    ) -> None:
        """Walk the participants phase by phase to `tot`; the last handoff gets `laatste_dossier`."""
        p = self.catalogus.programma(programma)
        fasen = p.fase_volgorde
        plan_bij = {r.van for r in p.plan.vereist_bij} if p.plan else set()
        for van in fasen[: fasen.index(tot)]:
            laatste = p.volgende(van) == tot
            if van in plan_bij:  # the partner draws up the plan the next handoff needs
                self.stel_plan_vast(pseudoniemen, programma, van)
            self.rond_af(pseudoniemen, programma, van, **(laatste_dossier if laatste else {}))

    def stel_plan_vast(self, pseudoniemen: str | list[str], programma: str, fase: Fase) -> None:
        """The partner of `fase` records a first plan (codes only) for each participant."""
        p = self.catalogus.programma(programma)
        assert p.plan is not None
        self.beslis_voor(pseudoniemen, programma, PLAN)
        for pseudoniem in [pseudoniemen] if isinstance(pseudoniemen, str) else pseudoniemen:
            self.stuur(
                self.partner(programma, fase),
                {
                    "type": "plan.vastgesteld",
                    "deelnemer": pseudoniem,
                    "soort": p.plan.soort,
                    "vastgesteld_op": self.vandaag().isoformat(),
                    "doelen": [{"soort": "taal", "niveau": "B1", "horizon_maanden": 18}],
                    "besluit": {
                        "reden": "na het diagnosegesprek",
                        "rol": "trajectbegeleider",
                        "persoon": "E-20031",
                    },
                },
            )

    def beslis_voor(self, pseudoniemen: str | list[str], programma: str, voor: str) -> None:
        """Each checkpoint `voor` (a checkpoint, or the plan) waits for, decided by its owner in an
        order the programme allows, with its first decision (Harderwijk: the diagnosegesprek
        before the ondersteuningsplan, seed 001)."""
        p = self.catalogus.programma(programma)
        for i in eerst_te_beslissen(p.voorwaarden, p.ijkpunten, voor):
            eigenaar = Fase.INSTROOM if i.eigenaar == "regiehouder" else Fase(i.eigenaar)
            rol = i.rollen[0].value if i.rollen else "trajectbegeleider"
            for pseudoniem in [pseudoniemen] if isinstance(pseudoniemen, str) else pseudoniemen:
                self.stuur(
                    self.partner(programma, eigenaar),
                    {
                        "type": "ijkpunt.besloten",
                        "deelnemer": pseudoniem,
                        "ijkpunt": i.naam,
                        "keuze": next(iter(i.besluiten)),
                        "besluit": {"reden": "volgens plan", "rol": rol, "persoon": "E-20031"},
                    },
                )
            verwerk_inbox(stil_na_s=0)

    def signalen(
        self, pseudoniem: str | None = None, status: str | None = "open"
    ) -> list[SignaalRegel]:
        with sessie(self.engine) as s:
            query = select(SignaalRegel).order_by(col(SignaalRegel.id))
            if pseudoniem:
                query = query.where(SignaalRegel.pseudoniem == pseudoniem)
            if status:
                query = query.where(SignaalRegel.status == status)
            return list(s.exec(query))

    def checkins(self, pseudoniem: str) -> dict[int, str]:
        with sessie(self.engine) as s:
            rijen = s.exec(
                select(Checkin).where(Checkin.pseudoniem == pseudoniem).order_by(col(Checkin.id))
            )
            return {c.maand: c.status for c in rijen}

    def berichten(self, soort: str) -> list[OutboxBericht]:
        with sessie(self.engine) as s:
            return list(
                s.exec(
                    select(OutboxBericht)
                    .where(OutboxBericht.soort == soort)
                    .order_by(col(OutboxBericht.id))
                )
            )


# The flow scenarios cost Prefect runs, not database time: PostgreSQL runs the ones that write the
# most (nazorg, reconciliation), SQLite all of them.
alleen_sqlite = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def soorten(signalen: list[SignaalRegel]) -> set[tuple[str, str]]:
    return {(s.soort, s.niveau) for s in signalen}


@pytest.fixture
def keten(tmp_path, monkeypatch, db_url):
    """The receiver (signed webhooks over the ASGI client) and the flows, on the shipped catalogue
    plus the test programmes; outbox deliveries go to a closed port unless a test says otherwise."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    for programma in (Path(__file__).parent / "programmas").glob("*.yaml"):
        shutil.copy(programma, config / "programmas")
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", db_url)
    monkeypatch.setenv("KETEN_CONFIG_MAP", str(config))
    monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", "http://127.0.0.1:9")
    onderdelen.vergeet()
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    with TestClient(app) as client:
        yield Keten(instellingen, catalogus, client)
    onderdelen.vergeet()


def dagen(n: int) -> timedelta:
    return timedelta(days=n)


def bsn(n: int) -> str:
    """A BSN that passes the 11-test, different for each n."""
    from random import Random

    from connectors.simulator import nep_bsn

    return nep_bsn(Random(f"opvolging-{n}"))
