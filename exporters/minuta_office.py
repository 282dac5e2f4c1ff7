"""The minuta as a Word document (DOCX) and as an OpenDocument text (ODT),
from ``minuta_view.minuta_view``: the same parts, in the same order, as the
PDF and the HTML page, written with the plan's kits (``docx_kit`` and
``docx_writer``; ``odt_kit`` and the plan's ODT styles). Text is set as
text: nothing people typed becomes markup.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from odfdo import Document as OdfDocument
from odfdo import Element

from . import docx_kit, media_types
from . import odt_kit as kit
from .docx_writer import Writer
from .plan_odt import BULLETS, GENERATOR, _set_default_font, _set_headings, column_styles, insert_styles

DOCX_MEDIA_TYPE = docx_kit.MEDIA_TYPE
ODT_MEDIA_TYPE = media_types.ODT
DOCX_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid", "Footer")
KEYWORDS = {"es": "minuta; gobierno abierto; mesa de cocreación", "en": "minutes; open government; co-creation"}


def _parts(view: Mapping[str, Any]) -> dict[str, Any]:
    """What both writers take from the view, as rows of text."""
    L = view["labels"]
    header, status = view["header"], view["status"]
    attendance = view["attendance"]
    facts = [
        (L["mesa"], header["mesa"]),
        (L["entity"], header["entity"]),
        (L["date"], header["date"]),
        (L["place"], header["place"]),
        (L["version"], str(header["version"])),
        (L["status"], status["line"]),
    ]
    status_lines = (
        [L["status_sealed"] + " — " + status["note"], f"{L['digest']}: {status['sha256']}"]
        if status["sealed"]
        else [status["line"], status["note"]]
    )
    attendance_rows = [
        (r["sector_label"], str(r["people"]), r["organizations"] or L["none"]) for r in attendance["rows"]
    ]
    return {"L": L, "facts": facts, "status_lines": status_lines, "attendance_rows": attendance_rows}


def _amendment_rows(L: Mapping[str, str], a: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (L["passage"], a["passage"]),
        (L["proposal"], a["text"]),
        (L["reason"], a["reason"]),
        (L["sector"], a["sector"]),
        (L["decision"], a["decision"]),
        (L["answer"], a["answer"]),
    ]


# --------------------------------------------------------------------- DOCX


def render_docx(view: Mapping[str, Any]) -> bytes:
    p = _parts(view)
    L = p["L"]
    document = docx_kit.new_document(None)
    w = Writer(document, docx_kit.ensure_styles(document, DOCX_STYLES))
    w.paragraph(L["document"], "Subtitle")
    w.paragraph(view["title"], "Title")
    first, *rest = p["status_lines"]
    status = w.paragraph()
    w.run(status, first, bold=True)
    for line in rest:
        w.run(status, "\n" + line)
    for label, value in p["facts"]:
        w.fact(label, value)

    w.heading(L["attendance"], 1)
    w.paragraph(L["attendance_note"])
    attendance = view["attendance"]
    if p["attendance_rows"]:
        w.table(
            L["attendance_columns"].split("|"),
            p["attendance_rows"],
            widths=(1.3, 0.7, 2.5),
            total=(L["total"], str(attendance["total"]), ""),
        )
    else:
        w.paragraph(L["no_attendance"])
    if attendance["named"]:
        w.heading(L["named"], 2)
        w.bullets([a["line"] for a in attendance["named"]])

    for s in view["relatoria"] or [{"heading": L["relatoria"], "entries": []}]:
        w.heading(s["heading"], 1)
        w.paragraph(L["relatoria_note"])
        if s["entries"]:
            w.table(L["relatoria_columns"].split("|"), [(e["time"], e["text"]) for e in s["entries"]], widths=(1, 3))
        else:
            w.paragraph(L["no_relatoria"])

    w.heading(L["acuerdos"], 1)
    if view["acuerdos"]:
        agreed = [(str(a["number"]), a["who"], a["what"], a["by"]) for a in view["acuerdos"]]
        w.table(L["acuerdos_columns"].split("|"), agreed, widths=(0.5, 1.5, 2.5, 1.2))
    else:
        w.paragraph(L["no_acuerdos"])

    w.heading(L["approval"], 1)
    approval = view["approval"]
    if approval:
        tally = [(r["label"], str(r["count"])) for r in approval["rows"]]
        w.table(L["approval_columns"].split("|"), tally, widths=(3, 1), total=(L["total"], str(approval["answered"])))
        if approval["note"]:
            w.paragraph(approval["note"])
        for key in ("reservations", "objections"):
            if approval[key]:
                w.heading(L[key], 2)
                w.bullets(approval[key])
    else:
        w.paragraph(L["no_approval"])

    w.heading(L["verification"], 1)
    v = view["verification"]
    if v:
        w.fact(L["digest"], v["sha256"])
        _docx_link(w, w.fact(L["link"], ""), v["url"])
        _docx_link(w, w.fact(L["canonical"], ""), v["canonical_url"])
        w.paragraph(L["how"])
        w.paragraph(v["command"])
    else:
        w.paragraph(L["no_seal"])

    w.heading(L["amendments"], 1, new_page=True)
    w.paragraph(L["amendments_note"])
    for a in view["amendments"]:
        w.heading(a["heading"], 2)
        w.table(L["amendment_columns"].split("|"), _amendment_rows(L, a), widths=(1, 2.5), labels=True)
    if not view["amendments"]:
        w.paragraph(L["no_amendments"])

    w.flush()
    docx_kit.add_page_numbers(document)
    docx_kit.set_language(document, view["document_lang"])
    docx_kit.set_properties(
        document,
        title=view["title"],
        subject=f"{L['document']} — {status_summary(view)}",
        author=view["header"]["entity"],
        keywords=KEYWORDS[view["lang"]],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_link(w: Writer, paragraph: Paragraph, url: str) -> None:
    """``url`` as a hyperlink (its text the address itself, in the
    «Hyperlink» look: blue, underlined)."""
    rel_id = w.document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = w.run(paragraph, url)
    properties = run._r.get_or_add_rPr()
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B3954")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(color)
    properties.append(underline)
    paragraph._p.remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)


def status_summary(view: Mapping[str, Any]) -> str:
    status = view["status"]
    return f"{status['line']} (SHA-256 {status['sha256']})" if status["sealed"] else status["line"]


# ---------------------------------------------------------------------- ODT

_MINUTA_WIDTHS = {
    "attendance": (3, 1.5, 5.5),
    "relatoria": (3, 7),
    "acuerdos": (0.8, 2.5, 4.5, 2),
    "approval": (7, 3),
    "amendment": (3, 7),
}


def render_odt(view: Mapping[str, Any]) -> bytes:
    p = _parts(view)
    L = p["L"]
    document = OdfDocument("text")
    _set_up(document, view)
    body = document.body
    for paragraph in body.get_paragraphs():
        body.delete(paragraph)
    out = kit.container()
    kit.paragraph(out, L["document"], "Subtitle")
    kit.paragraph(out, view["title"], "Title")
    for n, line in enumerate(p["status_lines"]):
        if n == 0:
            kit.labelled(out, line, "")
        else:
            kit.paragraph(out, line)
    for label, value in p["facts"]:
        kit.labelled(out, label, value)

    kit.heading(out, 1, L["attendance"])
    kit.paragraph(out, L["attendance_note"], "Note")
    attendance = view["attendance"]
    if p["attendance_rows"]:
        _table(
            out,
            L["attendance"],
            "attendance",
            L["attendance_columns"].split("|"),
            p["attendance_rows"],
            total=(L["total"], str(attendance["total"])),
        )
    else:
        kit.paragraph(out, L["no_attendance"])
    if attendance["named"]:
        kit.heading(out, 2, L["named"])
        kit.bullets(out, [a["line"] for a in attendance["named"]], BULLETS)

    for n, s in enumerate(view["relatoria"] or [{"heading": L["relatoria"], "entries": []}], 1):
        kit.heading(out, 1, s["heading"])
        kit.paragraph(out, L["relatoria_note"], "Note")
        if s["entries"]:
            rows = [(e["time"], e["text"]) for e in s["entries"]]
            _table(out, f"{L['relatoria']} {n}", "relatoria", L["relatoria_columns"].split("|"), rows)
        else:
            kit.paragraph(out, L["no_relatoria"])

    kit.heading(out, 1, L["acuerdos"])
    if view["acuerdos"]:
        agreed = [(str(a["number"]), a["who"], a["what"], a["by"]) for a in view["acuerdos"]]
        _table(out, L["acuerdos"], "acuerdos", L["acuerdos_columns"].split("|"), agreed)
    else:
        kit.paragraph(out, L["no_acuerdos"])

    kit.heading(out, 1, L["approval"])
    approval = view["approval"]
    if approval:
        tally = [(r["label"], str(r["count"])) for r in approval["rows"]]
        _table(out, L["approval"], "approval", L["approval_columns"].split("|"), tally)
        kit.labelled(out, L["total"], str(approval["answered"]))
        if approval["note"]:
            kit.paragraph(out, approval["note"])
        for key in ("reservations", "objections"):
            if approval[key]:
                kit.heading(out, 2, L[key])
                kit.bullets(out, approval[key], BULLETS)
    else:
        kit.paragraph(out, L["no_approval"])

    kit.heading(out, 1, L["verification"])
    v = view["verification"]
    if v:
        kit.labelled(out, L["digest"], v["sha256"])
        _odt_link(kit.labelled(out, L["link"], ""), v["url"])
        _odt_link(kit.labelled(out, L["canonical"], ""), v["canonical_url"])
        kit.paragraph(out, L["how"])
        kit.paragraph(out, v["command"])
    else:
        kit.paragraph(out, L["no_seal"])

    kit.heading(out, 1, L["amendments"], "ChapterHeading")
    kit.paragraph(out, L["amendments_note"], "Note")
    for a in view["amendments"]:
        kit.heading(out, 2, a["heading"])
        _table(out, a["heading"], "amendment", L["amendment_columns"].split("|"), _amendment_rows(L, a))
    if not view["amendments"]:
        kit.paragraph(out, L["no_amendments"])
    kit.move_into(body, out)
    package = io.BytesIO()
    document.save(package)
    return package.getvalue()


def _odt_link(paragraph: Any, url: str) -> None:
    kit.append_text(paragraph, " ")
    kit.append_text(kit.node(paragraph, "text:a", xlink__href=url, xlink__type="simple"), url)


def _table(
    out: Any,
    name: str,
    kind: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    total: tuple[str, str] | None = None,
) -> None:
    columns = column_styles(kind, _MINUTA_WIDTHS)
    kit.table(out, name, columns, header, rows, BULLETS, total=total)


def _set_up(document: OdfDocument, view: Mapping[str, Any]) -> None:
    insert_styles(document, _MINUTA_WIDTHS)
    L = view["labels"]
    before, _, after = L["page"].partition("{page}")
    middle, _, end = after.partition("{pages}")
    master = document.get_style("master-page", "Standard")
    if master is not None:
        master.append(
            Element.from_tag(
                f'<style:footer><text:p text:style-name="Footer">{_xml(before)}'
                f'<text:page-number text:select-page="current"/>{_xml(middle)}<text:page-count/>{_xml(end)}'
                "</text:p></style:footer>"
            )
        )
    _set_default_font(document)
    _set_headings(document)
    document.set_language(view["document_lang"])
    meta = document.meta
    meta.set_title(view["title"])
    meta.set_subject(f"{L['document']} — {status_summary(view)}")
    meta.set_description(f"{view['title']}. {status_summary(view)}.")
    meta.set_keywords(KEYWORDS[view["lang"]].replace(";", ","))
    meta.set_creation_date(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    meta.set_generator(GENERATOR)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
