"""The public follow-up's words and how it writes values, in Spanish
(``lang="es"``, the default) or English (``"en"``): the labels of statuses,
completion levels, reviews, roles and directions, the page's own ``WORDS``,
and dates, times (read in central Mexico), numbers, percents, sizes and
links as text. A link is only ever given an ``href`` when it is ``http(s)``
(or a path on the platform itself); anything else stays text.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from workshops.follow_up import STATUS_LABELS_ES, ActivityStatus, Completion, FollowUpRole, OpenedGovernment, ReviewKind
from workshops.messages import format_date, format_number
from workshops.plan import ORIGIN_LABELS_ES, Origin
from workshops.roadmap import Direction

from .plan_view import DISPLAY_TIMEZONE, english_date

LANGS = ("es", "en")
STATUS_LABELS: dict[str, dict[ActivityStatus, str]] = {
    "es": dict(STATUS_LABELS_ES),
    "en": {
        ActivityStatus.SIN_INICIAR: "Not started",
        ActivityStatus.INICIADA: "Started",
        ActivityStatus.POR_VERIFICAR: "Awaiting verification",
        ActivityStatus.VERIFICADA: "Verified",
        ActivityStatus.DEVUELTA: "Returned",
    },
}
ORIGIN_LABELS: dict[str, dict[Origin, str]] = {
    "es": dict(ORIGIN_LABELS_ES),
    "en": {Origin.PROACTIVO: "Proactive", Origin.CO_CREADO: "Co-created"},
}
COMPLETION_LABELS = {
    "es": {
        Completion.NO_INICIADO: "No iniciado",
        Completion.LIMITADO: "Limitado",
        Completion.SUSTANCIAL: "Sustancial",
        Completion.COMPLETO: "Completo",
    },
    "en": {
        Completion.NO_INICIADO: "Not started",
        Completion.LIMITADO: "Limited",
        Completion.SUSTANCIAL: "Substantial",
        Completion.COMPLETO: "Complete",
    },
}
OPENED_LABELS = {
    "es": {
        OpenedGovernment.EMPEORO: "Empeoró",
        OpenedGovernment.NO_CAMBIO: "No cambió",
        OpenedGovernment.MARGINAL: "Marginal",
        OpenedGovernment.MAYOR: "Mayor",
        OpenedGovernment.SOBRESALIENTE: "Sobresaliente",
    },
    "en": {
        OpenedGovernment.EMPEORO: "Worsened",
        OpenedGovernment.NO_CAMBIO: "Did not change",
        OpenedGovernment.MARGINAL: "Marginal",
        OpenedGovernment.MAYOR: "Major",
        OpenedGovernment.SOBRESALIENTE: "Outstanding",
    },
}
REVIEW_KIND_LABELS = {
    "es": {ReviewKind.SEGUIMIENTO_SEMESTRAL: "Seguimiento semestral", ReviewKind.EVALUACION_FINAL: "Evaluación final"},
    "en": {ReviewKind.SEGUIMIENTO_SEMESTRAL: "Six-month monitoring", ReviewKind.EVALUACION_FINAL: "Final evaluation"},
}
ROLE_LABELS = {
    "es": {
        FollowUpRole.RESPONSABLE: "Persona servidora pública responsable",
        FollowUpRole.CORRESPONSABLE: "Organización corresponsable",
        FollowUpRole.VERIFIER: "Organismo garante",
        FollowUpRole.EDITOR: "Secretariado Técnico",
    },
    "en": {
        FollowUpRole.RESPONSABLE: "Responsible public servant",
        FollowUpRole.CORRESPONSABLE: "Co-responsible organization",
        FollowUpRole.VERIFIER: "Guarantor body",
        FollowUpRole.EDITOR: "Technical Secretariat",
    },
}
DIRECTION_LABELS = {
    "es": {Direction.ASCENDENTE: "Ascendente", Direction.DESCENDENTE: "Descendente", Direction.CONSTANTE: "Constante"},
    "en": {Direction.ASCENDENTE: "Ascending", Direction.DESCENDENTE: "Descending", Direction.CONSTANTE: "Constant"},
}
# The page's own words.
WORDS = {
    "es": {
        "pending": "Pendiente",
        "late": "Atrasada",
        "on_time": "En tiempo",
        "progress": "Avance verificado",
        "reported": "Reportado, por verificar",
        "plan_progress": "Avance del plan",
        "commitments": "Compromisos",
        "commitment": "Compromiso",
        "activities": "Actividades",
        "indicators": "Indicadores",
        "reviews": "Revisiones",
        "history": "Historial público",
        "evidence": "Evidencia",
        "no_evidence": "Sin evidencia todavía",
        "baseline": "Línea base",
        "goal": "Meta",
        "direction": "Sentido",
        "measurements": "Mediciones",
        "no_measurements": "Sin mediciones todavía",
        "status": "Estado",
        "dates": "Fechas",
        "weight": "Peso",
        "responsible": "Responsable",
        "organizations": "Organizaciones corresponsables",
        "objective": "Objetivo",
        "problem": "Problema público que atiende",
        "result": "Resultado esperado",
        "roadmap": "Hoja de ruta",
        "published": "Publicado el",
        "as_of": "Datos al",
        "guarantor": "Organismo garante",
        "entity": "Ente",
        "period": "Vigencia",
        "open_data": "Datos abiertos",
        "completion": "Nivel de avance",
        "opened_government": "¿Abrió el gobierno?",
        "quality": "Calidad",
        "relevance": "Relevancia",
        "notes": "Notas",
        "no_reviews": "Sin revisiones todavía",
        "no_history": "Sin cambios desde la publicación",
        "updates": "Reportes",
        "late_count": "atrasadas",
        "better_up": "Mejor hacia arriba",
        "better_down": "Mejor hacia abajo",
        "better_same": "Mejor sin cambio",
        "not_a_link": "enlace no http(s), mostrado como texto",
        "contents": "Contenido",
    },
    "en": {
        "pending": "Pending",
        "late": "Late",
        "on_time": "On time",
        "progress": "Verified progress",
        "reported": "Reported, awaiting verification",
        "plan_progress": "Plan progress",
        "commitments": "Commitments",
        "commitment": "Commitment",
        "activities": "Activities",
        "indicators": "Indicators",
        "reviews": "Reviews",
        "history": "Public history",
        "evidence": "Evidence",
        "no_evidence": "No evidence yet",
        "baseline": "Baseline",
        "goal": "Goal",
        "direction": "Direction",
        "measurements": "Measurements",
        "no_measurements": "No measurements yet",
        "status": "Status",
        "dates": "Dates",
        "weight": "Weight",
        "responsible": "Responsible",
        "organizations": "Co-responsible organizations",
        "objective": "Objective",
        "problem": "Public problem addressed",
        "result": "Expected result",
        "roadmap": "Roadmap",
        "published": "Published on",
        "as_of": "Data as of",
        "guarantor": "Guarantor body",
        "entity": "Entity",
        "period": "Term",
        "open_data": "Open data",
        "completion": "Completion",
        "opened_government": "Did it open government?",
        "quality": "Quality",
        "relevance": "Relevance",
        "notes": "Notes",
        "no_reviews": "No reviews yet",
        "no_history": "No changes since publication",
        "updates": "Reports",
        "late_count": "late",
        "better_up": "Higher is better",
        "better_down": "Lower is better",
        "better_same": "Steady is better",
        "not_a_link": "not an http(s) link, shown as text",
        "contents": "Contents",
    },
}
HTTP_LINK = re.compile(r"^https?://[^\s/$.?#][^\s\"'<>`]*$", re.IGNORECASE)


def local_today(now: dt.datetime) -> dt.date:
    """The day in central Mexico at ``now``: what «late» is computed against."""
    return now.astimezone(DISPLAY_TIMEZONE).date()


def date_text(value: dt.date | None, lang: str) -> str:
    if value is None:
        return WORDS[lang]["pending"]
    if lang == "en":
        return english_date(value)
    return format_date(value)


def time_text(value: dt.datetime, lang: str) -> str:
    local = value.astimezone(DISPLAY_TIMEZONE)
    return f"{date_text(local.date(), lang)}, {local:%H:%M} h"


def utc_iso(value: dt.datetime) -> str:
    """RFC 3339 in UTC (a naive time is taken as UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def number_text(value: float | None, lang: str, unit: str = "") -> str:
    if value is None or not math.isfinite(value):
        return WORDS[lang]["pending"]
    shown = format_number(value) if lang == "es" else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} {unit}".strip()


def percent_text(value: float, lang: str) -> str:
    return number_text(value, lang) + " %"


def late_text(count: int, lang: str) -> str:
    """«1 actividad atrasada», «3 actividades atrasadas»."""
    if lang == "en":
        return f"{count} late {'activity' if count == 1 else 'activities'}"
    return f"{count} actividad atrasada" if count == 1 else f"{count} actividades atrasadas"


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def safe_href(value: str | None) -> str | None:
    """The value when it may be an ``<a href>`` (an http(s) URL, or a path on
    the platform itself); ``None`` when it must stay text."""
    if not value:
        return None
    if HTTP_LINK.match(value):
        return value
    if value.startswith("/") and not value.startswith("//") and re.fullmatch(r"[\w\-./%~+=&?]*", value):
        return value
    return None
