"""The problem tree figure of the plan's documents is the room's own drawing.

For a tree with two levels of causes and effects and an out-of-scope cause,
the edges the plan's figure draws (read back from the SVG embedded in the
HTML page and from the SVG Typst draws in the PDF) are exactly the tree's
edges, and the out-of-scope cause is marked; the DOCX and ODT pictures are
that same SVG with its PNG as the fallback. A plan stored before the tree's structure was kept has no
figure in any document, only its text and a note saying why.
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import docx
import pypdf
from odfdo import Document
from PIL import Image

from exporters.plan_docx import export_plan_docx
from exporters.plan_html import export_plan_html
from exporters.plan_markdown import export_plan_markdown
from exporters.plan_odt import export_plan_odt
from exporters.plan_pdf import export_plan_pdf, pdf_inputs
from exporters.plan_view import TEXT_ONLY_NOTE
from exporters.tree_figure import (
    FALLBACK_SCALE,
    alt_text,
    figure_uris,
    is_drawable,
    render_figure_png,
    render_figure_svg,
)
from exporters.tree_png import render_tree_png
from exporters.tree_svg import render_tree_svg
from tests.exporters.test_plan_view import attack, large_plan
from tests.workshops.test_plan import seeded_plan, two_level_tree
from workshops.plan import Plan
from workshops.plan_serialization import plan_from_dict, plan_to_dict
from workshops.plan_tree import PlanTree, plan_tree_from, summary_from
from workshops.problem_tree import Edge, Node, ProblemTree
from workshops.tree_layout import layout_tree

SVG = "{http://www.w3.org/2000/svg}"
DATA_URI = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')
TREE_EDGES = {(e.source, e.target) for e in two_level_tree().edges}


def drawn_figures(html: str) -> list[ET.Element]:
    """The SVG of every figure the page embeds, parsed."""
    return [ET.fromstring(base64.b64decode(src)) for src, _ in DATA_URI.findall(html)]


def drawn_edges(svg: ET.Element) -> set[tuple[str, str]]:
    """(source, target) of every arrow the drawing has."""
    arrows = [p for p in svg.iter(f"{SVG}polyline") if p.get("marker-end") == "url(#arrow)"]
    found = {(p.get("data-source"), p.get("data-target")) for p in arrows}
    assert len(found) == len(arrows)  # no arrow drawn twice
    return found  # type: ignore[return-value]


def drawn_nodes(svg: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-id"): g for g in svg.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}


def old_plan() -> Plan:
    """The seeded plan as stored before the structure was kept: its second
    commitment's tree as the text lists of ``cocrea.plan/1``."""
    data = plan_to_dict(seeded_plan())
    old = summary_from(two_level_tree())
    data["commitments"][1]["problem_tree"] = {
        "effects": list(old.effects),
        "problem": old.problem,
        "causes": list(old.causes),
    }
    return plan_from_dict(data)


def test_the_plan_figure_draws_exactly_the_trees_edges_and_marks_the_out_of_scope_cause():
    plan = seeded_plan()  # its second commitment has the two-level tree
    assert plan.commitments[1].tree == plan_tree_from(two_level_tree())
    inputs = pdf_inputs(plan)
    pdf_figures = [ET.fromstring(inputs[f"figure-{n}"]) for n in (1, 2)]  # what Typst draws in the PDF
    for first, second in (drawn_figures(export_plan_html(plan).decode("utf-8")), pdf_figures):
        assert drawn_edges(second) == TREE_EDGES
        assert drawn_edges(first) == {(e.source, e.target) for e in plan.commitments[0].tree.edges}
        nodes = drawn_nodes(second)
        assert set(nodes) == {n.id for n in two_level_tree().nodes}
        marked = {i for i, g in nodes.items() if "out-of-scope" in g.get("class", "")}
        assert marked == {"c-2-1"}
        out = nodes["c-2-1"]
        assert out.find(f"{SVG}rect").get("stroke-dasharray") == "7 4"
        assert "Fuera del alcance" in "".join(out.itertext())
        assert all(g.find(f"{SVG}rect").get("stroke-dasharray") is None for i, g in nodes.items() if i != "c-2-1")


