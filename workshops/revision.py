"""Stale writes: a record that a form replaces whole (the agenda's steps,
the review's criteria, an assessment cell) counts its changes in a
``revision`` (0 before the first). The form sends the revision it was loaded
at as ``base_revision``; a write whose base is not the current revision would
overwrite a change its author never saw, so it is refused
(``EditConflictError``, 409 ``edit_conflict``, its ``conflicts`` naming what
is stored now) before anything is stored.
A write without a base (an API client of the earlier shape) is accepted.
A record that keeps no revision but the moment of its last change (an
alternative's reasoned response) is checked the same way on that moment.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import EditConflictError, ValidationError
from .messages import _

STALE = _(
    "Alguien guardó otro cambio mientras editabas, así que el tuyo no se guardó. "
    "Revisa la versión actual y vuelve a guardar si hace falta."
)


def read_revision(data: Mapping[str, object], *, stored: bool) -> int:
    """The revision a stored record holds; one stored before records counted
    their changes was written at least once (1)."""
    value = data.get("revision")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 1 if stored else 0


def check_base_revision(current: int, base: object) -> None:
    """Refuse a write that started from another revision than ``current``."""
    if base is None:
        return
    if isinstance(base, bool) or not isinstance(base, int) or base < 0:
        raise ValidationError("«base_revision» es un número entero desde 0.", field="base_revision")
    if base != current:
        raise EditConflictError(STALE, field="base_revision", conflicts={"revision": current})


def check_base_value(current: object, data: Mapping[str, object], key: str) -> None:
    """Refuse a write whose ``data[key]`` (when sent) is not ``current``: the
    value the form saw of what marks the record's last change."""
    if key in data and data[key] != current:
        raise EditConflictError(STALE, field=key, conflicts={key.removeprefix("base_"): current})
