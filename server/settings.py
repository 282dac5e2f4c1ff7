"""Settings: the only module that reads the environment (``COCREA_*``).

Every setting has a default that works with nothing set. ``docs/settings.md``
documents each one; a test keeps that table complete.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

PREFIX = "COCREA_"


@dataclass(frozen=True)
class Settings:
    # Where workshops and documents are stored: sqlite:///relative.db,
    # sqlite:////absolute.db or postgresql://…
    database_url: str = "sqlite:///data/cocrea.db"
    # Redis that lets several processes serve one document (empty: one
    # process serves every room), e.g. redis://127.0.0.1:6379/0.
    redis_url: str = ""
    # Prefix of every Redis key and channel (several deployments or test
    # runs can share one Redis).
    redis_prefix: str = "cocrea:"
    # Signs session tokens and cookies. Empty: a key is generated once and
    # kept in the database, so sessions survive restarts.
    secret_key: str = ""
    # Public base URL used in join links and QR codes; empty: from the request
    # (or, listening on every interface, from the LAN address: server/lan.py).
    public_url: str = ""
    # Where `python -m server` / `make run` listens when --host is not given;
    # 0.0.0.0 (every interface) serves phones on the local network.
    host: str = "127.0.0.1"
    # The machine's address on the local network, for join links and QR codes
    # when listening on every interface; empty: detected (server/lan.py).
    lan_address: str = ""
    # Origins allowed to open WebSockets and send cookie-authenticated writes,
    # besides the app's own; comma-separated.
    allowed_origins: str = ""
    # Host names (comma-separated) the server answers to; join links, QR codes
    # and the WebSocket URL are built from the Host header when public_url is
    # empty. Empty: localhost, 127.0.0.1, ::1, the address a request arrived
    # on and public_url's host; "*": any (only behind a proxy that checks it).
    allowed_hosts: str = ""
    # Largest accepted WebSocket message, in bytes (close 4413 above it).
    max_message_bytes: int = 1_048_576
    # Largest document size accepted for new writes, in bytes.
    max_document_bytes: int = 20_000_000
    # Per-connection message rate: sustained per second and burst.
    message_rate: float = 50.0
    message_burst: int = 200
    # Largest awareness state per client, in bytes.
    max_awareness_bytes: int = 4096
    # Accepted edits are written to storage at least this often (seconds):
    # the window in which an unsaved edit can be lost on a crash.
    flush_interval: float = 0.25
    # How long an empty room stays loaded after its last client leaves.
    room_grace_seconds: float = 30.0
    # How often the server renews its awareness entry (keep-alive, seconds).
    awareness_renew_seconds: float = 15.0
    # Connections per room.
    max_clients_per_room: int = 200
    # Exports that take real work (tree PNG/SVG, plan HTML/DOCX/ODT/PDF)
    # render in child processes, this many at once; this many more wait;
    # past that the answer is 429 with Retry-After.
    render_workers: int = 2
    render_queue: int = 8
    # A render that takes longer is stopped (503).
    render_timeout_seconds: float = 120.0
    # Sync sockets one participant may hold at once (all rooms together).
    max_connections_per_participant: int = 20
    # WebSocket pings (seconds): a client that answers none within another
    # such interval is closed with 1013.
    ping_interval: float = 20.0
    # Create the demo workshop on start if none exists.
    seed_demo: bool = False
    # HTTPS deployments: mark cookies Secure.
    secure_cookies: bool = False
    # How long a browser keeps a session (workshop or plan editor) cookie, in days.
    session_cookie_days: int = 30
    # Failed join-code lookups (unknown code, wrong code) allowed per client
    # address per minute; over it every lookup from it gets 429. 0: no limit.
    join_guesses_per_minute: int = 30
    # Workshops created per client address per hour (429 above). 0: no limit.
    workshops_per_hour: int = 120
    # Who is responsible for participants' personal data (aviso de privacidad).
    data_controller: str = "El Secretariado Técnico del ejercicio de gobierno abierto"
    # The legal basis stated in the aviso de privacidad.
    privacy_legal_basis: str = "consentimiento de la persona titular"
    # The follow-up's e-mail reminders (server/reminders.py): off while empty.
    smtp_url: str = ""
    smtp_from: str = "Cocrea <cocrea@localhost>"
    reminder_interval_seconds: float = 3600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            key = PREFIX + f.name.upper()
            if key not in env:
                continue
            raw = env[key]
            default = f.default
            if isinstance(default, bool):
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]
