"""The Plan de Acción (Local or Municipal): the document that gathers the
commitments of several mesas, proactive and co-created, valid one year and
published in open formats (DESIGN.md §1, seeds/001 and seeds/004).

A plan holds its entity, type, term, the Secretariado Técnico by sector, the
approval date and an ordered list of commitments; each one carries its
commitment sheet, its hoja de ruta, its problem tree (``plan_tree``: the
structure, or only text in plans stored before it was kept) and the summary
of the mesa's decision. This module owns the plan and its commitments as
data: their types and labels, the stable ids of each hoja de ruta's
activities and indicators, and the names people read for the plan's fields
(``describe_plan_field``). Its open-format dict is ``plan_serialization``;
its changes and the check before publishing, ``plan_editing``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .commitment import SHEET_FIELD_LABELS_ES, Commitment
from .decision import Decision, DecisionKind
from .errors import ValidationError
from .messages import _
from .plan_annex import MesaSummary, MinuteEntry, SectorAttendance
from .plan_tree import PlanTree
from .roadmap import Roadmap, describe
from .roles import FACILITATOR_SECTOR, Sector
from .voting_methods import Method

MAX_COMMITMENTS = 500
MAX_SECRETARIAT = 100
MAX_COUNT = 1_000_000


class PlanType(StrEnum):
    LOCAL = "local"
    MUNICIPAL = "municipal"


PLAN_TYPE_LABELS_ES = {PlanType.LOCAL: "Plan de Acción Local", PlanType.MUNICIPAL: "Plan de Acción Municipal"}
SECRETARIAT_LABELS_ES = {
    PlanType.LOCAL: "Secretariado Técnico Local",
    PlanType.MUNICIPAL: "Secretariado Técnico Municipal",
}


class Origin(StrEnum):
    """How the commitment reached the plan."""

    PROACTIVO = "proactivo"  # proposed by a public body
    CO_CREADO = "co_creado"  # agreed by a mesa de cocreación


ORIGIN_LABELS_ES = {Origin.PROACTIVO: "Proactivo", Origin.CO_CREADO: "Co-creado"}

# Who sits in the Secretariado Técnico: the sectors, plus the facilitator.
SECRETARIAT_SECTORS = (*(str(s) for s in Sector), FACILITATOR_SECTOR)
# At least one representative each (DESIGN.md §1, seeds/003).
REQUIRED_SECTORS = (Sector.SOCIEDAD_CIVIL, Sector.SERVICIO_PUBLICO, Sector.ORGANISMO_GARANTE)


@dataclass(frozen=True)
class SecretariatMember:
    name: str
    organization: str
    sector: str


@dataclass(frozen=True)
class SectorParticipation:
    sector: str
    eligible: int
    voted: int


@dataclass(frozen=True)
class DecisionSummary:
    kind: DecisionKind
    method: Method
    date: dt.date
    participation: tuple[SectorParticipation, ...] = ()


ACTIVITY_ID_PREFIX = "act-"
INDICATOR_ID_PREFIX = "ind-"
# Activity and indicator ids are URL path segments of the follow-up routes.
ITEM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def derived_id(commitment_id: str, prefix: str, index: int, taken: set[str]) -> str:
    """The id an activity or indicator gets when it has none: derived from the
    commitment and its position (the same every time a stored plan is read),
    skipping ids already taken."""
    attempt = 0
    while True:
        seed = f"{commitment_id}\0{prefix}\0{index}\0{attempt}".encode()
        candidate = prefix + hashlib.sha256(seed).hexdigest()[:12]
        if candidate not in taken:
            return candidate
        attempt += 1


def stable_ids(commitment_id: str, prefix: str, given: Sequence[str], count: int) -> tuple[str, ...]:
    """``count`` ids: the ``given`` ones first (in order), derived ones after."""
    ids = list(given[:count])
    taken = set(ids)
    for index in range(len(ids), count):
        ids.append(derived_id(commitment_id, prefix, index, taken))
        taken.add(ids[-1])
    return tuple(ids)


def carry_ids(previous: PlanCommitment, entry: PlanCommitment) -> PlanCommitment:
    """``entry`` (a refreshed snapshot of ``previous``) keeping the ids of the
    activities and indicators it still has: the same description (name) first,
    else the same position; new ones get new ids."""

    def match(old_keys: list[str], old_ids: tuple[str, ...], new_keys: list[str], prefix: str) -> tuple[str, ...]:
        chosen: list[str | None] = [None] * len(new_keys)
        free = dict(enumerate(old_ids))
        for i, key in enumerate(new_keys):
            j = next((j for j in free if old_keys[j] == key), None)
            if j is not None:
                chosen[i] = free.pop(j)
        for i in range(len(new_keys)):
            if chosen[i] is None and i in free:
                chosen[i] = free.pop(i)
        taken = set(old_ids)
        for i in range(len(new_keys)):
            if chosen[i] is None:
                chosen[i] = derived_id(entry.id, prefix, i, taken)
                taken.add(chosen[i])  # type: ignore[arg-type]
        return tuple(c for c in chosen if c is not None)

    return dataclasses.replace(
        entry,
        activity_ids=match(
            [a.description for a in previous.roadmap.activities],
            previous.activity_ids,
            [a.description for a in entry.roadmap.activities],
            ACTIVITY_ID_PREFIX,
        ),
        indicator_ids=match(
            [i.name for i in previous.roadmap.indicators],
            previous.indicator_ids,
            [i.name for i in entry.roadmap.indicators],
            INDICATOR_ID_PREFIX,
        ),
    )


@dataclass(frozen=True)
class PlanCommitment:
    origin: Origin
    commitment: Commitment
    roadmap: Roadmap = field(default_factory=Roadmap)
    tree: PlanTree = field(default_factory=PlanTree)
    decision: DecisionSummary | None = None
    mesa: MesaSummary | None = None
    attendance: tuple[SectorAttendance, ...] = ()
    minutes: tuple[MinuteEntry, ...] = ()
    # Stable ids of the hoja de ruta's activities and indicators, in their
    # order (the follow-up's records name them). Missing ones are derived
    # from the commitment's id and the position (``stable_ids``).
    activity_ids: tuple[str, ...] = ()
    indicator_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        cid = self.commitment.id
        if len(self.activity_ids) != len(self.roadmap.activities):
            ids = stable_ids(cid, ACTIVITY_ID_PREFIX, self.activity_ids, len(self.roadmap.activities))
            object.__setattr__(self, "activity_ids", ids)
        if len(self.indicator_ids) != len(self.roadmap.indicators):
            ids = stable_ids(cid, INDICATOR_ID_PREFIX, self.indicator_ids, len(self.roadmap.indicators))
            object.__setattr__(self, "indicator_ids", ids)

    @property
    def id(self) -> str:
        return self.commitment.id


@dataclass(frozen=True)
class Plan:
    id: str
    entity: str
    type: PlanType
    start: dt.date
    end: dt.date
    title: str = ""
    guarantor: str = ""  # the organismo garante's name: configurable, never hard-coded
    secretariat: tuple[SecretariatMember, ...] = ()
    approved_on: dt.date | None = None
    commitments: tuple[PlanCommitment, ...] = ()

    @property
    def term(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end

    def find_commitment(self, commitment_id: str) -> PlanCommitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)


def check_entry(entry: PlanCommitment, path: str) -> None:
    """A co-created commitment carries the summary of its mesa's decision."""
    if entry.origin is Origin.CO_CREADO and entry.decision is None:
        raise ValidationError(
            "Un compromiso co-creado lleva el resumen de la decisión de su mesa.",
            field=f"{path}.decision" if path else "decision",
        )


