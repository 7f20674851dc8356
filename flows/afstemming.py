"""Reconciliation: ask each partner's system whom it holds, and flag where it and the chain disagree.

Two kinds of drift: a partner finished a phase we never heard of (a webhook was lost), and we think
a partner holds a participant it does not know (a referral never arrived). Each running lane
(schemas.banen) is compared with its own partner, as the main lane is. Work still in flight
(an undelivered message, an unprocessed webhook) is not drift. One request per partner, one
comparison in memory; a partner that does not answer keeps its flags as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from prefect import flow, task

from connectors.errors import ConnectorError
from flows import onderdelen
from flows._baanbewaking import plek
from flows._logboek import run_logboek
from flows.signalen import kondig_aan as kondig_signalen_aan
from persistence import banen, bewaking, sessie, signalen
from persistence.bewaking import Lopend
from schemas.berichten import PartnerDeelnemer
from schemas.opvolging import Niveau, Signaal, SignaalSoort
from settings import Logboek

AFGEROND_DAAR = frozenset({"afgerond", "overgedragen", "uitgevallen", "afgesloten"})
SOORTEN = (SignaalSoort.AFWIJKING_AFGEROND, SignaalSoort.AFWIJKING_ONBEKEND)

Bestanden = dict[str, list[PartnerDeelnemer]]


def _vraag(partner_id: str, log: Logboek) -> tuple[str, list[PartnerDeelnemer] | None]:
    try:
        return partner_id, onderdelen.partnerclient(partner_id).deelnemers()
    except ConnectorError as exc:
        log.warning(
            "afstemming_partner_onbereikbaar", partner=partner_id, fout=exc.__class__.__name__
        )
        return partner_id, None


@task(name="vraag-partners")
def vraag_partners() -> Bestanden:
    """Every partner's own list, in parallel; a partner that fails is left out of this round."""
    partners, log = sorted(onderdelen.onderdelen().catalogus.partners), run_logboek()
    with ThreadPoolExecutor(max_workers=8) as pool:
        antwoorden = list(pool.map(lambda p: _vraag(p, log), partners))
    return {p: lijst for p, lijst in antwoorden if lijst is not None}


def afwijkingen(
    lopend: Iterable[Lopend],
    bestanden: Bestanden,
    berichten: set[tuple[str, str]],
    webhooks: set[str],
) -> list[Signaal]:
    """Compare what we think each answering partner holds with what it says it holds."""
    daar_bekend = {
        (p, d.deelnemer, d.fase.value if d.fase else None): d.status
        for p, lijst in bestanden.items()
        for d in lijst
    }
    gevonden: list[Signaal] = []
    for lo in lopend:
        if (
            lo.partner not in bestanden
            or (lo.partner, lo.pseudoniem) in berichten
            or lo.pseudoniem in webhooks
        ):
            continue
        daar = daar_bekend.get((lo.partner, lo.pseudoniem, lo.fase))
        if daar is not None and daar not in AFGEROND_DAAR:
            continue
        soort = SignaalSoort.AFWIJKING_ONBEKEND if daar is None else SignaalSoort.AFWIJKING_AFGEROND
        toelichting = (
            f"{lo.partner} does not know them in {lo.fase}"
            if daar is None
            else f"{lo.partner} reports {daar}; no webhook reached us"
        )
        gevonden.append(
            Signaal(
                deelnemer_id=lo.deelnemer_id,
                pseudoniem=lo.pseudoniem,
                programma=lo.programma,
                partner=lo.partner,
                soort=soort,
                niveau=Niveau.OVERSCHREDEN,
                onderwerp=f"{plek(lo)} bij {lo.partner} (traject {lo.traject_id})",
                toelichting=toelichting,
            )
        )
    return gevonden


@task(name="vergelijk")
def vergelijk(bestanden: Bestanden) -> dict[str, int]:
    """Raise the drift found now; resolve earlier drift of the partners that answered."""
    engine, nu = onderdelen.onderdelen().engine, onderdelen.nu()
    with sessie(engine) as s:
        berichten, webhooks = bewaking.onderweg(session=s)
        lopend = bewaking.lopende_trajecten(session=s) + banen.lopende_banen(session=s)
        gevonden = afwijkingen(lopend, bestanden, berichten, webhooks)
        nieuw = signalen.leg_vast(session=s, signalen=gevonden, nu=nu)
        opgelost = signalen.los_op(
            session=s,
            soorten=SOORTEN,
            actueel={g.sleutel for g in gevonden},
            nu=nu,
            partners=set(bestanden),
        )
    return {
        "partners": len(bestanden),
        "afwijkingen": len(gevonden),
        "nieuw": len(nieuw),
        "opgelost": opgelost,
    }


@task(name="kondig-afwijkingen-aan")
def kondig_aan() -> int:
    return kondig_signalen_aan(onderdelen.onderdelen().engine, onderdelen.nu())


@flow(name="afstemming")
def afstemming() -> dict[str, int]:
    """Ask every partner whom it holds; flag lost webhooks and referrals a partner never got."""
    telling = vergelijk(vraag_partners())
    telling["aangekondigd"] = kondig_aan()
    run_logboek().info("afstemming_klaar", **telling)
    return telling


if __name__ == "__main__":
    afstemming()
