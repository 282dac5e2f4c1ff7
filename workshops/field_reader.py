"""Reading untrusted input field by field, and the text limits its readers
share. ``FieldReader`` checks one value at a time (a mapping, a list, a text,
a date, a number, a choice) and raises ``ValidationError`` naming the field
at fault by its dotted path counted from 0 (``activities.2.end``), and for
people by the ``describe`` function it is given. The hoja de ruta
(``workshops/roadmap.py``) and the plan (``plan.py``, ``plan_tree.py``,
``plan_annex.py``) read with it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import TypeVar

from .commitment import TEXT_FIELD_MAX
from .errors import ValidationError
from .messages import Message, _, format_number, listing
from .workshop import clean_text

SHORT_TEXT_MAX = 300
ITEM_TEXT_MAX = 1000  # one entry of a list of texts: a product, a means of verification
LONG_TEXT_MAX = TEXT_FIELD_MAX
ID_MAX = 200
MAX_ITEMS = 50

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_SURROGATE = re.compile("[\ud800-\udfff]")

E = TypeVar("E", bound=StrEnum)


def field_path(path: str, key: str | int) -> str:
    """One level down a dotted path: ``field_path("activities", 2)`` → ``activities.2``."""
    return f"{path}.{key}" if path else str(key)


class FieldReader:
    """Readers of untrusted input: each checks one value and names the field
    at fault by its dotted path, and people by ``describe(path)``."""

    def __init__(self, describe: Callable[[str], str], root_name: str) -> None:
        self.describe = describe
        self.root_name = root_name

    def name(self, path: str) -> str:
        return self.describe(path) if path else self.root_name

    def mapping(self, value: object, path: str, keys: tuple[str, ...]) -> Mapping[str, object]:
        """A mapping (``None`` reads as empty) with no key outside ``keys``."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValidationError(_("«{name}» debe ser un objeto.", name=self.name(path)), field=path or None)
        for key in value:
            if key not in keys:
                raise ValidationError(
                    _("Campo desconocido «{key}» en «{name}».", key=str(key)[:60], name=self.name(path)),
                    field=field_path(path, str(key)),
                )
        return value

    def items(self, value: object, path: str, limit: int) -> Iterator[tuple[str, object]]:
        """(path, item) of a list; ``None`` reads as empty."""
        if value is None:
            return iter(())
        if not isinstance(value, list | tuple):
            raise ValidationError(_("«{name}» debe ser una lista.", name=self.name(path)), field=path)
        if len(value) > limit:
            raise ValidationError(
                _(
                    "«{name}» admite como máximo {limit} elementos ({count} recibidos).",
                    name=self.name(path),
                    limit=limit,
                    count=len(value),
                ),
                field=path,
                limit=limit,
            )
        return ((field_path(path, i), item) for i, item in enumerate(value))

    def text(self, value: object, path: str, max_len: int, *, multiline: bool = False, required: bool = False) -> str:
        """``clean_text`` (NFC, trimmed, no control characters, bounded), with
        the field named as people read it; lone surrogates are refused too."""
        try:
            text = clean_text(value, field=path, max_len=max_len, required=required, multiline=multiline)
        except ValidationError as exc:
            extra = {k: v for k, v in exc.fields.items() if k != "field"}
            message = exc.message
            if message.params.get("label") == path:  # clean_text named the field by its path
                message = Message(message.template, {**message.params, "label": self.name(path)})
            raise ValidationError(message, field=path, **extra) from None
        if _SURROGATE.search(text):
            raise ValidationError(_("«{name}» contiene caracteres no válidos.", name=self.name(path)), field=path)
        return text

    def texts(
        self, value: object, path: str, max_items: int = MAX_ITEMS, max_len: int = ITEM_TEXT_MAX
    ) -> tuple[str, ...]:
        """A list of texts; the empty entries of a draft are dropped."""
        texts = (self.text(item, p, max_len, multiline=True) for p, item in self.items(value, path, max_items))
        return tuple(t for t in texts if t)

    def date(self, value: object, path: str) -> dt.date | None:
        """``AAAA-MM-DD`` exactly; ``None`` or ``""`` read as missing."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        shown = repr(value)[:40]
        raise ValidationError(
            _("Fecha no válida en «{name}»: {shown}; usa el formato AAAA-MM-DD.", name=self.name(path), shown=shown),
            field=path,
        )

    def datetime(self, value: object, path: str) -> dt.datetime | None:
        """ISO 8601 with a time zone; ``None`` reads as missing."""
        if value is None:
            return None
        if isinstance(value, str) and _DATETIME_RE.match(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                pass
        raise ValidationError(
            _(
                "«{name}» debe ser una fecha y hora ISO 8601 con zona horaria (2026-03-02T17:30:00+00:00).",
                name=self.name(path),
            ),
            field=path,
        )

    def number(self, value: object, path: str, *, low: float, high: float, integer: bool = False) -> float | None:
        """A JSON number (not a boolean, not text) in [low, high]."""
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("«{name}» debe ser un número.", name=self.name(path)), field=path)
        # JSON has one number type: 2026.0 is the integer 2026 (JSON Schema's `integer` agrees).
        if integer and not (isinstance(value, int) or (math.isfinite(value) and float(value).is_integer())):
            raise ValidationError(_("«{name}» debe ser un número entero.", name=self.name(path)), field=path)
        if not math.isfinite(value) or not low <= value <= high:
            raise ValidationError(
                _(
                    "«{name}» debe estar entre {low} y {high}.",
                    name=self.name(path),
                    low=format_number(low),
                    high=format_number(high),
                ),
                field=path,
            )
        return value

    def choice(self, value: object, enum: type[E], path: str) -> E | None:
        """One of ``enum``'s values; ``None`` or ``""`` read as missing."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        known = listing((str(e) for e in enum), quoted=True)
        raise ValidationError(
            _("Valor desconocido en «{name}»; usa {known}.", name=self.name(path), known=known), field=path
        )
