"""The ledger check the end-to-end and fault suites share: it must pass every chain the programmes
allow and fail a broken one, or those suites prove nothing (a lane restarted by a re-entry once
failed it, in CI, on a ledger that was right)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from persistence import Overgang
from tests.keten_controle import ketens, onafgebroken


def _regel(traject: int, baan: str | None, beweging: str, van: str | None, naar: str) -> Overgang:
    """A ledger row moving from (phase, status) `van` to `naar`, written "fase/status"."""
    van_fase, van_status = van.split("/") if van else (None, None)
    naar_fase, naar_status = naar.split("/")
    return Overgang(
        deelnemer_id=1,
        traject_id=traject,
        baan=baan,
        beweging=beweging,
        van_fase=van_fase,
        van_status=van_status,
        naar_fase=naar_fase,
        naar_status=naar_status,
        naar_partner="p",
        reden="test",
        besloten_door="test",
        tijdstip=datetime(2026, 1, 1, tzinfo=UTC),
    )


HERINSTROOM = [
    _regel(1, None, "aanmelden", None, "instroom/actief"),
    _regel(1, None, "doorstromen", "instroom/actief", "ontwikkeling/actief"),
    _regel(1, "taal", "aanmelden", None, "ontwikkeling/actief"),
    _regel(1, None, "uitvallen", "ontwikkeling/actief", "ontwikkeling/uitgevallen"),
    _regel(1, "taal", "uitvallen", "ontwikkeling/actief", "ontwikkeling/uitgevallen"),
    _regel(2, None, "herinstromen", "ontwikkeling/uitgevallen", "instroom/actief"),
    _regel(2, None, "doorstromen", "instroom/actief", "ontwikkeling/actief"),
    _regel(2, "taal", "aanmelden", None, "ontwikkeling/actief"),
    _regel(2, "taal", "afsluiten", "ontwikkeling/actief", "ontwikkeling/afgesloten"),
]


def test_een_herinstroom_start_de_baan_opnieuw_en_dat_is_geen_breuk():
    per = ketens(HERINSTROOM)
    assert sorted(per, key=str) == sorted([(None, None), (1, "taal"), (2, "taal")], key=str)
    assert len(per[(None, None)]) == 5, "the main lane is one chain over both episodes"
    for keten in per.values():
        onafgebroken("KT-TEST", keten)


def test_een_baan_die_binnen_een_episode_opnieuw_begint_is_een_breuk():
    dubbel = [*HERINSTROOM[:5], _regel(1, "taal", "aanmelden", None, "ontwikkeling/actief")]
    with pytest.raises(AssertionError):
        for keten in ketens(dubbel).values():
            onafgebroken("KT-TEST", keten)


def test_een_gat_in_de_hoofdbaan_is_een_breuk():
    gat = [HERINSTROOM[0], _regel(1, None, "doorstromen", "assessment/actief", "plaatsing/actief")]
    with pytest.raises(AssertionError):
        onafgebroken("KT-TEST", ketens(gat)[(None, None)])
