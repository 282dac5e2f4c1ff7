"""Keep secrets out of logs: credentials travel in query parameters
(``?token=`` on sockets, ``?key=`` in the facilitator's link, ``?clave=`` in
a plan editor's link) and uvicorn logs request paths.

``CREDENTIAL_PARAMS`` is the one list of query parameters that carry a
credential; a test checks that every query parameter the server reads is
either in it or known not to be secret, and that none of them reaches the
log on any page route.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any
from urllib.parse import unquote

CREDENTIAL_PARAMS = frozenset({"token", "key", "clave"})
REDACTED = "[redacted]"

# A query parameter in a logged line: its name and value, up to the next
# separator, space or quote (access-log lines quote the request line).
_PARAM = re.compile(r"([?&])([^=&\s\"'?#]+)=([^&\s\"'#]*)")


def _redact_param(match: re.Match[str]) -> str:
    sep, name, value = match.groups()
    # The name as the server reads it: percent-decoded, any case of a credential's name.
    if unquote(name.replace("+", " ")).strip().lower() in CREDENTIAL_PARAMS and value:
        return f"{sep}{name}={REDACTED}"
    return match.group(0)


def redact(text: str) -> str:
    return _PARAM.sub(_redact_param, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact(record.msg) if isinstance(record.msg, str) else record.msg
        return True


def uvicorn_log_config() -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": RedactSecrets}}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    return config
