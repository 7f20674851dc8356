"""A synthetic cohort and its referral: what gemeenten would send to start the chain.

The people are invented (Faker nl_NL) but pass every check at the door: a BSN passes the
11-test, ages lie between 18 and 60. Their personal data goes only into the signed aanmelding
webhook, never into a log line.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta

import httpx
from faker import Faker

from connectors.simulator._afzender import WebhookAfzender
from connectors.simulator._kenmerken import kenmerken_voor
from schemas.gebeurtenissen import Aanmelding, Ontvangstbewijs, Persoon
from schemas.programma import Programma
from settings import Catalogus, Instellingen

_JAAR = 365.25


def nep_bsn(rng: random.Random) -> str:
    """An invented BSN that passes the 11-test (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11)."""
    while True:
        cijfers = [rng.randint(1, 9), *(rng.randint(0, 9) for _ in range(7))]
        controle = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if controle < 10:  # 10 cannot be written as one digit: draw again
            return "".join(map(str, cijfers)) + str(controle)


def _geboortedatum(rng: random.Random, vandaag: date) -> date:
    return vandaag - timedelta(days=rng.randint(int(18 * _JAAR) + 1, int(60 * _JAAR)))


def instroom_partner(programma: Programma) -> str:
    """The gemeente that refers into `programma`: the default partner of its first phase."""
    return programma.inrichting(programma.fase_volgorde[0]).partners[0]


KLANTMANAGERS_PER_GEMEENTE = 3


def klantmanager(gemeente: str, nummer: int) -> str:
    """A staff code for one of a gemeente's klantmanagers: `km-utrecht-002` (never a name)."""
    woorden = [w for w in gemeente.removeprefix("gemeente-").split("-") if w.isalpha()][:2]
    return "-".join(["km", *(w[:24] for w in woorden), f"{nummer:03d}"])


def maak_cohort(aantal: int, seed: int, programmas: list[Programma]) -> list[Aanmelding]:
    """`aantal` referrals spread round-robin over `programmas`; the same seed gives the same people."""
    if not programmas:
        raise ValueError("a cohort needs at least one programme")
    rng = random.Random(seed)
    kenmerk_rng = random.Random(f"kenmerken-{seed}")  # its own stream: the people stay the same
    nep = Faker("nl_NL")
    nep.seed_instance(seed)
    nu = datetime.now(UTC)
    gezien: set[str] = set()
    cohort: list[Aanmelding] = []
    for volgnummer in range(1, aantal + 1):
        programma = programmas[(volgnummer - 1) % len(programmas)]
        bsn = nep_bsn(rng)
        while bsn in gezien:
            bsn = nep_bsn(rng)
        gezien.add(bsn)
        persoon = Persoon(
            naam=f"{nep.first_name()} {nep.last_name()}",
            bsn=bsn,
            geboortedatum=_geboortedatum(rng, nu.date()),
        )
        verwijzing = f"{instroom_partner(programma).upper()}-{seed}-{volgnummer:05d}"
        cohort.append(
            Aanmelding(
                type="deelnemer.aangemeld",
                gemeld_op=nu,
                verwijzing_id=verwijzing,
                programma=programma.id,
                persoon=persoon,
                regiehouder=klantmanager(
                    instroom_partner(programma), rng.randint(1, KLANTMANAGERS_PER_GEMEENTE)
                ),
                kenmerken=kenmerken_voor(programma, kenmerk_rng),
            )
        )
    return cohort


async def verwijs_async(
    cohort: list[Aanmelding],
    catalogus: Catalogus,
    instellingen: Instellingen,
    *,
    gelijktijdig: int = 8,
    herhaal_tot_s: float = 60.0,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Ontvangstbewijs | None]:
    """Send each referral as a signed webhook from its programme's gemeente.

    Args:
        cohort: the referrals, e.g. from `maak_cohort`.
        catalogus: programmes (who refers) and partners (their secrets).
        instellingen: `webhook_basis_url` is where the webhooks go.
        gelijktijdig: at most this many requests in flight.
        herhaal_tot_s: how long one referral is retried before it is given up.
        transport: an httpx transport instead of the network (tests).

    Returns:
        Per referral, in cohort order, ketenregie's receipt (with the pseudonym `deelnemer`),
        or None when it was refused or given up.
    """
    poort = asyncio.Semaphore(gelijktijdig)
    async with httpx.AsyncClient(timeout=10.0, transport=transport) as client:
        afzender = WebhookAfzender(
            client,
            basis_url=instellingen.webhook_basis_url,
            catalogus=catalogus,
            herhaal_tot_s=herhaal_tot_s,
        )

        async def verwijs_een(aanmelding: Aanmelding) -> Ontvangstbewijs | None:
            async with poort:
                partner_id = instroom_partner(catalogus.programma(aanmelding.programma))
                return (await afzender.verstuur(partner_id, aanmelding)).bewijs

        return list(await asyncio.gather(*(verwijs_een(a) for a in cohort)))


def verwijs(
    cohort: list[Aanmelding],
    catalogus: Catalogus,
    instellingen: Instellingen,
    *,
    gelijktijdig: int = 8,
    herhaal_tot_s: float = 60.0,
) -> list[Ontvangstbewijs | None]:
    """Refer the cohort from code without an event loop (CLI, tests); see `verwijs_async`."""
    return asyncio.run(
        verwijs_async(
            cohort, catalogus, instellingen, gelijktijdig=gelijktijdig, herhaal_tot_s=herhaal_tot_s
        )
    )
