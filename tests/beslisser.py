"""A decider's account for the tests that send routing decisions (issue 10 e): pseudonymous
references, never names. `TRAJECTBEGELEIDER` for a partner's move, `REGIEHOUDER` for the gemeente's."""

from __future__ import annotations

from schemas.verantwoording import Verantwoording

TRAJECTBEGELEIDER = {
    "reden": "besproken in het casusoverleg",
    "rol": "trajectbegeleider",
    "persoon": "MW-20417",
}
REGIEHOUDER = {
    "reden": "besloten door de klantmanager",
    "rol": "regiehouder",
    "persoon": "KM-30112",
}
BESLUIT = Verantwoording.model_validate(TRAJECTBEGELEIDER)
BESLUIT_GEMEENTE = Verantwoording.model_validate(REGIEHOUDER)
