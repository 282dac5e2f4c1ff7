"""A commitment's *informe final*, modelled on the Infoem's final report
(seed 002): context (the plan, the commitment, its objective and lines of
action), the results per activity (what was reported and verified, with its
evidence: links and SHA-256 digests), the indicators against baseline and
goal, the progress, the final evaluation of the organismo garante and the
conclusions.

One entry point: ``render_report(view, commitment_id, fmt)`` →
``(bytes, media_type, filename)`` for ``md``, ``html``, ``docx``, ``odt``
and ``pdf``. The report is first a list of blocks (``report_blocks``:
headings, paragraphs, lists, tables of plain text) that every format writes
the same way, so no format says more or less than another. Every writer
places people's text as text: Markdown escapes it, HTML autoescapes it,
python-docx, odfdo/lxml and Typst (via ``sys.inputs``) never read it as
markup. The PDF is tagged like the plan's (``plan_pdf``): structure tree,
``/Lang``, title.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workshops.errors import NotFoundError, ValidationError
from workshops.messages import _

from . import media_types
from .follow_up_view import find_commitment
from .plan_markdown import escape_markdown
from .plan_pdf import compile_pdf
from .templates_env import environment

FORMATS = ("md", "html", "docx", "odt", "pdf")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": media_types.DOCX,
    "odt": media_types.ODT,
    "pdf": "application/pdf",
}
TEMPLATES = Path(__file__).resolve().parent / "templates"
TYPST_TEMPLATE = TEMPLATES / "follow_up_report.typ"
HTML_TEMPLATE = "follow_up_report.html.j2"
DOCX_STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "List Bullet",
    "List Number",
    "Quote",
    "Caption",
    "Table Grid",
    "Footer",
)

Block = dict[str, Any]

TEXTS: dict[str, dict[str, Any]] = {
    "es": {
        "title": "Informe final del compromiso «{title}»",
        "subtitle": "{plan} — {entity}",
        "context": "Contexto",
        "context_intro": (
            "El {plan} se publicó el {published}, con {count}. Entre ellos se encuentra el compromiso «{title}»"
            "{responsible}, que se planteó el siguiente objetivo:"
        ),
        "problem": "Problema público que atiende: {problem}",
        "lines": "Para lograrlo, se propusieron {n} líneas de acción:",
        "purpose": (
            "El presente documento presenta los resultados finales de la ejecución de dichas líneas, con la "
            "evidencia de cada actividad, de cara a la evaluación integral del plan."
        ),
        "results": "Resultados de la implementación",
        "activity": "Actividad {n}: {description}",
        "activity_facts": "Estado: {status}. Fechas: {start} – {end}. Peso: {weight}.",
        "done": "Lo realizado:",
        "nothing_done": "No se reportó avance de esta actividad.",
        "evidence": "Evidencia:",
        "no_evidence": "Sin evidencia registrada.",
        "indicators": "Indicadores",
        "no_indicators": "El compromiso no definió indicadores.",
        "indicator_columns": ("Indicador", "Línea base", "Meta", "Sentido", "Mediciones", "Meta alcanzada"),
        "yes": "Sí",
        "no": "No",
        "unknown": "Sin dato",
        "progress": "Avance",
        "progress_text": (
            "Avance verificado: {verified} (actividades verificadas por el organismo garante, según su peso). "
            "Reportado por verificar: {reported}. Actividades atrasadas: {late}."
        ),
        "evaluation": "Evaluación final",
        "no_evaluation": "El organismo garante aún no registra la evaluación final de este compromiso.",
        "review_columns": ("Revisión", "Nivel de avance", "¿Abrió el gobierno?", "Calidad", "Relevancia", "Notas"),
        "conclusions": "Resultados finales",
        "auto_conclusion": (
            "Con {done} de {total} actividades verificadas, el compromiso alcanzó un avance verificado de {verified}."
        ),
        "commitments": ("1 compromiso", "{n} compromisos"),
        "responsible": ", a cargo de {who}",
    },
    "en": {
        "title": "Final report of the commitment “{title}”",
        "subtitle": "{plan} — {entity}",
        "context": "Context",
        "context_intro": (
            "The {plan} was published on {published}, with {count}. Among them is the commitment “{title}”"
            "{responsible}, which set itself the following objective:"
        ),
        "problem": "Public problem addressed: {problem}",
        "lines": "To achieve it, {n} lines of action were proposed:",
        "purpose": (
            "This document presents the final results of carrying out those lines, with the evidence of each "
            "activity, for the overall evaluation of the plan."
        ),
        "results": "Results of the implementation",
        "activity": "Activity {n}: {description}",
        "activity_facts": "Status: {status}. Dates: {start} – {end}. Weight: {weight}.",
        "done": "What was done:",
        "nothing_done": "No progress was reported for this activity.",
        "evidence": "Evidence:",
        "no_evidence": "No evidence recorded.",
        "indicators": "Indicators",
        "no_indicators": "The commitment defined no indicators.",
        "indicator_columns": ("Indicator", "Baseline", "Goal", "Direction", "Measurements", "Goal met"),
        "yes": "Yes",
        "no": "No",
        "unknown": "No data",
        "progress": "Progress",
        "progress_text": (
            "Verified progress: {verified} (activities verified by the guarantor body, by weight). "
            "Reported, awaiting verification: {reported}. Late activities: {late}."
        ),
        "evaluation": "Final evaluation",
        "no_evaluation": "The guarantor body has not yet recorded this commitment's final evaluation.",
        "review_columns": ("Review", "Completion", "Did it open government?", "Quality", "Relevance", "Notes"),
        "conclusions": "Final results",
        "auto_conclusion": (
            "With {done} of {total} activities verified, the commitment reached a verified progress of {verified}."
        ),
        "commitments": ("1 commitment", "{n} commitments"),
        "responsible": ", led by {who}",
    },
}


def _find(view: dict[str, Any], commitment_id: str) -> dict[str, Any]:
    try:
        return find_commitment(view, commitment_id)
    except KeyError:
        raise NotFoundError("El plan no tiene ese compromiso.") from None


def evidence_line(e: dict[str, Any]) -> str:
    parts = [e["name"]] if e["kind"] == "file" else []
    details = ", ".join(v for v in (e["media_type"], e["size_text"]) if v)
    if parts and details:
        parts[0] += f" ({details})"
    parts.append(e["target"])
    if e["sha256"]:
        parts.append(f"SHA-256: {e['sha256']}")
    return " — ".join(parts)


def report_blocks(view: dict[str, Any], commitment_id: str) -> tuple[str, list[Block]]:
    """The report's title and its blocks, in the view's language."""
    c = _find(view, commitment_id)
    t = TEXTS[view["lang"]]
    words = view["words"]
    title = t["title"].format(title=c["title"])
    count = len(view["commitments"])
    blocks: list[Block] = [
        {"type": "heading", "level": 1, "text": title},
        {
            "type": "paragraph",
            "text": t["subtitle"].format(plan=view["title"], entity=view["entity"]),
            "style": "subtitle",
        },
        {"type": "heading", "level": 2, "text": t["context"]},
        {
            "type": "paragraph",
            "text": t["context_intro"].format(
                plan=view["title"],
                published=view["published_at"].split(",")[0],
                count=t["commitments"][0] if count == 1 else t["commitments"][1].format(n=count),
                title=c["title"],
                responsible=t["responsible"].format(who=c["responsible"]) if c["responsible"] else "",
            ),
        },
        {"type": "paragraph", "text": c["objective"] or words["pending"], "style": "quote"},
    ]
    if c["problem"]:
        blocks.append({"type": "paragraph", "text": t["problem"].format(problem=c["problem"])})
    blocks += [
        {"type": "paragraph", "text": t["lines"].format(n=len(c["lines_of_action"]))},
        {"type": "list", "ordered": True, "items": c["lines_of_action"]},
        {"type": "paragraph", "text": t["purpose"]},
        {"type": "heading", "level": 2, "text": t["results"]},
    ]
    for a in c["activities"]:
        status = a["status_label"] + (f" ({a['late_label']})" if a["late"] else "")
        blocks += [
            {"type": "heading", "level": 3, "text": t["activity"].format(n=a["number"], description=a["description"])},
            {
                "type": "paragraph",
                "text": t["activity_facts"].format(
                    status=status, start=a["start"], end=a["end"], weight=a["weight_text"]
                ),
            },
        ]
        done = [
            f"{u['at']} — {u['role_label']}: {u['status_label']}." + (f" {u['note']}" if u["note"] else "")
            for u in a["updates"]
        ]
        blocks += (
            [{"type": "paragraph", "text": t["done"]}, {"type": "list", "ordered": False, "items": done}]
            if done
            else [{"type": "paragraph", "text": t["nothing_done"]}]
        )
        evidence = [evidence_line(e) for e in a["evidence"]]
        blocks += (
            [{"type": "paragraph", "text": t["evidence"]}, {"type": "list", "ordered": False, "items": evidence}]
            if evidence
            else [{"type": "paragraph", "text": t["no_evidence"]}]
        )
    blocks.append({"type": "heading", "level": 2, "text": t["indicators"]})
    if c["indicators"]:
        rows = []
        for ind in c["indicators"]:
            measured = "; ".join(f"{m['period']}: {m['value_text']}" for m in ind["measurements"])
            met = ind["goal_met"]
            rows.append(
                [
                    ind["name"],
                    ind["baseline_text"],
                    ind["goal_text"],
                    ind["direction_label"],
                    measured or words["no_measurements"],
                    t["unknown"] if met is None else t["yes"] if met else t["no"],
                ]
            )
        blocks.append(
            {"type": "table", "caption": t["indicators"], "columns": list(t["indicator_columns"]), "rows": rows}
        )
    else:
        blocks.append({"type": "paragraph", "text": t["no_indicators"]})
    p = c["progress"]
    blocks += [
        {"type": "heading", "level": 2, "text": t["progress"]},
        {
            "type": "paragraph",
            "text": t["progress_text"].format(verified=p["verified_text"], reported=p["reported_text"], late=p["late"]),
        },
        {"type": "heading", "level": 2, "text": t["evaluation"]},
    ]
    if c["reviews"]:
        rows = [
            [
                f"{r['kind_label']} ({r['recorded_at']})",
                r["completion_label"],
                r["opened_government_label"],
                r["quality"],
                r["relevance"],
                r["notes"],
            ]
            for r in c["reviews"]
        ]
        blocks.append({"type": "table", "caption": t["evaluation"], "columns": list(t["review_columns"]), "rows": rows})
    if c["final_review"] is None:
        blocks.append({"type": "paragraph", "text": t["no_evaluation"]})
    done_count = sum(1 for a in c["activities"] if a["status"] == "verificada")
    conclusion = c["conclusions"] or t["auto_conclusion"].format(
        done=done_count, total=len(c["activities"]), verified=p["verified_text"]
    )
    blocks += [
        {"type": "heading", "level": 2, "text": t["conclusions"]},
        {"type": "paragraph", "text": conclusion},
    ]
    for b in blocks:
        if b["type"] == "paragraph":
            b.setdefault("style", None)
    return title, blocks


# ------------------------------------------------------------------ writers


def _markdown(title: str, blocks: Sequence[Block]) -> bytes:
    out: list[str] = []
    for b in blocks:
        if b["type"] == "heading":
            out.append("#" * b["level"] + " " + escape_markdown(b["text"]))
        elif b["type"] == "paragraph":
            text = escape_markdown(b["text"])
            out.append(f"> {text}" if b.get("style") == "quote" else f"*{text}*" if b.get("style") else text)
        elif b["type"] == "list":
            out.append(
                "\n".join(
                    (f"{i}. " if b["ordered"] else "- ") + escape_markdown(item) for i, item in enumerate(b["items"], 1)
                )
            )
        elif b["type"] == "table":
            cells = [b["columns"], *b["rows"]]
            lines = ["| " + " | ".join(escape_markdown(v) or " " for v in row) + " |" for row in cells]
            lines.insert(1, "|" + "---|" * len(b["columns"]))
            out.append(f"**{escape_markdown(b['caption'])}**\n\n" + "\n".join(lines))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _html(view: dict[str, Any], title: str, blocks: Sequence[Block]) -> bytes:
    return environment.get_template(HTML_TEMPLATE).render(lang=view["html_lang"], title=title, blocks=blocks).encode()


def _docx(view: dict[str, Any], title: str, blocks: Sequence[Block]) -> bytes:
    # python-docx is imported when a DOCX is made, not at the server's start.
    from . import docx_kit
    from .docx_writer import SMALL, Writer

    document = docx_kit.new_document(None)
    writer = Writer(document, docx_kit.ensure_styles(document, DOCX_STYLES))
    for b in blocks:
        if b["type"] == "heading":
            if b["level"] == 1:
                writer.paragraph(b["text"], "Title")
            else:
                writer.heading(b["text"], b["level"] - 1)
        elif b["type"] == "paragraph":
            writer.paragraph(b["text"], {"subtitle": "Subtitle", "quote": "Quote"}.get(b["style"] or ""))
        elif b["type"] == "list":
            if b["ordered"]:
                for item in b["items"]:
                    writer.paragraph(item, "List Number")
            else:
                writer.bullets(b["items"])
        elif b["type"] == "table":
            writer.paragraph(b["caption"], "Caption")
            writer.table(b["columns"], b["rows"], size=SMALL, labels=True)
    writer.flush()
    docx_kit.add_page_numbers(document)
    docx_kit.set_language(document, view["html_lang"])
    docx_kit.set_properties(
        document,
        title=title,
        subject=view["title"],
        author=view["guarantor"],
        keywords="gobierno abierto; informe final; seguimiento",
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt(view: dict[str, Any], title: str, blocks: Sequence[Block]) -> bytes:
    # odfdo is imported when an ODT is made, not at the server's start.
    from odfdo import Document

    from . import odt_kit as kit
    from .plan_odt import BULLETS, column_styles, insert_styles

    document = Document("text")
    # Tables of n columns share equal widths: kind «n».
    widths = {str(len(b["columns"])): (1.0,) * len(b["columns"]) for b in blocks if b["type"] == "table"}
    insert_styles(document, widths)
    body = document.body
    for paragraph in body.get_paragraphs():
        body.delete(paragraph)
    out = kit.container()
    tables = 0
    for b in blocks:
        if b["type"] == "heading":
            if b["level"] == 1:
                kit.paragraph(out, b["text"], "Title")
            else:
                kit.heading(out, b["level"] - 1, b["text"])
        elif b["type"] == "paragraph":
            kit.paragraph(out, b["text"], "Subtitle" if b.get("style") == "subtitle" else kit.BODY_STYLE)
        elif b["type"] == "list":
            if b["ordered"]:
                for i, item in enumerate(b["items"], 1):
                    kit.paragraph(out, f"{i}. {item}")
            else:
                kit.bullets(out, b["items"], BULLETS)
        elif b["type"] == "table":
            tables += 1
            kit.paragraph(out, b["caption"], "Table_20_Heading")
            n = len(b["columns"])
            kit.table(out, f"{b['caption']} {tables}", column_styles(str(n), widths), b["columns"], b["rows"], BULLETS)
    kit.move_into(body, out)
    document.set_language(view["html_lang"])
    document.meta.set_title(title)
    document.meta.set_subject(view["title"])
    package = io.BytesIO()
    document.save(package)
    return package.getvalue()


def _pdf(view: dict[str, Any], title: str, blocks: Sequence[Block]) -> bytes:
    language, _sep, region = view["html_lang"].partition("-")
    data = {"title": title, "lang_code": language, "region": region or None, "blocks": blocks}
    pdf, _warnings = compile_pdf(TYPST_TEMPLATE, {"view": json.dumps(data, ensure_ascii=False)})
    return pdf


def render_report(view: dict[str, Any], commitment_id: str, fmt: str) -> tuple[bytes, str, str]:
    """The commitment's informe final in ``fmt`` (``FORMATS``): its bytes,
    media type and a file name. ``ValidationError`` for an unknown format,
    ``NotFoundError`` for a commitment the plan does not have."""
    if fmt not in FORMATS:
        raise ValidationError(_("Formato desconocido; usa {list}.", list=", ".join(FORMATS)), field="format")
    title, blocks = report_blocks(view, commitment_id)
    writers = {
        "md": lambda: _markdown(title, blocks),
        "html": lambda: _html(view, title, blocks),
        "docx": lambda: _docx(view, title, blocks),
        "odt": lambda: _odt(view, title, blocks),
        "pdf": lambda: _pdf(view, title, blocks),
    }
    data = writers[fmt]()
    number = _find(view, commitment_id)["number"]
    slug = re.sub(r"[^a-z0-9]+", "-", view["id"].lower()).strip("-") or "plan"
    return data, MEDIA_TYPES[fmt], f"informe-final-{slug}-compromiso-{number}.{fmt}"
