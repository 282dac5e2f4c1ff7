"""The Plan de Acción (Local or Municipal): the document that gathers the
commitments of several mesas, proactive and co-created, valid one year and
published in open formats (DESIGN.md §1, seeds/001 and seeds/004).

A plan holds its entity, type, term, the Secretariado Técnico by sector, the
approval date and an ordered list of commitments; each one carries its
commitment sheet, its hoja de ruta, its problem tree (``plan_tree``: the
structure, or only text in plans stored before it was kept) and the summary
of the mesa's decision. Every change goes through one function that validates
and returns events (``create_plan``, ``update_plan``, ``attach_commitment``,
``detach_commitment``, ``reorder_commitments``); ``validate_plan`` says what
keeps it from being published. ``plan_to_dict`` and ``plan_from_dict``
round-trip exactly; ``plan_from_dict`` trusts nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .commitment import (
    OGP_VALUES,
    SDG_COUNT,
    SHEET_FIELD_LABELS_ES,
    SHEET_TEXT_FIELDS,
    TEXT_FIELD_MAX,
    Commitment,
    CommitmentStatus,
)
from .decision import Decision, DecisionKind
from .errors import ConflictError, NotFoundError, ValidationError
from .field_reader import ID_MAX, SHORT_TEXT_MAX, FieldReader
from .messages import _
from .permissions import check_facilitator
from .plan_annex import (
    MesaSummary,
    MinuteEntry,
    SectorAttendance,
    attendance_to_dict,
    mesa_to_dict,
    minutes_to_dict,
    read_attendance,
    read_mesa,
    read_minutes,
)
from .plan_tree import PlanTree, plan_tree_to_dict, read_plan_tree
from .problem_tree import Severity
from .roadmap import Roadmap, describe, one_year_from, roadmap_from_dict, roadmap_to_dict
from .roadmap_validation import Issue, validate_roadmap
from .roles import FACILITATOR_SECTOR, SECTOR_LABELS_ES, Role, Sector
from .voting_methods import Method
from .workshop import Event

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


_read = FieldReader(describe_plan_field, _("plan"))


# ----------------------------------------------------------------- parsing

PLAN_DETAIL_KEYS = ("title", "entity", "type", "guarantor", "start", "end", "approved_on", "secretariat")
PLAN_KEYS = ("id", *PLAN_DETAIL_KEYS, "commitments")
ENTRY_KEYS = ("origin", "commitment", "roadmap", "problem_tree", "decision", "mesa", "attendance", "minutes")
COMMITMENT_KEYS = ("id", "workshop_id", "alternative_id", "decision_id", "created_at", "status", "sheet")
SHEET_KEYS = (*SHEET_TEXT_FIELDS, "ogp_values", "sdgs")
MEMBER_KEYS = ("name", "organization", "sector")
DECISION_KEYS = ("kind", "method", "date", "participation")
PARTICIPATION_KEYS = ("sector", "eligible", "voted")


def _require(obj: Mapping[str, object], keys: Sequence[str], path: str) -> None:
    for key in keys:
        if obj.get(key) in (None, ""):
            where = f"{path}.{key}" if path else key
            raise ValidationError(
                _("Falta «{describe_plan_field}».", describe_plan_field=describe_plan_field(where)), field=where
            )


def _details(obj: Mapping[str, object]) -> dict[str, Any]:
    """The plan's own fields (all but id and commitments), checked."""
    _require(obj, ("entity", "type", "start"), "")
    start = _read.date(obj["start"], "start")
    assert start is not None  # required above
    end = _read.date(obj.get("end"), "end") or one_year_from(start)[1]
    if end < start:
        raise ValidationError("La vigencia del plan termina antes de empezar.", field="end")
    members = _read.items(obj.get("secretariat"), "secretariat", MAX_SECRETARIAT)
    return {
        "title": _read.text(obj.get("title"), "title", SHORT_TEXT_MAX),
        "entity": _read.text(obj["entity"], "entity", SHORT_TEXT_MAX, required=True),
        "type": _read.choice(obj["type"], PlanType, "type"),
        "guarantor": _read.text(obj.get("guarantor"), "guarantor", SHORT_TEXT_MAX),
        "start": start,
        "end": end,
        "approved_on": _read.date(obj.get("approved_on"), "approved_on"),
        "secretariat": tuple(_member(m, p) for p, m in members),
    }


