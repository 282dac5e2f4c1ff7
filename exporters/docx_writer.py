"""How the plan's DOCX documents write: paragraphs, facts («label: value»),
bullet lists and tables in the document's own styles (List Bullet, Table
Grid), table header rows that repeat on every page and rows that stay whole.
Shared by both layouts (``plan_docx``, ``plan_docx_ogp``).

Built for long plans (200 commitments): content goes into a scratch body
that ``flush`` moves into the document (python-docx scans the whole body
for each paragraph it appends), style ids and picture ids are kept here
instead of being searched for in the whole document each time. Paragraphs,
runs, table rows and cells are written as lxml elements directly, each in
its place in Office's schema: python-docx's setters look for that place
among the element's children (with XPath) every time, which was most of a
plan's export.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from docx.document import Document, _Body
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shape import InlineShape
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from . import docx_kit
from .plan_view import PENDING

HEADER_FILL = "E8EEF2"
LABEL_FILL = "F4F6F8"
SMALL = Pt(8.5)
NARROW_CELL = Cm(5)
BULLET_INDENT, CELL_BULLET_INDENT, HANGING = Cm(0.63), Cm(0.25), Cm(0.25)

W_R, W_RPR, W_B, W_SZ, W_VAL, W_BR, W_T = (qn(f"w:{n}") for n in ("r", "rPr", "b", "sz", "val", "br", "t"))
W_TBL, W_TR, W_TRPR, W_CANT_SPLIT, W_TC, W_TCPR, W_TCW, W_W, W_TYPE, W_P = (
    qn(f"w:{n}") for n in ("tbl", "tr", "trPr", "cantSplit", "tc", "tcPr", "tcW", "w", "type", "p")
)
W_PPR, W_PSTYLE, W_IND, W_LEFT, W_HANGING, W_KEEP_NEXT, W_GRID_SPAN, W_SHD, W_COLOR, W_FILL, W_TBL_HEADER = (
    qn(f"w:{n}")
    for n in ("pPr", "pStyle", "ind", "left", "hanging", "keepNext", "gridSpan", "shd", "color", "fill", "tblHeader")
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# What a cell holds: one text, or several shown as a list.
Value = str | Sequence[str]


class Writer:
    """Paragraphs, lists, tables and pictures in the document's styles."""

    def __init__(self, document: Document, missing_styles: set[str]) -> None:
        self.document = document
        # A template without «List Bullet» got a copy without numbering: bullets by hand.
        self.manual_bullets = "List Bullet" in missing_styles
        self.width = docx_kit.text_width(document)
        self._style_ids: dict[str, str] = {}
        self._shape_id = docx_kit.next_shape_id(document)
        self._svg_ids: dict[bytes, str] = {}
        # In the document's own tree (not attached): ``flush`` moves its
        # children within one tree, which is cheap; between trees lxml walks
        # each subtree moved.
        self._scratch = _Body(document.element.body.makeelement(qn("w:body")), document)
        self._images = {part.sha1: part for part in document.part.package.image_parts}

    def flush(self) -> None:
        """Move what was written so far into the document."""
        body = self.document.element.body
        end = body[-1] if len(body) and body[-1].tag == qn("w:sectPr") else None
        for child in list(self._scratch._element):
            if end is None:
                body.append(child)
            else:
                end.addprevious(child)

    # ------------------------------------------------------------ paragraphs

    def heading(self, text: str, level: int, *, new_page: bool = False) -> Paragraph:
        paragraph = self.paragraph(text, f"Heading {level}")
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        p = etree.SubElement(self._scratch._element, W_P)
        if text:
            _run(p, text)
        if style is not None:
            _set_style(p, self.style_id(style))
        return Paragraph(p, self._scratch)

    def run(self, paragraph: Paragraph, text: str, *, bold: bool = False, size: Length | None = None) -> Run:
        """A run of ``text``, its line breaks kept, written as XML directly
        (python-docx's ``add_run`` compiles an XPath expression for each run,
        and its ``bold`` and ``size`` setters walk the run's properties)."""
        return Run(_run(paragraph._p, text, bold=bold, size=size), paragraph)

    def set_style(self, paragraph: Paragraph, name: str) -> None:
        _set_style(paragraph._p, self.style_id(name))

    def style_id(self, name: str) -> str:
        """The id of a style by its name, looked up once: python-docx's
        lookup reads every style each time."""
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def fact(self, label: str, value: str, paragraph: Paragraph | None = None) -> Paragraph:
        """«label: value» with the label in bold."""
        paragraph = paragraph or self.paragraph()
        _run(paragraph._p, f"{label}: ", bold=True)
        _run(paragraph._p, value)
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.bullet(self.paragraph(), item)

    def bullet(self, paragraph: Paragraph, text: str, *, size: Length | None = None) -> None:
        self._bullet(paragraph._p, text, size)

    def _bullet(self, p: etree._Element, text: str, size: Length | None) -> None:
        if self.manual_bullets:
            _hand_bullet(p, text, BULLET_INDENT, size)
        else:
            _set_style(p, self.style_id("List Bullet"))
            _run(p, text, size=size)

    def picture(
        self,
        paragraph: Paragraph,
        png: bytes,
        width: Length,
        *,
        title: str,
        description: str,
        svg: bytes | None = None,
    ) -> InlineShape:
        """An inline picture ``width`` wide with its alt text; with ``svg``,
        that drawing is the picture (Word 2016 and later, LibreOffice) and the
        PNG its fallback for the readers without SVG."""
        rel_id, image = self._image(png)
        cx, cy = image.scaled_dimensions(width, None)
        inline = CT_Inline.new_pic_inline(self._shape_id, rel_id, image.filename, cx, cy)
        self._shape_id += 1
        if svg is not None:
            docx_kit.add_svg_blip(inline, self._svg_part(svg))
        paragraph._p.add_r().add_drawing(inline)
        shape = InlineShape(inline)
        docx_kit.set_alt_text(shape, title, description)
        return shape

    def _image(self, png: bytes) -> tuple[str, Image]:
        """python-docx's ``get_or_add_image`` with the images' digests kept:
        it hashes every image of the package to look for each new one."""
        image = Image.from_blob(png)
        part = self._images.get(image.sha1)
        if part is None:
            part = self._images[image.sha1] = self.document.part.package.image_parts._add_image_part(image)
        return self.document.part.relate_to(part, RELATIONSHIP_TYPE.IMAGE), image

    def _svg_part(self, svg: bytes) -> str:
        """The relationship id of ``svg`` as an image part, stored once."""
        if svg not in self._svg_ids:
            self._svg_ids[svg] = docx_kit.add_svg_part(self.document.part, svg, len(self._svg_ids) + 1)
        return self._svg_ids[svg]

    # ---------------------------------------------------------------- tables

    def cell(self, cell: _Cell, items: Value, width: Length, *, size: Length | None = None, bold: bool = False) -> None:
        """One value as text, several as a list inside the cell (in a narrow
        cell, a bullet by hand: List Bullet's indent would leave no room)."""
        self._fill(cell._tc, items, width, size, bold)

    def _fill(self, tc: etree._Element, items: Value, width: Length, size: Length | None, bold: bool) -> None:
        """``cell`` on a new cell's ``w:tc`` (its properties and one empty paragraph)."""
        values = [items] if isinstance(items, str) else list(items) or [PENDING]
        p = tc[1]
        for n, value in enumerate(values):
            if n:
                p = etree.SubElement(tc, W_P)
            if len(values) == 1:
                if value:
                    _run(p, value, size=size, bold=bold)
            elif width < NARROW_CELL:
                _hand_bullet(p, value, CELL_BULLET_INDENT, size)
            else:
                self._bullet(p, value, size)

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Value] | str],
        *,
        widths: Sequence[float] | None = None,
        size: Length | None = None,
        total: Sequence[str] | None = None,
        header: bool = True,
        labels: bool = False,
    ) -> Table:
        """A table in «Table Grid» whose header row repeats on every page.
        ``widths`` are shares of the text width; a row given as one string is
        a section heading across the table; ``labels`` shades the first
        column; ``total`` is a last row in bold."""
        table: Table = self._scratch.add_table(0, len(columns), self.width)
        table._tbl.tblStyle_val = self.style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        shares = list(widths) if widths else [1.0] * len(columns)
        sizes = [Length(int(self.width * s / sum(shares))) for s in shares]
        for column, width in zip(table.columns, sizes, strict=True):
            column.width = width
        tbl = table._tbl
        twips = [str(width.twips) for width in sizes]
        template = _row(tbl.makeelement(W_TBL), twips)[0].getparent()
        if header:
            cells = _copy_row(tbl, template)
            etree.SubElement(cells[0].getparent()[0], W_TBL_HEADER).set(W_VAL, "true")
            for tc, name in zip(cells, columns, strict=True):
                _run(tc[1], name, bold=True, size=size)
                _shade(tc, HEADER_FILL)
        for row in rows:
            if isinstance(row, str):
                self._section(tbl, sizes, row, size)
                continue
            cells = _copy_row(tbl, template)
            for n, (tc, value, width) in enumerate(zip(cells, row, sizes, strict=True)):
                self._fill(tc, value, width, size, labels and n == 0)
            if labels:
                _shade(cells[0], LABEL_FILL)
        if total is not None:
            cells = _copy_row(tbl, template)
            for tc, value in zip(cells, total, strict=True):
                _run(tc[1], value, bold=True, size=size)
        self.paragraph()  # room after the table; Word joins adjacent tables otherwise
        return table

    def facts_table(
        self, rows: Sequence[tuple[str, Value] | str], *, widths: Sequence[float] = (1, 2), header: bool = True
    ) -> Table:
        """Label and content in two columns, the labels shaded."""
        return self.table(("Campo", "Contenido"), rows, widths=widths, header=header, labels=True)

    def _section(self, tbl: etree._Element, sizes: Sequence[Length], text: str, size: Length | None) -> None:
        """A row of one cell across the table (what merging its cells in
        python-docx leaves: the widths summed, ``gridSpan``), its text in
        bold, kept with the next row."""
        [tc] = _row(tbl, [str(sum(width.twips for width in sizes))])
        if len(sizes) > 1:
            etree.SubElement(tc[0], W_GRID_SPAN).set(W_VAL, str(len(sizes)))
        p = tc[1]
        etree.SubElement(etree.SubElement(p, W_PPR), W_KEEP_NEXT)
        _run(p, text, bold=True, size=size)
        _shade(tc, HEADER_FILL)


