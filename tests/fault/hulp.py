"""The fault suite's harness: a fresh stack per scenario, a cohort, waiting for rest, the checks.

Every scenario ends with the same questions: is each participant where its ledger says, do the
partners' own systems agree, was every outbox message delivered once in effect, is any webhook
left unprocessed? The counts are printed so a run can be quoted.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import col, func, select

from cli.demo import stand
from cli.stapel import PROJECT_MAP, Stapel, beheerde_stack
from connectors import client_voor
from connectors.simulator.cohort import maak_cohort, verwijs
from persistence import InboxBericht, OutboxBericht, maak_engine, sessie
from schemas.gebeurtenissen import Aanmelding
from schemas.programma import Programma
from settings import Catalogus, Instellingen, laad_catalogus
from tests.keten_controle import (
    EINDSTATUS,
    controleer_ledger,
    laatste_trajecten,
    zonder_late_besluiten,
)

AANTAL = 12
# Where a partner's system says a participant is once the chain has finished with them there.
# What a partner's system may say of someone at rest: done, handed on, out, closed, or a
# referral it declined (the regiehouder picked another partner).
KLAAR_DAAR = frozenset({"afgerond", "overgedragen", "uitgevallen", "afgesloten", "afgewezen"})


@dataclass
class Keten:
    instellingen: Instellingen
    catalogus: Catalogus
    stapel: Stapel
    cohort: list[Aanmelding]

    @property
    def sim(self) -> str:
        return self.stapel.adres.simulator

    def sim_status(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.sim}/_sim/status", timeout=10).json())

    def storing(self, partner_id: str, **storing: Any) -> None:
        httpx.put(
            f"{self.sim}/_sim/storing/{partner_id}", json=storing, timeout=10
        ).raise_for_status()

    def open_inbox(self) -> int:
        with sessie(maak_engine(self.instellingen.db_url)) as s:
            return int(
                s.exec(
                    select(func.count())
                    .select_from(InboxBericht)
                    .where(InboxBericht.status == "nieuw")
                ).one()
            )

    def geclaimd_open(self) -> int:
        """Inbox rows a run has claimed and not yet finished: a batch in the middle of processing."""
        with sessie(maak_engine(self.instellingen.db_url)) as s:
            return int(
                s.exec(
                    select(func.count())
                    .select_from(InboxBericht)
                    .where(InboxBericht.status == "nieuw", col(InboxBericht.claim).is_not(None))
                ).one()
            )

    def runs_in_staat(self, staat: str) -> int:
        filter_ = {"flow_runs": {"state": {"type": {"any_": [staat]}}}}
        return int(
            httpx.post(
                f"{self.stapel.adres.prefect_api}/flow_runs/count", json=filter_, timeout=10
            ).json()
        )

    def verwijs(self, deel: slice = slice(None)) -> None:
        bewijzen = verwijs(self.cohort[deel], self.catalogus, self.instellingen)
        assert all(b is not None for b in bewijzen), "every referral is accepted"


def instellingen_voor(
    data: Path,
    *,
    webhook: int,
    dashboard: int,
    database_url: str | None = None,
    **extra: Any,
) -> Instellingen:
    """Settings for a stack of its own in `data`: the project's config copied without late
    decisions, webhooks on `webhook` and the simulator on the port after it, SQLite in `data`
    unless `database_url` names another database."""
    config = data / "config"
    shutil.copytree(PROJECT_MAP / "config", config)
    zonder_late_besluiten(config)
    return Instellingen(
        data_map=data,
        config_map=config,
        database_url=database_url or f"sqlite:///{data / 'keten.db'}",
        webhook_poort=webhook,
        webhook_basis_url=f"http://127.0.0.1:{webhook}",
        simulator_poort=webhook + 1,
        simulator_basis_url=f"http://127.0.0.1:{webhook + 1}",
        dashboard_poort=dashboard,
        **extra,
    )


@contextmanager
def keten(
    data: Path,
    nummer: int,
    *,
    mee: Callable[[Programma], bool] = lambda p: True,
    **instellingen: Any,
) -> Iterator[Keten]:
    """A fresh data dir and stack on this scenario's own ports (Prefect 423n, webhooks 813(2n),
    simulator +1); the cohort is referred to the programmes `mee` lets in."""
    inst = instellingen_voor(
        data, webhook=8130 + 2 * nummer, dashboard=8160 + nummer, **instellingen
    )
    catalogus = laad_catalogus(inst)
    programmas = [p for p in catalogus.programmas.values() if mee(p)]
    cohort = maak_cohort(AANTAL, 20 + nummer, programmas)
    with beheerde_stack(inst, prefect_poort=4230 + nummer) as stapel:
        yield Keten(inst, catalogus, stapel, cohort)


def wacht_tot(
    voorwaarde: Callable[[], bool], timeout_s: float, wat: str, *, stap_s: float = 0.2
) -> None:
    einde = time.monotonic() + timeout_s
    while not voorwaarde():
        assert time.monotonic() < einde, f"not reached within {timeout_s:.0f} s: {wat}"
        time.sleep(stap_s)


def wacht_tot_rust(k: Keten, timeout_s: float = 240) -> None:
    """Until nothing is in flight anywhere (inbox, outbox, the partners) for three polls in a row."""
    stil, einde = 0, time.monotonic() + timeout_s
    while stil < 3:
        assert time.monotonic() < einde, (
            f"work still in flight after {timeout_s:.0f} s: {stand(k.instellingen, k.stapel.adres)}"
        )
        time.sleep(1)
        stil = stil + 1 if stand(k.instellingen, k.stapel.adres).open_werk == 0 else 0


def partnerbestanden(k: Keten) -> dict[tuple[str, str], dict[str, Any]]:
    """What each partner's own system holds, by (partner, pseudonym)."""
    bestanden: dict[tuple[str, str], dict[str, Any]] = {}
    for pid, partner in k.catalogus.partners.items():
        with closing(
            client_voor(partner)
        ) as client:  # the partner's own auth: a bearer key or an OAuth2 token
            bestanden |= {
                (pid, d.deelnemer): d.model_dump(mode="json") for d in client.deelnemers()
            }
    return bestanden