# ------------------------------------------------------------------ labels

_PLAN_LABELS = {
    "id": _("identificador del plan"),
    "title": _("título del plan"),
    "entity": _("ente o municipio"),
    "type": _("tipo de plan"),
    "guarantor": _("organismo garante"),
    "start": _("inicio de la vigencia"),
    "end": _("fin de la vigencia"),
    "approved_on": _("fecha de aprobación"),
    "secretariat": _("Secretariado Técnico"),
    "commitments": _("compromisos"),
    "order": _("orden de los compromisos"),
}
_ENTRY_LABELS = {
    "origin": _("tipo (proactivo o co-creado)"),
    "commitment": _("ficha"),
    "commitment.id": _("identificador"),
    "commitment.workshop_id": _("mesa"),
    "commitment.alternative_id": _("alternativa"),
    "commitment.decision_id": _("decisión"),
    "commitment.created_at": _("fecha de creación"),
    "commitment.status": _("estado"),
    "commitment.sheet": _("ficha"),
    "roadmap": _("hoja de ruta"),
    "problem_tree": _("árbol de problemas"),
    "problem_tree.nodes": _("árbol de problemas: elemento"),
    "problem_tree.edges": _("árbol de problemas: vínculo"),
    "problem_tree.text_only": _("árbol de problemas (solo texto)"),
    "problem_tree.effects": _("efectos"),
    "problem_tree.problem": _("problema central"),
    "problem_tree.causes": _("causas"),
    "problem_tree.text_only.effects": _("efectos"),
    "problem_tree.text_only.problem": _("problema central"),
    "problem_tree.text_only.causes": _("causas"),
    "decision": _("decisión"),
    "decision.kind": _("decisión: tipo"),
    "decision.method": _("decisión: método"),
    "decision.date": _("decisión: fecha"),
    "decision.participation": _("decisión: participación por sector"),
    "mesa": _("mesa de origen"),
    "mesa.title": _("mesa de origen: nombre"),
    "mesa.date": _("mesa de origen: fecha"),
    "mesa.entity": _("mesa de origen: ente"),
    "attendance": _("asistencia por sector"),
    "minutes": _("relatoría"),
}
_MEMBER_LABELS = {"name": _("nombre"), "organization": _("organización"), "sector": _("sector")}
_PARTICIPATION_LABELS = {"sector": _("sector"), "eligible": _("podían votar"), "voted": _("votaron")}