def _member(value: object, path: str) -> SecretariatMember:
    obj = _read.mapping(value, path, MEMBER_KEYS)
    sector = obj.get("sector")
    if sector not in SECRETARIAT_SECTORS:
        raise ValidationError(
            _(
                "Sector desconocido en «{describe_plan_field}»; usa {list}.",
                describe_plan_field=describe_plan_field(path),
                list=", ".join(SECRETARIAT_SECTORS),
            ),
            field=f"{path}.sector",
        )
    return SecretariatMember(
        name=_read.text(obj.get("name"), f"{path}.name", SHORT_TEXT_MAX, required=True),
        organization=_read.text(obj.get("organization"), f"{path}.organization", SHORT_TEXT_MAX),
        sector=str(sector),
    )


def _entry(value: object, path: str, text_only_trees: bool | None = None) -> PlanCommitment:
    obj = _read.mapping(value, path, ENTRY_KEYS)
    _require(obj, ("origin", "commitment"), path)
    origin = _read.choice(obj["origin"], Origin, f"{path}.origin")
    assert origin is not None
    raw_roadmap = obj.get("roadmap")
    raw_roadmap = {} if raw_roadmap is None else raw_roadmap
    if not isinstance(raw_roadmap, Mapping):
        raise ValidationError(
            _(
                "«{describe_plan_field}» debe ser un objeto.",
                describe_plan_field=describe_plan_field(path + ".roadmap"),
            ),
            field=f"{path}.roadmap",
        )
    raw_roadmap, activity_ids = _take_ids(raw_roadmap, "activities", f"{path}.roadmap")
    raw_roadmap, indicator_ids = _take_ids(raw_roadmap, "indicators", f"{path}.roadmap")
    try:
        roadmap = roadmap_from_dict(raw_roadmap)
    except ValidationError as exc:
        where = f"{path}.roadmap.{exc.field}" if exc.field else f"{path}.roadmap"
        raise ValidationError(
            _(
                "{describe_plan_field}, hoja de ruta. {message}",
                describe_plan_field=describe_plan_field(path),
                message=exc.message,
            ),
            field=where,
        ) from None
    decision = obj.get("decision")
    entry = PlanCommitment(
        origin=origin,
        commitment=_commitment(obj["commitment"], f"{path}.commitment"),
        roadmap=roadmap,
        tree=read_plan_tree(_read, obj.get("problem_tree"), f"{path}.problem_tree", text_only=text_only_trees),
        decision=None if decision is None else _decision(decision, f"{path}.decision"),
        mesa=read_mesa(_read, obj.get("mesa"), f"{path}.mesa"),
        attendance=read_attendance(_read, obj.get("attendance"), f"{path}.attendance"),
        minutes=read_minutes(_read, obj.get("minutes"), f"{path}.minutes"),
        activity_ids=activity_ids,
        indicator_ids=indicator_ids,
    )
    _check_entry(entry, path)
    return entry


