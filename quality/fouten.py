"""The gate's own failure: it could not judge a batch, which is not the same as a batch failing.

    PoortFout(RuntimeError)   a rule could not be evaluated (missing column, wrong type) or its
                              result could not be traced back to rows

A batch that breaks rules is an answer (`Poort.keur` returns findings), never an exception.
"""

from __future__ import annotations


class PoortFout(RuntimeError):
    """The gate could not evaluate a rule; carries the contract and rule so the cause is findable."""

    def __init__(self, contract_id: str, regel: str, reden: str) -> None:
        super().__init__(f"{contract_id}: rule {regel!r} could not be judged: {reden}")
        self.contract_id = contract_id
        self.regel = regel
        self.reden = reden
