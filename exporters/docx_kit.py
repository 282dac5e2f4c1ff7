"""What the DOCX documents need that python-docx does not say in one call:
the institution's template (checked, emptied, its styles completed), Word
fields (a table of contents that updates on open, page numbers, caption
numbers), table rows that repeat or stay whole, alt text, and the
document's language and properties.

A template is refused with ``ValidationError(field="template")`` and a
Spanish message, before anything is written, unless it is a plain .docx
python-docx can open: a broken template gives an error, never a corrupt
file. Its section properties (page size, margins, headers and footers: the
letterhead) and styles stay; its body goes. A style the plan uses and the
template lacks is copied from python-docx's default template.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import zipfile
from collections.abc import Iterable
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Cm, Length, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from workshops.errors import ValidationError

from . import media_types

MEDIA_TYPE = media_types.DOCX
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_TEMPLATE_UNPACKED_BYTES = 64 * 1024 * 1024  # a zip bomb is refused before it is opened
LANGUAGE = "es-MX"
DOCUMENT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MARK = "macroEnabled"
DEFAULT_MARGIN = Cm(2.5)
DEFAULT_FONT = "Arial"  # the usual face of Mexican public documents; Liberation Sans where Arial is missing
DEFAULT_FONT_SIZE = Pt(10.5)
FIELD = "template"

# Where w:updateFields goes among the children of w:settings (ECMA-376 order).
_AFTER_UPDATE_FIELDS = tuple(
    qn(t)
    for t in (
        "w:hdrShapeDefaults",
        "w:footnotePr",
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
)


# Where w:shd goes among the children of w:tcPr.
_AFTER_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, field=FIELD)


# ---------------------------------------------------------------- template


def load_template(data: bytes) -> None:
    """Check that ``data`` is a DOCX template the plan can be written into;
    ``ValidationError(field="template")`` says why not."""
    open_template(data)


def open_template(data: bytes) -> Document:
    if not isinstance(data, bytes | bytearray) or not data:
        raise _refuse("La plantilla está vacía: suba un documento de Word (.docx).")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(
            f"La plantilla pesa {len(data) / 1024 / 1024:.1f} MB; el máximo es "
            f"{MAX_TEMPLATE_BYTES // 1024 // 1024} MB. Quite imágenes pesadas del membrete."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            "La plantilla no es un documento .docx (no es un paquete ZIP de Office Open XML). "
            "Guárdela en Word o LibreOffice como «Documento de Word (.docx)»."
        ) from None
    with archive:
        names = set(archive.namelist())
        if sum(info.file_size for info in archive.infolist()) > MAX_TEMPLATE_UNPACKED_BYTES:
            raise _refuse("La plantilla descomprimida ocupa demasiado; no parece un documento de Word.")
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise _refuse("La plantilla no contiene word/document.xml: no es un documento de Word (.docx).")
        try:
            types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise _refuse("La plantilla está dañada: su archivo no se puede descomprimir.") from None
    _check_content_types(types, names)
    try:
        document = docx.Document(io.BytesIO(data))
        document.element.body  # noqa: B018 - reading the body is the check
    except Exception:  # python-docx and lxml raise many kinds; any of them means unusable
        raise _refuse(
            "La plantilla está dañada: no se pudo leer como documento de Word. Ábrala y guárdela de nuevo como .docx."
        ) from None
    return document


def open_written(data: bytes) -> None:
    """Read back a document written into a template: if python-docx cannot,
    the template is to blame and nobody gets the file."""
    try:
        docx.Document(io.BytesIO(data)).element.body  # noqa: B018 - reading the body is the check
    except Exception:
        raise _refuse(
            "No se pudo escribir el plan en esta plantilla sin dañar el documento. Pruebe con otra plantilla."
        ) from None


def _check_content_types(types: bytes, names: set[str]) -> None:
    try:
        root = etree.fromstring(types, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise _refuse(
            "La plantilla está dañada: su lista de contenidos ([Content_Types].xml) no se puede leer."
        ) from None
    content_types = {str(e.get("ContentType", "")) for e in root}
    main = {str(e.get("ContentType", "")) for e in root if e.get("PartName") == "/word/document.xml"}
    if any(MACRO_MARK in t for t in content_types) or "word/vbaProject.bin" in names:
        raise _refuse("La plantilla contiene macros (.docm): guárdela como «Documento de Word (.docx)», sin macros.")
    if TEMPLATE_CONTENT_TYPE in main:
        raise _refuse("La plantilla es un modelo de Word (.dotx): ábrala y guárdela como documento (.docx).")
    if main != {DOCUMENT_CONTENT_TYPE}:
        raise _refuse("La plantilla no es un documento de Word (.docx): su parte principal es de otro tipo.")


def new_document(template: bytes | None) -> Document:
    """An empty document: python-docx's default (letter, 2.5 cm margins), or
    the template with its body removed and its sections' look kept."""
    if template is None:
        document = docx.Document()
        normal = document.styles["Normal"]
        normal.font.name = DEFAULT_FONT
        normal.font.size = DEFAULT_FONT_SIZE
        for section in document.sections:
            section.left_margin = section.right_margin = DEFAULT_MARGIN
            section.top_margin = section.bottom_margin = DEFAULT_MARGIN
    else:
        document = open_template(template)
        _clear_body(document)
    _drop_thumbnail(document)
    return document


