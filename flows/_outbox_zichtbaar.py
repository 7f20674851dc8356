"""Dead outbox messages, shown to the coordinator: one Prefect event per message on the
participant's resource, and one table per delivery run. Pseudonyms, kinds and errors only."""

from __future__ import annotations

from prefect.artifacts import create_table_artifact
from prefect.events import emit_event

from flows.zichtbaar import flow_run_id
from persistence import OutboxBericht

MAX_FOUT = 200  # a partner's explanation can be long; the full text stays in the outbox row


def _fout(rij: OutboxBericht) -> str:
    return (rij.laatste_fout or "")[:MAX_FOUT]


def meld_dood(doden: list[OutboxBericht]) -> None:
    """Tell the coordinator which messages gave up in this run; `keten outbox replay` brings them back."""
    if not doden:
        return
    run_id = flow_run_id()
    related = (
        [{"prefect.resource.id": f"prefect.flow-run.{run_id}", "prefect.resource.role": "flow-run"}]
        if run_id
        else []
    )
    for rij in doden:
        emit_event(
            event="ketenregie.outbox.dood",
            resource={
                "prefect.resource.id": f"ketenregie.deelnemer.{rij.pseudoniem}",
                "prefect.resource.name": rij.pseudoniem,
                "ketenregie.partner": rij.partner,
            },
            related=[
                *related,
                {
                    "prefect.resource.id": f"ketenregie.partner.{rij.partner}",
                    "prefect.resource.role": "partner",
                },
            ],
            payload={
                "bericht_id": rij.id,
                "soort": rij.soort,
                "pogingen": rij.pogingen,
                "laatste_fout": _fout(rij),
            },
        )
    if run_id is None:  # delivered outside a flow run (a script or test): the events say it all
        return
    create_table_artifact(
        key="outbox-dood",
        table=[
            {
                "id": r.id,
                "pseudoniem": r.pseudoniem,
                "partner": r.partner,
                "soort": r.soort,
                "pogingen": r.pogingen,
                "laatste_fout": _fout(r),
            }
            for r in doden
        ],
        description=f"{len(doden)} outbox messages dead in this delivery run; `keten outbox replay <id>` puts one back",
    )
