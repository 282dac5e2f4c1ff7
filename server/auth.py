"""Sessions without accounts: a signed token names a workshop and a
participant; the role comes from storage, never from the token.

Clients send it as ``Authorization: Bearer``, as ``?token=`` on the
WebSocket URL, or (browsers) in a per-workshop HttpOnly cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import HTTPConnection

SESSION_SALT = "cocrea-session-v1"
COOKIE_PREFIX = "cocrea_s_"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


class BadToken(Exception):
    pass


@dataclass(frozen=True)
class SessionClaim:
    workshop_id: str
    participant_id: str


class Sessions:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt=SESSION_SALT)

    def issue(self, workshop_id: str, participant_id: str) -> str:
        return str(self._serializer.dumps({"w": workshop_id, "p": participant_id}))

    def read(self, token: str) -> SessionClaim:
        try:
            data = self._serializer.loads(token)
        except BadSignature:
            raise BadToken from None
        if not isinstance(data, dict) or not isinstance(data.get("w"), str) or not isinstance(data.get("p"), str):
            raise BadToken
        return SessionClaim(data["w"], data["p"])


def cookie_name(workshop_id: str) -> str:
    return COOKIE_PREFIX + workshop_id


def token_from(conn: HTTPConnection, workshop_id: str) -> str | None:
    """Bearer header, then ``?token=``, then the workshop's cookie."""
    header = conn.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    token = conn.query_params.get("token")
    if token:
        return token
    return conn.cookies.get(cookie_name(workshop_id))
