"""Messages to people, written in Spanish and worded in another language at
the edge. ``_("El paso {number} debe ser un objeto.", number=3)`` is the
Spanish text (a ``str``, so code and tests reading it see Spanish) that also
remembers its template and parameters; ``server/errors.py`` words it again
from the English catalogue (``server/locales/messages/en.json``: Spanish
template → English template). A parameter that is itself a ``Message`` (a
phase's name, a list of them) is worded in the same language; any other
parameter (what a person typed, a number, a field's name) is shown as it is.

``format_number`` and ``format_date`` say a number and a date in a message
as es-MX does («1,234.5», «7 de diciembre de 2026»; the month is a message).

The domain stays pure: no catalogue is read here, the caller passes a
``translate`` function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Translate = Callable[[str], str]


class Message(str):
    """Spanish text that can be worded in another language."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any] | None = None) -> Message:
        params = dict(params or {})
        text = template.format_map(params) if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def render(self, translate: Translate) -> str:
        """The message in the language ``translate`` gives templates in."""
        wording = translate(self.template)
        if not self.params:
            return wording
        return wording.format_map({k: word(v, translate) for k, v in self.params.items()})


class Listing(Message):
    """Messages joined by a separator; each item is worded on its own.
    Spanish quotes its items with «»; the translation with “”."""

    parts: tuple[Any, ...]
    sep: str
    quoted: bool

    def __new__(cls, items: Iterable[Any], sep: str = ", ", *, quoted: bool = False) -> Listing:
        parts = tuple(items)
        text = sep.join(f"«{p}»" if quoted else str(p) for p in parts)
        self = str.__new__(cls, text)
        self.template = text
        self.params = {}
        self.parts = parts
        self.sep = sep
        self.quoted = quoted
        return self

    def render(self, translate: Translate) -> str:
        words = (word(p, translate) for p in self.parts)
        return self.sep.join(f"“{w}”" if self.quoted else w for w in words)


def word(value: Any, translate: Translate) -> Any:
    """A parameter in the target language: messages are worded again, the rest kept."""
    return value.render(translate) if isinstance(value, Message) else value


def _(template: str, /, **params: Any) -> Message:
    """A message to a person, Spanish first. Every template needs an entry in
    the English catalogue (tests/test_messages_catalogue.py checks it); with
    parameters it is a ``str.format`` template (literal braces doubled)."""
    return Message(template, params)


def listing(items: Iterable[Any], sep: str = ", ", *, quoted: bool = False) -> Listing:
    return Listing(items, sep, quoted=quoted)


def format_number(value: float) -> str:
    """12 → «12», 1234.5 → «1,234.5», 33.333 → «33.33» (es-MX)."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_date(value: dt.date) -> str:
    return _("{day} de {month} de {year}", day=value.day, month=MONTHS_ES[value.month - 1], year=value.year)


MONTHS_ES = (
    _("enero"),
    _("febrero"),
    _("marzo"),
    _("abril"),
    _("mayo"),
    _("junio"),
    _("julio"),
    _("agosto"),
    _("septiembre"),
    _("octubre"),
    _("noviembre"),
    _("diciembre"),
)