def _take_ids(roadmap: Mapping[str, object], key: str, path: str) -> tuple[Mapping[str, object], tuple[str, ...]]:
    """The roadmap without the ``id`` of each of its ``key`` items, and those
    ids (all of them, or none: a file before ``cocrea.plan/3`` has none)."""
    items = roadmap.get(key)
    if not isinstance(items, list) or not any(isinstance(i, Mapping) and "id" in i for i in items):
        return roadmap, ()
    ids: list[str] = []
    stripped = []
    for index, item in enumerate(items):
        where = f"{path}.{key}.{index}.id"
        if not isinstance(item, Mapping):
            return roadmap, ()  # the roadmap's reader names what is wrong
        value = item.get("id")
        if not isinstance(value, str) or not ITEM_ID.fullmatch(value):
            raise ValidationError(
                _(
                    "«{field}»: un identificador de letras sin acentos, números, «-» y «_» (hasta 64).",
                    field=describe_plan_field(where),
                ),
                field=where,
            )
        if value in ids:
            raise ValidationError(
                _("El identificador «{value}» se repite en «{field}».", value=value, field=describe_plan_field(path)),
                field=where,
            )
        ids.append(value)
        stripped.append({k: v for k, v in item.items() if k != "id"})
    return {**roadmap, key: stripped}, tuple(ids)


def _check_entry(entry: PlanCommitment, path: str) -> None:
    if entry.origin is Origin.CO_CREADO and entry.decision is None:
        raise ValidationError(
            "Un compromiso co-creado lleva el resumen de la decisión de su mesa.",
            field=f"{path}.decision" if path else "decision",
        )


def _commitment(value: object, path: str) -> Commitment:
    obj = _read.mapping(value, path, COMMITMENT_KEYS)
    _require(obj, ("id", "created_at", "status"), path)
    created_at = _read.datetime(obj["created_at"], f"{path}.created_at")
    assert created_at is not None
    status = _read.choice(obj["status"], CommitmentStatus, f"{path}.status")
    assert status is not None
    ids = {
        k: _read.text(obj.get(k), f"{path}.{k}", ID_MAX, required=k == "id")
        for k in ("id", "workshop_id", "alternative_id", "decision_id")
    }
    return Commitment(**ids, created_at=created_at, status=status, sheet=_sheet(obj.get("sheet"), f"{path}.sheet"))


def _sheet(value: object, path: str) -> dict[str, Any]:
    obj = _read.mapping(value, path, SHEET_KEYS)
    sheet: dict[str, Any] = {}
    for key, item in obj.items():  # the keys present, in their order: exact round trip
        where = f"{path}.{key}"
        if key in SHEET_TEXT_FIELDS:
            sheet[key] = _read.text(item, where, TEXT_FIELD_MAX, multiline=key != "title")
        elif key == "ogp_values":
            values = [_read.text(v, p, SHORT_TEXT_MAX) for p, v in _read.items(item, where, len(OGP_VALUES))]
            if any(v not in OGP_VALUES for v in values) or len(set(values)) != len(values):
                raise ValidationError(
                    _(
                        "«{describe_plan_field}» admite, sin repetir: {list}.",
                        describe_plan_field=describe_plan_field(where),
                        list=", ".join(OGP_VALUES),
                    ),
                    field=where,
                )
            sheet[key] = values
        else:
            numbers = [_read.number(v, p, low=1, high=SDG_COUNT, integer=True) for p, v in _read.items(item, where, 17)]
            if None in numbers or len(set(numbers)) != len(numbers):
                raise ValidationError(
                    _(
                        "«{describe_plan_field}»: números de ODS del 1 al 17, sin repetir.",
                        describe_plan_field=describe_plan_field(where),
                    ),
                    field=where,
                )
            sheet[key] = [int(n) for n in numbers if n is not None]
    return sheet


