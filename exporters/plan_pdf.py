"""The Plan de Acción as a PDF: the HTML exporter's page (either layout)
printed by WeasyPrint, so the PDF and the page never say different things.

Tagged PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant: structure tags, the
title shown as the window title, the document language es-MX from
``<html lang>``); the title comes from ``<title>``. In the ``plan`` layout
each commitment's tree is the page's figure (``tree_figure``'s SVG, the
room's own drawing, in a ``data:`` URI, which WeasyPrint draws as vectors:
sharp at any zoom, and no rasterizing; its description is the ``alt``) above
the same tree as text.

Text is set in DejaVu Sans (``make fonts`` installs it; its glyphs cover
Spanish: accents, ñ, ¿¡, «»), embedded and subset. WeasyPrint may fetch
nothing but those ``data:`` URIs: no file, no network.
"""

from __future__ import annotations

import weasyprint

from workshops.plan import Plan

from .formats import LAYOUTS
from .plan_document import LAYOUT_PLAN, check_layout
from .plan_html import render_plan_html

MEDIA_TYPE = "application/pdf"
PDF_VARIANT = "pdf/ua-1"
FONT_FAMILY = '"DejaVu Sans", sans-serif'
# The page's print CSS holds the layout; this only pins the font so the PDF
# looks the same on every machine with DejaVu. WeasyPrint reads it as a user
# stylesheet, which yields to the page's own rules unless important.
PRINT_CSS = f"@page {{ font-family: {FONT_FAMILY}; }} body {{ font-family: {FONT_FAMILY} !important; }}"
ALLOWED_URLS = ("data",)


def export_plan_pdf(plan: Plan, layout: str = LAYOUT_PLAN) -> bytes:
    check_layout(layout, "pdf", {"pdf": LAYOUTS})
    html = render_plan_html(plan, layout, paged=True)
    fetcher = weasyprint.URLFetcher(allowed_protocols=ALLOWED_URLS)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, media_type="print")
    stylesheet = weasyprint.CSS(string=PRINT_CSS, url_fetcher=fetcher)
    return bytes(document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT))
