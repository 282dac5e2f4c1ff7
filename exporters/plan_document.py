"""What the plan's documents (HTML, Markdown, ODT, PDF) read besides
``plan_view``: the document language, the annexes of attendance and minutes,
the contents that list them, and the OGP commitment template's view.

Two layouts: ``plan`` (the Plan de Acción: cover, contents, one chapter per
commitment, annexes) and ``ogp`` (each commitment on its own page in the
rows of the OGP commitment template). Like ``plan_view``, plain dicts and
strings in Spanish; escaping stays the templates' business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.plan import Plan

from .formats import LAYOUTS
from .plan_view import PENDING, plan_view

# The language the documents declare (``<html lang>``, ODF and PDF metadata).
DOCUMENT_LANG = "es-MX"
LAYOUT_PLAN, LAYOUT_OGP = LAYOUTS

ATTENDANCE_ANCHOR = "asistencia"
MINUTES_ANCHOR = "relatoria"
ATTENDANCE_HEADING = "Anexo. Asistencia por sector"
MINUTES_HEADING = "Anexo. Relatoría"
ATTENDANCE_COLUMNS = ("Sector", "Personas", "Organizaciones")
MINUTES_COLUMNS = ("Hora", "Acontecimiento")
PRIVACY_NOTE = (
    "Conforme al aviso de privacidad, la asistencia se informa por sector: el número de personas y las "
    "organizaciones que declararon al unirse a la mesa, sin nombres de personas."
)
MINUTES_NOTE = "La relatoría se escribe a partir del registro de la mesa; las horas son del centro de México."

OGP_TITLE = "Compromisos en el formato de la Alianza para el Gobierno Abierto (OGP)"
OGP_ACTIVITY_COLUMNS = (
    "Núm.",
    "Actividad",
    "Entregable verificable",
    "Medio de verificación",
    "Fecha de inicio",
    "Fecha de término",
)


def check_layout(layout: str, format_name: str, by_format: Mapping[str, tuple[str, ...]]) -> None:
    """``ValidationError(field="layout")`` unless ``format_name`` renders
    ``layout``; ``by_format`` maps each format to its layouts (``plan`` only
    when absent), and the message says which formats have the one asked for."""
    if layout in by_format.get(format_name, (LAYOUT_PLAN,)):
        return
    if layout not in LAYOUTS:
        raise ValidationError(
            _("Diseño desconocido: «{layout}». Diseños disponibles: {list}.", layout=layout, list=", ".join(LAYOUTS)),
            field="layout",
            known=LAYOUTS,
        )
    formats = tuple(sorted(name for name, layouts in by_format.items() if layout in layouts))
    raise ValidationError(
        _(
            "El formato «{format_name}» no tiene el diseño «{layout}»; ese diseño está en: {list}.",
            format_name=format_name,
            layout=layout,
            list=", ".join(formats),
        ),
        field="layout",
        formats=formats,
    )


def document_view(plan: Plan) -> dict[str, Any]:
    """``plan_view(plan)`` with the document language, the two annexes of
    the mesas (attendance by sector, minutes) and contents that list them."""
    view = plan_view(plan)
    chapters = view["chapters"]
    attendance = [
        entry | {"rows": c["attendance"]["rows"], "total": c["attendance"]["total"]}
        for entry, c in _by_mesa(chapters, lambda c: bool(c["attendance"]["rows"]))
    ]
    minutes = [
        entry | {"entries": c["minutes"], "minuta": c["mesa"]["minuta"] if c["mesa"] else None}
        for entry, c in _by_mesa(chapters, lambda c: bool(c["minutes"]) or bool(c["mesa"] and c["mesa"]["minuta"]))
    ]
    annexes = {
        "attendance": {
            "anchor": ATTENDANCE_ANCHOR,
            "heading": ATTENDANCE_HEADING,
            "note": PRIVACY_NOTE,
            "columns": ATTENDANCE_COLUMNS,
            "mesas": attendance,
        },
        "minutes": {
            "anchor": MINUTES_ANCHOR,
            "heading": MINUTES_HEADING,
            "note": MINUTES_NOTE,
            "columns": MINUTES_COLUMNS,
            "mesas": minutes,
        },
    }
    contents = [
        *view["contents"],
        {"anchor": ATTENDANCE_ANCHOR, "heading": ATTENDANCE_HEADING},
        {"anchor": MINUTES_ANCHOR, "heading": MINUTES_HEADING},
    ]
    return view | {"lang": DOCUMENT_LANG, "contents": contents, "mesa_annexes": annexes}


def _by_mesa(
    chapters: list[dict[str, Any]], shown: Callable[[dict[str, Any]], bool]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One annex entry per mesa (commitments from one mesa share its
    attendance and minutes), with the first chapter that has them; a
    commitment without a mesa is an entry of its own."""
    groups: dict[tuple[object, ...], list[dict[str, Any]]] = {}
    for c in chapters:
        if shown(c):
            mesa = c["mesa"]
            key = (mesa["title"], mesa["date_iso"], mesa["entity"]) if mesa else ("", c["number"])
            groups.setdefault(key, []).append(c)
    out = []
    for number, group in enumerate(groups.values(), 1):
        first = group[0]
        mesa = first["mesa"]
        entry = {
            "number": number,
            "heading": mesa["title"] if mesa else first["heading"],
            "mesa": f"{mesa['date']}. Ente: {mesa['entity']}." if mesa else None,
            "commitments": "; ".join(c["heading"] for c in group) if mesa else None,
        }
        out.append((entry, first))
    return out


