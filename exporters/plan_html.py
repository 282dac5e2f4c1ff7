"""The Plan de Acción as an accessible, printable HTML page, in two layouts.

One standalone file (no scripts, fonts or links outside itself):
``lang="es-MX"``, one ``h1``, landmarks, tables with captions and
``<th scope>``, and print CSS (letter pages numbered through ``@page``, each
chapter on a new page, table headers repeated). ``layout="plan"``
(``templates/plan.html.j2``) is the whole plan from
``plan_document.document_view``; ``layout="ogp"``
(``templates/plan_ogp.html.j2``) gives each commitment a page in the rows of
the OGP commitment template. The templates escape every value: whatever
people typed comes out as text.

In the ``plan`` layout each commitment's problem tree is a figure above the
same tree as text: ``tree_figure``'s SVG (the room's own drawing) as a
``data:`` URI image, so the file stays standalone; a tree the plan keeps
only as text has the text and a note instead. ``paged`` leaves out the
narrow-screen rules (a copy meant only for print).
"""

from __future__ import annotations

from workshops.plan import Plan

from .formats import LAYOUTS
from .plan_document import LAYOUT_OGP, LAYOUT_PLAN, check_layout, document_view, ogp_view
from .templates_env import environment
from .tree_figure import figure_uris

MEDIA_TYPE = "text/html; charset=utf-8"
TEMPLATES = {LAYOUT_PLAN: "plan.html.j2", LAYOUT_OGP: "plan_ogp.html.j2"}


def render_plan_html(
    plan: Plan,
    layout: str = LAYOUT_PLAN,
    *,
    paged: bool = False,
) -> str:
    check_layout(layout, "html", {"html": LAYOUTS})
    view = ogp_view(plan) if layout == LAYOUT_OGP else document_view(plan) | {"figures": figure_uris(plan)}
    return environment.get_template(TEMPLATES[layout]).render(view | {"paged": paged})


def export_plan_html(plan: Plan, layout: str = LAYOUT_PLAN) -> bytes:
    return render_plan_html(plan, layout).encode("utf-8")