def _decision(value: object, path: str) -> DecisionSummary:
    obj = _read.mapping(value, path, DECISION_KEYS)
    _require(obj, ("kind", "method", "date"), path)
    kind = _read.choice(obj["kind"], DecisionKind, f"{path}.kind")
    method = _read.choice(obj["method"], Method, f"{path}.method")
    date = _read.date(obj["date"], f"{path}.date")
    assert kind is not None and method is not None and date is not None
    rows = []
    for p, row in _read.items(obj.get("participation"), f"{path}.participation", len(SECRETARIAT_SECTORS)):
        item = _read.mapping(row, p, PARTICIPATION_KEYS)
        _require(item, PARTICIPATION_KEYS, p)
        if item["sector"] not in SECRETARIAT_SECTORS:
            raise ValidationError(
                _("Sector desconocido en «{describe_plan_field}».", describe_plan_field=describe_plan_field(p)),
                field=f"{p}.sector",
            )
        eligible, voted = (
            int(_read.number(item[k], f"{p}.{k}", low=0, high=MAX_COUNT, integer=True) or 0)
            for k in ("eligible", "voted")
        )
        if voted > eligible:
            raise ValidationError(
                _(
                    "«{describe_plan_field}»: votaron más personas de las que podían votar.",
                    describe_plan_field=describe_plan_field(p),
                ),
                field=f"{p}.voted",
            )
        rows.append(SectorParticipation(str(item["sector"]), eligible, voted))
    if len({r.sector for r in rows}) != len(rows):
        raise ValidationError("Un sector aparece dos veces en la participación.", field=f"{path}.participation")
    return DecisionSummary(kind=kind, method=method, date=date, participation=tuple(rows))


def plan_from_dict(data: Mapping[str, object], *, text_only_trees: bool | None = None) -> Plan:
    """The inverse of ``plan_to_dict``; ``ValidationError`` names the field at
    fault. ``text_only_trees``: the shape of every ``problem_tree``
    (``plan_tree.read_plan_tree``): ``True`` for a ``cocrea.plan/1`` file,
    ``False`` for a current one, ``None`` (stored plans) either."""
    obj = _read.mapping(data, "", PLAN_KEYS)
    _require(obj, ("id", "end", "commitments"), "")
    plan_id = _read.text(obj["id"], "id", ID_MAX, required=True)
    entries = tuple(
        _entry(e, p, text_only_trees) for p, e in _read.items(obj["commitments"], "commitments", MAX_COMMITMENTS)
    )
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            raise ValidationError(
                _("El compromiso «{id}» aparece dos veces en el plan.", id=entry.id),
                field=f"commitments.{i}.commitment.id",
            )
        seen.add(entry.id)
    return Plan(id=plan_id, commitments=entries, **_details(obj))


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "title": plan.title,
        "entity": plan.entity,
        "type": str(plan.type),
        "guarantor": plan.guarantor,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "approved_on": None if plan.approved_on is None else plan.approved_on.isoformat(),
        "secretariat": [{"name": m.name, "organization": m.organization, "sector": m.sector} for m in plan.secretariat],
        "commitments": [_entry_to_dict(e) for e in plan.commitments],
    }


def _entry_to_dict(entry: PlanCommitment) -> dict[str, Any]:
    c = entry.commitment
    d = entry.decision
    return {
        "origin": str(entry.origin),
        "commitment": {
            "id": c.id,
            "workshop_id": c.workshop_id,
            "alternative_id": c.alternative_id,
            "decision_id": c.decision_id,
            "created_at": c.created_at.isoformat(),
            "status": str(c.status),
            "sheet": {k: list(v) if isinstance(v, list) else v for k, v in c.sheet.items()},
        },
        "roadmap": _roadmap_with_ids(entry),
        "problem_tree": plan_tree_to_dict(entry.tree),
        "decision": None
        if d is None
        else {
            "kind": str(d.kind),
            "method": str(d.method),
            "date": d.date.isoformat(),
            "participation": [{"sector": p.sector, "eligible": p.eligible, "voted": p.voted} for p in d.participation],
        },
        "mesa": mesa_to_dict(entry.mesa),
        "attendance": attendance_to_dict(entry.attendance),
        "minutes": minutes_to_dict(entry.minutes),
    }


