"""A published plan's progress as a spreadsheet: ``progress.csv``, one row
per activity (its commitment, dates, weight, status, late mark, the
commitment's verified and reported progress, the evidence).

Like the plan's CSV (``plan_csv``): UTF-8 with a BOM, CRLF line ends, and a
cell a spreadsheet could take for a formula starts with an apostrophe
(``plan_csv.neutralize``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .plan_csv import neutralize
from .plan_view import CELL_SEPARATOR

MEDIA_TYPE = "text/csv; charset=utf-8"
COLUMNS = (
    "compromiso_num",
    "compromiso_id",
    "compromiso",
    "compromiso_avance_verificado",
    "compromiso_avance_reportado",
    "actividad_num",
    "actividad_id",
    "actividad",
    "actividad_inicio",
    "actividad_fin",
    "actividad_peso",
    "estado",
    "estado_texto",
    "atrasada",
    "ultimo_reporte",
    "evidencia",
    "evidencia_sha256",
)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def progress_rows(view: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for c in view["commitments"]:
        for a in c["activities"]:
            rows.append(
                {
                    "compromiso_num": str(c["number"]),
                    "compromiso_id": c["id"],
                    "compromiso": c["title"],
                    "compromiso_avance_verificado": _number(c["progress"]["verified"]),
                    "compromiso_avance_reportado": _number(c["progress"]["reported"]),
                    "actividad_num": str(a["number"]),
                    "actividad_id": a["id"],
                    "actividad": a["description"],
                    "actividad_inicio": a["start_iso"] or "",
                    "actividad_fin": a["end_iso"] or "",
                    "actividad_peso": _number(a["weight"]),
                    "estado": a["status"],
                    "estado_texto": a["status_label"],
                    "atrasada": "si" if a["late"] else "no",
                    "ultimo_reporte": a["updates"][-1]["at_iso"] if a["updates"] else "",
                    "evidencia": CELL_SEPARATOR.join(e["target"] for e in a["evidence"]),
                    "evidencia_sha256": CELL_SEPARATOR.join(e["sha256"] for e in a["evidence"] if e["sha256"]),
                }
            )
    return rows


def export_progress_csv(view: dict[str, Any]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in progress_rows(view):
        writer.writerow([neutralize(row[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
