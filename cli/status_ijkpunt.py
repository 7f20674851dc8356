"""`keten status`: the participant's checkpoints (open, overdue, decided and by whom) and their
plan's versions (who fixed each and why, the barriers' status): what a regiehouder checks first."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from persistence import ijkpunten


def toon_ijkpunten_en_plan(s: Session, deelnemer_id: int, nu: datetime, console: Console) -> None:
    punten, versies = ijkpunten.van_deelnemer(session=s, deelnemer_id=deelnemer_id)
    if versies:
        laatste = versies[-1]
        console.print(
            f"plan: {laatste.soort} version {laatste.versie} of {laatste.vastgesteld_op}"
            f" ({len(versies)} kept)"
        )
        tabel = Table(
            "version",
            "fixed on",
            "by",
            "role",
            "person",
            "reason",
            "barriers",
            title="plan versions",
        )
        for v in versies:
            barrieres = ", ".join(
                f"{b['soort']}: {b['status']}" for b in (v.inhoud or {}).get("belemmeringen", [])
            )
            tabel.add_row(
                str(v.versie),
                f"{v.vastgesteld_op}",
                v.partner,
                v.rol,
                v.persoon,
                v.reden,
                barrieres or "-",
            )
        console.print(tabel)
    else:
        console.print("plan: none recorded")
    if not punten:
        return
    tabel = Table(
        "checkpoint", "owner", "due (UTC)", "status", "decided by", "reason", title="checkpoints"
    )
    for i in punten:
        if i.keuze is not None:
            status = f"decided: {i.keuze}" + (f" → {i.route_partner}" if i.route_partner else "")
            door = f"{i.besloten_door} ({i.rol} {i.persoon})"
        else:
            status = "OVERDUE" if i.vervalt_op < nu else "open"
            door = "-"
        tabel.add_row(i.naam, i.eigenaar, f"{i.vervalt_op:%Y-%m-%d}", status, door, i.reden or "-")
    console.print(tabel)
