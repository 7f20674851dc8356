"""`keten serve` starts like a service: a used port, an existing Prefect, a bad key or a mistake in
a configuration file is refused at once in one line naming it, before any part starts."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from cli.stapel import PROJECT_MAP, StapelFout, beheerde_stack
from persistence import privacy
from settings import ConfigFout, Instellingen, laad_catalogus

KETEN = str(Path(sys.executable).parent / "keten")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _keten_serve(tmp_path: Path, **omgeving: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "KETEN_DATA_MAP": str(tmp_path / "data"),
        "KETEN_PREFECT_API_URL": f"http://127.0.0.1:{_vrije_poort()}/api",
        "KETEN_WEBHOOK_POORT": str(_vrije_poort()),
        "KETEN_SIMULATOR_POORT": str(_vrije_poort()),
        "KETEN_DASHBOARD_POORT": str(_vrije_poort()),
    }
    env.pop("KETEN_DATABASE_URL", None)
    return subprocess.run(
        [KETEN, "serve"], env=env | omgeving, capture_output=True, text=True, timeout=60
    )


def _een_regel(uit: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in uit.stderr + uit.stdout, uit.stderr
    [regel] = uit.stderr.strip().splitlines()
    return regel


def test_een_bezette_webhookpoort_wordt_meteen_geweigerd(tmp_path):
    with socket.socket() as bezet:
        bezet.bind(("127.0.0.1", 0))
        bezet.listen()
        poort = bezet.getsockname()[1]
        begin = time.monotonic()
        uit = _keten_serve(tmp_path, KETEN_WEBHOOK_POORT=str(poort))
    assert uit.returncode == 1 and time.monotonic() - begin < 20
    assert f"port {poort} is in use (webhook API" in _een_regel(uit)
    assert not (tmp_path / "data" / "logs").exists(), "no part was started"


class _Gezond(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args: object) -> None:
        pass


def test_een_tweede_stapel_hecht_zich_niet_aan_een_draaiende_prefect(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Gezond)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        poort = server.server_address[1]
        inst = Instellingen(
            data_map=tmp_path,
            webhook_poort=_vrije_poort(),
            simulator_poort=_vrije_poort(),
            prefect_api_url=f"http://127.0.0.1:{poort}/api",
        )
        begin = time.monotonic()
        verwacht = f"port {poort} is in use: a Prefect server already"
        with pytest.raises(StapelFout, match=verwacht), beheerde_stack(inst):
            pass
        assert time.monotonic() - begin < 10
    finally:
        server.shutdown()


def test_een_ongeldige_sleutel_wordt_bij_de_start_geweigerd_zonder_de_waarde(tmp_path):
    uit = _keten_serve(tmp_path, KETEN_SLEUTEL="geen-fernet-sleutel")
    regel = _een_regel(uit)
    assert uit.returncode == 2 and regel.startswith("keten: KETEN_SLEUTEL: key 1 of 1 is not")
    assert "geen-fernet-sleutel" not in uit.stderr + uit.stdout


def test_een_sleutel_roteert_eerste_versleutelt_alle_ontsleutelen(tmp_path):
    oud, nieuw = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    voor = Instellingen(data_map=tmp_path, sleutel=oud)
    na = Instellingen(data_map=tmp_path, sleutel=f"{nieuw}, {oud}")
    token = privacy.versleutel_tekst("Yonas Tesfay", voor)
    assert privacy.ontsleutel_tekst(token, na) == "Yonas Tesfay", "the old key still decrypts"
    herschreven = privacy.herversleutel(token, na)
    assert Fernet(nieuw.encode()).decrypt(herschreven.encode()) == b"Yonas Tesfay"
    assert Fernet(nieuw.encode()).decrypt(privacy.versleutel_tekst("x", na).encode()) == b"x"


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    shutil.copytree(PROJECT_MAP / "config", config)
    return config


def _fout(tmp_path: Path, config: Path) -> str:
    with pytest.raises(ConfigFout) as fout:
        laad_catalogus(Instellingen(data_map=tmp_path, config_map=config))
    return str(fout.value)


def _regel_van(pad: Path, tekst: str) -> int:
    return next(i for i, r in enumerate(pad.read_text().splitlines(), 1) if tekst in r)


def test_een_fout_in_een_programma_noemt_bestand_regel_en_veld(tmp_path):
    config = _config(tmp_path)
    pad = config / "programmas" / "utrecht-bank-tot-baan.yaml"
    pad.write_text(pad.read_text().replace("max_weken: 26", "max_weken: veel"))
    regel = _regel_van(pad, "max_weken: veel")
    assert _fout(tmp_path, config).startswith(f"{pad}:{regel}: fasen[2].max_weken: Input should be")


def test_een_onbekende_partner_in_een_programma_noemt_zijn_regel(tmp_path):
    config = _config(tmp_path)
    pad = config / "programmas" / "utrecht-bank-tot-baan.yaml"
    pad.write_text(pad.read_text().replace("[assessment-utrecht]", "[assessment-elders]"))
    regel = _regel_van(pad, "assessment-elders")
    assert _fout(tmp_path, config) == (
        f"{pad}:{regel}: fasen[1].partners[0]: unknown partner assessment-elders"
    )


def test_een_fout_in_partners_noemt_de_partner_en_zijn_regel(tmp_path):
    config = _config(tmp_path)
    pad = config / "partners.yaml"
    pad.write_text(pad.read_text().replace("soort: assessment,", "soort: beoordelaar,", 1))
    regel = _regel_van(pad, "beoordelaar")
    assert _fout(tmp_path, config).startswith(f"{pad}:{regel}: partners[1].soort: Input should be")


def test_kapotte_yaml_noemt_de_regel(tmp_path):
    config = _config(tmp_path)
    pad = config / "partners.yaml"
    regels = pad.read_text().splitlines()
    regels[12] = regels[12] + " {"
    pad.write_text("\n".join(regels))
    fout = _fout(tmp_path, config)
    assert fout.startswith(f"{pad}:") and ": yaml: " in fout and len(fout.splitlines()) == 1


def test_keten_serve_meldt_een_configuratiefout_in_een_regel(tmp_path):
    config = _config(tmp_path)
    pad = config / "programmas" / "utrecht-bank-tot-baan.yaml"
    pad.write_text(pad.read_text().replace("max_weken: 26", "max_weken: veel"))
    uit = _keten_serve(tmp_path, KETEN_CONFIG_MAP=str(config))
    assert uit.returncode == 1 and "fasen[2].max_weken" in _een_regel(uit)
