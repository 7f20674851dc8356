"""The only errors a partner connector raises; no raw httpx exception crosses this boundary.

    ConnectorError
     ├── BerichtNietToegestaan     we refuse to send: this kind of partner may not receive this
     │                             message kind (raised before any I/O; never retry)
     ├── PartnerUnavailable        timeout, connection error, 408, 429 or 5xx: try again later,
     │                             not before `retry_after_s` when the partner said so
     ├── PartnerRejected           any other 4xx: the partner refused the message as sent; a
     │                             retry of the same message will be refused again
     ├── PartnerAuthGeweigerd      the partner's token endpoint refused our OAuth2 client
     │                             credentials: a configuration fault, never retried
     └── PartnerContractViolation  a 2xx whose body is not a valid PartnerAntwoord (or an
                                   unexpected status): the partner broke the wire protocol

Retries live on the Prefect task, not here (STYLE.md §7): `herhaalbaar` tells its
`retry_condition_fn` which errors are worth another attempt. Every extra argument is keyword
with a default so the errors survive pickling (Prefect persists failed task states).
"""

from __future__ import annotations

from typing import ClassVar


class ConnectorError(Exception):
    """Base of everything a connector raises."""

    herhaalbaar: ClassVar[bool] = False

    def __init__(self, melding: str = "", *, partner_id: str = "") -> None:
        super().__init__(melding)
        self.partner_id = partner_id


class BerichtNietToegestaan(ConnectorError):
    """This partner kind may not receive this message kind: a bug upstream, not a partner fault."""


class PartnerUnavailable(ConnectorError):
    """The partner could not take the message now; the same message may succeed later."""

    herhaalbaar = True

    def __init__(
        self,
        melding: str = "",
        *,
        partner_id: str = "",
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(melding, partner_id=partner_id)
        self.status = status
        self.retry_after_s = retry_after_s


class PartnerRejected(ConnectorError):
    """The partner answered 4xx: the message itself is wrong for them."""

    def __init__(
        self, melding: str = "", *, partner_id: str = "", status: int = 0, detail: str = ""
    ) -> None:
        super().__init__(melding, partner_id=partner_id)
        self.status = status
        self.detail = detail


class PartnerAuthGeweigerd(ConnectorError):
    """The token endpoint refused our client id or secret: no retry helps until the configuration changes."""

    def __init__(
        self, melding: str = "", *, partner_id: str = "", status: int = 0, fout: str = ""
    ) -> None:
        super().__init__(melding, partner_id=partner_id)
        self.status = status
        self.fout = fout


class PartnerContractViolation(ConnectorError):
    """The partner answered, but not in the agreed shape."""

    def __init__(
        self, melding: str = "", *, partner_id: str = "", status: int | None = None
    ) -> None:
        super().__init__(melding, partner_id=partner_id)
        self.status = status


def herhaalbaar(fout: BaseException) -> bool:
    """For a Prefect `retry_condition_fn`: retry only what another attempt can fix."""
    return isinstance(fout, ConnectorError) and fout.herhaalbaar
