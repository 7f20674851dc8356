"""What the coordinator sees in the Prefect UI: run name and tags, an event per participant,
and an artifact per run listing what moved and what was refused. Pseudonyms only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from uuid import UUID

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.orchestration import get_client
from prefect.events import emit_event
from prefect.runtime import flow_run

from schemas.overdracht import Afhandeling, Uitslag


def flow_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


GROTE_BATCH = (
    1_000  # above this (an import), accepted rows are summarised in the artifact instead of listed
)
EVENTS_PER_BATCH = (
    500  # per-handoff events one batch emits at most; the rest are counted in a summary
)
# Which handoffs of a batch larger than EVENTS_PER_BATCH get an event of their own, first to last;
# accepted ones never do there (the summary counts them).
_VOORRANG = (Afhandeling.QUARANTAINE, Afhandeling.GEWEIGERD, Afhandeling.WACHT)


def eigen_events(uitslagen: Sequence[Uitslag], grens: int = EVENTS_PER_BATCH) -> list[Uitslag]:
    """The handoffs that get an event of their own: every one of a batch of at most `grens`; of a
    larger batch the quarantined, then the refused, then the waiting ones, in batch order, up to
    `grens`. Prefect's server queues at most 10,000 messages per subscriber and drops the rest
    (other participants' events with them), so no batch may emit thousands at once."""
    if len(uitslagen) <= grens:
        return list(uitslagen)
    return [u for status in _VOORRANG for u in uitslagen if u.status == status][:grens]


def meld_events(uitslagen: Sequence[Uitslag]) -> None:
    """One Prefect event per handoff, on the participant's own resource (filterable in the UI), as
    far as `eigen_events` allows; a batch that has more also emits one summary event per partner."""
    eigen = eigen_events(uitslagen)
    related = _run_related()
    if len(eigen) < len(uitslagen):
        _meld_samenvatting(uitslagen, eigen, related)
    for u in eigen:
        emit_event(
            event=f"ketenregie.overdracht.{u.status}",
            resource={
                "prefect.resource.id": f"ketenregie.deelnemer.{u.pseudoniem or 'onbekend'}",
                "prefect.resource.name": u.pseudoniem or "onbekend",
                "ketenregie.fase": u.naar_fase or u.van_fase or "",
                "ketenregie.partner": u.partner,
            },
            related=[
                *related,
                {
                    "prefect.resource.id": f"ketenregie.partner.{u.partner}",
                    "prefect.resource.role": "partner",
                },
            ],
            payload={
                "type": u.type,
                "beweging": u.beweging,
                "van": u.van_fase,
                "naar": u.naar_fase,
                "reden": u.reden,
            },
        )


def _run_related() -> list[dict[str, str]]:
    run_id = flow_run_id()
    return (
        [{"prefect.resource.id": f"prefect.flow-run.{run_id}", "prefect.resource.role": "flow-run"}]
        if run_id
        else []
    )


def _meld_samenvatting(
    uitslagen: Sequence[Uitslag], eigen: Sequence[Uitslag], related: list[dict[str, str]]
) -> None:
    """Per partner of the batch: its handoffs counted per status, and how many had no event of their own."""
    met_event = Counter(u.partner for u in eigen)
    for partner in sorted({u.partner for u in uitslagen}):
        van_partner = [u for u in uitslagen if u.partner == partner]
        emit_event(
            event="ketenregie.batch.samengevat",
            resource={
                "prefect.resource.id": f"ketenregie.partner.{partner}",
                "prefect.resource.name": partner,
            },
            related=related,
            payload={
                "overdrachten": len(van_partner),
                "per_status": dict(Counter(u.status.value for u in van_partner)),
                "met_eigen_event": met_event[partner],
                "zonder_eigen_event": len(van_partner) - met_event[partner],
            },
        )


def startnaam() -> str:
    """The name a `verwerk-inbox` run starts with (Prefect's `flow_run_name`): until it has carried
    something it is an inbox run that found nothing, and says so."""
    return "inbox: nog niets"


def run_naam(uitslagen: list[Uitslag]) -> str:
    """`inbox 37 overdrachten: KT-A KT-B KT-C +34`: the count and up to three pseudonyms."""
    pseudoniemen = sorted({u.pseudoniem for u in uitslagen if u.pseudoniem})
    rest = f" +{len(pseudoniemen) - 3}" if len(pseudoniemen) > 3 else ""
    return f"inbox {len(uitslagen)} overdrachten: {' '.join(pseudoniemen[:3])}{rest}".rstrip(": ")


def run_tags(uitslagen: list[Uitslag]) -> set[str]:
    """A tag per phase and per partner involved (ids from the configuration, no personal data)."""
    fasen = {f"fase:{u.naar_fase or u.van_fase}" for u in uitslagen if u.naar_fase or u.van_fase}
    return fasen | {f"partner:{u.partner}" for u in uitslagen}


def benoem_run(uitslagen: list[Uitslag]) -> None:
    """Name the current flow run after what it carried so far and tag it with the phases and
    partners involved. Called from the flow body: the run's own id and its tags at start come from
    Prefect's runtime, the update goes through the API (a run's tags cannot be set from inside)."""
    run_id = flow_run.get_id()
    if run_id is None or not uitslagen:
        return
    tags = set(flow_run.get_tags()) | run_tags(uitslagen)
    with get_client(sync_client=True) as client:
        client.update_flow_run(UUID(run_id), name=run_naam(uitslagen), tags=sorted(tags))


def poortresultaat(uitslagen: list[Uitslag]) -> list[dict[str, object]]:
    """Per contract: how many handoffs the gate saw, how many passed, and how often each rule failed."""
    contracten = sorted({u.contract for u in uitslagen if u.contract})
    rijen: list[dict[str, object]] = []
    for contract in contracten:
        van_contract = [u for u in uitslagen if u.contract == contract]
        regels = Counter(r for u in van_contract for r in u.gefaalde_regels)
        quarantaine = sum(1 for u in van_contract if u.status == Afhandeling.QUARANTAINE)
        rijen.append(
            {
                "contract": contract,
                "overdrachten": len(van_contract),
                "door_de_poort": len(van_contract) - quarantaine,
                "quarantaine": quarantaine,
                "gefaalde_regels": ", ".join(f"{r} ×{n}" for r, n in regels.most_common()),
            }
        )
    return rijen


def maak_artefact(uitslagen: list[Uitslag], batch: int) -> None:
    """A markdown table per batch: moved first, then refused and quarantined with the reason."""
    volgorde = {Afhandeling.GEACCEPTEERD: 0, Afhandeling.QUARANTAINE: 1, Afhandeling.GEWEIGERD: 2}
    getoond = (
        [u for u in uitslagen if u.status != Afhandeling.GEACCEPTEERD]
        if len(uitslagen) > GROTE_BATCH
        else uitslagen
    )
    regels = [
        f"| {u.pseudoniem or '-'} | {u.partner} | {u.beweging} | {u.van_fase or '-'} | {u.naar_fase or '-'} | {u.status} | {u.reden.replace('|', '/')} |"
        for u in sorted(getoond, key=lambda u: (volgorde.get(u.status, 3), u.pseudoniem or ""))
    ]
    if len(getoond) < len(uitslagen):
        regels.append(
            f"| … | | | | | geaccepteerd | {len(uitslagen) - len(getoond)} accepted rows of this import not listed |"
        )
    telling = {s: sum(1 for u in uitslagen if u.status == s) for s in volgorde}
    kop = (
        f"## Overdrachten, batch {batch}\n\n"
        + ", ".join(f"{s}: {n}" for s, n in telling.items())
        + "\n\n"
    )
    tabel = "| deelnemer | partner | beweging | van | naar | status | reden |\n|---|---|---|---|---|---|---|\n"
    create_table_artifact(
        key="poortresultaat",
        table=poortresultaat(uitslagen),
        description=f"Gate result, batch {batch}: per contract the handoffs seen, passed, quarantined, and failures per rule",
    )
    create_markdown_artifact(
        key="overdrachten",
        markdown=kop + tabel + "\n".join(regels),
        description=f"{len(uitslagen)} overdrachten: "
        + ", ".join(f"{n} {s}" for s, n in telling.items() if n),
    )
