"""Times in the JSON the server stores in its records (moderation, minuta,
follow-up): ISO 8601 text, written and read back the same way everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """``value`` as ISO 8601 text; None stays None."""
    return None if value is None else value.isoformat()


def parse_time(value: Any) -> dt.datetime:
    """A time stored by ``iso``."""
    return dt.datetime.fromisoformat(str(value))
