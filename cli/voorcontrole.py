"""What would make a part of the stack fail, checked before any part starts.

A second `keten serve` on a used Prefect port used to attach to the first stack's Prefect, whose
runs its deployments then marked crashed, and report success; a used webhook port failed after
about a minute with the reason only in a log file. Now either is refused in one line at once.
"""

from __future__ import annotations

import socket

import httpx


def poort_bezet(poort: int) -> bool:
    """Whether something listens on (or holds) the loopback port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "in use"
        try:
            s.bind(("127.0.0.1", poort))
        except OSError:
            return True
    return False


def prefect_antwoordt(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).is_success
    except httpx.HTTPError:
        return False


def bezwaar(poorten: dict[str, int], prefect_api: str) -> str | None:
    """One line naming the first port in use (and an existing Prefect by name), or None."""
    for wat, poort in poorten.items():
        if wat.startswith("Prefect") and prefect_antwoordt(prefect_api):
            return (
                f"port {poort} is in use: a Prefect server already answers at {prefect_api} "
                "(another stack?); stop it or set KETEN_PREFECT_API_URL to another port"
            )
        if poort_bezet(poort):
            return f"port {poort} is in use ({wat}); stop what listens there or choose another"
    return None
