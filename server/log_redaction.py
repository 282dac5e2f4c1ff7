"""Keep secrets out of logs: session tokens travel in ``?token=`` (sockets)
and ``?key=`` (the facilitator link), and uvicorn logs request paths."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

_SECRET_PARAM = re.compile(r"([?&](?:token|key)=)[^&\s\"']+")


def redact(text: str) -> str:
    return _SECRET_PARAM.sub(r"\1[redacted]", text)


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
