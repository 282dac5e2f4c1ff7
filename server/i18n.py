"""Interface languages: Spanish first, English available. Messages live in
``server/locales/<lang>.json`` and, one file per area of the app,
``server/locales/<area>.<lang>.json``; pages and their scripts share them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
LANG_COOKIE = "cocrea_lang"
LOCALES_DIR = Path(__file__).parent / "locales"


def locale_files(lang: str) -> list[Path]:
    """The main file first, then the areas' files in name order."""
    main = LOCALES_DIR / f"{lang}.json"
    return [main, *sorted(LOCALES_DIR.glob(f"*.{lang}.json"))] if main.exists() else []


@cache
def messages(lang: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for path in locale_files(lang):
        part: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        repeated = data.keys() & part.keys()
        if repeated:
            raise ValueError(f"{path.name} repeats message keys: {sorted(repeated)}")
        data |= part
    return data


def request_language(request: Request) -> str:
    """``?lang=`` first (the switch), then the remembered choice."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE
