"""A cohort written straight into the tables (as processing leaves them): participants with
attributes, their ledger through the phases, dropout and outcomes, at a chosen referral date."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, literal_column, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from persistence.tabellen import Deelnemer, Overgang, Traject, UitkomstRegel
from persistence.tabellen_kenmerk import Kenmerk

PROGRAMMA = "utrecht-bank-tot-baan"
FASEN = ("instroom", "assessment", "ontwikkeling", "vakopleiding", "plaatsing", "nazorg")
# Per sex: how many. `anders` is under 10 (primary suppression); `onbekend` is the next smallest
# and must go with it, or anders = total - man - vrouw - onbekend.
GROEPEN = {"man": 160, "vrouw": 131, "anders": 4, "onbekend": 15}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass(frozen=True)
class Cohort:
    aangemeld_op: datetime
    aantal: int


def _pseudoniem(i: int) -> str:
    return "KT-" + "".join(_LETTERS[(i >> (5 * k)) % 32] for k in range(10))


def zaai(engine: Engine, *, op: date, groepen: dict[str, int] = GROEPEN, seed: int = 7) -> Cohort:
    """Write the cohort referred on `op`; each participant reaches a random phase, a quarter
    drops out, a third of those past plaatsing gets regular work."""
    rng = random.Random(seed)
    begin = datetime(op.year, op.month, op.day, 9, tzinfo=UTC)
    with Session(engine) as s:
        start = s.execute(select(func.count()).select_from(Deelnemer)).scalar_one()
        i = start
        for geslacht, aantal in groepen.items():
            for _ in range(aantal):
                i += 1
                _een(s, rng, i, None if geslacht == "onbekend" else geslacht, begin)
        s.commit()
    return Cohort(begin, i - start)


def _een(s: Session, rng: random.Random, i: int, geslacht: str | None, begin: datetime) -> None:
    d = Deelnemer(
        pseudoniem=_pseudoniem(i),
        bsn_hash=f"hash-{i}",
        persoon_versleuteld="x",
        programma=PROGRAMMA,
        gemeente_partner="gemeente-utrecht",
        verwijzing_id=f"UTR-{i}",
        aangemeld_op=begin,
    )
    s.add(d)
    s.flush()
    assert d.id is not None
    s.execute(
        insert(Kenmerk).values(
            deelnemer_id=d.id,
            geslacht=geslacht,
            leeftijdsband=rng.choice(["18-22", "23-26", "27-34"]),
            doelgroep="participatiewet",
        )
    )
    verste = rng.randrange(len(FASEN))
    uitval = rng.random() < (0.35 if geslacht == "vrouw" else 0.2)
    tijd = begin
    t = Traject(
        deelnemer_id=d.id,
        programma=PROGRAMMA,
        fase=FASEN[verste],
        partner="p",
        status="uitgevallen" if uitval else "actief",
        fase_sinds=begin,
        begonnen_op=begin,
        beeindigd_op=None,
    )
    s.add(t)
    s.flush()
    assert t.id is not None
    rijen = []
    for f in FASEN[: verste + 1]:
        rijen.append(_overgang(d.id, t.id, f, "actief", tijd))
        tijd += timedelta(days=rng.randint(1, 8))  # at most 48 days: in the past
    if uitval:
        rijen.append(_overgang(d.id, t.id, FASEN[verste], "uitgevallen", tijd))
        t.beeindigd_op = tijd
        s.add(
            UitkomstRegel(
                deelnemer_id=d.id,
                traject_id=t.id,
                soort="uitval",
                datum=tijd.date(),
                reden="motivatie",
                vastgelegd_op=tijd,
            )
        )
    elif verste >= FASEN.index("plaatsing") and rng.random() < 0.6:
        s.add(
            UitkomstRegel(
                deelnemer_id=d.id,
                traject_id=t.id,
                soort="regulier_werk",
                datum=tijd.date(),
                vastgelegd_op=tijd,
            )
        )
    s.execute(insert(Overgang), rijen)


def _overgang(d: int, t: int, fase: str, status: str, tijd: datetime) -> dict[str, object]:
    return {
        "deelnemer_id": d,
        "traject_id": t,
        "beweging": "uitvallen" if status == "uitgevallen" else "doorstromen",
        "naar_fase": fase,
        "naar_status": status,
        "naar_partner": "p",
        "reden": "test",
        "besloten_door": "test",
        "tijdstip": tijd,
    }


def tel_per_geslacht(engine: Engine, *, van: datetime, tot: datetime) -> dict[str, int]:
    """The database's own count of referrals per sex in the period (NULL: onbekend)."""
    groep = func.coalesce(col(Kenmerk.geslacht), literal_column("'onbekend'"))
    with Session(engine) as s:
        rijen = s.execute(
            select(groep, func.count())
            .select_from(Deelnemer)
            .outerjoin(Kenmerk, col(Kenmerk.deelnemer_id) == col(Deelnemer.id))
            .where(col(Deelnemer.aangemeld_op) >= van, col(Deelnemer.aangemeld_op) < tot)
            .group_by(groep)
        ).all()
    return {str(g): int(n) for g, n in rijen}
