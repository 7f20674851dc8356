"""The partner-facing API as integrators read it: event bodies, signature headers and every answer.

The receiver reads the raw body itself (the signature covers the exact bytes), so FastAPI cannot
infer the request body; it is described here instead, from the same pydantic models that parse it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field, TypeAdapter

from schemas.aanlevering import CSV_TYPES, JSONL_TYPES
from schemas.gebeurtenissen import PartnerGebeurtenis
from webhooks.deur import ID_PATROON

BESCHRIJVING = """Partners report what happened to a participant by signed webhooks
([Standard Webhooks](https://www.standardwebhooks.com/)): `webhook-id`, `webhook-timestamp` (±5 minutes)
and `webhook-signature` (`v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}` with your `whsec_` secret).
Retry with the same `webhook-id` on a timeout, 408, 429 or 5xx: a repeat is answered 200 and has no second
effect, however late. Handoff contracts (the `dossier` of each edge) are at `/contracten`."""


class Fout(BaseModel):
    """Why a request was not accepted."""

    detail: str | list[dict[str, Any]] = Field(
        description="A sentence; or per field its `loc`, `msg` and `type` (422); or, for a batch refused whole (403), per reason its `reden` and `rijen`."
    )


def _kop(naam: str, beschrijving: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": naam,
        "in": "header",
        "required": True,
        "description": beschrijving,
        "schema": {"type": "string", "minLength": 1, **schema},
    }


def handtekening(max_id: int) -> list[dict[str, Any]]:
    """The three Standard Webhooks headers; each once (a repeated one is a 400)."""
    return [
        _kop(
            "webhook-id",
            "Unique per message (a single webhook or a whole export); keep it on retries. Visible "
            "ASCII without `#`, which names the rows of an export (`{webhook-id}#{row}`): 400 otherwise.",
            maxLength=max_id,
            pattern=ID_PATROON,
        ),
        _kop("webhook-timestamp", "Unix seconds when signed; refused outside ±5 minutes."),
        _kop("webhook-signature", "Space-separated `v1,<base64>` signatures; one valid is enough."),
    ]


ANTWOORDEN: dict[int | str, dict[str, Any]] = {
    400: {
        "model": Fout,
        "description": "A signature header sent more than once, or a webhook-id that cannot name a message (too long, `#`, not visible ASCII). Nothing stored.",
    },
    401: {
        "model": Fout,
        "description": "Signature missing or not valid, or timestamp outside ±5 minutes. Nothing stored.",
    },
    403: {
        "model": Fout,
        "description": "Not your participant or not your phase (or only a gemeente, or a referrer the programme names, refers; only the partner a referral went to answers it; only the regiehouder hands the case over); an unknown pseudonym is answered as someone else's. Nothing stored. For a batch: every row refused, `detail` lists them per reason (`reden`, `rijen`).",
    },
    404: {"model": Fout, "description": "Unknown partner id."},
    409: {
        "model": Fout,
        "description": "The webhook-id already names another message of yours (another event, or an export where this is a single webhook, or the reverse). Nothing stored; do not retry.",
    },
    413: {"model": Fout, "description": "Body too large."},
    415: {
        "model": Fout,
        "description": "Wrong content-type, or a body (or charset) that is not UTF-8. Nothing stored.",
    },
    422: {
        "model": Fout,
        "description": "Malformed, or over a limit (nesting depth, text length, number size; NUL, NaN): each field (for an export each row, line or column) with the rule it breaks. Nothing stored.",
    },
    429: {
        "model": Fout,
        "description": "Over this partner's limit (requests per minute, batch rows per hour): retry after the `Retry-After` seconds with the same webhook-id. Nothing stored.",
        "headers": {
            "Retry-After": {
                "description": "Seconds until the request fits the limit.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    },
    503: {
        "model": Fout,
        "description": "Storage unavailable: retry later with the same webhook-id (see Retry-After).",
    },
}


def enkel(max_id: int) -> dict[str, Any]:
    """openapi_extra of the one-event endpoint."""
    schema = {"$ref": "#/components/schemas/PartnerGebeurtenis"}
    return {
        "parameters": handtekening(max_id),
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
    }


def export(max_id: int) -> dict[str, Any]:
    """openapi_extra of the batch endpoint: JSON lines or CSV, one event per row (no referrals)."""
    tekst = {
        "schema": {
            "type": "string",
            "description": "One event per line (JSON lines) or row (CSV with a header; `,` or, "
            "when the header has no comma, `;`). UTF-8, a byte-order mark is dropped; lines end "
            "in CR LF, LF or CR.",
        }
    }
    return {
        "parameters": handtekening(max_id),
        "requestBody": {"required": True, "content": dict.fromkeys(JSONL_TYPES + CSV_TYPES, tekst)},
    }


def installeer(app: FastAPI) -> None:
    """Serve the description at /openapi.json with the event models among its components."""

    def beschrijving() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title, version=app.version, description=BESCHRIJVING, routes=app.routes
            )
            gebeurtenis = TypeAdapter(PartnerGebeurtenis).json_schema(
                ref_template="#/components/schemas/{model}"
            )
            componenten = doc.setdefault("components", {}).setdefault("schemas", {})
            componenten.update(gebeurtenis.pop("$defs", {}))
            componenten["PartnerGebeurtenis"] = gebeurtenis
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = beschrijving  # type: ignore[method-assign]
