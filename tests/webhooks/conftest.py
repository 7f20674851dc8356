"""The receiver under test: the real app on the test's database, with a recording trigger."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.webhooks.test_receiver import Opnemer
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app


@pytest.fixture
def opnemer():
    return Opnemer()


@pytest.fixture
def client(instellingen, catalogus, opnemer):
    app = create_app(
        instellingen,
        catalogus,
        Aanstoter("verwerk-inbox/verwerk-inbox", interval_s=0, starter=opnemer),
    )
    with TestClient(app) as c:
        yield c
