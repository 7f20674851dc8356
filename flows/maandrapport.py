"""The monthly equal-chances report (seed 002; issue 12 §4): last month's referrals per
programme, broken down by sex, age band, target group (and origin where a lawful basis is
configured), suppressed as on the page; published as a Prefect markdown artifact and written as
markdown and CSV under `<data_map>/rapporten/`. Aggregates only: no pseudonym, no person."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time
from pathlib import Path

from prefect import flow, tags, task
from prefect.artifacts import create_markdown_artifact

from flows import onderdelen
from flows._logboek import run_logboek
from persistence import monitor, sessie
from schemas.monitor import UITSPLITSINGEN, bouw
from schemas.monitor_verslag import CSV_KOPPEN, Programmaverslag, csv_rijen, markdown, vorige_maand


def _maand(maand: str | None) -> tuple[str, date, date]:
    """`jjjj-mm` and its first day and the next month's; by default last month."""
    if maand is None:
        van, tot = vorige_maand(onderdelen.nu().date())
    else:
        van = date.fromisoformat(f"{maand}-01")
        tot = date(van.year + (van.month == 12), van.month % 12 + 1, 1)
    return van.strftime("%Y-%m"), van, tot


def run_naam() -> str:
    """`gelijke kansen 2026-11`: the month the run reports on."""
    from prefect.runtime import flow_run

    return f"gelijke kansen {_maand(flow_run.parameters.get('maand'))[0]}"


@task(name="monitor-per-programma")
def verslag(programma: str, van: date, tot: date) -> Programmaverslag:
    """One programme's breakdowns: three queries, then suppression in memory."""
    o = onderdelen.onderdelen()
    p = o.catalogus.programmas[programma]
    with sessie(o.engine) as s:
        gegevens = monitor.gegevens(
            session=s,
            programma=programma,
            fasen=tuple(f.value for f in p.fase_volgorde),
            van=datetime.combine(van, time(), UTC),
            tot=datetime.combine(tot, time(), UTC),
            nu=onderdelen.nu(),
        )
    kenmerken = [k for k in UITSPLITSINGEN if k != "herkomst" or p.monitor.herkomst_grondslag]
    return Programmaverslag(programma, p.naam, tuple(bouw(gegevens, k) for k in kenmerken))


@task(name="schrijf-rapport")
def schrijf(maand: str, verslagen: list[Programmaverslag]) -> dict[str, str]:
    """The artifact and the two files; the same month again overwrites its files."""
    tekst = markdown(maand, verslagen)
    sleutel = f"gelijke-kansen-{maand}"
    create_markdown_artifact(
        key=sleutel, markdown=tekst, description=f"Gelijke kansen, aangemeld in {maand}"
    )
    map_ = Path(onderdelen.onderdelen().instellingen.data_map) / "rapporten"
    map_.mkdir(parents=True, exist_ok=True)
    md, csv_pad = map_ / f"{sleutel}.md", map_ / f"{sleutel}.csv"
    md.write_text(tekst, encoding="utf-8")
    with csv_pad.open("w", encoding="utf-8", newline="") as bestand:
        schrijver = csv.writer(bestand)
        schrijver.writerow(CSV_KOPPEN)
        schrijver.writerows(csv_rijen(maand, verslagen))
    return {"artifact": sleutel, "markdown": str(md), "csv": str(csv_pad)}


@flow(name="maandrapport-gelijke-kansen", flow_run_name=run_naam)
def maandrapport_gelijke_kansen(maand: str | None = None) -> dict[str, str]:
    """Build last month's (or `maand`'s, jjjj-mm) monitor for every programme and publish it."""
    naam, van, tot = _maand(maand)
    programmas = sorted(onderdelen.onderdelen().catalogus.programmas)
    verslagen = []
    for p in programmas:
        with tags(f"programma:{p}"):
            verslagen.append(verslag(p, van, tot))
    uit = schrijf(naam, verslagen)
    verborgen = sum(u.onderdrukt for v in verslagen for u in v.uitsplitsingen)
    run_logboek().info(
        "maandrapport_klaar", maand=naam, programmas=len(programmas), verborgen=verborgen
    )
    return uit


if __name__ == "__main__":
    maandrapport_gelijke_kansen()