def test_the_figure_is_the_rooms_own_layout():
    tree = two_level_tree()
    kept = plan_tree_from(tree)
    svg = render_figure_svg(kept)
    assert svg == render_tree_svg(tree, title="", lang="es")  # the room's SVG export, untitled
    layout = layout_tree(tree)
    root = ET.fromstring(svg)
    [effects, problem, causes] = [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("section-")]
    assert [g.get("class") for g in (effects, problem, causes)] == [
        "section-effects",
        "section-problem",
        "section-causes",
    ]
    assert {(r.section, r.layer, r.ids) for r in layout.rows} == {
        ("effects", 2, ("e-1-1",)),
        ("effects", 1, ("e-1",)),
        ("problem", 0, ("p",)),
        ("causes", -1, ("c-1", "c-2")),
        ("causes", -2, ("c-1-1", "c-2-1")),
    }
    # Each arrow runs along the layout's route, shifted by the gutter of the section labels.
    polylines = {(p.get("data-source"), p.get("data-target")): p.get("points") for p in root.iter(f"{SVG}polyline")}
    dx = int(root.get("width")) - layout.width
    for edge in layout.edges:
        assert polylines[(edge.source, edge.target)] == " ".join(f"{x + dx},{y + 24}" for x, y in edge.points)
    # Its PNG is the room's PNG export, pixel for pixel (drawn through Typst, so encoded differently).
    figure = Image.open(io.BytesIO(render_figure_png(kept)))
    export = Image.open(io.BytesIO(render_tree_png(tree, title="", lang="es")))
    assert figure.size == export.size
    assert figure.convert("RGBA").tobytes() == export.convert("RGBA").tobytes()


def test_the_docx_and_odt_pictures_are_that_drawing_and_its_png():
    plan = seeded_plan()
    svgs = {render_figure_svg(entry.tree) for entry in plan.commitments}
    pngs = {render_figure_png(entry.tree, scale=FALLBACK_SCALE) for entry in plan.commitments}
    document = docx.Document(io.BytesIO(export_plan_docx(plan)))
    pictures = {rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype}
    assert pictures == svgs | pngs
    with zipfile.ZipFile(io.BytesIO(export_plan_odt(plan))) as package:
        odt_pictures = {package.read(n) for n in package.namelist() if n.startswith("Pictures/")}
    assert odt_pictures == svgs | pngs


def test_an_old_plan_shows_its_text_with_a_note_and_no_figure():
    plan = old_plan()
    tree = plan.commitments[1].tree
    assert tree.text_only is not None and not is_drawable(tree)
    html = export_plan_html(plan).decode("utf-8")
    assert len(drawn_figures(html)) == 1  # the first commitment's; none for the old one
    assert html.count(TEXT_ONLY_NOTE) == 1 and "Figura 2" not in html
    for cause in tree.text_only.causes:
        assert f"<li>{cause}</li>" in html
    assert TEXT_ONLY_NOTE in export_plan_markdown(plan).decode("utf-8").replace("\n> ", " ")
    document = docx.Document(io.BytesIO(export_plan_docx(plan)))
    assert len(document.inline_shapes) == 1
    assert any(p.text == TEXT_ONLY_NOTE for p in document.paragraphs)
    odt = Document(io.BytesIO(export_plan_odt(plan)))
    assert TEXT_ONLY_NOTE in odt.body.text_recursive
    assert len([f for f in odt.body.get_elements("//draw:frame")]) == 1


def test_an_old_plan_prints_its_note_in_the_pdf():
    reader = pypdf.PdfReader(io.BytesIO(export_plan_pdf(old_plan())))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages).replace("\u00ad\n", ""))
    assert "vuelva a agregar el compromiso al plan desde su mesa" in text
    assert text.count("Figura ") == 1


def test_the_text_says_which_causes_are_indirect_or_out_of_scope():
    html = export_plan_html(seeded_plan()).decode("utf-8")
    assert "<li>Los municipios no conocen los ejercicios de otros municipios. (causa indirecta)</li>" in html
    assert "<li>Recortes presupuestales a las áreas de transparencia. (causa indirecta; fuera del alcance)</li>" in html
    assert "(efecto indirecto)</li>" in html


def test_markup_in_the_tree_stays_text():
    nodes = (
        Node("p", "problem", attack("problema") + "\x00\ufffe"),
        Node("c", "cause", attack("causa"), out_of_scope=True),
        Node("e", "effect", attack("efecto")),
    )
    tree = plan_tree_from(ProblemTree(nodes, (Edge("a", "c", "p"), Edge("b", "p", "e"))))
    root = ET.fromstring(render_figure_svg(tree))  # well-formed: nothing was injected
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}b", "script", "b")]
    assert drawn_edges(root) == {("c", "p"), ("p", "e")}
    assert "<script>alert('problema')</script><b" in "".join(root.itertext())
    assert "\ufffd" in "".join(root.itertext())


def test_the_alt_text_says_what_the_figure_shows():
    text = alt_text(plan_tree_from(two_level_tree()))
    assert text.startswith("Árbol de problemas: el problema central «Desarticulación")
    assert "; 4 causas abajo, 2 efectos arriba y 6 vínculos. 1 elemento fuera del alcance" in text
    assert alt_text(PlanTree()).startswith("Árbol de problemas: el problema central «pendiente»; ninguna causa")


def test_every_commitment_with_a_known_structure_has_its_figure():
    figures = figure_uris(large_plan(5))
    assert list(figures) == [1, 2, 3, 4, 5]
    assert len({f["src"] for f in figures.values()}) == 2  # the two distinct trees
