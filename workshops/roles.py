"""Who takes part in a workshop: roles and sectors.

The facilitator has voice but no vote (DESIGN.md §1): the role model exists
from the start so later rules (voting, quorum) only add permissions.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    OBSERVER = "observer"
    # A projector display (a display link): reads the workshop, writes
    # nothing and is never a member (presence, attendance, denominators).
    DISPLAY = "display"


class Sector(StrEnum):
    SOCIEDAD_CIVIL = "sociedad_civil"
    SERVICIO_PUBLICO = "servicio_publico"
    ORGANISMO_GARANTE = "organismo_garante"
    ACADEMIA = "academia"
    CIUDADANIA = "ciudadania"


# The facilitator joins as facilitator, not on behalf of a sector.
FACILITATOR_SECTOR = "facilitacion"

SECTOR_LABELS_ES = {
    Sector.SOCIEDAD_CIVIL: "Sociedad civil",
    Sector.SERVICIO_PUBLICO: "Servicio público",
    Sector.ORGANISMO_GARANTE: "Organismo garante",
    Sector.ACADEMIA: "Academia",
    Sector.CIUDADANIA: "Ciudadanía",
}

# Roles that may join through the public join code.
JOINABLE_ROLES = (Role.PARTICIPANT, Role.OBSERVER)


def can_vote(role: Role) -> bool:
    """Only participants vote; the facilitator and observers never count."""
    return role is Role.PARTICIPANT
