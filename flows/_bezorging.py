"""Old name of flows.bezorging, kept only while the handoff path still imports it."""

from flows.bezorging import bezorg

__all__ = ["bezorg"]
