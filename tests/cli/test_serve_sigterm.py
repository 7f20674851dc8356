"""SIGTERM to `keten serve` (how a service manager stops it) stops every part it started: no
Prefect server, receiver, simulator or flow-run process is left behind as an orphan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.stapel import nakomelingen
from tests.fault.hulp import wacht_tot

pytestmark = pytest.mark.fault  # the whole stack on its own loopback ports

KETEN = str(Path(sys.executable).parent / "keten")


def _leeft(pid: int) -> bool:
    try:
        toestand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return toestand != "Z"


def test_sigterm_stopt_elk_onderdeel(tmp_path):
    env = os.environ | {
        "KETEN_DATA_MAP": str(tmp_path),
        "KETEN_PREFECT_API_URL": "http://127.0.0.1:4235/api",
        "KETEN_WEBHOOK_POORT": "8150",
        "KETEN_WEBHOOK_BASIS_URL": "http://127.0.0.1:8150",
        "KETEN_SIMULATOR_POORT": "8151",
        "KETEN_SIMULATOR_BASIS_URL": "http://127.0.0.1:8151",
    }
    env.pop("KETEN_DATABASE_URL", None)
    uit = tmp_path / "serve.out"
    with uit.open("w") as log:
        keten = subprocess.Popen([KETEN, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wacht_tot(lambda: "Prefect UI" in uit.read_text(), 240, "the stack is up")
        delen = nakomelingen(keten.pid)
        assert len(delen) >= 4, "Prefect, receiver, simulator and deployments run"
        keten.send_signal(signal.SIGTERM)
        assert keten.wait(timeout=120) == 0, uit.read_text()
        time.sleep(1)
        over = [pid for pid in delen if _leeft(pid)]
        assert over == [], f"left behind: {over}\n{uit.read_text()}"
        assert "stopped" in uit.read_text() and "Traceback" not in uit.read_text()
    finally:  # what this test started, also if it outlived its parent
        for pid in {keten.pid, *nakomelingen(keten.pid), *locals().get("delen", [])}:
            if _leeft(pid):
                os.kill(pid, signal.SIGKILL)
