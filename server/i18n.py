"""Interface languages: Spanish first, English available. Messages live in
``server/locales/<lang>.json`` and, one file per area of the app,
``server/locales/<area>.<lang>.json``; pages and their scripts share them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import HTTPConnection

from workshops.messages import Message

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
LANG_COOKIE = "cocrea_lang"
LOCALES_DIR = Path(__file__).parent / "locales"
# Messages to people written in the code (refusals, default texts): Spanish
# template → template in another language (workshops/messages.py).
CATALOGUE_DIR = LOCALES_DIR / "messages"


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


def request_language(request: HTTPConnection) -> str:
    """``?lang=`` first (the switch), then the remembered choice, then the
    browser's ``Accept-Language``; Spanish when none of them says."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The best of ``LANGUAGES`` by an ``Accept-Language`` header's weights
    (``en-US,en;q=0.9,es;q=0.8`` → ``en``); ties keep the header's order."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        primary = tag.strip().lower().split("-", 1)[0]
        if primary == "*":
            primary = DEFAULT_LANGUAGE
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Spanish template → ``lang``'s template; empty for Spanish itself."""
    path = CATALOGUE_DIR / f"{lang}.json"
    if lang == DEFAULT_LANGUAGE or not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def translate(message: str, lang: str) -> str:
    """A message to a person in ``lang``: a ``Message`` is worded again from
    its template (and its parameters that are messages); a plain string is
    looked up whole. What the catalogue lacks stays Spanish."""
    if lang == DEFAULT_LANGUAGE:
        return str(message)
    words = catalogue(lang)
    if isinstance(message, Message):
        return message.render(lambda template: words.get(template, template))
    return words.get(message, message)
