"""``python -m server``: serve Cocrea with uvicorn (what ``make run`` and the
Procfile use). Per-message deflate is off on the sync socket: with it, each
broadcast is compressed once per receiver (see bench/deflate.py)."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from .app import create_app
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
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    app = create_app(settings, listen_url=listen_url(args.host, args.port))
    uvicorn.run(app, host=args.host, port=args.port, **uvicorn_options(settings))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
