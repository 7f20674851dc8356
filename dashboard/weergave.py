"""Pages from Jinja2 templates (autoescaped): every page gets the user and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from dashboard.toegang import SESSIE_GEBRUIKER, csrf_token, huidige_gebruiker
from schemas.rollen import Recht, mag

SJABLONEN = Jinja2Templates(directory=Path(__file__).parent / "sjablonen")


def pagina(
    request: Request, sjabloon: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    gebruiker = huidige_gebruiker(request) if request.session.get(SESSIE_GEBRUIKER) else None
    rechten = {r.value for r in Recht if gebruiker and mag(gebruiker, r)}
    return SJABLONEN.TemplateResponse(
        request,
        sjabloon,
        {
            "gebruiker": gebruiker,
            "rechten": rechten,
            "csrf": csrf_token(request),
            **(context or {}),
        },
        status_code=status,
    )