def _roadmap_with_ids(entry: PlanCommitment) -> dict[str, Any]:
    roadmap = roadmap_to_dict(entry.roadmap)
    roadmap["activities"] = [{"id": i, **a} for i, a in zip(entry.activity_ids, roadmap["activities"], strict=True)]
    roadmap["indicators"] = [{"id": i, **a} for i, a in zip(entry.indicator_ids, roadmap["indicators"], strict=True)]
    return roadmap


# ----------------------------------------------------------------- changes


def _check_editor(role: Role) -> None:
    check_facilitator(role, _("modifica el Plan de Acción"))


def create_plan(
    data: Mapping[str, object], *, plan_id: str, actor_role: Role, actor_id: str
) -> tuple[Plan, list[Event]]:
    """A new plan with no commitments yet; the term ends one year after it
    starts unless ``end`` says otherwise."""
    _check_editor(actor_role)
    obj = _read.mapping(data, "", PLAN_DETAIL_KEYS)
    plan = Plan(id=_read.text(plan_id, "id", ID_MAX, required=True), **_details(obj))
    event = Event(
        "plan_created",
        {
            "plan_id": plan.id,
            "entity": plan.entity,
            "type": str(plan.type),
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
        },
        actor_id=actor_id,
    )
    return plan, [event]


def update_plan(plan: Plan, data: Mapping[str, object], *, actor_role: Role, actor_id: str) -> tuple[Plan, list[Event]]:
    """Change some of the plan's own fields (title, term, approval date,
    Secretariado Técnico…); commitments change through their own functions."""
    _check_editor(actor_role)
    obj = _read.mapping(data, "", PLAN_DETAIL_KEYS)
    current = plan_to_dict(plan)
    merged = {k: current[k] for k in PLAN_DETAIL_KEYS} | dict(obj)
    updated = dataclasses.replace(plan, **_details(merged))
    after = plan_to_dict(updated)
    # The log names what changed; a save that changes nothing logs nothing.
    changed = sorted(k for k in obj if after[k] != current[k])
    if not changed:
        return plan, []
    event = Event("plan_updated", {"plan_id": plan.id, "fields": changed}, actor_id=actor_id)
    return updated, [event]


def attach_commitment(
    plan: Plan,
    entry: PlanCommitment,
    *,
    actor_role: Role,
    actor_id: str,
    position: int | None = None,
) -> tuple[Plan, list[Event]]:
    """Add a commitment to the plan, at the end or at ``position`` (0 first)."""
    _check_editor(actor_role)
    if plan.find_commitment(entry.id) is not None:
        raise ConflictError(_("El compromiso «{id}» ya está en el plan.", id=entry.id), commitment_id=entry.id)
    if len(plan.commitments) >= MAX_COMMITMENTS:
        raise ValidationError(
            _("Un plan reúne como máximo {max_commitments} compromisos.", max_commitments=MAX_COMMITMENTS),
            field="commitments",
        )
    index = len(plan.commitments) if position is None else position
    if isinstance(index, bool) or not 0 <= index <= len(plan.commitments):
        raise ValidationError(
            _("La posición va de 0 a {count} ({position!r} recibida).", count=len(plan.commitments), position=position),
            field="position",
        )
    _check_entry(entry, "")
    # The entry must survive the trip through the open formats.
    restored = _entry(_entry_to_dict(entry), f"commitments.{index}")
    commitments = (*plan.commitments[:index], restored, *plan.commitments[index:])
    event = Event(
        "plan_commitment_attached",
        {
            "plan_id": plan.id,
            "commitment_id": entry.id,
            "title": str(entry.commitment.sheet.get("title", "")),
            "origin": str(entry.origin),
            "position": index,
        },
        actor_id=actor_id,
    )
    return dataclasses.replace(plan, commitments=commitments), [event]