# ------------------------------------------------------------------ elements


def _run(p: etree._Element, text: str, *, bold: bool = False, size: Length | None = None) -> etree._Element:
    """A ``w:r`` of ``text`` at the end of paragraph ``p``, its line breaks kept."""
    r = etree.SubElement(p, W_R)
    if bold or size is not None:
        properties = etree.SubElement(r, W_RPR)
        if bold:
            etree.SubElement(properties, W_B)
        if size is not None:
            etree.SubElement(properties, W_SZ).set(W_VAL, str(round(size.pt * 2)))
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(r, W_BR)
        if line:
            t = etree.SubElement(r, W_T)
            t.text = line
            if line != line.strip():
                t.set(XML_SPACE, "preserve")
    return r


def _properties(p: etree._Element) -> etree._Element:
    """The ``w:pPr`` of paragraph ``p``: its first child."""
    if len(p) and p[0].tag == W_PPR:
        return p[0]
    properties = etree.SubElement(p, W_PPR)
    p.insert(0, properties)
    return properties


def _set_style(p: etree._Element, style_id: str) -> None:
    """The paragraph's style: ``w:pStyle``, the first of its properties."""
    properties = _properties(p)
    style = properties[0] if len(properties) and properties[0].tag == W_PSTYLE else None
    if style is None:
        style = etree.SubElement(properties, W_PSTYLE)
        properties.insert(0, style)
    style.set(W_VAL, style_id)


