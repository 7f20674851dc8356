"""`keten demo`: the whole chain on one machine, a synthetic cohort through all six phases."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlmodel import col, func, select

from cli.demo_account import REGISSEUR, zorg_voor_regisseur
from cli.stapel import Adressen, stack
from connectors.simulator.cohort import maak_cohort, verwijs
from persistence import Deelnemer, Overgang, inbox, maak_engine, outbox, rapportage, sessie
from schemas.fase import Beweging, Fase
from settings import Instellingen, get_settings, laad_catalogus

VEREISTE_BEWEGINGEN = (
    Beweging.OVERSLAAN,
    Beweging.WISSELEN,
    Beweging.PAUZEREN,
    Beweging.UITVALLEN,
    Beweging.HERINSTROMEN,
)


@dataclass
class Stand:
    klaar: int
    open_werk: int


def demo_database_url(data_map: Path) -> str:
    """Where the demo's chain lives: `demo.db` in the data folder (KETEN_DATA_MAP), beside the
    chain's own `keten.db`, so a demo never touches real work. `keten --demo ...` reads it."""
    return f"sqlite:///{data_map / 'demo.db'}"


# The simulated partners' pace in the demo: each answers after 0.05-0.3 s (the stack's default is
# 0.2-1.0 s), so 500 participants and a year of follow-up fit in three minutes. An explicit
# KETEN_SIMULATOR_VERTRAGING_MIN_S / _MAX_S still wins.
DEMO_TEMPO = {"simulator_vertraging_min_s": 0.05, "simulator_vertraging_max_s": 0.3}


def demo_instellingen() -> Instellingen:
    """The demo keeps its own database (fresh each run) beside the shared Prefect home, and its
    partners' own pace (`DEMO_TEMPO`)."""
    basis = get_settings()
    tempo = {k: v for k, v in DEMO_TEMPO.items() if f"KETEN_{k.upper()}" not in os.environ}
    demo = basis.model_copy(update={"database_url": demo_database_url(basis.data_map), **tempo})
    for pad in basis.data_map.glob("demo.db*"):
        pad.unlink()
    return demo


def stand(instellingen: Instellingen, adres: Adressen) -> Stand:
    """How many participants are done, and how much work is still in flight anywhere."""
    with sessie(maak_engine(instellingen.db_url)) as s:
        status = rapportage.trajectstatus(session=s)
        per_status = outbox.aantal_per_status(session=s)
        open_werk = (
            inbox.aantal_open(session=s)
            + per_status.get("wachtend", 0)
            + per_status.get("mislukt", 0)
        )
    try:
        open_werk += int(
            httpx.get(f"{adres.simulator}/_sim/status", timeout=5).json()["openstaand"]
        )
    except httpx.TimeoutException:  # a simulator too busy to answer is busy: work in flight
        open_werk += 1
    return Stand(
        klaar=status.get("afgesloten", 0) + status.get("uitgevallen", 0), open_werk=open_werk
    )


def wacht_tot_stil(
    instellingen: Instellingen, adres: Adressen, aantal: int, timeout_s: int
) -> bool:
    """Progress bar until nothing is in flight for three polls in a row."""
    kolommen = (
        TextColumn("carrying the cohort"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[open]} in flight"),
        TimeElapsedColumn(),
    )
    stil, einde = 0, time.monotonic() + timeout_s
    with Progress(*kolommen) as voortgang:
        taak = voortgang.add_task("cohort", total=aantal, open="?")
        while time.monotonic() < einde and stil < 3:
            time.sleep(1)
            nu = stand(instellingen, adres)
            voortgang.update(taak, completed=nu.klaar, open=nu.open_werk)
            stil = stil + 1 if nu.open_werk == 0 else 0
    return stil >= 3


