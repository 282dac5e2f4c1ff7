"""``python -m server``: serve Cocrea with uvicorn (what ``make run`` and the
Procfile use). Per-message deflate is off on the sync socket: with it, each
broadcast is compressed once per receiver (see bench/deflate.py)."""

from __future__ import annotations

import argparse
import dataclasses
import logging

import uvicorn

from .app import create_app
from .lan import lan_url, listens_on_all_interfaces
from .log_redaction import uvicorn_log_config
from .settings import Settings
from .sync.ws_protocol import CocreaWebSocketProtocol


def uvicorn_options(settings: Settings) -> dict[str, object]:
    return {
        "ws_per_message_deflate": False,
        # Larger messages are not read; our protocol closes them with 4413.
        "ws_max_size": settings.max_message_bytes,
        "ws": CocreaWebSocketProtocol,
        "ws_ping_interval": settings.ping_interval,
        "ws_ping_timeout": settings.ping_interval,
        "lifespan": "on",
        "log_config": uvicorn_log_config(),
    }


def listen_url(host: str, port: int) -> str:
    """How a browser on this machine reaches ``--host``/``--port``."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m server", description="Serve Cocrea.")
    parser.add_argument("--host", default=None, help="default: COCREA_HOST (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    host = settings.host if args.host is None else args.host
    settings = dataclasses.replace(settings, host=host)
    lan = lan_url(settings, host, args.port)
    print(listening_banner(host, args.port, lan, settings.public_url), flush=True)
    app = create_app(settings, listen_url=listen_url(host, args.port), lan_url=lan)
    uvicorn.run(app, host=host, port=args.port, **uvicorn_options(settings))  # type: ignore[arg-type]


def listening_banner(host: str, port: int, lan: str, public_url: str) -> str:
    """Which address people should open (printed on start)."""
    here = listen_url(host, port)
    if public_url:
        return f"Cocrea en {public_url} (COCREA_PUBLIC_URL); en esta computadora: {here}"
    if lan:
        return f"Cocrea en la red local: los teléfonos entran por {lan} (esta computadora: {here})"
    if listens_on_all_interfaces(host):
        return f"Cocrea en {here}; no se encontró dirección de red local (COCREA_LAN_ADDRESS la fija)"
    return f"Cocrea en {here} (solo esta computadora; para teléfonos en la red: make run HOST=0.0.0.0)"


if __name__ == "__main__":
    main()