def ogp_view(plan: Plan) -> dict[str, Any]:
    """The commitments in the rows of the OGP commitment template: what the
    HTML, the PDF and the DOCX of the ``ogp`` layout all write."""
    view = document_view(plan)
    return {
        "lang": view["lang"],
        "title": view["title"],
        "subtitle": OGP_TITLE,
        "entity": view["entity"],
        "period": view["period"],
        "activity_columns": OGP_ACTIVITY_COLUMNS,
        "commitments": [_ogp_commitment(c) for c in view["chapters"]],
    }


def _rows(*rows: tuple[str, list[str]]) -> list[dict[str, Any]]:
    return [{"label": label, "items": items} for label, items in rows]


def _ogp_commitment(c: dict[str, Any]) -> dict[str, Any]:
    sheet = {row["key"]: row["items"] for row in c["sheet"]}
    roadmap = c["roadmap"]
    responsible = roadmap["responsible"]
    [dates] = next(f["items"] for f in roadmap["fields"] if f["number"] == 8)
    additional = [
        f"Tipo de compromiso: {c['origin']}",
        f"Objetivos de Desarrollo Sostenible (ODS): {'; '.join(sheet['sdgs'])}",
        f"Perspectiva de género: {' '.join(sheet['gender_perspective'])}",
        f"Supuestos: {' '.join(sheet['assumptions'])}",
    ]
    sheet_groups = [
        {
            "heading": None,
            "rows": _rows(
                ("Compromiso", [c["title"]]),
                ("Fecha de inicio y término", [dates]),
                ("Institución responsable", [responsible["institution"]]),
            ),
        },
        {
            "heading": "Descripción del compromiso",
            "rows": _rows(
                ("¿Cuál es el problema público que atiende?", sheet["problem"]),
                ("¿Qué es el compromiso?", sheet["description"]),
                ("¿Cómo contribuirá a resolver el problema?", sheet["how_it_helps"]),
                ("¿Por qué es relevante para los valores de gobierno abierto?", sheet["ogp_values"]),
                ("Información adicional", additional),
            ),
        },
    ]
    contact_groups = [
        {
            "heading": "Información de contacto",
            "rows": _rows(
                ("Persona servidora pública responsable", [responsible["name"]]),
                ("Cargo", [responsible["position"]]),
                ("Institución", [responsible["institution"]]),
            ),
        },
        {
            "heading": "Otros actores involucrados",
            "rows": _rows(
                ("Organizaciones de la sociedad civil", roadmap["organizations"]),
                ("Otros actores", sheet["other_actors"]),
            ),
        },
    ]
    activities = [
        {
            "number": a["number"],
            "description": a["description"],
            "deliverable": a["products"],
            "verification": a["verification"],
            "start": a["start"],
            "end": a["end"],
        }
        for a in roadmap["activities"]
    ]
    return {
        "number": c["number"],
        "anchor": c["anchor"],
        "heading": c["heading"],
        "origin": c["origin"],
        "sheet": sheet_groups,
        "activities": activities,
        "contact": contact_groups,
        "pending": PENDING,
    }
