"""The formats the Plan de Acción exports as: ``PLAN_FORMATS``, registered
the way ``formats.TREE_FORMATS`` is (``docs/export-formats.md``).

The plan carries its own title; a renderer reads ``context.lang`` (the
plan's documents exist in Spanish only) and ``context.layout`` (``plan`` or
``ogp``: the formats of ``LAYOUTS_BY_FORMAT``; any other format refuses
``ogp`` with ``ValidationError(field="layout")``) and, for DOCX,
``context.template``.
"""

from __future__ import annotations

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.plan import Plan

from . import media_types, plan_csv, plan_html, plan_json, plan_markdown, plan_pdf
from .formats import LAYOUTS, ExportContext, Format, FormatRegistry
from .plan_document import check_layout

SUBJECT_PLAN = "plan"
LANGUAGES = ("es",)
# The formats that have the OGP commitment template besides the plan.
LAYOUTS_BY_FORMAT = {"html": LAYOUTS, "pdf": LAYOUTS, "docx": LAYOUTS}


def _check_language(context: ExportContext) -> None:
    if context.lang not in LANGUAGES:
        raise ValidationError(
            _("El Plan de Acción se exporta solo en español: «{lang}» no está disponible.", lang=context.lang),
            field="lang",
            known=LANGUAGES,
        )


def _check_plan_layout(context: ExportContext, name: str) -> None:
    check_layout(context.layout, name, LAYOUTS_BY_FORMAT)


def _json(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    _check_plan_layout(context, "json")
    return plan_json.export_plan_json(plan)


def _csv(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    _check_plan_layout(context, "csv")
    return plan_csv.export_plan_csv(plan)


def _markdown(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    _check_plan_layout(context, "md")
    return plan_markdown.export_plan_markdown(plan)


def _html(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_html.export_plan_html(plan, context.layout)


def _docx(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    from . import plan_docx  # python-docx, when a DOCX is made (not at the server's start)

    return plan_docx.export_plan_docx(plan, layout=context.layout, template=context.template)


def _odt(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    _check_plan_layout(context, "odt")
    from . import plan_odt  # odfdo, when an ODT is made (not at the server's start)

    return plan_odt.export_plan_odt(plan)


def _pdf(plan: Plan, context: ExportContext) -> bytes:
    _check_language(context)
    return plan_pdf.export_plan_pdf(plan, context.layout)


PLAN_FORMATS: FormatRegistry[Plan] = FormatRegistry(
    SUBJECT_PLAN,
    [
        Format("json", "json", plan_json.MEDIA_TYPE, _json),
        Format("csv", "csv", plan_csv.MEDIA_TYPE, _csv),
        Format("md", "md", plan_markdown.MEDIA_TYPE, _markdown),
        Format("html", "html", plan_html.MEDIA_TYPE, _html),
        Format("docx", "docx", media_types.DOCX, _docx),
        Format("odt", "odt", media_types.ODT, _odt),
        Format("pdf", "pdf", plan_pdf.MEDIA_TYPE, _pdf),
    ],
)
