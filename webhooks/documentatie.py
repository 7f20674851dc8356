"""The partner's `/docs` page, working offline: Swagger UI's assets come from an installed
package (swagger-ui-py ships Swagger UI 5, which renders OpenAPI 3.1), not from a CDN."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ACTIVA = "/docs/activa"


def activamap() -> Path:
    """swagger-ui-py's static folder, found without importing the package (it pulls in its
    framework adapters)."""
    spec = find_spec("swagger_ui")
    assert spec is not None and spec.submodule_search_locations, "swagger-ui-py is installed"
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def installeer(app: FastAPI) -> None:
    app.mount(ACTIVA, StaticFiles(directory=activamap()), name="docs-activa")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url=f"{ACTIVA}/swagger-ui-bundle.js",
            swagger_css_url=f"{ACTIVA}/swagger-ui.css",
            swagger_favicon_url=f"{ACTIVA}/favicon-32x32.png",
        )
