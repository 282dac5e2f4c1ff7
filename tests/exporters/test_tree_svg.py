"""The SVG of the problem tree, read back with an XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from exporters.tree_svg import EDGE_COLOR, KIND_COLORS, OTHER_COLORS, render_tree_svg, tree_svg_view
from workshops.errors import ValidationError
from workshops.problem_tree import Edge, Node, ProblemTree
from workshops.tree_layout import layout_tree

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("node ")]


def lines_of(text: ET.Element) -> list[str]:
    return [tspan.text or "" for tspan in text.iter(f"{SVG}tspan")]


def section_labels(root: ET.Element) -> list[str]:
    return [
        " ".join(lines_of(g.find(f"{SVG}text")))
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("section-")
    ]


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_svg_is_standalone_and_accessible(demo):
    svg = render_tree_svg(demo, title="Cultura de Gobierno Abierto")
    assert svg.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    width, height = int(root.get("width")), int(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Cultura de Gobierno Abierto — Árbol de problemas"
    assert root.find(f"{SVG}title").text == "Cultura de Gobierno Abierto"
    assert root.find(f"{SVG}desc").text == "Árbol de problemas. Problema central: 1. Causas: 4. Efectos: 2."
    assert "DejaVu Sans" in root.get("font-family")
    # No external references: the only url() is the arrow marker inside the file.
    text = svg.decode()
    assert set(re.findall(r"url\(([^)]*)\)", text)) == {"#arrow"}
    assert "href" not in text and "<image" not in text and "<script" not in text and "@import" not in text
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"]


def test_every_box_shows_its_full_text_with_the_kind_colours(demo):
    root = parse(render_tree_svg(demo, title="x"))
    groups = node_groups(root)
    assert len(groups) == len(demo.nodes)
    texts = sorted(" ".join(lines_of(g.find(f"{SVG}text"))) for g in groups)
    assert texts == sorted(n.text for n in demo.nodes)
    for g in groups:
        kind = g.get("class").split("-")[-1]
        rect = g.find(f"{SVG}rect")
        fill, stroke, colour, _ = KIND_COLORS[kind]
        assert (rect.get("fill"), rect.get("stroke"), g.find(f"{SVG}text").get("fill")) == (fill, stroke, colour)
        assert rect.get("stroke-dasharray") is None


def test_sections_are_labelled_top_to_bottom_in_spanish_and_english(scoped_tree):
    spanish = parse(render_tree_svg(scoped_tree, title="x"))
    assert section_labels(spanish) == ["Efectos", "Problema central", "Causas", "Sin vincular"]
    english = parse(render_tree_svg(scoped_tree, title="x", lang="en"))
    assert section_labels(english) == ["Effects", "Central problem", "Causes", "Not linked"]
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert english.get("aria-label") == "x — Problem tree"
    ys = [int(g.find(f"{SVG}rect").get("y")) for g in spanish.iter(f"{SVG}g") if g.get("class", "").startswith("sec")]
    assert ys == sorted(ys)
    with pytest.raises(ValidationError) as raised:
        render_tree_svg(scoped_tree, title="x", lang="fr")
    assert raised.value.field == "lang"


def test_out_of_scope_causes_are_dashed_with_a_note(scoped_tree):
    root = parse(render_tree_svg(scoped_tree, title="x"))
    dashed = [g for g in node_groups(root) if g.find(f"{SVG}rect").get("stroke-dasharray")]
    assert len(dashed) == 1
    texts = dashed[0].findall(f"{SVG}text")
    assert " ".join(lines_of(texts[0])).startswith("Desconocimiento de los beneficios")
    assert lines_of(texts[1]) == ["Fuera del alcance"]
    assert texts[1].get("font-style") == "italic"
    english = parse(render_tree_svg(scoped_tree, title="x", lang="en"))
    assert [lines_of(t) for g in node_groups(english) for t in g.findall(f"{SVG}text")[1:]] == [["Out of scope"]]
    # The note sits inside the box, under the text.
    rect = dashed[0].find(f"{SVG}rect")
    note_y = int(texts[1].find(f"{SVG}tspan").get("y"))
    last_line_y = int(list(texts[0].iter(f"{SVG}tspan"))[-1].get("y"))
    assert last_line_y < note_y < int(rect.get("y")) + int(rect.get("height"))


def test_arrows_run_from_cause_to_problem_to_effect(scoped_tree):
    view = tree_svg_view(scoped_tree, title="x")
    root = parse(render_tree_svg(scoped_tree, title="x"))
    arrows = list(root.iter(f"{SVG}polyline"))
    assert len(arrows) == len(scoped_tree.edges) == 7
    assert all(a.get("marker-end") == "url(#arrow)" for a in arrows)
    assert root.find(f".//{SVG}marker/{SVG}path").get("fill") == EDGE_COLOR
    layout = layout_tree(scoped_tree)
    header = view["height"] - layout.height
    gutter = view["width"] - layout.width
    for arrow, route in zip(arrows, layout.edges, strict=True):
        points = [tuple(int(v) for v in p.split(",")) for p in arrow.get("points").split()]
        assert points == [(x + gutter, y + header) for x, y in route.points]
        target = layout.get_node(route.target)
        end_x, end_y = route.points[-1]
        assert end_y == target.y + target.height  # into the bottom of the box above
        assert target.x < end_x < target.x + target.width


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "a & b &amp; &lt; &#x41; &unknown;",
        "]]> <![CDATA[ x ]]>",
        '"dobles" y \'simples\' en="atributo"',
        "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;",
        "{{ 7 * 7 }} {% raw %} ${x}",
        "<tspan x='0'>falso</tspan></text><text>",
    ],
)
def test_participant_text_stays_text(hostile):
    tree = ProblemTree(
        nodes=(Node("p", "problem", hostile), Node("c", "cause", hostile, out_of_scope=True)),
        edges=(Edge("e", "c", "p"),),
    )
    svg = render_tree_svg(tree, title=hostile)
    root = parse(svg)  # well-formed XML
    assert root.find(f"{SVG}title").text == hostile
    assert root.get("aria-label").startswith(hostile)
    groups = node_groups(root)
    # Every character is there (a word longer than a line is cut, so compare without spaces).
    drawn = ["".join(lines_of(g.find(f"{SVG}text"))).replace(" ", "") for g in groups]
    assert drawn == [hostile.replace(" ", "")] * 2
    # Nothing a participant typed became an element.
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags == {"svg", "title", "desc", "defs", "marker", "path", "rect", "text", "tspan", "g", "polyline"}
    assert b"<script" not in svg and b"<!DOCTYPE" not in svg and b"<![CDATA[" not in svg


def test_characters_xml_cannot_carry_are_replaced_not_dropped():
    typed = "a\x00b\x01c\x1bd\x7fe\ud800f\ufffeg\uffffh\ti\nj😀"
    tree = ProblemTree(nodes=(Node("p", "problem", typed),), edges=())
    root = parse(render_tree_svg(tree, title=typed))
    (group,) = node_groups(root)
    assert " ".join(lines_of(group.find(f"{SVG}text"))) == "a\ufffdb\ufffdc\ufffdd\x7fe\ufffdf\ufffdg\ufffdh i j😀"
    assert root.find(f"{SVG}title").text == "a\ufffdb\ufffdc\ufffdd\x7fe\ufffdf\ufffdg\ufffdh i j😀"


def test_an_empty_tree_and_a_tree_without_problem_still_render():
    root = parse(render_tree_svg(ProblemTree(nodes=(), edges=()), title=""))
    assert root.get("aria-label") == "Árbol de problemas"
    assert root.find(f"{SVG}desc").text.startswith("Árbol de problemas. Falta el problema central.")
    tree = ProblemTree(nodes=(Node("c", "cause", "Sola"), Node("x", "rara", "¿?")), edges=())
    root = parse(render_tree_svg(tree, title="t"))
    assert section_labels(root) == ["Causas", "Sin vincular"]
    kinds = [g.get("class") for g in node_groups(root)]
    assert kinds == ["node node-cause", "node node-other"]


def test_colours_have_good_contrast():
    for fill, stroke, text, band in [*KIND_COLORS.values(), OTHER_COLORS]:
        assert contrast(text, fill) >= 7  # WCAG AAA for box text
        assert contrast(stroke, band) >= 4.5  # section labels (AA)
        assert contrast(stroke, fill) >= 3  # box borders (non-text contrast)
    assert contrast(EDGE_COLOR, "#ffffff") >= 4.5
    effect, problem, cause = (KIND_COLORS[k][0] for k in ("effect", "problem", "cause"))
    # green-ish, red-ish and orange-ish fills: the dominant channel tells them apart
    assert max(range(3), key=lambda i: int(effect[1 + 2 * i : 3 + 2 * i], 16)) == 1
    assert int(problem[1:3], 16) > int(problem[3:5], 16) > 0
    assert int(cause[1:3], 16) > int(cause[3:5], 16) > int(cause[5:7], 16)
