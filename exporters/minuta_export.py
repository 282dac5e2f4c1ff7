"""The minuta's documents (issue 13 §4): ``render_minuta(view, fmt)`` turns
the one view model (``minuta_view.minuta_view``) into a PDF, DOCX, ODT,
HTML page or Markdown text, all with the same content: status (a draft says
so and has no digest), attendance by sector, the relatoría, the acuerdos,
the approval's tally, the verification block and the annex of amendments.

- **pdf**: Typst (``templates/minuta.typ``), tagged as the plan's PDFs are
  (``plan_pdf.compile_pdf``: structure tree, ``/Lang``, ``/MarkInfo``,
  title); the view reaches Typst as JSON, so typed text is never markup.
- **docx** / **odt**: ``minuta_office`` with the plan's kits.
- **html**: ``templates/minuta.html.j2``, standalone and printable.
- **md**: CommonMark; every typed text escaped (``plan_markdown``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from . import media_types
from .formats import ExportContext, Format, FormatRegistry
from .plan_markdown import escape_markdown
from .plan_pdf import TEMPLATES, compile_pdf
from .templates_env import environment

PDF_TEMPLATE = TEMPLATES / "minuta.typ"
HTML_TEMPLATE = "minuta.html.j2"
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": media_types.DOCX,
    "odt": media_types.ODT,
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
FORMATS = tuple(MEDIA_TYPES)
SUBJECT_MINUTA = "minuta"


def render_minuta(view: Mapping[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """``(bytes, media type, file name)`` of the minuta in ``fmt`` (one of
    ``FORMATS``); ``NotFoundError`` names the known formats otherwise."""
    found = MINUTA_FORMATS.get_format(fmt)  # NotFoundError lists the known formats
    return RENDERERS[fmt](view), found.media_type, found.filename(str(view["filename_stem"]))


def render_pdf(view: Mapping[str, Any]) -> bytes:
    pdf, _ = compile_pdf(PDF_TEMPLATE, pdf_inputs(view))
    return pdf


def pdf_inputs(view: Mapping[str, Any]) -> dict[str, str]:
    language, _, region = str(view["document_lang"]).partition("-")
    return {"view": json.dumps({**view, "lang_code": language, "region": region or None}, ensure_ascii=False)}


def render_html(view: Mapping[str, Any]) -> bytes:
    return environment.get_template(HTML_TEMPLATE).render(dict(view)).encode("utf-8")


# ---------------------------------------------------------------- Markdown


def _md(text: object) -> str:
    return escape_markdown(str(text))


def _row(*cells: object) -> str:
    return "| " + " | ".join(_md(c) if c != "" else " " for c in cells) + " |"


def _table(columns: list[str], rows: list[tuple[object, ...]]) -> list[str]:
    return [_row(*columns), "|" + "|".join(" --- " for _ in columns) + "|", *(_row(*r) for r in rows), ""]


def _link(url: str) -> str:
    """An autolink when the address can be one; escaped text otherwise."""
    return f"<{url}>" if url and not any(c in url for c in "<> \n") else _md(url)


def render_docx(view: Mapping[str, Any]) -> bytes:
    from . import minuta_office  # python-docx, when a DOCX is made (not at the server's start)

    return minuta_office.render_docx(view)


def render_odt(view: Mapping[str, Any]) -> bytes:
    from . import minuta_office  # odfdo, when an ODT is made

    return minuta_office.render_odt(view)


def render_markdown(view: Mapping[str, Any]) -> bytes:
    L = view["labels"]
    status, header = view["status"], view["header"]
    out = [f"# {_md(view['title'])}", ""]
    if status["sealed"]:
        out += [
            f"> **{_md(L['status_sealed'])}** — {_md(status['note'])}",
            ">",
            f"> {_md(L['digest'])}: `{status['sha256']}`",
            "",
        ]
    else:
        out += [f"> **{_md(status['line'])}**", ">", f"> {_md(status['note'])}", ""]
    for label, value in (
        (L["mesa"], header["mesa"]),
        (L["entity"], header["entity"]),
        (L["date"], header["date"]),
        (L["place"], header["place"]),
        (L["version"], header["version"]),
        (L["status"], status["line"]),
    ):
        out.append(f"- **{_md(label)}:** {_md(value)}")
    out.append("")
    attendance = view["attendance"]
    out += [f"## {_md(L['attendance'])}", "", _md(L["attendance_note"]), ""]
    if attendance["rows"]:
        rows = [
            (r["sector_label"], r["people"], "; ".join(r["organizations"]) or L["none"]) for r in attendance["rows"]
        ]
        out += _table(L["attendance_columns"].split("|"), [*rows, (L["total"], attendance["total"], "")])
    else:
        out += [_md(L["no_attendance"]), ""]
    if attendance["named"]:
        out += [f"### {_md(L['named'])}", "", *(f"- {_md(a['line'])}" for a in attendance["named"]), ""]
    sections = view["relatoria"] or [{"heading": L["relatoria"], "entries": []}]
    for s in sections:
        out += [f"## {_md(s['heading'])}", "", _md(L["relatoria_note"]), ""]
        if s["entries"]:
            out += _table(L["relatoria_columns"].split("|"), [(e["time"], e["text"]) for e in s["entries"]])
        else:
            out += [_md(L["no_relatoria"]), ""]
    out += [f"## {_md(L['acuerdos'])}", ""]
    if view["acuerdos"]:
        out += _table(
            L["acuerdos_columns"].split("|"), [(a["number"], a["who"], a["what"], a["by"]) for a in view["acuerdos"]]
        )
    else:
        out += [_md(L["no_acuerdos"]), ""]
    out += [f"## {_md(L['approval'])}", ""]
    approval = view["approval"]
    if approval:
        tally = [(r["label"], r["count"]) for r in approval["rows"]]
        out += _table(L["approval_columns"].split("|"), [*tally, (L["total"], approval["answered"])])
        if approval["note"]:
            out += [_md(approval["note"]), ""]
        for key in ("reservations", "objections"):
            if approval[key]:
                out += [f"### {_md(L[key])}", "", *(f"- {_md(t)}" for t in approval[key]), ""]
    else:
        out += [_md(L["no_approval"]), ""]
    out += [f"## {_md(L['verification'])}", ""]
    v = view["verification"]
    if v:
        out += [
            f"- **{_md(L['digest'])}:** `{v['sha256']}`",
            f"- **{_md(L['link'])}:** {_link(v['url'])}",
            f"- **{_md(L['canonical'])}:** {_link(v['canonical_url'])}",
            "",
            _md(L["how"]),
            "",
            "```",
            v["command"].replace("`", "'"),
            "```",
            "",
        ]
    else:
        out += [_md(L["no_seal"]), ""]
    out += [f"## {_md(L['amendments'])}", "", _md(L["amendments_note"]), ""]
    for a in view["amendments"]:
        out += [f"### {_md(a['heading'])}", ""]
        out += _table(
            L["amendment_columns"].split("|"),
            [
                (L["passage"], a["passage"]),
                (L["proposal"], a["text"]),
                (L["reason"], a["reason"]),
                (L["sector"], a["sector"]),
                (L["decision"], a["decision"]),
                (L["answer"], a["answer"]),
            ],
        )
    if not view["amendments"]:
        out += [_md(L["no_amendments"]), ""]
    return "\n".join(out).encode("utf-8")


RENDERERS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
    "odt": render_odt,
    "html": render_html,
    "md": render_markdown,
}


def _registered(fmt: str) -> Callable[[Mapping[str, Any], ExportContext], bytes]:
    def render(view: Mapping[str, Any], context: ExportContext) -> bytes:
        return RENDERERS[fmt](view)  # the view carries its own language and title

    return render


# The minuta's formats, registered the way ``formats.TREE_FORMATS`` and
# ``plan_formats.PLAN_FORMATS`` are (``docs/export-formats.md``).
MINUTA_FORMATS: FormatRegistry[Mapping[str, Any]] = FormatRegistry(
    SUBJECT_MINUTA, [Format(fmt, fmt, MEDIA_TYPES[fmt], _registered(fmt)) for fmt in FORMATS]
)
