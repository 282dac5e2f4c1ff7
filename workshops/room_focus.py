"""«Follow the facilitator»: the facilitator brings every page in the room
(phones and displays) to one place: the problem tree or one of the stage's
tabs. Each time is a new ``seq``, so a page that stepped away and a page
that joins later both know where the room is. The facilitator also shows or
hides the join code and its QR on every display (phones, already joined,
ignore it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ValidationError
from .messages import _
from .permissions import check_facilitator
from .roles import Role

# Where a page can be brought: the tree, or a tab of the stage (static/src/stage-model.js).
FOCUS_TARGETS = ("tree", "alternatives", "voting", "decisions", "commitments", "roadmap")


@dataclass(frozen=True)
class Focus:
    target: str
    seq: int
    set_at: dt.datetime


def bring_everyone(current: Focus | None, target: object, *, role: Role, now: dt.datetime) -> Focus:
    check_facilitator(role, _("lleva a todas las personas a una vista"))
    if target not in FOCUS_TARGETS:
        raise ValidationError(_("Vista desconocida; usa {list}.", list=", ".join(FOCUS_TARGETS)), field="target")
    return Focus(str(target), (current.seq if current else 0) + 1, now)


def show_join_code(shown: object, *, role: Role) -> bool:
    """Whether the displays show the join code and its QR from now on."""
    check_facilitator(role, _("muestra u oculta el código para unirse en las pantallas"))
    if not isinstance(shown, bool):
        raise ValidationError(_("Indica si se muestra el código: true o false."), field="shown")
    return shown
