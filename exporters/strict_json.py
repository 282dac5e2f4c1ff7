"""Reading JSON documents people upload (tree and plan imports): UTF-8 (a
BOM is fine), no duplicate keys, no NaN/Infinity, no runaway nesting; every
failure is a ``ValidationError`` on the document as a whole."""

from __future__ import annotations

import json
from typing import Any

from workshops.errors import ValidationError
from workshops.messages import _

ROOT_FIELD = "document"


def load_strict_json(data: bytes) -> Any:
    try:
        text = bytes(data).decode("utf-8-sig")
    except (UnicodeDecodeError, TypeError) as exc:
        raise ValidationError("El archivo no está codificado en UTF-8.", field=ROOT_FIELD) from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("El archivo no es JSON válido (línea {lineno}, columna {colno}).", lineno=exc.lineno, colno=exc.colno),
            field=ROOT_FIELD,
        ) from exc
    except RecursionError as exc:
        raise ValidationError("El archivo anida demasiados niveles.", field=ROOT_FIELD) from exc


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValidationError(
                _("El campo «{key}» aparece dos veces en un mismo objeto.", key=key[:60]), field=ROOT_FIELD
            )
        result[key] = value
    return result


def _no_constant(name: str) -> None:
    raise ValidationError(_("JSON no admite «{name}».", name=name), field=ROOT_FIELD)
