"""Old name of flows.onderdelen, kept only while the handoff path still imports it."""

from flows.onderdelen import (
    Onderdelen,
    nu,
    onderdelen,
    partnerclient,
    poort,
    vergeet,
    vergeet_clients,
)

__all__ = ["Onderdelen", "nu", "onderdelen", "partnerclient", "poort", "vergeet", "vergeet_clients"]