def _clear_body(document: Document) -> None:
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:  # only paragraph-level section breaks: the last one becomes the document's
        found = body.findall(f"./{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}")
        final = copy.deepcopy(found[-1]) if found else None
    for child in list(body):
        body.remove(child)
    if final is None:
        final = docx.Document().element.body.find(qn("w:sectPr"))
    body.append(final)


def _drop_thumbnail(document: Document) -> None:
    """The preview image of whatever document the package came from."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del rels[rel_id]


# ------------------------------------------------------------------ styles


@functools.cache
def _default_styles() -> Any:
    return docx.Document().styles.element


def has_style(document: Document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def ensure_styles(document: Document, names: Iterable[str]) -> set[str]:
    """Copy from python-docx's default template each style of ``names`` the
    document lacks (with the styles it is based on); return those copied.
    A copied list style loses its numbering (the template has none for it)."""
    copied = set()
    for name in names:
        if has_style(document, name):
            continue
        source = _default_styles().get_by_name(_internal_name(name))
        if source is None:
            raise ValueError(f"python-docx's default template has no style {name!r}")
        _copy_style(document, source)
        copied.add(name)
    return copied


def _internal_name(name: str) -> str:
    return name.lower() if name.startswith("Heading ") or name in ("Caption", "Header", "Footer") else name


def _copy_style(document: Document, source: Any) -> None:
    styles = document.styles.element
    style = copy.deepcopy(source)
    for num in style.findall(f"./{qn('w:pPr')}/{qn('w:numPr')}"):
        num.getparent().remove(num)
    for tag in ("w:link", "w:next"):  # optional links: dropped when the template lacks the target
        for ref in style.findall(qn(tag)):
            if styles.get_by_id(ref.get(qn("w:val"))) is None:
                style.remove(ref)
    based = style.find(qn("w:basedOn"))
    if based is not None and styles.get_by_id(based.get(qn("w:val"))) is None:
        parent = _default_styles().get_by_id(based.get(qn("w:val")))
        if parent is None:
            style.remove(based)
        else:
            _copy_style(document, parent)
    style_id = style.get(qn("w:styleId"))
    if styles.get_by_id(style_id) is not None:  # the id names another style there
        style.set(qn("w:styleId"), f"Cocrea{style_id}")
    styles.append(style)


def set_language(document: Document, language: str = LANGUAGE) -> None:
    """The proofing language of every text that does not say otherwise."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_default = defaults.find(qn("w:rPrDefault"))
    if r_default is None:
        r_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_default)
    r_pr = r_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), language)


def set_properties(document: Document, *, title: str, subject: str, author: str, keywords: str) -> None:
    """The document's properties, none left from the template."""
    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = title[:255]
    props.subject = subject[:255]
    props.author = author[:255]
    props.keywords = keywords[:255]
    props.language = LANGUAGE
    props.last_modified_by = "Cocrea"
    props.category = props.comments = props.content_status = props.identifier = props.version = ""
    props.revision = 1
    props.created = props.modified = now


