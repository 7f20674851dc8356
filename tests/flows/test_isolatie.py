"""`flows.verwerking.verwerk` isolates the rows that raise, wherever they sit in the batch: every
other row is processed once, in order, and only a row that fails alone counts an attempt."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, col, select

from flows import verwerking
from flows.verwerking import Herkansing, verwerk
from persistence import Deelnemer, InboxBericht, Overgang, Traject, inbox, maak_engine
from quality import get_poort
from schemas.overdracht import Afhandeling
from tests.flows.gif_hulp import PARTNER, genest_json, sla_ruw_op
from tests.flows.test_import import rapport

NU = datetime.now(UTC)
_VOLGNUMMER = itertools.count()


def _letters(getal: int, lengte: int) -> str:
    """`getal` in the pseudonyms' alphabet (base32: A-Z, 2-7)."""
    alfabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(alfabet[getal // 32**i % 32] for i in reversed(range(lengte)))


def _plaats(engine, aantal: int) -> list[str]:
    """`aantal` new participants in plaatsing at the werkgever, unique across examples."""
    reeks = next(_VOLGNUMMER)
    pseudoniemen = [f"KT-{_letters(reeks, 5)}{_letters(i, 5)}" for i in range(aantal)]
    with Session(engine) as s:
        s.execute(
            insert(Deelnemer),
            [
                {
                    "pseudoniem": p,
                    "bsn_hash": f"h-{p}",
                    "persoon_versleuteld": "x",
                    "programma": "utrecht-bank-tot-baan",
                    "gemeente_partner": "gemeente-utrecht",
                    "verwijzing_id": p,
                    "aangemeld_op": NU,
                }
                for p in pseudoniemen
            ],
        )
        ids = dict(
            s.exec(
                select(Deelnemer.pseudoniem, Deelnemer.id).where(
                    col(Deelnemer.pseudoniem).in_(pseudoniemen)
                )
            ).all()
        )
        s.execute(
            insert(Traject),
            [
                {
                    "deelnemer_id": ids[p],
                    "programma": "utrecht-bank-tot-baan",
                    "fase": "plaatsing",
                    "partner": PARTNER,
                    "status": "actief",
                    "fase_sinds": NU,
                    "begonnen_op": NU,
                }
                for p in pseudoniemen
            ],
        )
        s.commit()
    return pseudoniemen


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    aantal=st.integers(min_value=1, max_value=24),
    gif=st.dictionaries(
        st.integers(min_value=0, max_value=23), st.sampled_from(["lezen", "beslissen"])
    ),
)
def test_alleen_de_rij_die_alleen_faalt_telt_een_poging(
    instellingen, catalogus, monkeypatch, aantal, gif
):
    gif = {i: stap for i, stap in gif.items() if i < aantal}
    engine = maak_engine(instellingen.db_url)
    pseudoniemen = _plaats(engine, aantal)
    crasht = {pseudoniemen[i] for i, stap in gif.items() if stap == "beslissen"}
    echte = verwerking.beslis_reeks

    def beslis_reeks(kandidaten, *args, **kwargs):
        if crasht & {k.pseudoniem for k in kandidaten}:
            raise ValueError("a decision that raises")
        return echte(kandidaten, *args, **kwargs)

    monkeypatch.setattr(verwerking, "beslis_reeks", beslis_reeks)
    for i, p in enumerate(pseudoniemen):
        webhook_id = f"iso-{p}"
        if gif.get(i) == "lezen":  # a row that cannot be read back at any stack depth
            tekst = json.dumps(rapport(p))[:-1] + ', "x": ' + genest_json(5_000) + "}"
            sla_ruw_op(engine, pseudoniem=p, payload_json=tekst, webhook_id=webhook_id)
        else:
            with Session(engine) as s:
                inbox.ontvang(
                    session=s,
                    partner=PARTNER,
                    webhook_id=webhook_id,
                    type="fase.afgerond",
                    pseudoniem=p,
                    payload=rapport(p),
                    nu=NU,
                )
    with Session(engine) as s:
        ids = list(
            s.exec(
                select(InboxBericht.id)
                .where(col(InboxBericht.pseudoniem).in_(pseudoniemen))
                .order_by(col(InboxBericht.id))
            )
        )

    def verwerk_nu(welke):
        return verwerk(
            welke,
            engine=engine,
            catalogus=catalogus,
            poort=get_poort(),
            nu=NU,
            flow_run_id=None,
            herkansing=Herkansing(pogingen=2, wacht=timedelta(0)),
        )

    uitslagen = verwerk_nu(ids)

    assert [u.pseudoniem for u in uitslagen] == pseudoniemen, "one result per row, in order"
    vergiftigd = {pseudoniemen[i] for i in gif}
    assert {u.pseudoniem for u in uitslagen if u.status == Afhandeling.WACHT} == vergiftigd
    with Session(engine) as s:
        rijen = _koppen(s, pseudoniemen)
        bewogen = set(
            s.exec(
                select(Deelnemer.pseudoniem)
                .join(Overgang, Overgang.deelnemer_id == Deelnemer.id)
                .where(col(Deelnemer.pseudoniem).in_(pseudoniemen))
            ).all()
        )
    assert bewogen == set(pseudoniemen) - vergiftigd, "every other row moved its participant"
    for i, p in enumerate(pseudoniemen):
        if i in gif:
            fout = "lezen: RecursionError" if gif[i] == "lezen" else "beslissen: ValueError"
            assert rijen[p] == ("nieuw", 1, fout), "one attempt, counted on the row alone"
        else:
            assert rijen[p] == ("geaccepteerd", 0, None)

    tweede = verwerk_nu([ids[i] for i in gif])
    assert {u.status for u in tweede} <= {Afhandeling.QUARANTAINE}
    with Session(engine) as s:
        assert {
            p: r[0:2] for p, r in _koppen(s, pseudoniemen).items() if p in vergiftigd
        } == dict.fromkeys(vergiftigd, ("quarantaine", 2))


def _koppen(s, pseudoniemen):
    """Status, attempts and last failure per row, without reading a payload (some cannot be)."""
    return {
        p: (status, pogingen, fout)
        for p, status, pogingen, fout in s.exec(
            select(
                InboxBericht.pseudoniem,
                InboxBericht.status,
                InboxBericht.pogingen,
                InboxBericht.laatste_fout,
            ).where(col(InboxBericht.pseudoniem).in_(pseudoniemen))
        )
    }


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_een_weggevallen_database_telt_geen_poging_en_laat_de_run_falen(
    instellingen, catalogus, monkeypatch
):
    """Not the row's fault: the run fails, the lease runs out, and no row is blamed."""
    engine = maak_engine(instellingen.db_url)
    [p] = _plaats(engine, 1)
    with Session(engine) as s:
        rij, _ = inbox.ontvang(
            session=s,
            partner=PARTNER,
            webhook_id="weg-1",
            type="fase.afgerond",
            pseudoniem=p,
            payload=rapport(p),
            nu=NU,
        )
        inbox_id = rij.id

    def weg(*args, **kwargs):
        raise DisconnectionError("the database went away")

    monkeypatch.setattr(verwerking, "beslis_reeks", weg)
    with pytest.raises(DisconnectionError):
        verwerk(
            [inbox_id],
            engine=engine,
            catalogus=catalogus,
            poort=get_poort(),
            nu=NU,
            flow_run_id=None,
        )
    with Session(engine) as s:
        assert _koppen(s, [p]) == {p: ("nieuw", 0, None)}