def detach_commitment(plan: Plan, commitment_id: str, *, actor_role: Role, actor_id: str) -> tuple[Plan, list[Event]]:
    _check_editor(actor_role)
    found = plan.find_commitment(commitment_id)
    if found is None:
        raise NotFoundError(
            _("El compromiso «{commitment_id}» no está en el plan.", commitment_id=commitment_id),
            commitment_id=commitment_id,
        )
    commitments = tuple(c for c in plan.commitments if c.id != commitment_id)
    payload = {
        "plan_id": plan.id,
        "commitment_id": commitment_id,
        "title": str(found.commitment.sheet.get("title", "")),
    }
    event = Event("plan_commitment_detached", payload, actor_id=actor_id)
    return dataclasses.replace(plan, commitments=commitments), [event]


def reorder_commitments(
    plan: Plan, order: Sequence[str], *, actor_role: Role, actor_id: str
) -> tuple[Plan, list[Event]]:
    """``order`` lists every commitment of the plan once, in the new order."""
    _check_editor(actor_role)
    current = [c.id for c in plan.commitments]
    if isinstance(order, str) or not isinstance(order, Sequence) or sorted(map(str, order)) != sorted(current):
        raise ValidationError(
            "El nuevo orden debe nombrar cada compromiso del plan una sola vez.", field="order", expected=current
        )
    by_id = {c.id: c for c in plan.commitments}
    reordered = tuple(by_id[str(i)] for i in order)
    event = Event(
        "plan_commitments_reordered", {"plan_id": plan.id, "order": [c.id for c in reordered]}, actor_id=actor_id
    )
    return dataclasses.replace(plan, commitments=reordered), [event]


# ------------------------------------------------------- summaries, checks


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


def validate_plan(plan: Plan) -> list[Issue]:
    """What keeps the plan from being published (errors) or looks unfinished
    (warnings): a balanced Secretariado Técnico, definitive commitments, and
    every hoja de ruta complete within the plan's term."""
    issues = []
    present = {m.sector for m in plan.secretariat}
    missing = [s for s in REQUIRED_SECTORS if s not in present]
    if missing:
        names = ", ".join(SECTOR_LABELS_ES[s].lower() for s in missing)
        issues.append(
            Issue(
                "secretariat",
                Severity.ERROR,
                f"Al Secretariado Técnico le falta representación de: {names}.",
                "secretariat_balance",
                {"missing": [str(s) for s in missing]},
            )
        )
    if not plan.commitments:
        issues.append(Issue("commitments", Severity.ERROR, "El plan aún no tiene compromisos.", "no_commitments"))
    if plan.approved_on is None:
        issues.append(
            Issue("approved_on", Severity.WARNING, "Falta la fecha de aprobación del plan.", "approval_pending")
        )
    for i, entry in enumerate(plan.commitments):
        where, n = f"commitments.{i}", i + 1
        if entry.commitment.status is not CommitmentStatus.DEFINITIVO:
            issues.append(
                Issue(
                    f"{where}.commitment.status",
                    Severity.ERROR,
                    f"El compromiso {n} todavía no es definitivo.",
                    "commitment_not_definitive",
                    {"commitment": n},
                )
            )
        if entry.origin is Origin.CO_CREADO and not entry.tree.central_problem():
            issues.append(
                Issue(
                    f"{where}.problem_tree",
                    Severity.WARNING,
                    f"Al compromiso {n} le falta el problema central de su árbol.",
                    "problem_tree_missing",
                    {"commitment": n},
                )
            )
        if entry.roadmap.agreed_at is None:
            issues.append(
                Issue(
                    f"{where}.roadmap",
                    Severity.WARNING,
                    f"La hoja de ruta del compromiso {n} no se ha acordado.",
                    "roadmap_not_agreed",
                    {"commitment": n},
                )
            )
        for issue in validate_roadmap(entry.roadmap, plan_term=plan.term):
            issues.append(
                dataclasses.replace(
                    issue,
                    field=f"{where}.roadmap.{issue.field}",
                    message=f"Compromiso {n}: {issue.message}",
                    params={**issue.params, "commitment": n},
                )
            )
    return issues
