"""`keten demo`'s coordinator account: made once, signs in, never in production."""

from __future__ import annotations

import pytest

from cli.demo_account import REGISSEUR, demo_wachtwoord, zorg_voor_regisseur
from tests.dashboard.hulp import aangemeld


def test_the_demo_account_is_made_once_and_signs_in(dashboard, dashboard_instellingen):
    wachtwoord = zorg_voor_regisseur(dashboard_instellingen)
    assert zorg_voor_regisseur(dashboard_instellingen) == wachtwoord  # idempotent
    assert len(wachtwoord) >= 12
    client = aangemeld(dashboard, REGISSEUR, wachtwoord)
    antwoord = client.get("/")
    assert antwoord.status_code == 200 and "regisseur (ketenregisseur)" in antwoord.text


def test_no_development_password_in_production(dashboard_instellingen):
    productie = dashboard_instellingen.model_copy(update={"omgeving": "production"})
    with pytest.raises(ValueError, match="production"):
        demo_wachtwoord(productie)