# ------------------------------------------------------------------ fields


def update_fields_on_open(document: Document) -> None:
    """Ask the word processor to update the fields (the contents) on opening."""
    settings = document.settings.element
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = OxmlElement("w:updateFields")
        following = next((c for c in settings if c.tag in _AFTER_UPDATE_FIELDS), None)
        if following is None:
            settings.append(found)
        else:
            following.addprevious(found)
    found.set(qn("w:val"), "true")


def _fld_char(kind: str, *, dirty: bool = False) -> Any:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def _instr(instruction: str) -> Any:
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = instruction
    run.append(text)
    return run


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (``PAGE``, ``SEQ Figura``…) showing ``shown`` until updated."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_contents(paragraphs: list[Paragraph], levels: str = "1-2") -> None:
    """Turn ``paragraphs`` (the static list of chapters, in a row) into the
    shown result of a TOC field: it reads as a list until the word processor
    updates it into the real contents with page numbers."""
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    start = first.find(qn("w:pPr"))
    anchor = 0 if start is None else 1
    for offset, run in enumerate(
        (_fld_char("begin", dirty=True), _instr(f' TOC \\o "{levels}" \\h \\z \\u '), _fld_char("separate"))
    ):
        first.insert(anchor + offset, run)
    last.append(_fld_char("end"))


def add_page_numbers(document: Document) -> None:
    """«Página N de M» at the foot of every page, unless the footer already
    numbers its pages (a template's letterhead may)."""
    for section in document.sections:
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer in footers:
            if any("PAGE" in (i.text or "") for i in footer._element.iter(qn("w:instrText"))) or any(
                "PAGE" in (f.get(qn("w:instr")) or "") for f in footer._element.iter(qn("w:fldSimple"))
            ):
                continue
            paragraph = footer.add_paragraph(style="Footer" if has_style(document, "Footer") else None)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run("Página ")
            add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" de ")
            add_field(paragraph, "NUMPAGES", "1")


# ------------------------------------------------------------------ tables


def repeat_as_header(row: _Row) -> None:
    """The row repeats at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shading, *_AFTER_SHADING)


def set_alt_text(shape: InlineShape, title: str, description: str) -> None:
    doc_pr = shape._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", description)


SVG_BLIP_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_CONTENT_TYPE = "image/svg+xml"


def add_svg_part(part: Any, svg: bytes, number: int) -> str:
    """``svg`` as an image part of ``part`` (the document), named by
    ``number``; its relationship id."""
    image = Part(PackURI(f"/word/media/figure{number}.svg"), SVG_CONTENT_TYPE, svg, part.package)
    return str(part.relate_to(image, RELATIONSHIP_TYPE.IMAGE))


def add_svg_blip(inline: Any, rel_id: str) -> None:
    """Make the drawing of picture ``inline`` the SVG of ``rel_id`` (Office's
    «svgBlip» extension), its PNG staying as the fallback."""
    blip = inline.find(".//" + qn("a:blip"))
    ext_list = etree.SubElement(blip, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=SVG_BLIP_EXTENSION)
    svg_blip = etree.SubElement(ext, f"{{{SVG_NAMESPACE}}}svgBlip", nsmap={"asvg": SVG_NAMESPACE})
    svg_blip.set(qn("r:embed"), rel_id)


def next_shape_id(document: Document) -> int:
    """An id no drawing of the body, headers or footers has: each picture
    takes the next one."""
    parts = [document.part, *(rel.target_part for rel in document.part.rels.values() if not rel.is_external)]
    ids = [0]
    for part in parts:
        element = getattr(part, "element", None)
        if element is not None:
            ids += [int(i) for i in element.xpath("//wp:docPr/@id") if str(i).isdigit()]
    return max(ids) + 1


def text_width(document: Document) -> Length:
    """The width between the margins of the last section."""
    section = document.sections[-1]
    width = (section.page_width or Cm(21.59)) - (section.left_margin or 0) - (section.right_margin or 0)
    return Length(max(int(width), int(Cm(8))))
