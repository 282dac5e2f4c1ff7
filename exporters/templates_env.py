"""The exporters' one jinja2 environment: every format that renders a
template (the tree SVG, the tree figure, the plan's HTML and Markdown) loads
it from ``templates/`` through this.

Autoescaping is on for markup: ``.html``, ``.xml`` and ``.svg`` templates,
and ``.svg.j2`` (a template that writes SVG); a ``.html.j2`` template opens
its own ``{% autoescape true %}`` block. Undefined names fail loudly.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg", "svg.j2")),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
