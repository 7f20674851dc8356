"""One way to log in every layer: an event name and key=value fields (logfmt), never prose.

`logboek(__name__).info("webhook_geweigerd", partner=p, reden=r)` renders
`event=webhook_geweigerd partner=gemeente-utrecht reden="..."` and hands that line to the standard
logger of that name, so whatever listens already (Prefect's handlers, uvicorn's console, pytest's
caplog) gets an ordinary record; a traceback stays the handler's to format. `logboek_van` wraps a
logger that exists already, such as Prefect's run logger, whose lines reach the Prefect UI.

A process that writes its own log stream (the receiver, the simulator) calls `richt_logboek_in()`:
its lines then go to stderr as JSON lines (structlog's JSONRenderer: time, level, logger, the
event and its fields), one object per line for a log shipper, while the record's message stays
the logfmt line for everything else that listens (caplog, Prefect).

Fields carry pseudonyms, ids and counts only. As a last guard a field named after personal data
(naam, bsn, geboortedatum, persoon) is masked whatever its value; nothing else is inspected.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

Logboek = structlog.stdlib.BoundLogger

PERSOONSVELDEN = frozenset({"naam", "bsn", "geboortedatum", "persoon"})

_LOGFMT = structlog.processors.LogfmtRenderer(key_order=["event"], bool_as_flag=False)
_JSON = structlog.processors.JSONRenderer(sort_keys=False)
VELDEN = "keten_velden"  # the record attribute carrying the fields, for the JSON formatter


def _zonder_persoonsgegevens(_logger: WrappedLogger, _methode: str, velden: EventDict) -> EventDict:
    for sleutel in PERSOONSVELDEN & velden.keys():
        velden[sleutel] = "***"
    return velden


def _regel(
    logger: WrappedLogger, methode: str, velden: EventDict
) -> tuple[tuple[str], dict[str, Any]]:
    """The logfmt line becomes the record's message; the fields ride along for the JSON formatter;
    exc_info goes on to the handler."""
    exc_info = velden.pop("exc_info", None)
    extra: dict[str, Any] = {"extra": {VELDEN: dict(velden)}}
    return (_LOGFMT(logger, methode, velden),), extra | ({"exc_info": exc_info} if exc_info else {})


_VERWERKING: list[Processor] = [_zonder_persoonsgegevens, _regel]


def logboek_van(logger: logging.Logger | logging.LoggerAdapter[Any]) -> Logboek:
    """`logger` (levels, handlers, Prefect's run context) with key=value lines."""
    return Logboek(logger, _VERWERKING, {})


def logboek(naam: str) -> Logboek:
    """The standard logger `naam` (pass `__name__`) with key=value lines."""
    return logboek_van(logging.getLogger(naam))


class JsonRegel(logging.Formatter):
    """A record as one JSON line: time, level, logger, then the event and its fields (a record
    from a plain logger, e.g. uvicorn's, has its message as the event)."""

    def format(self, record: logging.LogRecord) -> str:
        velden = getattr(record, VELDEN, None) or {"event": record.getMessage()}
        regel: dict[str, Any] = {
            "tijd": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "niveau": record.levelname.lower(),
            "logger": record.name,
            **velden,
        }
        if record.exc_info:
            regel["fout"] = self.formatException(record.exc_info)
        return str(_JSON(None, record.levelname, regel))


def richt_logboek_in(niveau: int = logging.INFO) -> bool:
    """JSON lines on stderr for this process, at `niveau`, unless someone set up logging already
    (a test runner, a --log-config): then nothing changes. True when it set them up."""
    wortel = logging.getLogger()
    if wortel.handlers:
        return False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonRegel())
    wortel.addHandler(handler)
    wortel.setLevel(niveau)
    for luidruchtig in ("httpx", "httpcore"):  # a line per request to Prefect: noise, not events
        logging.getLogger(luidruchtig).setLevel(logging.WARNING)
    return True