def _hand_bullet(p: etree._Element, text: str, indent: Length, size: Length | None) -> None:
    """«• text», hanging from ``indent``, in a paragraph of no other properties."""
    if len(p) and p[0].tag == W_PPR:  # python-docx finds the indent's place among them
        properties: Any = p[0]
        properties.ind_left = indent
        properties.first_line_indent = Length(-int(HANGING))
    else:
        ind = etree.SubElement(_properties(p), W_IND)
        ind.set(W_LEFT, str(indent.twips))
        ind.set(W_HANGING, str(HANGING.twips))
    _run(p, f"•\u00a0{text}", size=size)


def _shade(tc: etree._Element, fill: str) -> None:
    """``docx_kit.shade`` of a cell written by ``_row``: its properties hold
    only the width (and span), so the shading goes last."""
    shading = etree.SubElement(tc[0], W_SHD)
    shading.set(W_VAL, "clear")
    shading.set(W_COLOR, "auto")
    shading.set(W_FILL, fill)


def _copy_row(tbl: etree._Element, template: etree._Element) -> list[etree._Element]:
    """A copy of ``template`` (a row of ``_row``) at the end of ``tbl``: its
    cells. Copying is several times faster than building the elements."""
    tr = copy.deepcopy(template)
    tbl.append(tr)
    return list(tr)[1:]


def _row(tbl: etree._Element, widths: Sequence[str]) -> list[etree._Element]:
    """A row that does not break across pages, one cell (``w:tc``: its
    properties, one empty paragraph) per width in twips."""
    tr = etree.SubElement(tbl, W_TR)
    etree.SubElement(etree.SubElement(tr, W_TRPR), W_CANT_SPLIT)
    cells = []
    for width in widths:
        tc = etree.SubElement(tr, W_TC)
        tc_width = etree.SubElement(etree.SubElement(tc, W_TCPR), W_TCW)
        tc_width.set(W_W, width)
        tc_width.set(W_TYPE, "dxa")
        etree.SubElement(tc, W_P)
        cells.append(tc)
    return cells
