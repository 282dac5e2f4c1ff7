"""Tree export (SVG, PNG, JSON) and JSON import through the real server."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from PIL import Image
from pycrdt import Map

from tests.support.yclient import YClient, eventually
from workshops.demo import demo_tree


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def seeded(api):
    """A workshop whose tree is seed 003's, written through the sync protocol."""
    w = api.create_workshop(title="Cultura de Gobierno Abierto")
    api.set_phase(w, "arbol_de_problemas")
    return w


async def write_demo_tree(api, w):
    from pycrdt import Text

    nodes, edges = demo_tree()
    async with YClient(api.ws(w), w["facilitator_token"]) as client:
        await client.wait_synced()
        node_map, edge_map = client.doc.get("nodes", type=Map), client.doc.get("edges", type=Map)
        with client.doc.transaction():
            for node_id, kind, text in nodes:
                node_map[node_id] = Map({"kind": kind, "text": Text(text), "created_by": "f"})
            for edge_id, source, target in edges:
                edge_map[edge_id] = Map({"source": source, "target": target})
        await client.save(1)


async def test_svg_png_and_json_exports(api):
    w = seeded(api)
    await write_demo_tree(api, w)
    p = api.join(w, "Ana")
    base = f"/api/workshops/{w['id']}/tree/export"

    svg = api.http.get(f"{base}/svg", headers=auth(p["token"]))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "attachment" in svg.headers["content-disposition"]
    text = "".join(ET.fromstring(svg.content).itertext())
    assert "Desarticulación" in text and "Efectos" in text and "Causas" in text

    png = api.http.get(f"{base}/png", headers=auth(p["token"]))
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG" and image.width > 400

    exported = api.http.get(f"{base}/json", headers=auth(p["token"])).json()
    assert exported["schema"] == "cocrea.tree/1"
    assert len(exported["nodes"]) == 7 and len(exported["edges"]) == 6

    missing = api.http.get(f"{base}/docx", headers=auth(p["token"]))
    assert missing.status_code == 404 and "svg" in missing.json()["error"]["message"]
    assert api.http.get(f"{base}/svg").status_code == 401


async def test_json_import_replaces_the_tree_live(api):
    source = seeded(api)
    await write_demo_tree(api, source)
    exported = api.http.get(
        f"/api/workshops/{source['id']}/tree/export/json", headers=auth(source["facilitator_token"])
    )
    target = seeded(api)
    p = api.join(target, "Ana")
    url = f"/api/workshops/{target['id']}/tree/import"
    async with YClient(api.ws(target), p["token"]) as watcher:
        await watcher.wait_synced()
        assert api.http.post(url, content=exported.content, headers=auth(p["token"])).status_code == 403
        r = api.http.post(url, content=exported.content, headers=auth(target["facilitator_token"]))
        assert r.status_code == 200, r.text
        await eventually(lambda: len(watcher.doc.get("nodes", type=Map)) == 7)
    before = api.tree(source)
    after = api.tree(target)
    assert {(n["id"], n["kind"], n["text"]) for n in after["nodes"]} == {
        (n["id"], n["kind"], n["text"]) for n in before["nodes"]
    }
    assert {(e["source"], e["target"]) for e in after["edges"]} == {(e["source"], e["target"]) for e in before["edges"]}
    bad = json.dumps({"schema": "cocrea.tree/1", "nodes": [{"id": "a", "kind": "solución", "text": "x"}], "edges": []})
    r = api.http.post(url, content=bad, headers=auth(target["facilitator_token"]))
    assert r.status_code == 422 and r.json()["error"]["message"]
    assert len(api.tree(target)["nodes"]) == 7  # nothing lost
    r = api.http.post(url, content=b"not json", headers=auth(target["facilitator_token"]))
    assert r.status_code == 422
