"""The problem tree as a PNG: the SVG of ``tree_svg`` rasterized by resvg.

resvg (through the ``resvg-py`` wheel: no system libraries) shapes text with
the fonts installed on the machine, taking the first family of the SVG's list
that it finds; on Debian that is DejaVu Sans from ``fonts-dejavu-core``, which
the Makefile installs. Without any font the boxes would come out empty.
"""

from __future__ import annotations

import math

import resvg_py

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.problem_tree import ProblemTree

from .tree_svg import render_svg_view, tree_svg_view

MEDIA_TYPE = "image/png"
MAX_SCALE = 8
# 32 megapixels, 128 MiB of RGBA while drawing: a big tree gets a lower scale.
MAX_PIXELS = 32_000_000


def png_scale(width: int, height: int, scale: float, max_pixels: int = MAX_PIXELS) -> float:
    """The scale actually used: the one asked for, lowered to fit ``max_pixels``."""
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale <= MAX_SCALE:
        raise ValidationError(
            _("La escala debe ser un número mayor que 0 y hasta {max_scale}.", max_scale=MAX_SCALE), field="scale"
        )
    return min(float(scale), math.sqrt(max_pixels / (width * height)))


def render_tree_png(
    tree: ProblemTree, *, title: str, lang: str = "es", scale: float = 2, max_pixels: int = MAX_PIXELS
) -> bytes:
    """A PNG of the tree, ``scale`` device pixels per SVG unit; its size is
    ``round(svg width * s)`` by ``round(svg height * s)``, ``s = png_scale(...)``."""
    view = tree_svg_view(tree, title=title, lang=lang)
    zoom = png_scale(view["width"], view["height"], scale, max_pixels)
    svg = render_svg_view(view).decode("utf-8")
    return resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom)
