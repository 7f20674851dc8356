"""One webhook a simulated partner will send: what, after how long, and from whom."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel


@dataclass(frozen=True)
class Stap:
    """One webhook to send after `wacht_s`; `correctie` is the valid event behind a broken dossier.

    `afzender` sends it as another partner than the one that received the message: the
    regiehouder deciding a checkpoint, starting a lane or handing the case over while the phase's
    partner does the work (one simulator plays every partner)."""

    wacht_s: float
    gebeurtenis: BaseModel
    correctie: BaseModel | None = None
    afzender: str | None = None
