"""The data-quality gate: every handoff batch is checked against its contract's rules with GX.

`import quality` is cheap; great-expectations and pandas load when the first `Poort` is built.
"""

from quality.fouten import PoortFout
from quality.keuring import keur_kandidaten
from quality.poort import Poort, get_poort
from schemas.regels import Bevinding

__all__ = ["Bevinding", "Poort", "PoortFout", "get_poort", "keur_kandidaten"]
