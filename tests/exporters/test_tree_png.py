"""The PNG of the problem tree, opened with Pillow."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from exporters.tree_png import MAX_SCALE, png_scale, render_tree_png
from exporters.tree_svg import KIND_COLORS, tree_svg_view
from workshops.errors import ValidationError
from workshops.tree_layout import layout_tree


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def rgb_pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_png_has_the_svg_size_times_the_scale(demo):
    view = tree_svg_view(demo, title="Cultura de Gobierno Abierto")
    image = open_png(render_tree_png(demo, title="Cultura de Gobierno Abierto"))
    assert image.size == (2 * view["width"], 2 * view["height"])
    image = open_png(render_tree_png(demo, title="Cultura de Gobierno Abierto", scale=1))
    assert image.size == (view["width"], view["height"])


def test_png_is_light_with_the_boxes_drawn_where_the_layout_puts_them(demo):
    scale = 2
    view = tree_svg_view(demo, title="t")
    layout = layout_tree(demo)
    dx, dy = view["width"] - layout.width, view["height"] - layout.height
    image = open_png(render_tree_png(demo, title="t", scale=scale))
    pixels = image.load()
    assert pixels[0, 0] == (255, 255, 255)
    light = sum(1 for r, g, b in rgb_pixels(image) if min(r, g, b) >= 235)
    assert light / (image.width * image.height) > 0.6
    for box in layout.nodes:
        fill, stroke, _, _ = KIND_COLORS[box.kind]
        # Inside the box, off the text: the fill colour; on its left border: the stroke.
        inside = ((dx + box.x + 6) * scale, (dy + box.y + box.height // 2) * scale)
        border = ((dx + box.x) * scale, (dy + box.y + box.height // 2) * scale)
        assert close(pixels[inside], hex_rgb(fill)), (box.id, pixels[inside])
        assert close(pixels[border], hex_rgb(stroke), 40), (box.id, pixels[border])
        # The text is drawn: dark pixels inside the border (none if no font was found).
        inset = 6
        crop = image.crop(
            (
                (dx + box.x + inset) * scale,
                (dy + box.y + inset) * scale,
                (dx + box.x + box.width - inset) * scale,
                (dy + box.y + box.height - inset) * scale,
            )
        )
        dark = sum(1 for r, g, b in rgb_pixels(crop) if r + g + b < 300)
        assert dark > 200 * len(box.lines), box.id


def test_a_big_drawing_gets_a_lower_scale(demo):
    view = tree_svg_view(demo, title="t")
    budget = view["width"] * view["height"]  # room for scale 1 only
    image = open_png(render_tree_png(demo, title="t", scale=3, max_pixels=budget))
    assert image.size == (view["width"], view["height"])
    assert png_scale(100, 100, 2, max_pixels=10_000) == 1.0
    assert png_scale(100, 100, 2) == 2.0


@pytest.mark.parametrize("scale", [0, -1, MAX_SCALE + 1, True, "2", float("nan")])
def test_a_bad_scale_is_refused(demo, scale):
    with pytest.raises(ValidationError) as raised:
        render_tree_png(demo, title="t", scale=scale)
    assert raised.value.field == "scale"
