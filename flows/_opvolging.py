"""Old name of flows.opvolgstappen, kept only while the handoff path still imports it."""

from flows.opvolgstappen import meld_regiehouder

__all__ = ["meld_regiehouder"]
