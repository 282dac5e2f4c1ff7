"""The registry of export formats, and the doc that describes them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exporters import tree_json
from exporters.formats import TREE_FORMATS, ExportContext, Format, FormatRegistry, get_format
from workshops.errors import NotFoundError
from workshops.tree_layout import layout_graph
from workshops.tree_placement import LayoutOptions

DOC = Path(__file__).resolve().parents[2] / "docs" / "tree-export.md"


def test_the_tree_exports_as_svg_png_and_json(demo, workshop):
    assert TREE_FORMATS.names() == ("json", "png", "svg")
    context = ExportContext(title="Cultura de Gobierno Abierto", workshop=workshop)
    svg = get_format("svg").render(demo, context)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert get_format("png").render(demo, context).startswith(b"\x89PNG\r\n\x1a\n")
    assert json.loads(get_format("json").render(demo, context))["workshop"] == workshop
    assert [(f.name, f.extension, f.media_type) for f in TREE_FORMATS] == [
        ("json", "json", "application/json"),
        ("png", "png", "image/png"),
        ("svg", "svg", "image/svg+xml"),
    ]
    assert get_format("png").filename("arbol") == "arbol.png"
    assert "svg" in TREE_FORMATS and "pdf" not in TREE_FORMATS and len(TREE_FORMATS) == 3


def test_the_language_reaches_the_drawing(demo):
    svg = get_format("svg").render(demo, ExportContext(title="t", lang="en"))
    assert b"Central problem" in svg and b"Problema central" not in svg


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(NotFoundError) as raised:
        get_format("pdf")
    assert raised.value.message == "Formato desconocido: «pdf». Formatos disponibles: json, png, svg."
    assert raised.value.fields == {"format": "pdf", "known": ("json", "png", "svg")}
    assert raised.value.code == "not_found"
    with pytest.raises(NotFoundError) as raised:
        get_format("svg", subject="plan")
    assert raised.value.fields == {"subject": "plan"}


def test_a_name_registers_once():
    fmt = Format("txt", "txt", "text/plain", lambda subject, context: b"")
    with pytest.raises(ValueError, match="registered twice"):
        FormatRegistry("plan", [fmt, fmt])


def test_every_format_is_documented_with_its_media_type():
    text = DOC.read_text(encoding="utf-8")
    for fmt in TREE_FORMATS:
        assert re.search(rf"^\| `{fmt.name}` \| `\.{fmt.extension}` \| `{re.escape(fmt.media_type)}` \|", text, re.M)


def test_the_documented_json_example_imports(demo):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```json\n(\{\n  \"schema\".*?)\n```", text, re.S)
    assert example
    tree = tree_json.parse_tree_json(example.group(1).encode("utf-8"))
    assert [(n.id, n.kind) for n in tree.nodes] == [
        ("cause-1", "cause"),
        ("effect-1", "effect"),
        ("problem", "problem"),
    ]
    assert len(tree.edges) == 2


def test_the_documented_limits_and_defaults_are_the_real_ones():
    text = DOC.read_text(encoding="utf-8")
    assert f"at most {tree_json.MAX_NODES:,}" in text
    assert f"at most {tree_json.MAX_EDGES:,}" in text
    assert f"at most {tree_json.MAX_TEXT_CHARS:,} characters" in text
    assert f"1–{tree_json.MAX_ID_CHARS} characters" in text
    options = LayoutOptions()
    for name in ("node_width", "padding", "char_width", "line_height", "column_gap", "layer_gap", "band_gap"):
        assert re.search(rf"^\| `{name}` \| `\w+` \| {getattr(options, name)} \|$", text, re.M), name
    assert f"= {options.chars_per_line} code points a line" in text


def test_the_documented_layout_result_is_what_the_layout_returns():
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```json\n(\{\n  \"width\".*?)\n```", text, re.S)
    assert example
    documented = json.loads(example.group(1))
    nodes = [
        {"id": "p", "kind": "problem", "text": "Desarticulación de los esfuerzos de apertura", "created_at": 1},
        {"id": "c1", "kind": "cause", "text": "Falta de consensos", "created_at": 2},
        {"id": "e1", "kind": "effect", "text": "Impacto mínimo", "created_at": 3},
    ]
    edges = [{"id": "l1", "source": "c1", "target": "p"}, {"id": "l2", "source": "p", "target": "e1"}]
    assert layout_graph(nodes, edges).to_dict() == documented
