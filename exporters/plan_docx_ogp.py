"""Each commitment of the plan in the layout of the Open Government
Partnership's commitment template, in Spanish: a two-column sheet (the
commitment, its dates, the responsible institution, the description
questions, additional information), the milestones (activity with a
verifiable deliverable, start, end) and the contact information (the
responsible public servant, the other actors involved).

Reads the chapters of ``plan_view.plan_view(plan)``; written by
``plan_docx.export_plan_docx(plan, layout="ogp")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.table import Table

from .docx_writer import Value, Writer
from .plan_view import PENDING

OGP_SUBTITLE = "Compromisos en el formato de la plantilla de compromisos de la Alianza para el Gobierno Abierto (OGP)"
ROW_COMMITMENT = "Compromiso"
ROW_DATES = "Fecha de inicio y término"
ROW_INSTITUTION = "Institución responsable"
ROW_DESCRIPTION = "Descripción del compromiso"
ROW_PROBLEM = "¿Cuál es el problema público que atiende?"
ROW_WHAT = "¿Qué es el compromiso?"
ROW_HOW = "¿Cómo contribuirá a resolver el problema?"
ROW_VALUES = "¿Por qué es relevante para los valores de gobierno abierto?"
ROW_ADDITIONAL = "Información adicional"
MILESTONE_COLUMNS = ("Actividad con entregable verificable", "Fecha de inicio", "Fecha de término")
ROW_CONTACT = "Información de contacto"
ROW_OFFICIAL = "Persona servidora pública responsable"
ROW_POSITION = "Cargo"
ROW_OFFICIAL_INSTITUTION = "Institución"
ROW_OTHERS = "Otros actores involucrados"
ROW_ORGANIZATIONS = "Organizaciones de la sociedad civil"
ROW_OTHER_ACTORS = "Otros actores"

# A row that spans both columns: a section of the template.
Row = tuple[str, Value] | str


def write_ogp_commitments(w: Writer, view: dict[str, Any]) -> None:
    for c in view["chapters"]:
        _commitment(w, c)
        w.flush()


def _commitment(w: Writer, c: dict[str, Any]) -> None:
    sheet = {row["key"]: row["items"] for row in c["sheet"]}
    r = c["roadmap"]
    dates_field = next(f for f in r["fields"] if f["number"] == 8)
    w.heading(c["heading"], 1, new_page=True)
    _sheet(
        w,
        [
            (ROW_COMMITMENT, f"{c['number']}. {c['title']}"),
            (ROW_DATES, dates_field["items"]),
            (ROW_INSTITUTION, r["responsible"]["institution"]),
            ROW_DESCRIPTION,
            (ROW_PROBLEM, sheet["problem"]),
            (ROW_WHAT, sheet["description"]),
            (ROW_HOW, sheet["how_it_helps"]),
            (ROW_VALUES, sheet["ogp_values"]),
            (ROW_ADDITIONAL, _additional(c, sheet)),
        ],
    )
    rows: list[tuple[str, str, str]] = [(_milestone(a), a["start"], a["end"]) for a in r["activities"]]
    w.table(MILESTONE_COLUMNS, rows or [(PENDING, PENDING, PENDING)], widths=(4, 1.2, 1.2))
    _sheet(
        w,
        [
            ROW_CONTACT,
            (ROW_OFFICIAL, r["responsible"]["name"]),
            (ROW_POSITION, r["responsible"]["position"]),
            (ROW_OFFICIAL_INSTITUTION, r["responsible"]["institution"]),
            ROW_OTHERS,
            (ROW_ORGANIZATIONS, r["organizations"]),
            (ROW_OTHER_ACTORS, sheet["other_actors"]),
        ],
    )


def _additional(c: dict[str, Any], sheet: dict[str, list[str]]) -> list[str]:
    return [
        f"Tipo de compromiso: {c['origin']}",
        f"Objetivos de Desarrollo Sostenible (ODS): {'; '.join(sheet['sdgs'])}",
        f"Perspectiva de género: {' '.join(sheet['gender_perspective'])}",
        f"Supuestos: {' '.join(sheet['assumptions'])}",
    ]


def _milestone(a: dict[str, Any]) -> str:
    """The activity, its deliverable and how it is verified, one per line."""
    return (
        f"{a['number']}. {a['description']}\n"
        f"Entregable: {'; '.join(a['products'])}\n"
        f"Medio de verificación: {'; '.join(a['verification'])}"
    )


def _sheet(w: Writer, rows: Sequence[Row]) -> Table:
    """The template's two columns, without a header row; a plain string is a
    section heading across both columns."""
    return w.facts_table(rows, widths=(1.4, 3), header=False)
