"""The demo's second act: a year passes in a minute. The chain's clock moves forward in steps; after
each step the daily follow-up runs (as the served deployment would each morning), nazorg partners
answer their check-ins or stay silent, and flags appear. From now on the simulated partners lose
some completion webhooks, so the participants a gemeente re-refers after a return to benefit get
stuck on their second way through: phase clocks and reconciliation have something to find."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from cli.demo import stand
from cli.stapel import Adressen
from persistence import klok, maak_engine, opvolging, rapportage, sessie, signalen
from settings import Instellingen

# Days after the cohort was placed: the 1-, 3- and 6-month check-ins fall due at the first step,
# the 12-month one at the second, past the first's respijt, so silence becomes a missed check-in,
# and past every checkpoint a held decision waits for (the week-40 evaluatiemoment). Two steps:
# each costs a served run and the answers' processing (issue 11: 500 participants in 3 minutes).
STAPPEN_DAGEN = (190, 400)
KWIJT = 0.35


def _wacht_stil(instellingen: Instellingen, adres: Adressen, timeout_s: float = 60) -> None:
    """Until nothing is in flight for three polls (answers processed, messages delivered)."""
    stil, einde = 0, time.monotonic() + timeout_s
    while stil < 3 and time.monotonic() < einde:
        time.sleep(1)
        stil = stil + 1 if stand(instellingen, adres).open_werk == 0 else 0


def _draai(deployment: str) -> str:
    from prefect.deployments import run_deployment

    run: Any = run_deployment(
        deployment, timeout=180, poll_interval=1, as_subflow=False
    )  # sync here: a FlowRun
    return str(run.state.name) if run.state else "?"


def _stap_regel(instellingen: Instellingen, dagen: int, toestand: str) -> str:
    with sessie(maak_engine(instellingen.db_url)) as s:
        per_status: dict[str, int] = {}
        for _, _, status, n in opvolging.telling(session=s):
            per_status[status] = per_status.get(status, 0) + n
        open_ = sum(n for *_, n in signalen.telling(session=s))
    gevraagd = sum(per_status.get(k, 0) for k in ("gevraagd", "beantwoord", "gemist"))
    return (
        f"+{dagen:>3} days, opvolging {toestand}: {gevraagd} check-ins asked so far, {per_status.get('beantwoord', 0)} "
        f"answered, {per_status.get('gemist', 0)} missed; {open_} open flags"
    )


def _samenvatting(instellingen: Instellingen, console: Console) -> bool:
    with sessie(maak_engine(instellingen.db_url)) as s:
        checkins: dict[str, int] = {}
        for _, _, status, n in opvolging.telling(session=s):
            checkins[status] = checkins.get(status, 0) + n
        per_soort: dict[tuple[str, str], int] = {}
        for toestand in ("open", "opgelost"):
            for *_, soort, _, n in signalen.telling(session=s, status=toestand):
                per_soort[(soort, toestand)] = per_soort.get((soort, toestand), 0) + n
        terug = rapportage.uitkomsten(session=s).get("terug_in_uitkering", 0)
    tabel = Table("flag", "open", "resolved", title="flags raised by the follow-up")
    for soort in sorted({k for k, _ in per_soort}):
        tabel.add_row(
            soort,
            str(per_soort.get((soort, "open"), 0)),
            str(per_soort.get((soort, "opgelost"), 0)),
        )
    console.print(tabel)
    antwoorden = checkins.get("beantwoord", 0)
    gevraagd = antwoorden + checkins.get("gevraagd", 0) + checkins.get("gemist", 0)
    console.print(
        f"nazorg check-ins: {gevraagd} sent, {antwoorden} answered, {checkins.get('gemist', 0)} missed "
        f"(escalated to the regiehouder), {checkins.get('vervallen', 0)} cancelled by a re-entry; {terug} back on benefit"
    )
    controles = {
        "check-ins sent": gevraagd > 0,
        "check-ins answered": antwoorden > 0,
        "a missed check-in escalated": checkins.get("gemist", 0) > 0,
        "flags raised": bool(per_soort),
    }
    for naam, ok in controles.items():
        console.print(f"{'ok ' if ok else 'MISSING'} {naam}")
    return all(controles.values())


def toon_opvolging(instellingen: Instellingen, adres: Adressen, console: Console) -> bool:
    """Move the clock a year in steps, run the follow-up after each, summarise; True when it all showed."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    begin = time.monotonic()
    engine = maak_engine(instellingen.db_url)
    console.print(
        f"[bold]a year of follow-up[/bold], with partners that now lose {KWIJT:.0%} of their completion webhooks"
    )
    httpx.put(
        f"{adres.simulator}/_sim/storing", json={"webhook_kwijt": KWIJT}, timeout=5
    ).raise_for_status()
    with temporary_settings(updates={PREFECT_API_URL: adres.prefect_api}):
        vorige = 0
        for dagen in STAPPEN_DAGEN:
            _wacht_stil(instellingen, adres)
            klok.vooruit(engine=engine, met=timedelta(days=dagen - vorige))
            vorige = dagen
            console.print(_stap_regel(instellingen, dagen, _draai("opvolging/opvolging")))
        _wacht_stil(instellingen, adres)
        console.print(f"reconciliation with every partner: {_draai('afstemming/afstemming')}")
    verloren = httpx.get(f"{adres.simulator}/_sim/status", timeout=5).json()["kwijt"]
    console.print(
        f"the partners lost {verloren} completion webhooks; reconciliation flags them as afwijking_afgerond"
    )
    geslaagd = _samenvatting(instellingen, console)
    console.print(
        f"a year of follow-up in {time.monotonic() - begin:.0f} s (events ketenregie.signaal.*, artifact signalen)"
    )
    return geslaagd
