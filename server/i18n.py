"""Interface languages: Spanish first, English available. Messages live in
``server/locales/<lang>.json``; pages and their scripts share them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
LANG_COOKIE = "cocrea_lang"
LOCALES_DIR = Path(__file__).parent / "locales"


@cache
def messages(lang: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data


def request_language(request: Request) -> str:
    """``?lang=`` first (the switch), then the remembered choice."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE
