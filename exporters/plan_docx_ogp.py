"""Each commitment of the plan in the layout of the Open Government
Partnership's commitment template, in Spanish: a two-column sheet (the
commitment, its dates, the responsible institution, the description
questions, additional information), the activities with a verifiable
deliverable, and the contact information (the responsible public servant,
the other actors involved).

Writes ``plan_document.ogp_view(plan)``, the rows the HTML and PDF of the
``ogp`` layout show too; called by
``plan_docx.export_plan_docx(plan, layout="ogp")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.table import Table

from .docx_writer import SMALL, Value, Writer

# A row that spans both columns: a section of the template.
Row = tuple[str, Value] | str


def write_ogp_commitments(w: Writer, view: dict[str, Any]) -> None:
    """``view`` is ``ogp_view(plan)``."""
    columns = view["activity_columns"]
    for c in view["commitments"]:
        w.heading(c["heading"], 1, new_page=True)
        _sheet(w, _group_rows(c["sheet"]))
        rows: list[tuple[Value, ...]] = [
            (str(a["number"]), a["description"], a["deliverable"], a["verification"], a["start"], a["end"])
            for a in c["activities"]
        ]
        pending: tuple[Value, ...] = ("—", c["pending"], *("" for _ in columns[2:]))
        w.table(columns, rows or [pending], widths=(0.65, 2.45, 1.6, 1.6, 1.1, 1.1), size=SMALL)
        _sheet(w, _group_rows(c["contact"]))
        w.flush()


def _group_rows(groups: Sequence[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for group in groups:
        if group["heading"]:
            rows.append(group["heading"])
        rows.extend((row["label"], row["items"]) for row in group["rows"])
    return rows


def _sheet(w: Writer, rows: Sequence[Row]) -> Table:
    """The template's two columns, without a header row; a plain string is a
    section heading across both columns."""
    return w.facts_table(rows, widths=(1.4, 3), header=False)
