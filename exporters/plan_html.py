"""The Plan de Acción as an accessible, printable HTML page.

One standalone file (no scripts, images, fonts or links outside itself):
``lang="es"``, one ``h1``, a chapter (``h2``) per commitment with its parts
in ``h3``/``h4``, tables with captions and ``<th scope>``, and print CSS
(letter pages, each chapter on a new page). The template
(``templates/plan.html.j2``) receives ``plan_view.plan_view(plan)`` and
escapes every value: whatever people typed comes out as text.
"""

from __future__ import annotations

from workshops.plan import Plan

from .plan_view import plan_view
from .tree_svg import environment

MEDIA_TYPE = "text/html; charset=utf-8"
TEMPLATE = "plan.html.j2"


def export_plan_html(plan: Plan) -> bytes:
    return environment.get_template(TEMPLATE).render(plan_view(plan)).encode("utf-8")
