"""The plan's open-format dict (``cocrea.plan``, docs/export-formats.md):
``plan_to_dict`` and ``plan_from_dict`` round-trip exactly;
``plan_from_dict`` trusts nothing and names the field at fault as people
read it (``plan.describe_plan_field``). The changes (``plan_editing``) read
the plan's details and a commitment through the same readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .commitment import OGP_VALUES, SDG_COUNT, SHEET_TEXT_FIELDS, TEXT_FIELD_MAX, Commitment, CommitmentStatus
from .decision import DecisionKind
from .errors import ValidationError
from .field_reader import ID_MAX, SHORT_TEXT_MAX, FieldReader
from .messages import _
from .plan import (
    ITEM_ID,
    MAX_COMMITMENTS,
    MAX_COUNT,
    MAX_SECRETARIAT,
    SECRETARIAT_SECTORS,
    DecisionSummary,
    Origin,
    Plan,
    PlanCommitment,
    PlanType,
    SecretariatMember,
    SectorParticipation,
    check_entry,
    describe_plan_field,
)
from .plan_annex import attendance_to_dict, mesa_to_dict, minutes_to_dict, read_attendance, read_mesa, read_minutes
from .plan_tree import plan_tree_to_dict, read_plan_tree
from .roadmap import one_year_from, roadmap_from_dict, roadmap_to_dict
from .voting_methods import Method

# Reads untrusted values and names the field at fault by ``describe_plan_field``.
PLAN_READER = FieldReader(describe_plan_field, _("plan"))

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


def plan_details(obj: Mapping[str, object]) -> dict[str, Any]:
    """The plan's own fields (all but id and commitments), checked."""
    _require(obj, ("entity", "type", "start"), "")
    start = PLAN_READER.date(obj["start"], "start")
    assert start is not None  # required above
    end = PLAN_READER.date(obj.get("end"), "end") or one_year_from(start)[1]
    if end < start:
        raise ValidationError("La vigencia del plan termina antes de empezar.", field="end")
    members = PLAN_READER.items(obj.get("secretariat"), "secretariat", MAX_SECRETARIAT)
    return {
        "title": PLAN_READER.text(obj.get("title"), "title", SHORT_TEXT_MAX),
        "entity": PLAN_READER.text(obj["entity"], "entity", SHORT_TEXT_MAX, required=True),
        "type": PLAN_READER.choice(obj["type"], PlanType, "type"),
        "guarantor": PLAN_READER.text(obj.get("guarantor"), "guarantor", SHORT_TEXT_MAX),
        "start": start,
        "end": end,
        "approved_on": PLAN_READER.date(obj.get("approved_on"), "approved_on"),
        "secretariat": tuple(_member(m, p) for p, m in members),
    }


def _member(value: object, path: str) -> SecretariatMember:
    obj = PLAN_READER.mapping(value, path, MEMBER_KEYS)
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
        name=PLAN_READER.text(obj.get("name"), f"{path}.name", SHORT_TEXT_MAX, required=True),
        organization=PLAN_READER.text(obj.get("organization"), f"{path}.organization", SHORT_TEXT_MAX),
        sector=str(sector),
    )


def entry_from_dict(value: object, path: str, text_only_trees: bool | None = None) -> PlanCommitment:
    """The commitment at ``path`` (``commitments.N``) of a plan's dict."""
    obj = PLAN_READER.mapping(value, path, ENTRY_KEYS)
    _require(obj, ("origin", "commitment"), path)
    origin = PLAN_READER.choice(obj["origin"], Origin, f"{path}.origin")
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
        tree=read_plan_tree(PLAN_READER, obj.get("problem_tree"), f"{path}.problem_tree", text_only=text_only_trees),
        decision=None if decision is None else _decision(decision, f"{path}.decision"),
        mesa=read_mesa(PLAN_READER, obj.get("mesa"), f"{path}.mesa"),
        attendance=read_attendance(PLAN_READER, obj.get("attendance"), f"{path}.attendance"),
        minutes=read_minutes(PLAN_READER, obj.get("minutes"), f"{path}.minutes"),
        activity_ids=activity_ids,
        indicator_ids=indicator_ids,
    )
    check_entry(entry, path)
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


