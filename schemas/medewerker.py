"""A person of the chain by reference: the staff code a gemeente gives its klantmanager.

The regiehouder is a person from issue 12 on, not only an organisation: the referral and a
handover name the klantmanager by a pseudonymous staff code (`km-utrecht-017`), never by name,
so the dashboard can show a regiehouder the files they hold without anyone's name in the chain.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# Lowercase words joined by hyphens, ending in a number: "km-utrecht-017", "kcc-3". A name
# ("jan-de-vries"), capitals, spaces or an e-mail address do not match.
MEDEWERKER_PATROON = r"^[a-z]{1,12}(-[a-z]{1,24}){0,3}-[0-9]{1,8}$"

MedewerkerCode = Annotated[
    str,
    Field(
        pattern=MEDEWERKER_PATROON,
        max_length=64,
        description="A pseudonymous staff code of the klantmanager, e.g. km-utrecht-017; never a name.",
    ),
]
