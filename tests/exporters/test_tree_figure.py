"""The tree figure of a plan's commitment: the SVG read back with
``xml.etree``, the PNG opened with Pillow."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from PIL import Image

from exporters.tree_figure import (
    MAX_BOX_LINES,
    alt_text,
    is_drawable,
    render_tree_figure_png,
    render_tree_figure_svg,
    tree_figure_view,
)
from exporters.tree_svg import KIND_COLORS
from tests.exporters.test_plan_view import attack
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM
from workshops.plan import TreeSummary

SVG = "{http://www.w3.org/2000/svg}"
TREE = TreeSummary(DEMO_EFFECTS, DEMO_PROBLEM, DEMO_CAUSES)


def svg_root(tree: TreeSummary) -> ET.Element:
    return ET.fromstring(render_tree_figure_svg(tree))


def box_texts(root: ET.Element, kind: str) -> list[tuple[float, str]]:
    """(top, text) of each box of a part, its wrapped lines joined again."""
    [part] = [g for g in root.iter(f"{SVG}g") if g.get("class") == f"part-{kind}"]
    children = list(part)
    found = []
    for i, element in enumerate(children):
        if element.get("class") == "box":
            text = children[i + 1]
            found.append((float(element.get("y")), " ".join(t.text or "" for t in text.iter(f"{SVG}tspan"))))
    return found


def shown_as(full: str, shown: str) -> bool:
    """The whole text, or its beginning cut with «…»."""
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) > 40)


def test_effects_are_on_top_the_problem_in_the_middle_and_causes_below():
    root = svg_root(TREE)
    effects, problem, causes = (box_texts(root, kind) for kind in ("effect", "problem", "cause"))
    assert all(shown_as(full, shown) for full, (_, shown) in zip(DEMO_EFFECTS, effects, strict=True))
    assert all(shown_as(full, shown) for full, (_, shown) in zip(DEMO_CAUSES, causes, strict=True))
    assert len(problem) == 1
    assert max(y for y, _ in effects) < problem[0][0] < min(y for y, _ in causes)
    assert problem[0][1] == DEMO_PROBLEM
    assert any(full == shown for full, (_, shown) in zip(DEMO_CAUSES, causes, strict=True))
    labels = [" ".join(t.text for t in text.iter(f"{SVG}tspan")) for text in root.iter(f"{SVG}text")]
    assert {"Efectos", "Problema central", "Causas"} <= set(labels)


def test_arrows_point_up_from_the_causes_to_the_problem_and_on_to_the_effects():
    view = tree_figure_view(TREE)
    effects, problem, causes = view["parts"]
    [problem_box] = problem["boxes"]
    arrows = view["arrows"]
    to_effects = [a for a in arrows if a["y1"] == problem_box["y"]]
    to_problem = [a for a in arrows if a["y2"] == problem_box["y"] + problem_box["height"]]
    assert len(to_effects) == len(DEMO_EFFECTS) and len(to_problem) == 3  # the row of causes nearest the problem
    assert all(a["y2"] < a["y1"] for a in arrows)  # every arrow points up
    effect_bottoms = {b["y"] + b["height"] for b in effects["boxes"]}
    assert {a["y2"] for a in to_effects} <= effect_bottoms
    assert {a["y1"] for a in to_problem} == {causes["boxes"][0]["y"]}
    lines = svg_root(TREE).findall(f".//{SVG}line")
    assert len(lines) == len(arrows) and all(line.get("marker-end") == "url(#arrow)" for line in lines)


def test_a_long_text_is_cut_and_an_empty_part_reads_pendiente():
    tree = TreeSummary(("palabra " * 200,), "", ())
    view = tree_figure_view(tree)
    effects, problem, causes = view["parts"]
    [long_box] = effects["boxes"]
    assert len(long_box["lines"]) == MAX_BOX_LINES and long_box["lines"][-1].endswith("…")
    for part in (problem, causes):
        [box] = part["boxes"]
        assert box["lines"] == ["Pendiente"] and box["pending"]
    assert 'stroke-dasharray="7 4"' in render_tree_figure_svg(tree).decode()
    assert is_drawable(tree) and not is_drawable(TreeSummary((" ",), " ", ()))


def test_markup_in_the_tree_stays_text():
    hostile = TreeSummary((attack("efecto"),), attack("problema") + "\x00\ufffe", (attack("causa"),))
    root = svg_root(hostile)  # well-formed: nothing was injected
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}b", "script", "b")]
    [(_, problem)] = box_texts(root, "problem")
    assert "<script>alert('problema')</script><b" in problem
    assert "\ufffd" in "".join(root.itertext())


def test_the_alt_text_says_what_the_figure_shows():
    text = alt_text(TREE)
    assert text.startswith("Árbol de problemas. Arriba, 2 efectos;")
    assert f"«{DEMO_PROBLEM}»" in text and f"abajo, {len(DEMO_CAUSES)} causas" in text
    assert "ningún efecto" in alt_text(TreeSummary((), "p", ("c",))) and "1 causa." in alt_text(
        TreeSummary((), "p", ("c",))
    )


def test_the_png_is_the_svg_drawn_at_twice_its_size():
    view = tree_figure_view(TREE)
    image = Image.open(io.BytesIO(render_tree_figure_png(TREE)))
    assert image.format == "PNG"
    assert image.size == (2 * view["width"], 2 * view["height"])
    rgb = image.convert("RGB")
    for part in view["parts"]:
        fill = KIND_COLORS[part["kind"]][0]
        box = part["boxes"][0]
        # Just inside the box's left border, clear of the centred text: the box's fill.
        pixel = rgb.getpixel((2 * (box["x"] + 6), 2 * (box["y"] + box["height"] // 2)))
        expected = tuple(int(fill[i : i + 2], 16) for i in (1, 3, 5))
        assert all(abs(a - b) <= 6 for a, b in zip(pixel, expected, strict=True)), (part["kind"], pixel)
