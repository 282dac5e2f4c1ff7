"""The problem tree as a PNG: the SVG of ``tree_svg`` rasterized by resvg.

resvg (through the ``resvg-py`` wheel: no system libraries) shapes text with
the fonts installed on the machine, taking the first family of the SVG's list
that it finds; on Debian that is DejaVu Sans from ``fonts-dejavu-core``, which
the Makefile installs. Without any font the boxes would come out empty.

``render_svgs_png`` draws many SVGs at once for the word processors' files
(``tree_figure``: the PNG fallback of each tree figure of a plan) through
Typst, whose picture of an SVG is resvg's too (usvg and tiny-skia, the same
system fonts) but three times cheaper than ``resvg-py``'s (about 15 ms a
typical tree instead of 50: measured in ``bench/export.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import resvg_py

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.problem_tree import ProblemTree

from .tree_svg import render_svg_view, tree_svg_view

MEDIA_TYPE = "image/png"
MAX_SCALE = 8
# 32 megapixels, 128 MiB of RGBA while drawing: a big tree gets a lower scale.
MAX_PIXELS = 32_000_000
# One SVG per Typst compilation in ``render_svgs_png``, as a page of its size
# in output pixels (at 72 ppi, one point is one pixel).
_PAGE_SOURCE = b"""#set page(margin: 0pt, width: float(sys.inputs.w) * 1pt, height: float(sys.inputs.h) * 1pt)
#image(bytes(sys.inputs.s), format: "svg", width: 100%, height: 100%)
"""
# Typst keeps what a compilation drew (the SVG's pixels among it) until ten
# more compilations have not used it: an empty page after each drawing halves
# what it holds meanwhile, this many at the end forget it all.
_EMPTY_PAGE = b"#set page(width: 1pt, height: 1pt)"
_FORGET = 11


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


def render_svgs_png(drawings: Sequence[tuple[bytes, int, int]], *, scale: float) -> list[bytes]:
    """Each drawing (an SVG of ``tree_svg``, its width and height) as a PNG,
    ``scale`` pixels per SVG unit lowered as in ``render_tree_png``; its size
    is ``round(width * s)`` by ``round(height * s)``."""
    import typst  # here, not at the top: the server imports the exporters before it renders

    compiler: Any = typst.Compiler()
    pngs = []
    for svg, width, height in drawings:
        zoom = png_scale(width, height, scale)
        inputs = {"s": svg.decode("utf-8"), "w": repr(width * zoom), "h": repr(height * zoom)}
        pngs.append(compiler.compile(input=_PAGE_SOURCE, format="png", ppi=72.0, sys_inputs=inputs))
        compiler.compile(input=_EMPTY_PAGE, format="png", ppi=1.0)
    for _empty in range(_FORGET if drawings else 0):
        compiler.compile(input=_EMPTY_PAGE, format="png", ppi=1.0)
    return pngs