def _commitment(value: object, path: str) -> Commitment:
    obj = PLAN_READER.mapping(value, path, COMMITMENT_KEYS)
    _require(obj, ("id", "created_at", "status"), path)
    created_at = PLAN_READER.datetime(obj["created_at"], f"{path}.created_at")
    assert created_at is not None
    status = PLAN_READER.choice(obj["status"], CommitmentStatus, f"{path}.status")
    assert status is not None
    ids = {
        k: PLAN_READER.text(obj.get(k), f"{path}.{k}", ID_MAX, required=k == "id")
        for k in ("id", "workshop_id", "alternative_id", "decision_id")
    }
    return Commitment(**ids, created_at=created_at, status=status, sheet=_sheet(obj.get("sheet"), f"{path}.sheet"))


def _sheet(value: object, path: str) -> dict[str, Any]:
    obj = PLAN_READER.mapping(value, path, SHEET_KEYS)
    sheet: dict[str, Any] = {}
    for key, item in obj.items():  # the keys present, in their order: exact round trip
        where = f"{path}.{key}"
        if key in SHEET_TEXT_FIELDS:
            sheet[key] = PLAN_READER.text(item, where, TEXT_FIELD_MAX, multiline=key != "title")
        elif key == "ogp_values":
            values = [
                PLAN_READER.text(v, p, SHORT_TEXT_MAX) for p, v in PLAN_READER.items(item, where, len(OGP_VALUES))
            ]
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
            numbers = [
                PLAN_READER.number(v, p, low=1, high=SDG_COUNT, integer=True)
                for p, v in PLAN_READER.items(item, where, 17)
            ]
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
    obj = PLAN_READER.mapping(value, path, DECISION_KEYS)
    _require(obj, ("kind", "method", "date"), path)
    kind = PLAN_READER.choice(obj["kind"], DecisionKind, f"{path}.kind")
    method = PLAN_READER.choice(obj["method"], Method, f"{path}.method")
    date = PLAN_READER.date(obj["date"], f"{path}.date")
    assert kind is not None and method is not None and date is not None
    rows = []
    for p, row in PLAN_READER.items(obj.get("participation"), f"{path}.participation", len(SECRETARIAT_SECTORS)):
        item = PLAN_READER.mapping(row, p, PARTICIPATION_KEYS)
        _require(item, PARTICIPATION_KEYS, p)
        if item["sector"] not in SECRETARIAT_SECTORS:
            raise ValidationError(
                _("Sector desconocido en «{describe_plan_field}».", describe_plan_field=describe_plan_field(p)),
                field=f"{p}.sector",
            )
        eligible, voted = (
            int(PLAN_READER.number(item[k], f"{p}.{k}", low=0, high=MAX_COUNT, integer=True) or 0)
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
    obj = PLAN_READER.mapping(data, "", PLAN_KEYS)
    _require(obj, ("id", "end", "commitments"), "")
    plan_id = PLAN_READER.text(obj["id"], "id", ID_MAX, required=True)
    entries = tuple(
        entry_from_dict(e, p, text_only_trees)
        for p, e in PLAN_READER.items(obj["commitments"], "commitments", MAX_COMMITMENTS)
    )
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            raise ValidationError(
                _("El compromiso «{id}» aparece dos veces en el plan.", id=entry.id),
                field=f"commitments.{i}.commitment.id",
            )
        seen.add(entry.id)
    return Plan(id=plan_id, commitments=entries, **plan_details(obj))


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
        "commitments": [entry_to_dict(e) for e in plan.commitments],
    }


def entry_to_dict(entry: PlanCommitment) -> dict[str, Any]:
    """One commitment as ``plan_to_dict`` writes it."""
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
