"""The public page of a published plan (``templates/public_plan.html.j2``):
the plan, each commitment with its hoja de ruta, verified progress (what is
reported but not verified shown apart), activities with their status, late
mark, evidence and reports, indicators with a small chart, reviews and the
public history. One standalone HTML file: no script, no outside style or
font, readable on a phone, printable.

Everything comes from ``follow_up_view.follow_up_view``; the template
escapes every value, and a link is active only when the view gave it an
``href`` (http(s), or a path on the platform): otherwise it is shown as text.
"""

from __future__ import annotations

from typing import Any

from .follow_up_chart import better_text, indicator_chart_svg
from .templates_env import environment

MEDIA_TYPE = "text/html; charset=utf-8"
TEMPLATE = "public_plan.html.j2"


def open_data_links(plan_id: str, lang: str = "es") -> list[dict[str, Any]]:
    """The public routes of the plan's open data and feeds (``rel``: the ones
    the page announces in its ``<head>``)."""
    base = f"/api/public/plans/{plan_id}"
    es = lang == "es"
    return [
        {"label": "JSON", "href": base, "type": "application/json", "rel": False},
        {
            "label": "CSV" + (" (avance por actividad)" if es else " (progress per activity)"),
            "href": f"{base}/progress.csv",
            "type": "text/csv",
            "rel": False,
        },
        {
            "label": "Atom" + (" (novedades)" if es else " (news)"),
            "href": f"{base}/feed.atom",
            "type": "application/atom+xml",
            "rel": True,
        },
        {
            "label": "iCalendar" + (" (fechas de término)" if es else " (due dates)"),
            "href": f"{base}/calendar.ics",
            "type": "text/calendar",
            "rel": False,
        },
    ]


def render_public_page(view: dict[str, Any], open_data: list[dict[str, Any]] | None = None) -> bytes:
    """The page's HTML; ``open_data`` defaults to ``open_data_links`` of the plan."""
    charts: dict[str, str] = {}
    better: dict[str, str] = {}
    for c in view["commitments"]:
        for ind in c["indicators"]:
            key = f"{c['number']}-{ind['number']}"
            charts[key] = indicator_chart_svg(ind, view["words"], f"grafica-{key}")
            better[key] = better_text(ind, view["words"])
    links = open_data_links(view["id"], view["lang"]) if open_data is None else open_data
    html = environment.get_template(TEMPLATE).render(view | {"charts": charts, "better": better, "open_data": links})
    return html.encode("utf-8")
