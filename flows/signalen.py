"""Flags in the Prefect UI: one event per new flag (an automation can notify on it) and an overview
artifact by partner and programme. Pseudonyms, phases and kinds only: never personal data."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from prefect.artifacts import create_markdown_artifact
from prefect.events import emit_event
from sqlalchemy.engine import Engine

from flows.zichtbaar import flow_run_id
from persistence import sessie, signalen
from persistence.tabellen import SignaalRegel

LIJST_MAX = 200  # rows listed in the artifact; the counts above it cover everything


def _meld(s: SignaalRegel, related: list[dict[str, str]]) -> None:
    emit_event(
        event=f"ketenregie.signaal.{s.soort}",
        resource={
            "prefect.resource.id": f"ketenregie.deelnemer.{s.pseudoniem}",
            "prefect.resource.name": s.pseudoniem,
            "ketenregie.programma": s.programma,
            "ketenregie.partner": s.partner,
            "ketenregie.niveau": s.niveau,
        },
        related=[
            *related,
            {
                "prefect.resource.id": f"ketenregie.partner.{s.partner}",
                "prefect.resource.role": "partner",
            },
        ],
        payload={
            "soort": s.soort,
            "niveau": s.niveau,
            "onderwerp": s.onderwerp,
            "termijn": s.termijn.isoformat() if s.termijn else None,
            "toelichting": s.toelichting,
        },
    )


def kondig_aan(engine: Engine, nu: datetime) -> int:
    """One event per flag not announced yet, then mark it: a second sweep announces nothing twice."""
    with sessie(engine) as s:
        nieuw = signalen.onaangekondigd(session=s)
    run_id = flow_run_id()
    related = (
        [{"prefect.resource.id": f"prefect.flow-run.{run_id}", "prefect.resource.role": "flow-run"}]
        if run_id
        else []
    )
    for signaal in nieuw:
        _meld(signaal, related)
    with sessie(engine) as s:
        signalen.markeer_gemeld(session=s, ids=[x.id or 0 for x in nieuw], nu=nu)
    return len(nieuw)


def _telling_md(rijen: list[tuple[str, str, str, str, int]]) -> str:
    per_programma: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for programma, _, soort, niveau, n in rijen:
        per_programma[programma][f"{soort} ({niveau})"] += n
    regels = [
        f"| {p} | {k} | {n} |"
        for p, telling in sorted(per_programma.items())
        for k, n in sorted(telling.items())
    ]
    return "| programme | flag | open |\n|---|---|---|\n" + "\n".join(regels)


def maak_overzicht(engine: Engine, nu: datetime) -> None:
    """The daily list of open flags: counts per programme, then per partner the flags themselves."""
    with sessie(engine) as s:
        rijen = signalen.telling(session=s)
        lijst = signalen.open_signalen(session=s, limiet=LIJST_MAX)
    totaal = sum(n for *_, n in rijen)
    per_partner: dict[tuple[str, str], list[SignaalRegel]] = defaultdict(list)
    for x in lijst:
        per_partner[(x.partner, x.programma)].append(x)
    delen = [f"## Signalen {nu:%Y-%m-%d}\n\n{totaal} open\n\n{_telling_md(rijen)}\n"]
    for (partner, programma), groep in sorted(per_partner.items()):
        delen.append(
            f"\n### {partner} ({programma})\n\n| deelnemer | signaal | niveau | onderwerp | termijn | sinds |\n|---|---|---|---|---|---|"
        )
        delen += [
            f"| {x.pseudoniem} | {x.soort} | {x.niveau} | {x.onderwerp} | {x.termijn or '-'} | {x.ontstaan_op:%Y-%m-%d} |"
            for x in groep
        ]
    if totaal > len(lijst):
        delen.append(f"\n… and {totaal - len(lijst)} more: `keten flags`")
    create_markdown_artifact(
        key="signalen",
        markdown="\n".join(delen),
        description=f"{totaal} open flags by partner and programme",
    )
