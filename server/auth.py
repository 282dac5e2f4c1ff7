"""Sessions without accounts: a signed token names a workshop and a
participant; the role comes from storage, never from the token.

Clients send it as ``Authorization: Bearer``, as ``?token=`` on the
WebSocket URL only (where a browser cannot send a header; on the HTTP API a
token in the URL would end up in logs and histories), or (browsers) in a
per-workshop HttpOnly cookie, kept ``COCREA_SESSION_COOKIE_DAYS``. When a
browser's session for a workshop is replaced, the one it replaces is kept in
``cocrea_prev_<workshop_id>`` so the person can switch back.

A Plan de Acción is nobody's workshop: its editors hold a plan-editor token
(another salt, so neither kind of token passes for the other), sent as
``Authorization: Bearer`` or in the per-plan cookie ``cocrea_p_<plan_id>``
(the one it replaces is kept in ``cocrea_pprev_<plan_id>``). Both kinds are a
``Slot``: where a browser keeps one identity for one place.
A plan route that also needs the caller's workshop session (attaching a
commitment) reads that one from ``X-Workshop-Token`` or its cookie.

A plan's follow-up links (server/follow_up_link.py: a responsible's or
co-responsible's reporter link per commitment, the organismo garante's
verifier link per plan) hold a follow-up token (a fourth salt) naming the
plan and the link; the role and the commitment come from storage.

A projector display holds a display token (a third salt; server/displays.py):
it reads a workshop and is nobody. Its page sends it as Bearer and ``?token=``;
the display cookie ``cocrea_d_<workshop_id>`` is read only when the browser
holds no workshop session (the QR image of a display-only browser).
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import HTTPConnection

SESSION_SALT = "cocrea-session-v1"
PLAN_EDITOR_SALT = "cocrea-plan-editor-v1"
DISPLAY_SALT = "cocrea-display-v1"
FOLLOW_UP_SALT = "cocrea-follow-up-v1"
DISPLAY_COOKIE_PREFIX = "cocrea_d_"
COOKIE_PREFIX = "cocrea_s_"
PREVIOUS_COOKIE_PREFIX = "cocrea_prev_"
PLAN_COOKIE_PREFIX = "cocrea_p_"
# A follow-up link's token in the browser that opened it (the follow-up page,
# server/pages.py): apart from the editor's, so a link never replaces it.
FOLLOW_UP_COOKIE_PREFIX = "cocrea_f_"
PLAN_PREVIOUS_COOKIE_PREFIX = "cocrea_pprev_"
WORKSHOP_TOKEN_HEADER = "x-workshop-token"


class BadToken(Exception):
    pass


@dataclass(frozen=True)
class SessionClaim:
    workshop_id: str
    participant_id: str


@dataclass(frozen=True)
class DisplayClaim:
    workshop_id: str
    display_id: str


@dataclass(frozen=True)
class FollowUpClaim:
    plan_id: str
    link_id: str


@dataclass(frozen=True)
class PlanEditorClaim:
    plan_id: str
    editor_id: str


class Sessions:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt=SESSION_SALT)
        self._plan_editors = URLSafeSerializer(secret_key, salt=PLAN_EDITOR_SALT)
        self._displays = URLSafeSerializer(secret_key, salt=DISPLAY_SALT)
        self._follow_up = URLSafeSerializer(secret_key, salt=FOLLOW_UP_SALT)

    def issue_follow_up(self, plan_id: str, link_id: str) -> str:
        return str(self._follow_up.dumps({"plan": plan_id, "l": link_id}))

    def read_follow_up(self, token: str) -> FollowUpClaim:
        try:
            data = self._follow_up.loads(token)
        except BadSignature:
            raise BadToken from None
        if not isinstance(data, dict) or not isinstance(data.get("plan"), str) or not isinstance(data.get("l"), str):
            raise BadToken
        return FollowUpClaim(data["plan"], data["l"])

    def issue_display(self, workshop_id: str, display_id: str) -> str:
        return str(self._displays.dumps({"w": workshop_id, "d": display_id}))

    def read_display(self, token: str) -> DisplayClaim:
        try:
            data = self._displays.loads(token)
        except BadSignature:
            raise BadToken from None
        if not isinstance(data, dict) or not isinstance(data.get("w"), str) or not isinstance(data.get("d"), str):
            raise BadToken
        return DisplayClaim(data["w"], data["d"])

    def issue_plan_editor(self, plan_id: str, editor_id: str) -> str:
        return str(self._plan_editors.dumps({"plan": plan_id, "e": editor_id}))

    def read_plan_editor(self, token: str) -> PlanEditorClaim:
        try:
            data = self._plan_editors.loads(token)
        except BadSignature:
            raise BadToken from None
        if not isinstance(data, dict) or not isinstance(data.get("plan"), str) or not isinstance(data.get("e"), str):
            raise BadToken
        return PlanEditorClaim(data["plan"], data["e"])

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


def previous_cookie_name(workshop_id: str) -> str:
    return PREVIOUS_COOKIE_PREFIX + workshop_id


@dataclass(frozen=True)
class Slot:
    """Where a browser keeps its identity for one place: the cookie that holds
    it, the cookie that keeps the identity it replaced, and the place's page."""

    cookie: str
    previous: str
    home: str


def workshop_slot(workshop_id: str) -> Slot:
    return Slot(cookie_name(workshop_id), previous_cookie_name(workshop_id), f"/w/{workshop_id}")


def plan_slot(plan_id: str) -> Slot:
    return Slot(plan_cookie_name(plan_id), PLAN_PREVIOUS_COOKIE_PREFIX + plan_id, f"/planes/{plan_id}")


def cookie_max_age(days: int) -> int:
    return days * 24 * 60 * 60


def has_bearer(conn: HTTPConnection) -> bool:
    return conn.headers.get("authorization", "").lower().startswith("bearer ")


def bearer_token(conn: HTTPConnection) -> str | None:
    """The token of a Bearer ``Authorization`` header ("" when it names
    none), or None without such a header."""
    header = conn.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def token_from(conn: HTTPConnection, workshop_id: str) -> str | None:
    """Bearer header, then ``?token=`` (WebSocket only), then the workshop's
    cookie, then the workshop's display cookie."""
    bearer = bearer_token(conn)
    if bearer is not None:
        return bearer or None
    if conn.scope["type"] == "websocket":
        token = conn.query_params.get("token")
        if token:
            return token
    return conn.cookies.get(cookie_name(workshop_id)) or conn.cookies.get(display_cookie_name(workshop_id))


def display_cookie_name(workshop_id: str) -> str:
    return DISPLAY_COOKIE_PREFIX + workshop_id


def plan_cookie_name(plan_id: str) -> str:
    return PLAN_COOKIE_PREFIX + plan_id


def follow_up_cookie_name(plan_id: str) -> str:
    return FOLLOW_UP_COOKIE_PREFIX + plan_id


def plan_token_from(conn: HTTPConnection, plan_id: str) -> str | None:
    """A plan editor's token: Bearer header, then the plan's cookie."""
    bearer = bearer_token(conn)
    if bearer is not None:
        return bearer or None
    return conn.cookies.get(plan_cookie_name(plan_id))


def workshop_token_beside_plan(conn: HTTPConnection, workshop_id: str) -> str | None:
    """The workshop session of a caller whose Bearer header is a plan token."""
    return conn.headers.get(WORKSHOP_TOKEN_HEADER) or conn.cookies.get(cookie_name(workshop_id))