def controleer(k: Keten, scenario: str) -> dict[str, int]:
    """Every invariant of a chain at rest; prints and returns the counts."""
    sim = k.sim_status()
    with sessie(maak_engine(k.instellingen.db_url)) as s:
        telling = dict(controleer_ledger(s, AANTAL))
        inbox = Counter(s.exec(select(InboxBericht.status)))  # no payload: one may not read back
        outbox = Counter(r.status for r in s.exec(select(OutboxBericht)))
        pogingen = sum(r.pogingen for r in s.exec(select(OutboxBericht)))
        laatste = laatste_trajecten(s)
    bestanden = partnerbestanden(k)
    assert inbox["nieuw"] == 0, f"unprocessed inbox rows: {inbox}"
    assert set(outbox) == {"afgeleverd"}, f"outbox not all delivered: {outbox}"
    assert sim["ontvangen"] == outbox["afgeleverd"], (
        "each outbox message has exactly one effect at the partner"
    )
    assert sim["mislukt"] == 0, "a partner gave up on a webhook"
    for pseudoniem, traject in laatste.items():
        daar = bestanden.get((traject.partner, pseudoniem))
        assert daar is not None, (
            f"{traject.partner} does not know {pseudoniem} ({traject.fase}, {traject.status})"
        )
        assert (daar["fase"], daar["status"] in KLAAR_DAAR) == (traject.fase, True), (
            pseudoniem,
            traject.fase,
            traject.status,
            daar,
        )
    bezig = {
        sleutel: d["status"] for sleutel, d in bestanden.items() if d["status"] not in KLAAR_DAAR
    }
    assert not bezig, f"partners still think these are active: {bezig}"
    telling |= {f"inbox_{k}": v for k, v in inbox.items()} | {
        f"outbox_{k}": v for k, v in outbox.items()
    }
    telling |= {
        "outbox_pogingen": pogingen,
        "sim_ontvangen": sim["ontvangen"],
        "sim_dubbel": sim["dubbel"],
        "sim_webhooks_verzonden": sim["verzonden"],
        "sim_webhooks_geweigerd": sim["geweigerd"],
        "partnerbestanden": len(bestanden),
        "eind_afgesloten": sum(t.status == "afgesloten" for t in laatste.values()),
        "eind_uitgevallen": sum(t.status == "uitgevallen" for t in laatste.values()),
    }
    storingen: Counter[str] = Counter()  # summed over the partners
    for tellers in sim["storingen"].values():
        storingen.update({f"sim_{naam}": v for naam, v in tellers.items() if isinstance(v, int)})
    telling |= dict(storingen)
    print(
        f"\n[fault:{scenario}] "
        + " ".join(f"{naam}={waarde}" for naam, waarde in sorted(telling.items()))
    )
    assert all(t.status in EINDSTATUS for t in laatste.values())
    return telling


def zonder_volgorde(p: Programma) -> bool:
    """A programme whose checkpoints do not wait for one another: a decision that overtakes the
    one it builds on is refused, not held (a known gap that shuffled delivery would hit, README)."""
    return not p.voorwaarden
