"""The pieces of an ODF text body — paragraphs, headings, bullet lists,
tables with a repeated header row — built as lxml elements in odfdo's
namespaces, for ``plan_odt`` to put into an odfdo document.

Why not odfdo's element classes for these: each one parses an XML template
when created and tables clone their rows and cells, so a plan of 200
commitments (some 170,000 elements) took over half a minute. Built directly,
the same body takes a second or two. odfdo still owns the document: styles,
metadata, the table of contents, images, the package.

Text is set as ODF text: runs of spaces become ``text:s``, tabs
``text:tab``, line breaks ``text:line-break``; lxml escapes the rest, so
nothing people typed becomes markup.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from typing import Any

from lxml import etree
from odfdo import Document, Element
from odfdo.element import ODF_NAMESPACES

# A table cell holds a text, or several (a bullet list in the cell).
CellContent = str | Sequence[str]

BODY_STYLE = "Text_20_body"
STRONG_STYLE = "Strong_20_Emphasis"
CELL_STYLE, HEAD_CELL_STYLE, ROW_HEAD_CELL_STYLE = "PlanCell", "PlanHeadCell", "PlanRowHeadCell"
CELL_TEXT_STYLE, CELL_HEADING_STYLE = "Table_20_Contents", "Table_20_Heading"
TABLE_STYLE = "PlanTable"

_SPECIAL = re.compile(r"\n|\t| {2,}|^ ")


@functools.cache
def qname(name: str) -> str:
    """``"text:p"`` → lxml's ``"{urn:oasis:…:text:1.0}p"``."""
    prefix, local = name.split(":")
    return f"{{{ODF_NAMESPACES[prefix]}}}{local}"


def container() -> Any:
    """A detached ``office:text`` to build into: its children take their
    namespaces from it, and ``move_into`` hands them to the document, where
    they use the document's declarations (no copy on every element)."""
    return etree.Element(qname("office:text"), nsmap=ODF_NAMESPACES)


def move_into(target: Element, built: Any) -> None:
    """Every child of ``built`` (a ``container()``) appended to ``target``, in
    order, as lxml elements: odfdo's ``append`` wraps each in its class, and
    the wrapper of a table reads all its rows."""
    element = target._xml_element
    for child in list(built):
        element.append(child)


def save(document: Document) -> bytes:
    """The document's package, without odfdo's check that every table's
    columns cover its rows (it reads each row of each table: a tenth of a
    long plan's export): ``table`` declares one column per cell."""
    document.normalize_tables = _tables_declare_their_columns  # type: ignore[method-assign]
    package = io.BytesIO()
    document.save(package)
    return package.getvalue()


def _tables_declare_their_columns() -> None:
    """``Document.normalize_tables`` for the documents built here."""


def node(parent: Any, name: str, **attributes: str) -> Any:
    """A child ``name`` (``prefix:local``) of ``parent``; attributes as
    ``prefix__local_name=value`` for ``prefix:local-name``."""
    return etree.SubElement(parent, qname(name), {_attribute(k): v for k, v in attributes.items()})


@functools.cache
def _attribute(keyword: str) -> str:
    return qname(keyword.replace("__", ":", 1).replace("_", "-"))


def append_text(element: Any, text: str) -> None:
    """``text`` at the end of ``element``, with ODF's white-space elements."""
    position = 0
    for match in _SPECIAL.finditer(text):
        _plain(element, text[position : match.start()])
        token = match.group()
        if token == "\n":
            node(element, "text:line-break")
        elif token == "\t":
            node(element, "text:tab")
        elif match.start() == 0:  # leading spaces would be dropped
            node(element, "text:s", text__c=str(len(token)))
        else:
            _plain(element, " ")
            node(element, "text:s", text__c=str(len(token) - 1))
        position = match.end()
    _plain(element, text[position:])


def _plain(element: Any, text: str) -> None:
    if not text:
        return
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def paragraph(parent: Any, text: str, style: str = BODY_STYLE) -> Any:
    p = node(parent, "text:p", text__style_name=style)
    append_text(p, text)
    return p


def heading(parent: Any, level: int, text: str, style: str | None = None) -> Any:
    h = node(parent, "text:h", text__style_name=style or f"Heading_20_{level}", text__outline_level=str(level))
    append_text(h, text)
    return h


def labelled(parent: Any, label: str, value: str) -> Any:
    """«**Label:** value» as one paragraph."""
    p = node(parent, "text:p", text__style_name=BODY_STYLE)
    append_text(node(p, "text:span", text__style_name=STRONG_STYLE), f"{label}:")
    if value:
        append_text(p, f" {value}")
    return p


def bullets(parent: Any, items: Sequence[str], list_style: str, style: str = BODY_STYLE) -> Any:
    ul = node(parent, "text:list", text__style_name=list_style)
    for item in items:
        paragraph(node(ul, "text:list-item"), item, style)
    return ul


def table(
    parent: Any,
    name: str,
    column_styles: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[CellContent]],
    list_style: str,
    total: tuple[str, str] | None = None,
) -> Any:
    """A table whose header row repeats on every page and whose first column
    reads as each row's heading; ``total`` is a last row whose label spans
    every column but the last."""
    t = node(parent, "table:table", table__name=name, table__style_name=TABLE_STYLE)
    for style in column_styles:
        node(t, "table:table-column", table__style_name=style)
    head_row = node(node(t, "table:table-header-rows"), "table:table-row")
    for text in header:
        _cell(head_row, text, HEAD_CELL_STYLE, CELL_HEADING_STYLE, list_style)
    for values in rows:
        row = node(t, "table:table-row")
        for i, value in enumerate(values):
            if i == 0:
                _cell(row, value, ROW_HEAD_CELL_STYLE, CELL_HEADING_STYLE, list_style)
            else:
                _cell(row, value, CELL_STYLE, CELL_TEXT_STYLE, list_style)
    if total is not None:
        row = node(t, "table:table-row")
        label = _cell(row, total[0], ROW_HEAD_CELL_STYLE, CELL_HEADING_STYLE, list_style)
        label.set(qname("table:number-columns-spanned"), str(len(header) - 1))
        for _ in range(len(header) - 2):
            node(row, "table:covered-table-cell")
        _cell(row, total[1], CELL_STYLE, CELL_TEXT_STYLE, list_style)
    return t


def _cell(row: Any, value: CellContent, style: str, text_style: str, list_style: str) -> Any:
    cell = node(row, "table:table-cell", table__style_name=style, office__value_type="string")
    if isinstance(value, str):
        paragraph(cell, value, text_style)
    elif len(value) == 1:
        paragraph(cell, value[0], text_style)
    else:
        bullets(cell, value, list_style, text_style)
    return cell
