"""The Plan de Acción as a spreadsheet: CSV, one row per activity
(``plan_view.activity_table``: its commitment, the responsible public
servant, dates, products, means of verification, weight, the commitment's
indicators and theirs).

UTF-8 with a BOM and CRLF line ends, the way spreadsheet programs in Spanish
open it without asking. A cell a spreadsheet could take for a formula
(beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
starts with an apostrophe instead.
"""

from __future__ import annotations

import csv
import io

from workshops.plan import Plan

from .plan_view import ACTIVITY_TABLE_COLUMNS, activity_table

MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_plan_csv(plan: Plan) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ACTIVITY_TABLE_COLUMNS)
    for row in activity_table(plan):
        writer.writerow([neutralize(row[column]) for column in ACTIVITY_TABLE_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