def samenvatting(instellingen: Instellingen, console: Console, duur_s: float) -> bool:
    """Print phases reached, moves, outcomes and throughput; True when the demo showed it all."""
    with sessie(maak_engine(instellingen.db_url)) as s:
        fasen, bewegingen = rapportage.fasen_bereikt(session=s), rapportage.bewegingen(session=s)
        uitkomsten, overdrachten = (
            rapportage.uitkomsten(session=s),
            rapportage.overdrachten(session=s),
        )
        status, deelnemers = (
            rapportage.trajectstatus(session=s),
            rapportage.aantal_deelnemers(session=s),
        )
    for titel, telling in (
        ("phase reached (participants)", {f.value: fasen.get(f.value, 0) for f in Fase}),
        ("moves", bewegingen),
        ("outcomes", uitkomsten),
        ("trajectory status", status),
        ("handoffs", overdrachten),
    ):
        tabel = Table(titel, "count")
        for sleutel, waarde in telling.items():
            tabel.add_row(sleutel, str(waarde))
        console.print(tabel)
    verwerkt = sum(overdrachten.values())
    console.print(
        f"{deelnemers} participants, {verwerkt} handoffs in {duur_s:.1f} s: {verwerkt / duur_s:.1f} handoffs/s sustained"
    )
    controles = {
        "every phase reached": all(fasen.get(f.value, 0) > 0 for f in Fase),
        **{f"{b.value} happened": bewegingen.get(b.value, 0) > 0 for b in VEREISTE_BEWEGINGEN},
    }
    for naam, ok in controles.items():
        console.print(f"{'ok ' if ok else 'MISSING'} {naam}")
    return all(controles.values())


def draai_demo(*, aantal: int, seed: int, timeout_s: int, console: Console) -> bool:
    instellingen = demo_instellingen()
    catalogus = laad_catalogus(instellingen)
    console.print(
        f"starting the stack (data in {instellingen.data_map}); the first start of Prefect takes ~20 s"
    )
    with stack(instellingen) as adres:
        console.print(f"Prefect UI: {adres.prefect_ui}   webhooks: {adres.webhooks}")
        console.print(
            f"dashboard: {adres.dashboard}   sign in as {REGISSEUR} / {zorg_voor_regisseur(instellingen)}"
        )
        cohort = maak_cohort(aantal, seed, list(catalogus.programmas.values()))
        begin = time.monotonic()
        verwijs(cohort, catalogus, instellingen)
        stil = wacht_tot_stil(instellingen, adres, aantal, timeout_s)
        duur = time.monotonic() - begin
        geslaagd = samenvatting(instellingen, console, duur)
        from cli.demo_opvolging import toon_opvolging  # here: it builds on this module's helpers

        geslaagd = toon_opvolging(instellingen, adres, console) and geslaagd
        from cli.demo_programmas import toon_programmas

        geslaagd = toon_programmas(instellingen, catalogus, console) and geslaagd
    uitnodiging(instellingen, console)
    if not stil:
        console.print(f"[red]work still in flight after {timeout_s} s[/red]")
    return stil and geslaagd


def probeer_pseudoniem(instellingen: Instellingen) -> str | None:
    """A participant worth looking at: the one with the longest history in the ledger."""
    with sessie(maak_engine(instellingen.db_url)) as s:
        rij = s.exec(
            select(Deelnemer.pseudoniem, func.count())
            .join(Overgang, col(Overgang.deelnemer_id) == col(Deelnemer.id))
            .group_by(col(Deelnemer.pseudoniem))
            .order_by(func.count().desc(), col(Deelnemer.pseudoniem))
            .limit(1)
        ).first()
    return rij[0] if rij else None


def uitnodiging(instellingen: Instellingen, console: Console) -> None:
    """Where the demo's chain stays and how to look at it afterwards (a pseudonym, never a name)."""
    pseudoniem = probeer_pseudoniem(instellingen) or "<pseudonym>"
    console.print(
        f"The demo's chain stays in {instellingen.db_url.removeprefix('sqlite:///')} until the next demo. "
        f"Look around with --demo (it points every command at that database):\n"
        f"  keten --demo status {pseudoniem}\n  keten --demo flags\n"
        f"  keten --demo serve      # the Prefect UI and the stack on the demo's chain"
    )
