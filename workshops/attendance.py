"""Public attendance of a mesa: how many people took part by sector and which
organizations they came from, never who (the aviso de privacidad of
``server/notices.py``). The plan's annex prints what this returns.

Everyone in the workshop counts: the facilitation (its own sector), the
participants and the observers (in the sector they chose on joining).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .field_reader import SHORT_TEXT_MAX
from .plan_annex import ANNEX_SECTORS, MAX_ORGANIZATIONS_PER_SECTOR, SectorAttendance
from .workshop import Participant

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _organization(text: str) -> str:
    """One line, normalised, bounded: as the plan prints it."""
    text = _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()
    return text[:SHORT_TEXT_MAX]


def attendance_from(participants: Iterable[Participant]) -> tuple[SectorAttendance, ...]:
    """Counts by sector in the plan's sector order (sectors nobody came from
    are left out) with each sector's organizations, deduplicated regardless
    of case and spacing (the first spelling wins) and sorted alphabetically."""
    people = dict.fromkeys(ANNEX_SECTORS, 0)
    organizations: dict[str, dict[str, str]] = {s: {} for s in ANNEX_SECTORS}
    for participant in participants:
        sector = str(participant.sector)
        if sector not in people:
            continue  # not a sector the annex knows: never guess one
        people[sector] += 1
        name = _organization(participant.organization)
        if name:
            organizations[sector].setdefault(name.casefold(), name)
    return tuple(
        SectorAttendance(
            sector=sector,
            people=count,
            organizations=tuple(sorted(organizations[sector].values(), key=_sort_key))[:MAX_ORGANIZATIONS_PER_SECTOR],
        )
        for sector, count in people.items()
        if count
    )


def _sort_key(name: str) -> tuple[str, str]:
    # «Árbol» sorts with «Arbol», not after «Zapata».
    plain = "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))
    return plain, name
