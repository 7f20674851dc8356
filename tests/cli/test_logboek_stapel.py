"""The receiver and the simulator as `keten serve` starts them write their info lines as JSON lines
to their log files (before, nobody set up logging in those processes and the lines were dropped),
and the receiver writes one access line per request without the request's content."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx

from cli.stapel import Stapel, adressen, omgeving, onderdelen
from settings import Instellingen


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _json_regels(pad: Path) -> list[dict[str, object]]:
    regels = [r for r in pad.read_text().splitlines() if r.startswith("{")]
    return [json.loads(r) for r in regels]


def test_ontvanger_en_simulator_loggen_json_regels(tmp_path):
    webhook, simulator = _vrije_poort(), _vrije_poort()
    inst = Instellingen(
        data_map=tmp_path,
        webhook_poort=webhook,
        webhook_basis_url=f"http://127.0.0.1:{webhook}",
        simulator_poort=simulator,
        simulator_basis_url=f"http://127.0.0.1:{simulator}",
        prefect_api_url=f"http://127.0.0.1:{_vrije_poort()}/api",
        vangnet_s=0,
    )
    adres = adressen(inst, _vrije_poort())
    delen = [d for d in onderdelen(inst, adres) if d.naam in ("webhooks", "simulator")]
    stapel = Stapel(adres, omgeving(inst, adres), tmp_path / "logs", delen)
    try:
        stapel.start("webhooks")
        stapel.start("simulator")
        httpx.get(f"{adres.webhooks}/contracten", timeout=10).raise_for_status()
        httpx.post(
            f"{adres.webhooks}/webhooks/gemeente-utrecht",
            content=b'{"bsn": "111222333"}',
            headers={"content-type": "application/json"},
        )
    finally:
        stapel.stop_alles()
    ontvanger = _json_regels(tmp_path / "logs" / "webhooks.log")
    toegang = [r for r in ontvanger if r.get("event") == "verzoek"]
    assert {(r["methode"], r["pad"], r["status"]) for r in toegang} >= {
        ("GET", "/contracten", 200),
        ("POST", "/webhooks/{partner_id}", 401),
    }
    assert all(r["niveau"] == "info" and "tijd" in r for r in toegang)
    assert "111222333" not in (tmp_path / "logs" / "webhooks.log").read_text()
    sim = _json_regels(tmp_path / "logs" / "simulator.log")
    assert any(r.get("event") == "simulator_gestart" for r in sim)
