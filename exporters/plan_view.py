"""The view model of the Plan de Acción documents: what the Markdown and
HTML templates and the CSV writer read, built once from a ``Plan``.

Plain dicts, lists, strings and numbers, in Spanish. What a draft has not
filled yet reads «Pendiente» (``PENDING``) instead of breaking the document;
beside each shown date and number the view keeps its plain value
(``start_iso``, ``weight_value``…) for the data formats. Every text has gone
through ``xml_text``: characters HTML and XML cannot carry become U+FFFD.
Escaping is the templates' business (HTML) or ``plan_markdown``'s.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from workshops.commitment import OGP_VALUE_LABELS_ES, SHEET_FIELD_LABELS_ES, STATUS_LABELS_ES
from workshops.decision import DECISION_KIND_LABELS_ES
from workshops.document_schema import KIND_CAUSE, KIND_EFFECT
from workshops.messages import format_date, format_number
from workshops.plan import (
    ORIGIN_LABELS_ES,
    PLAN_TYPE_LABELS_ES,
    SECRETARIAT_LABELS_ES,
    SECRETARIAT_SECTORS,
    DecisionSummary,
    Origin,
    Plan,
    PlanCommitment,
)
from workshops.plan_annex import MesaSummary, SectorAttendance
from workshops.plan_editing import validate_plan
from workshops.plan_tree import PlanTree, TreeNode, plan_layout
from workshops.roadmap import DIRECTION_LABELS_ES, ROADMAP_FIELD_LABELS_ES, Activity, Indicator, Roadmap
from workshops.roles import FACILITATOR_SECTOR, SECTOR_LABELS_ES, Sector
from workshops.tree_check import Severity
from workshops.tree_layout import NodeBox
from workshops.voting_methods import METHOD_LABELS_ES

from .tree_svg import xml_text

PENDING = "Pendiente"
# Times in the minutes read in central Mexico's time (no daylight saving
# since 2022: a fixed offset needs no time-zone database).
DISPLAY_TIMEZONE = dt.timezone(dt.timedelta(hours=-6), "CST")
LANG = "es"

# UN names of the Sustainable Development Goals, in Spanish.
SDG_NAMES_ES = (
    "Fin de la pobreza",
    "Hambre cero",
    "Salud y bienestar",
    "Educación de calidad",
    "Igualdad de género",
    "Agua limpia y saneamiento",
    "Energía asequible y no contaminante",
    "Trabajo decente y crecimiento económico",
    "Industria, innovación e infraestructura",
    "Reducción de las desigualdades",
    "Ciudades y comunidades sostenibles",
    "Producción y consumo responsables",
    "Acción por el clima",
    "Vida submarina",
    "Vida de ecosistemas terrestres",
    "Paz, justicia e instituciones sólidas",
    "Alianzas para lograr los objetivos",
)
SECTOR_NAMES_ES = {str(k): v for k, v in SECTOR_LABELS_ES.items()} | {FACILITATOR_SECTOR: "Facilitación"}

ACTIVITY_COLUMNS = (
    "Núm.",
    "Actividad",
    "Responsable",
    "Inicio",
    "Término",
    "Productos",
    "Medios de verificación",
    "Peso",
)
INDICATOR_COLUMNS = (
    "Núm.",
    "Indicador",
    "Definición",
    "Método de cálculo",
    "Unidad de medida",
    "Frecuencia",
    "Línea base",
    "Meta",
    "Sentido",
    "Medios de verificación",
)
PARTICIPATION_COLUMNS = ("Sector", "Podían votar", "Votaron")
SECRETARIAT_COLUMNS = ("Nombre", "Organización")


def text(value: str) -> str:
    """A text as shown: XML-safe, or «Pendiente» when empty."""
    return xml_text(value) if value.strip() else PENDING


def texts(values: Iterable[str]) -> list[str]:
    return [xml_text(v) for v in values if v.strip()]


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_date(value: dt.date) -> str:
    """«December 7, 2026»: the English documents' dates (the Spanish ones
    are ``format_date``'s «7 de diciembre de 2026»)."""
    return f"{MONTHS_EN[value.month - 1]} {value.day}, {value.year}"


