"""One way to log in every layer: an event name and key=value fields (logfmt), never prose.

`logboek(__name__).info("webhook_geweigerd", partner=p, reden=r)` renders
`event=webhook_geweigerd partner=gemeente-utrecht reden="..."` and hands that line to the standard
logger of that name, so whatever listens already (Prefect's handlers, uvicorn's console, pytest's
caplog) gets an ordinary record; a traceback stays the handler's to format. `logboek_van` wraps a
logger that exists already, such as Prefect's run logger, whose lines reach the Prefect UI.

Fields carry pseudonyms, ids and counts only. As a last guard a field named after personal data
(naam, bsn, geboortedatum, persoon) is masked whatever its value; nothing else is inspected.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

Logboek = structlog.stdlib.BoundLogger

PERSOONSVELDEN = frozenset({"naam", "bsn", "geboortedatum", "persoon"})

_LOGFMT = structlog.processors.LogfmtRenderer(key_order=["event"], bool_as_flag=False)


def _zonder_persoonsgegevens(_logger: WrappedLogger, _methode: str, velden: EventDict) -> EventDict:
    for sleutel in PERSOONSVELDEN & velden.keys():
        velden[sleutel] = "***"
    return velden


def _regel(
    logger: WrappedLogger, methode: str, velden: EventDict
) -> tuple[tuple[str], dict[str, Any]]:
    """The logfmt line becomes the record's message; exc_info goes on to the handler."""
    exc_info = velden.pop("exc_info", None)
    return (_LOGFMT(logger, methode, velden),), ({"exc_info": exc_info} if exc_info else {})


_VERWERKING: list[Processor] = [_zonder_persoonsgegevens, _regel]


def logboek_van(logger: logging.Logger | logging.LoggerAdapter[Any]) -> Logboek:
    """`logger` (levels, handlers, Prefect's run context) with key=value lines."""
    return Logboek(logger, _VERWERKING, {})


def logboek(naam: str) -> Logboek:
    """The standard logger `naam` (pass `__name__`) with key=value lines."""
    return logboek_van(logging.getLogger(naam))
