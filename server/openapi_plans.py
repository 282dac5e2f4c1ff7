"""OpenAPI paths of the plans routes, merged into ``openapi.OPENAPI``."""

from __future__ import annotations

from typing import Any

PATHS: dict[str, Any] = {}
