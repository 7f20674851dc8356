"""The daily follow-up nobody has to remember (DOMAIN §4): nazorg check-ins and the time-in-phase watch.

ask every check-in that is due → escalate those unanswered past the respijt → flag every running
trajectory that is late or at risk (phase, wait, legal and age deadlines) and resolve what no
longer is → one Prefect event per new flag → the overview artifact → deliver the outbox.
Set-based throughout: one run covers every participant; running it twice changes nothing.
"""

from __future__ import annotations

from prefect import flow, task

from flows import onderdelen, opvolgstappen, signalen
from flows._logboek import run_logboek
from flows.bezorging import bezorg


@task(name="vraag-checkins")
def vraag_checkins() -> int:
    return opvolgstappen.vraag_checkins(engine=onderdelen.onderdelen().engine, nu=onderdelen.nu())


@task(name="escaleer-gemiste-checkins")
def escaleer_gemiste() -> int:
    o = onderdelen.onderdelen()
    return opvolgstappen.escaleer_gemiste(
        engine=o.engine, programmas=o.catalogus.programmas, nu=onderdelen.nu()
    )


@task(name="bewaak-termijnen")
def bewaak() -> dict[str, int]:
    o = onderdelen.onderdelen()
    return opvolgstappen.bewaak(
        engine=o.engine,
        programmas=o.catalogus.programmas,
        instellingen=o.instellingen,
        nu=onderdelen.nu(),
    )


@task(name="kondig-signalen-aan")
def kondig_aan() -> int:
    """Events after the flags are committed; also announces flags raised by check-in answers since."""
    return signalen.kondig_aan(onderdelen.onderdelen().engine, onderdelen.nu())


@task(name="signalen-overzicht")
def overzicht() -> None:
    signalen.maak_overzicht(onderdelen.onderdelen().engine, onderdelen.nu())


@task(name="bezorg-berichten", retries=2, retry_delay_seconds=[2, 10])
def bezorg_berichten() -> dict[str, int]:
    """Check-ins to nazorg partners and flags to regiehouders go out now; failures retry on schedule."""
    o = onderdelen.onderdelen()
    return dict(
        bezorg(
            engine=o.engine,
            client_van=onderdelen.partnerclient,
            catalogus=o.catalogus,
            nu=onderdelen.nu(),
        )
    )


@flow(name="opvolging")
def opvolging() -> dict[str, int]:
    """Ask due nazorg check-ins, escalate missed ones, flag who is late or at risk; idempotent."""
    telling = {
        "checkins_gevraagd": vraag_checkins(),
        "checkins_gemist": escaleer_gemiste(),
        **bewaak(),
    }
    telling["aangekondigd"] = kondig_aan()
    overzicht()
    telling |= {f"bericht_{k}": n for k, n in bezorg_berichten().items()}
    run_logboek().info("opvolging_klaar", **telling)
    return telling


if __name__ == "__main__":
    opvolging()
