"""Bench only: one flow run per handoff, the design `bench/e2e.py` sets beside the shipped one.

`verwerk-een` claims exactly one inbox row (the oldest claimable one, leased like every claim:
`inbox.claim_volgende` with a maximum of 1), processes it, delivers what is due in the outbox and
ends. It is composed of the very tasks `verwerk-inbox` runs per batch (`keur_en_verwerk`,
`maak_zichtbaar`, `bezorg_outbox`), so the two designs differ only in how many handoffs a run
carries. `bench/e2e.py` starts this module as the stack's served deployments
(`python -m bench.e2e_een`), served by `prefect.serve` like `deployments.serve` serves
prefect.yaml (at most 4 runs at once in this process, no deployment concurrency limit), and
creates one run per new inbox row through the Prefect API; `inbox_id` names the row that made
the run, while the run claims whatever row is next, so a participant's events still apply in order.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from prefect import flow, serve, task

from flows import onderdelen, zichtbaar
from flows.verwerk_inbox import bezorg_outbox, keur_en_verwerk, maak_zichtbaar
from persistence import inbox, sessie
from settings import logboek

NAAM = "verwerk-een"


@task(name="claim-een")
def claim_een() -> list[int]:
    """The next claimable inbox row, leased as `verwerk-inbox`'s claim leases a batch."""
    o = onderdelen.onderdelen()
    with sessie(o.engine) as s:
        return inbox.claim_volgende(
            session=s,
            maximum=1,
            nu=onderdelen.nu(),
            duur=timedelta(seconds=o.instellingen.inbox_claim_s),
        )


@flow(name=NAAM, flow_run_name="een {inbox_id}")
def verwerk_een(inbox_id: int) -> dict[str, int]:
    """Claim one row, process it, deliver the outbox, end (`inbox_id`: the row that made this run)."""
    ids = claim_een()
    if not ids:  # another run took it, or it waits for an earlier event of its participant
        return {}
    uitslagen = keur_en_verwerk(ids)
    maak_zichtbaar(uitslagen, 1)
    zichtbaar.benoem_run(uitslagen)
    totaal: Counter[str] = Counter(u.status for u in uitslagen)
    totaal["eigen_rij"] = int(ids == [inbox_id])  # whether it carried the row that made it
    totaal.update(bezorg_outbox())
    return dict(totaal)


def main() -> None:
    logboek(__name__).info("bench_serve", deployment=NAAM)
    deployment: Any = verwerk_een.to_deployment(name=NAAM, tags=["ketenregie", "bench"])
    serve(deployment, limit=4, pause_on_shutdown=False)


if __name__ == "__main__":
    main()
