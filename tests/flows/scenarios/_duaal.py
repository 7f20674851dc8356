"""What the duaal-traject scenarios (08, 09, 14-17) share: the shipped programme
duaal-drechtsteden (seed 004, Dordrecht), a participant walked through the brede intake, the
Talentscan checkpoint and the PIP into the track the checkpoint decides, and readers of the
ledger, the outcomes and the plan versions. Every event goes in as a signed webhook."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from sqlmodel import col, select

from cli.status import toon_status
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen import Deelnemer, Overgang, UitkomstRegel
from persistence.tabellen_banen import TrajectBaan
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, bsn

DRECHT = "duaal-drechtsteden"
SDD = "sdd-klantmanager-inburgering"  # the regiehouder
PW = "sdd-participatiewet"
TALENTSCAN = "werkshop-talentscan"
SPOOR = {
    "participatie": "werkshop-participatie",
    "stabilisatie": "werkshop-stabilisatie",
    "onderwijs": "werkshop-onderwijs",
}
TAAL = "taalschool-drechtsteden"
WERKGEVER = "werkgevers-drechtsteden"
# Deciders are references, never names (schemas.verantwoording).
KLANTMANAGER = {"reden": "besproken met de deelnemer", "rol": "regiehouder", "persoon": "KM-40211"}
BEGELEIDER = {
    "reden": "besproken in het casusoverleg",
    "rol": "trajectbegeleider",
    "persoon": "WS-10877",
}


def verwerk(keten: Keten, partner: str, inhoud: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """Send one signed webhook and run the processing flow."""
    antwoord = keten.stuur(partner, inhoud, **kw)
    verwerk_inbox(stil_na_s=0)
    return antwoord


def pip(pseudoniem: str, op: str, reden: str, **velden: Any) -> dict[str, Any]:
    """A PIP version fixed by the regiehouder (codes only; goals, support, barriers)."""
    return {
        "type": "plan.vastgesteld",
        "deelnemer": pseudoniem,
        "soort": "pip",
        "vastgesteld_op": op,
        "doelen": [{"soort": "taal", "niveau": "A2", "horizon_maanden": 18}],
        "besluit": KLANTMANAGER | {"reden": reden},
    } | velden


def talentscan(pseudoniem: str, keuze: str) -> dict[str, Any]:
    return {
        "type": "ijkpunt.besloten",
        "deelnemer": pseudoniem,
        "ijkpunt": "talentscan",
        "keuze": keuze,
        "besluit": KLANTMANAGER | {"reden": "uitslag Talentscan en taaltoetsen"},
    }


def in_spoor(keten: Keten, n: int, spoor: str, **plan: Any) -> str:
    """Referred, brede intake done, Talentscan decided `spoor` by the regiehouder, PIP version 1
    fixed, handed on: in ontwikkeling at the track's partner, the taal lane running beside it."""
    pseudoniem = keten.meld_aan(DRECHT, bsn(n))
    keten.rond_af(pseudoniem, DRECHT, Fase.INSTROOM)
    verwerk(keten, SDD, talentscan(pseudoniem, spoor))
    op = keten.vandaag().isoformat()
    verwerk(keten, SDD, pip(pseudoniem, op, "maatwerkplan na de Talentscan", **plan))
    keten.rond_af(pseudoniem, DRECHT, Fase.ASSESSMENT)
    assert plek(keten, pseudoniem)[:2] == ("ontwikkeling", SPOOR[spoor])
    return pseudoniem


def _traject(s: Any, pseudoniem: str) -> Any:
    d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
    assert d is not None and d.id is not None
    t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
    assert t is not None
    return t


def plek(keten: Keten, pseudoniem: str) -> tuple[str, str, str]:
    """The main lane's phase, partner and status."""
    with sessie(keten.engine) as s:
        t = _traject(s, pseudoniem)
        return t.fase, t.partner, t.status


def banen(keten: Keten, pseudoniem: str) -> dict[str, tuple[str, str, str]]:
    """Per lane of the current episode: (phase, partner, status)."""
    with sessie(keten.engine) as s:
        t = _traject(s, pseudoniem)
        rijen = s.exec(select(TrajectBaan).where(TrajectBaan.traject_id == t.id))
        return {b.baan: (b.fase, b.partner, b.status) for b in rijen}


def grootboek(keten: Keten, pseudoniem: str) -> list[tuple[str | None, str, str | None, str]]:
    """(lane, move, to phase, to partner) of every ledger entry, oldest first."""
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        rijen = s.exec(
            select(Overgang).where(Overgang.deelnemer_id == d.id).order_by(col(Overgang.id))
        )
        return [(o.baan, o.beweging, o.naar_fase, o.naar_partner) for o in rijen]


def uitkomsten(keten: Keten, pseudoniem: str) -> list[UitkomstRegel]:
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        return list(
            s.exec(
                select(UitkomstRegel)
                .where(UitkomstRegel.deelnemer_id == d.id)
                .order_by(col(UitkomstRegel.id))
            )
        )


def status(keten: Keten, pseudoniem: str) -> str:
    """What `keten status` prints for the regiehouder's coordinator."""
    console = Console(record=True, width=250)
    assert toon_status(pseudoniem, keten.instellingen, console)
    return console.export_text()
