"""The events of a CLI import or replay: the same `ketenregie.overdracht.*` events a
`verwerk-inbox` run emits (`flows.zichtbaar.meld_events`), sent to the stack's Prefect, so the
coordinator's event feed shows every move whichever way it entered. They belong to no flow run."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import httpx
from rich.console import Console

from settings import Instellingen

if TYPE_CHECKING:
    from schemas.overdracht import Uitslag


def richt_op_prefect(instellingen: Instellingen) -> None:
    """Point Prefect at the stack's API (KETEN_PREFECT_API_URL) unless PREFECT_API_URL says
    otherwise. Prefect reads its settings once, at import, so this runs before anything imports it."""
    if "prefect" not in sys.modules:
        os.environ.setdefault("PREFECT_API_URL", instellingen.prefect_api_url)


def meld_overdrachten(uitslagen: list[Uitslag], console: Console) -> bool:
    """Emit an event per handoff (a summary for a large import); say so when Prefect is away (the
    ledger and `keten status` hold every move either way). True when the events went out."""
    from prefect.settings import PREFECT_API_URL

    from flows.zichtbaar import meld_events

    api = PREFECT_API_URL.value()
    if not uitslagen:
        return True
    if not api or not _bereikbaar(api):
        console.print(
            f"[yellow]Prefect not reachable at {api or '(no PREFECT_API_URL)'}: no events emitted; "
            "the ledger and `keten status` have every move[/yellow]"
        )
        return False
    meld_events(uitslagen)
    return True


def _bereikbaar(api: str) -> bool:
    try:
        return httpx.get(f"{api.rstrip('/')}/health", timeout=2).is_success
    except httpx.HTTPError:
        return False
