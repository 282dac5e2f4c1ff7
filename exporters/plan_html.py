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

``figures`` (the PDF passes them; ``plan`` layout only) maps a chapter's
number to its tree drawing, ``{"src": data: URI, "alt": description}``, shown
above the tree as text; the page alone carries no images. ``paged`` (the
PDF) leaves out the narrow-screen rules, whose media features WeasyPrint's
parser does not read.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshops.plan import Plan

from .formats import LAYOUTS
from .plan_document import LAYOUT_OGP, LAYOUT_PLAN, check_layout, document_view, ogp_view
from .templates_env import environment

MEDIA_TYPE = "text/html; charset=utf-8"
TEMPLATES = {LAYOUT_PLAN: "plan.html.j2", LAYOUT_OGP: "plan_ogp.html.j2"}


def render_plan_html(
    plan: Plan,
    layout: str = LAYOUT_PLAN,
    *,
    figures: Mapping[int, Mapping[str, str]] | None = None,
    paged: bool = False,
) -> str:
    check_layout(layout, "html", {"html": LAYOUTS})
    view = ogp_view(plan) if layout == LAYOUT_OGP else document_view(plan) | {"figures": dict(figures or {})}
    return environment.get_template(TEMPLATES[layout]).render(view | {"paged": paged})


def export_plan_html(plan: Plan, layout: str = LAYOUT_PLAN) -> bytes:
    return render_plan_html(plan, layout).encode("utf-8")