def date_text(value: dt.date | None) -> str:
    return PENDING if value is None else format_date(value)


def time_text(value: dt.datetime) -> str:
    """«21 de noviembre de 2026, 10:32 h», in central Mexico's time."""
    local = value.astimezone(DISPLAY_TIMEZONE)
    return f"{format_date(local.date())}, {local:%H:%M} h"


def iso(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def number_text(value: float | None, suffix: str = "") -> str:
    if value is None or not math.isfinite(value):
        return PENDING
    return format_number(value) + suffix


CONTEXT_ANCHOR = "contexto"
CONTEXT_HEADING = "Contexto"


def _context(plan: Plan, type_label: str, secretariat_title: str) -> dict[str, Any]:
    """What the plan is and who agreed it: the same words in every format."""
    return {
        "anchor": CONTEXT_ANCHOR,
        "heading": CONTEXT_HEADING,
        "intro": (
            f"El {type_label} es el documento consensado por el {secretariat_title} en el que se establecen los "
            "compromisos de gobierno abierto del ejercicio: sus metas, actividades, periodos de cumplimiento, "
            "indicadores, medios de verificación y responsables. Reúne compromisos proactivos, que propone el ente "
            "público, y compromisos co-creados en mesas de cocreación entre personas servidoras públicas, sociedad "
            "civil, academia y ciudadanía. Tiene una vigencia de un año y se publica en formatos abiertos."
        ),
        "secretariat": {
            "heading": secretariat_title,
            "intro": (
                f"El {secretariat_title} es el espacio permanente de diálogo y decisión entre la autoridad, el "
                "organismo garante y la sociedad civil. Lo integran:"
            ),
            "sectors": _secretariat(plan),
        },
    }


def plan_view(plan: Plan) -> dict[str, Any]:
    """Cover, contents, the context (with the Secretariado Técnico), one
    chapter per commitment."""
    type_label = PLAN_TYPE_LABELS_ES[plan.type]
    title = xml_text(plan.title) if plan.title.strip() else f"{type_label} de Gobierno Abierto: {xml_text(plan.entity)}"
    pending: dict[int, list[str]] = {}
    for issue in validate_plan(plan):
        head, _, rest = issue.field.partition(".")
        index = rest.partition(".")[0]
        if head == "commitments" and index.isdigit() and issue.severity is Severity.ERROR:
            pending.setdefault(int(index), []).append(xml_text(issue.message))
    chapters = [_chapter(i, entry, pending.get(i, [])) for i, entry in enumerate(plan.commitments)]
    secretariat_title = SECRETARIAT_LABELS_ES[plan.type]
    origins = [e.origin for e in plan.commitments]
    return {
        "lang": LANG,
        "title": title,
        "type_label": type_label,
        "entity": text(plan.entity),
        "guarantor": text(plan.guarantor),
        "start": date_text(plan.start),
        "end": date_text(plan.end),
        "start_iso": iso(plan.start),
        "end_iso": iso(plan.end),
        "period": f"Del {format_date(plan.start)} al {format_date(plan.end)}",
        "approved_on": date_text(plan.approved_on),
        "counts": {
            "total": len(origins),
            "proactivo": origins.count(Origin.PROACTIVO),
            "co_creado": origins.count(Origin.CO_CREADO),
        },
        "summary": _count_text(len(origins), origins.count(Origin.PROACTIVO), origins.count(Origin.CO_CREADO)),
        "contents": [{"anchor": CONTEXT_ANCHOR, "heading": CONTEXT_HEADING}]
        + [{"anchor": c["anchor"], "heading": c["heading"]} for c in chapters],
        "context": _context(plan, type_label, secretariat_title),
        "chapters": chapters,
        "columns": {
            "activities": ACTIVITY_COLUMNS,
            "indicators": INDICATOR_COLUMNS,
            "participation": PARTICIPATION_COLUMNS,
            "secretariat": SECRETARIAT_COLUMNS,
        },
        "pending": PENDING,
    }


def _count_text(total: int, proactive: int, co_created: int) -> str:
    if total == 0:
        return "Sin compromisos todavía"
    parts = _plural(proactive, "proactivo", "proactivos"), _plural(co_created, "co-creado", "co-creados")
    return f"{_plural(total, 'compromiso', 'compromisos')}: {parts[0]} y {parts[1]}"


def _chapter(index: int, entry: PlanCommitment, pending: list[str]) -> dict[str, Any]:
    """``pending``: what still keeps this commitment from being complete."""
    number = index + 1
    sheet = entry.commitment.sheet
    title = text(str(sheet.get("title", "")))
    return {
        "number": number,
        "id": xml_text(entry.id),
        "anchor": f"compromiso-{number}",
        "heading": f"Compromiso {number}. {title}",
        "title": title,
        "origin": ORIGIN_LABELS_ES[entry.origin],
        "origin_code": str(entry.origin),
        "status": STATUS_LABELS_ES[entry.commitment.status],
        "tree": tree_outline(entry.tree),
        "sheet": _sheet_rows(sheet),
        "roadmap": _roadmap(entry.roadmap),
        "decision": _decision(entry),
        "mesa": _mesa(entry.mesa),
        "attendance": _attendance(entry.attendance),
        "minutes": [
            {"time": time_text(m.at), "time_iso": m.at.isoformat(), "text": xml_text(m.text)} for m in entry.minutes
        ],
        "pending": pending,
    }


TEXT_ONLY_NOTE = (
    "Este compromiso entró al plan antes de que Cocrea guardara la estructura de su árbol de problemas: "
    "se conserva solo el texto de sus efectos, problema central y causas, sin la figura, porque no se sabe "
    "qué causa lleva a cuál. Para tener la figura, vuelva a agregar el compromiso al plan desde su mesa."
)
INDIRECT = {KIND_CAUSE: "causa indirecta", KIND_EFFECT: "efecto indirecto"}
UNLINKED = "sin vínculo con el problema central"
OUT_OF_SCOPE = "fuera del alcance"


def tree_outline(tree: PlanTree) -> dict[str, Any]:
    """The tree as text: effects, central problem, causes, each list nearest
    the problem first and every item saying what the figure shows of it
    (indirect, out of scope, not linked). ``note`` says when the plan kept
    only the text (``plan_tree``: no figure)."""
    if tree.text_only is not None:
        s = tree.text_only
        return {
            "effects": texts(s.effects) or [PENDING],
            "problem": text(s.problem),
            "causes": texts(s.causes) or [PENDING],
            "note": TEXT_ONLY_NOTE,
        }
    layout = plan_layout(tree)
    boxes = {b.id: b for b in layout.nodes}
    problem = next((n.text for n in tree.nodes if n.id == layout.problem_id), "")

    def items(kind: str) -> list[str]:
        found = [n for n in tree.nodes if n.kind == kind and n.text.strip()]
        found.sort(key=lambda n: _nearest_first(boxes[n.id]))
        return [xml_text(n.text) + _marks(n, boxes[n.id]) for n in found]

    return {
        "effects": items(KIND_EFFECT) or [PENDING],
        "problem": text(problem),
        "causes": items(KIND_CAUSE) or [PENDING],
        "note": None,
    }


def _nearest_first(box: NodeBox) -> tuple[int, int]:
    return (abs(box.layer) if box.layer is not None else 1_000_000, box.order)


def _marks(node: TreeNode, box: NodeBox) -> str:
    marks = []
    if box.layer is None:
        marks.append(UNLINKED)
    elif abs(box.layer) > 1:
        marks.append(INDIRECT[node.kind])
    if node.out_of_scope:
        marks.append(OUT_OF_SCOPE)
    return f" ({'; '.join(marks)})" if marks else ""


def _mesa(mesa: MesaSummary | None) -> dict[str, Any] | None:
    if mesa is None:
        return None
    return {
        "title": text(mesa.title),
        "date": date_text(mesa.date),
        "date_iso": iso(mesa.date),
        "entity": text(mesa.entity),
        "minuta": minuta_line(mesa),
    }


MINUTA_SEALED = "Minuta aprobada y sellada (versión {version})."
MINUTA_CORRECTING = "Es la última versión sellada; una corrección está en curso y todavía no se aprueba."
MINUTA_APPROVED = "Minuta aprobada, todavía sin sellar: no tiene sello ni enlace de verificación."
MINUTA_DRAFT = "Minuta en borrador (no aprobada): no tiene sello ni enlace de verificación."


def minuta_line(mesa: MesaSummary) -> dict[str, Any] | None:
    """What the plan says of the mesa's minuta: the latest sealed version
    with its digest and verification link, or that it is only a draft (or
    approved, not sealed). ``None`` when the plan was given no minuta."""
    if mesa.minuta_status is None and mesa.minuta_sha256 is None:
        return None
    if mesa.minuta_sha256:
        line = MINUTA_SEALED.format(version=mesa.minuta_version or 1)
        if mesa.minuta_status not in (None, "sealed"):
            line += " " + MINUTA_CORRECTING
        return {"line": line, "sha256": xml_text(mesa.minuta_sha256), "url": xml_text(mesa.verification_url or "")}
    line = MINUTA_APPROVED if mesa.minuta_status == "approved" else MINUTA_DRAFT
    return {"line": line, "sha256": None, "url": None}


def _attendance(rows: tuple[SectorAttendance, ...]) -> dict[str, Any]:
    order = {sector: i for i, sector in enumerate(SECRETARIAT_SECTORS)}
    shown = [
        {
            "sector": r.sector,
            "sector_label": SECTOR_NAMES_ES.get(r.sector, xml_text(r.sector)),
            "people": r.people,
            "organizations": texts(r.organizations),
        }
        for r in sorted(rows, key=lambda r: order.get(r.sector, len(order)))
    ]
    return {"rows": shown, "total": sum(r.people for r in rows)}


def _sheet_rows(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, label in SHEET_FIELD_LABELS_ES.items():
        value = sheet.get(key)
        if key == "ogp_values":
            items = [OGP_VALUE_LABELS_ES.get(v, xml_text(str(v))) for v in value or []]
        elif key == "sdgs":
            items = [f"{n}. {SDG_NAMES_ES[n - 1]}" for n in value or [] if isinstance(n, int) and 1 <= n <= 17]
        else:
            items = texts([str(value or "")])
        rows.append({"key": key, "label": label, "items": items or [PENDING]})
    return rows


def _roadmap(r: Roadmap) -> dict[str, Any]:
    official = [v for v in (r.responsible.name, r.responsible.position, r.responsible.institution) if v.strip()]
    organizations = [
        xml_text(o.name) + (f" (contacto: {xml_text(o.contact)})" if o.contact.strip() else "")
        for o in r.organizations
        if o.name.strip()
    ]
    activities = [_activity(i, a) for i, a in enumerate(r.activities)]
    indicators = [_indicator(i, ind) for i, ind in enumerate(r.indicators)]
    dates = (
        f"Del {format_date(r.start)} al {format_date(r.end)}"
        if r.start and r.end
        else f"Inicio: {date_text(r.start)}; conclusión: {date_text(r.end)}"
    )
    weights = [a.weight for a in r.activities if a.weight is not None]
    labels = ROADMAP_FIELD_LABELS_ES
    fields = [
        (labels["responsible"], [", ".join(xml_text(v) for v in official)] if official else []),
        (labels["organizations"], organizations),
        (
            labels["activities"],
            [_plural(len(activities), "actividad", "actividades") + " (ver la tabla)"] if activities else [],
        ),
        (labels["result"], texts([r.result])),
        (labels["products"], texts(r.products)),
        (
            labels["indicators"],
            [_plural(len(indicators), "indicador", "indicadores") + " (ver la tabla)"] if indicators else [],
        ),
        (labels["verification"], texts(r.verification)),
        (labels["dates"], [dates]),
    ]
    return {
        "agreed": f"Acordada el {format_date(r.agreed_at.date())}" if r.agreed_at else "Pendiente de acuerdo",
        "fields": [
            {"number": n, "label": label, "items": items or [PENDING]} for n, (label, items) in enumerate(fields, 1)
        ],
        "responsible": {
            "name": text(r.responsible.name),
            "position": text(r.responsible.position),
            "institution": text(r.responsible.institution),
        },
        "organizations": organizations or [PENDING],
        "start": date_text(r.start),
        "end": date_text(r.end),
        "start_iso": iso(r.start),
        "end_iso": iso(r.end),
        "activities": activities,
        "weights_total": number_text(math.fsum(weights), "%") if weights else PENDING,
        "indicators": indicators,
    }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _activity(index: int, a: Activity) -> dict[str, Any]:
    return {
        "number": index + 1,
        "description": text(a.description),
        "responsible": text(a.responsible),
        "start": date_text(a.start),
        "end": date_text(a.end),
        "start_iso": iso(a.start),
        "end_iso": iso(a.end),
        "products": texts(a.products) or [PENDING],
        "verification": texts(a.verification) or [PENDING],
        "weight": number_text(a.weight, "%"),
        "weight_value": a.weight,
    }


def _indicator(index: int, ind: Indicator) -> dict[str, Any]:
    base = ind.baseline
    if base.value is None and base.year is None:
        baseline = PENDING
    else:
        year = PENDING.lower() if base.year is None else str(base.year)
        baseline = f"{number_text(base.value)} ({year})"
    return {
        "number": index + 1,
        "name": text(ind.name),
        "definition": text(ind.definition),
        "method": text(ind.method),
        "unit": text(ind.unit),
        "frequency": text(ind.frequency),
        "baseline": baseline,
        "baseline_value": base.value,
        "baseline_year": base.year,
        "goal": number_text(ind.goal),
        "goal_value": ind.goal,
        "direction": PENDING if ind.direction is None else DIRECTION_LABELS_ES[ind.direction],
        "verification": texts(ind.verification) or [PENDING],
    }


def _decision(entry: PlanCommitment) -> dict[str, Any] | None:
    d: DecisionSummary | None = entry.decision
    if d is None:
        return None
    rows = [
        {"sector": SECTOR_NAMES_ES.get(p.sector, xml_text(p.sector)), "eligible": p.eligible, "voted": p.voted}
        for p in d.participation
    ]
    return {
        "kind": DECISION_KIND_LABELS_ES[d.kind],
        "method": METHOD_LABELS_ES[d.method],
        "date": format_date(d.date),
        "participation": rows,
        "eligible": sum(p.eligible for p in d.participation),
        "voted": sum(p.voted for p in d.participation),
    }


def _secretariat(plan: Plan) -> list[dict[str, Any]]:
    order = {s: i for i, s in enumerate(SECRETARIAT_SECTORS)}
    sectors: dict[str, list[dict[str, str]]] = {}
    for member in sorted(plan.secretariat, key=lambda m: order.get(m.sector, len(order))):
        sectors.setdefault(member.sector, []).append(
            {"name": text(member.name), "organization": text(member.organization) if member.organization else "—"}
        )
    shown = [
        {"sector": SECTOR_NAMES_ES.get(s, xml_text(s)), "code": s, "members": members} for s, members in sectors.items()
    ]
    missing = [
        s for s in (Sector.SOCIEDAD_CIVIL, Sector.SERVICIO_PUBLICO, Sector.ORGANISMO_GARANTE) if s not in sectors
    ]
    shown += [
        {"sector": SECTOR_NAMES_ES[s], "code": str(s), "members": [{"name": PENDING, "organization": PENDING}]}
        for s in missing
    ]
    return shown


# The tabular view: one row per activity, for the data formats (CSV). Data,
# not a document: what is missing stays empty, dates are AAAA-MM-DD and
# numbers plain; several values share a cell separated by ``CELL_SEPARATOR``.

CELL_SEPARATOR = " | "
ACTIVITY_TABLE_COLUMNS = (
    "compromiso_num",
    "compromiso_id",
    "compromiso",
    "tipo_compromiso",
    "persona_servidora_publica_responsable",
    "cargo",
    "institucion",
    "osc_corresponsables",
    "compromiso_inicio",
    "compromiso_fin",
    "actividad_num",
    "actividad",
    "actividad_responsable",
    "actividad_inicio",
    "actividad_fin",
    "actividad_productos",
    "actividad_medios_verificacion",
    "actividad_peso",
    "indicadores",
    "indicadores_medios_verificacion",
)


def activity_table(plan: Plan) -> list[dict[str, str]]:
    """One row per activity (``ACTIVITY_TABLE_COLUMNS``); a commitment without
    activities still gets one row, so none is lost."""
    rows = []
    for number, entry in enumerate(plan.commitments, 1):
        r = entry.roadmap
        commitment = {
            "compromiso_num": str(number),
            "compromiso_id": xml_text(entry.id),
            "compromiso": xml_text(str(entry.commitment.sheet.get("title", ""))),
            "tipo_compromiso": ORIGIN_LABELS_ES[entry.origin],
            "persona_servidora_publica_responsable": xml_text(r.responsible.name),
            "cargo": xml_text(r.responsible.position),
            "institucion": xml_text(r.responsible.institution),
            "osc_corresponsables": _cell(
                o.name + (f" (contacto: {o.contact})" if o.contact else "") for o in r.organizations
            ),
            "compromiso_inicio": iso(r.start),
            "compromiso_fin": iso(r.end),
            "indicadores": _cell(_indicator_cell(i) for i in r.indicators),
            "indicadores_medios_verificacion": _cell(v for i in r.indicators for v in i.verification),
        }
        activities: list[tuple[int, Activity | None]] = list(enumerate(r.activities, 1)) or [(0, None)]
        for n, a in activities:
            row = dict.fromkeys(ACTIVITY_TABLE_COLUMNS, "") | commitment
            if a is not None:
                row |= {
                    "actividad_num": str(n),
                    "actividad": xml_text(a.description),
                    "actividad_responsable": xml_text(a.responsible),
                    "actividad_inicio": iso(a.start),
                    "actividad_fin": iso(a.end),
                    "actividad_productos": _cell(a.products),
                    "actividad_medios_verificacion": _cell(a.verification),
                    "actividad_peso": _plain_number(a.weight),
                }
            rows.append(row)
    return rows


def _cell(values: Iterable[str]) -> str:
    return CELL_SEPARATOR.join(xml_text(v) for v in values if v)


def _plain_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _indicator_cell(ind: Indicator) -> str:
    parts = [ind.name]
    if ind.unit:
        parts.append(f"unidad: {ind.unit}")
    if ind.baseline.value is not None:
        year = f" ({ind.baseline.year})" if ind.baseline.year is not None else ""
        parts.append(f"línea base: {_plain_number(ind.baseline.value)}{year}")
    if ind.goal is not None:
        parts.append(f"meta: {_plain_number(ind.goal)}")
    if ind.direction is not None:
        parts.append(f"sentido: {ind.direction}")
    return "; ".join(p for p in parts if p)
