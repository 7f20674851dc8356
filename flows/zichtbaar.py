"""What the coordinator sees in the Prefect UI: run name and tags, an event per participant,
and an artifact per run listing what moved and what was refused. Pseudonyms only."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.orchestration import get_client
from prefect.events import emit_event
from prefect.runtime import flow_run

from schemas.overdracht import Afhandeling, Uitslag


def flow_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


GROTE_BATCH = 1_000  # above this (an import), accepted rows are summarised instead of listed


def meld_events(uitslagen: list[Uitslag]) -> None:
    """One Prefect event per handoff, on the participant's own resource (filterable in the UI);
    for a large import only the quarantined and refused ones, plus one summary event."""
    if len(uitslagen) > GROTE_BATCH:
        _meld_samenvatting(uitslagen)
        uitslagen = [u for u in uitslagen if u.status != Afhandeling.GEACCEPTEERD]
    run_id = flow_run_id()
    related = (
        [{"prefect.resource.id": f"prefect.flow-run.{run_id}", "prefect.resource.role": "flow-run"}]
        if run_id
        else []
    )
    for u in uitslagen:
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


def _meld_samenvatting(uitslagen: list[Uitslag]) -> None:
    telling = Counter(u.status.value for u in uitslagen)
    for partner in sorted({u.partner for u in uitslagen}):
        emit_event(
            event="ketenregie.import.verwerkt",
            resource={
                "prefect.resource.id": f"ketenregie.partner.{partner}",
                "prefect.resource.name": partner,
            },
            payload={"rijen": len(uitslagen), **telling},
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
