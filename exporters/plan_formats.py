"""The formats the Plan de Acción exports as: ``PLAN_FORMATS``, registered
the way ``formats.TREE_FORMATS`` is (``docs/export-formats.md``).

The plan carries its own title; a renderer reads only ``context.lang``,
and the plan's documents exist in Spanish only.
"""

from __future__ import annotations

from workshops.errors import ValidationError
from workshops.plan import Plan

from . import plan_csv, plan_html, plan_json, plan_markdown
from .formats import ExportContext, Format, FormatRegistry

SUBJECT_PLAN = "plan"
LANGUAGES = ("es",)


def _check_language(context: ExportContext) -> None:
    if context.lang not in LANGUAGES:
        raise ValidationError(
            f"El Plan de Acción se exporta solo en español: «{context.lang}» no está disponible.",
            field="lang",
            known=LANGUAGES,
        )


def _json(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_json.export_plan_json(plan)


def _csv(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_csv.export_plan_csv(plan)


def _markdown(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_markdown.export_plan_markdown(plan)


def _html(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_html.export_plan_html(plan)


PLAN_FORMATS: FormatRegistry[Plan] = FormatRegistry(
    SUBJECT_PLAN,
    [
        Format("json", "json", plan_json.MEDIA_TYPE, _json),
        Format("csv", "csv", plan_csv.MEDIA_TYPE, _csv),
        Format("md", "md", plan_markdown.MEDIA_TYPE, _markdown),
        Format("html", "html", plan_html.MEDIA_TYPE, _html),
    ],
)