def describe_plan_field(path: str) -> str:
    """People's name for a dotted path of the plan:
    ``commitments.3.roadmap.activities.0.end`` → «Compromiso 4, hoja de
    ruta: Actividad 1: fecha de término»."""
    parts = path.split(".")
    if parts[0] == "secretariat" and len(parts) >= 2 and parts[1].isdigit():
        member = _("Integrante {n} del Secretariado Técnico", n=int(parts[1]) + 1)
        return (
            _("{item}: {leaf}", item=member, leaf=_MEMBER_LABELS.get(parts[2], parts[2])) if len(parts) > 2 else member
        )
    if parts[0] != "commitments" or len(parts) < 2 or not parts[1].isdigit():
        return _PLAN_LABELS.get(path, path)
    entry = _("Compromiso {n}", n=int(parts[1]) + 1)
    rest = ".".join(parts[2:])
    if not rest:
        return entry
    if parts[2] == "roadmap" and len(parts) > 3:
        return _("{entry}, hoja de ruta: {leaf}", entry=entry, leaf=describe(".".join(parts[3:])))
    if parts[2:4] == ["commitment", "sheet"] and len(parts) > 4:
        label = SHEET_FIELD_LABELS_ES.get(parts[4], parts[4])
        if len(parts) > 5:
            return _("{entry}, ficha: {label} ({n})", entry=entry, label=label, n=int(parts[5]) + 1)
        return _("{entry}, ficha: {label}", entry=entry, label=label)
    if parts[2] == "problem_tree" and len(parts) >= 5:
        # problem_tree.causes.2, problem_tree.nodes.3.text, problem_tree.text_only.causes.2
        cut = next((i for i in range(3, len(parts)) if parts[i].isdigit()), len(parts))
        label = _ENTRY_LABELS.get(".".join(parts[2:cut]), ".".join(parts[3:cut]))
        where = (
            _("{entry}, {label} ({n})", entry=entry, label=label, n=int(parts[cut]) + 1)
            if cut < len(parts)
            else _("{entry}, {label}", entry=entry, label=label)
        )
        return _("{item}: {leaf}", item=where, leaf=".".join(parts[cut + 1 :])) if cut + 1 < len(parts) else where
    if parts[2:4] == ["decision", "participation"] and len(parts) > 4:
        where = _("{entry}, decisión: participación {n}", entry=entry, n=int(parts[4]) + 1)
        if len(parts) > 5:
            return _("{item}: {leaf}", item=where, leaf=_PARTICIPATION_LABELS.get(parts[5], parts[5]))
        return where
    return _("{item}: {leaf}", item=entry, leaf=_ENTRY_LABELS.get(rest, rest))


# --------------------------------------------------------------- summaries


def decision_summary_from(decision: Decision) -> DecisionSummary:
    """Kind, method, date and participation by sector of a recorded decision."""
    by_sector = decision.results.get("participation", {}).get("by_sector", {})
    return DecisionSummary(
        kind=decision.kind,
        method=Method(decision.method),
        date=decision.decided_at.date(),
        participation=tuple(
            SectorParticipation(str(sector), int(n.get("eligible", 0)), int(n.get("voted", 0)))
            for sector, n in by_sector.items()
        ),
    )
