"""From the room to the plan's documents: the tree a mesa built reaches the
plan with its structure, and the figure the plan's page draws has exactly the
room's edges, the out-of-scope cause marked (a real server, real HTTP)."""

from __future__ import annotations

from exporters.tree_json import export_tree_json
from tests.exporters.test_tree_figure import TREE_EDGES, drawn_edges, drawn_figures, drawn_nodes
from tests.server.test_voting_api import auth
from tests.workshops.test_plan import two_level_tree


def test_the_plan_figure_has_the_rooms_edges(api):
    w = api.create_workshop()
    fac = auth(w["facilitator_token"])
    assert api.set_phase(w, "arbol_de_problemas").status_code == 200
    document = export_tree_json(two_level_tree(), workshop={"id": w["id"], "title": "Mesa de prueba"})
    r = api.http.post(f"/api/workshops/{w['id']}/tree/import", content=document, headers=fac)
    assert r.status_code == 200, r.text
    api.set_phase(w, "alternativas")
    people = [api.join(w, f"Persona {i}", s) for i, s in enumerate(("sociedad_civil", "servicio_publico"))]
    url = f"/api/workshops/{w['id']}/alternatives"
    alternative, other = (
        api.http.post(url, json={"title": title}, headers=auth(people[0]["token"])).json()["id"]
        for title in ("Red de enlaces", "Portal de datos")
    )
    api.set_phase(w, "votacion")
    rounds = f"/api/workshops/{w['id']}/rounds"
    r = api.http.post(rounds, json={"method": "approval", "options": [alternative, other]}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    for person in people:
        r = api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [alternative]}, headers=auth(person["token"]))
        assert r.status_code == 200, r.text
    assert api.http.post(f"{rounds}/{round_id}/close", headers=fac).status_code == 200
    decision = {"round_id": round_id, "kind": "majority", "alternative_id": alternative}
    r = api.http.post(f"/api/workshops/{w['id']}/decisions", json=decision, headers=fac)
    assert r.status_code == 201, r.text

    exported = api.http.get(f"/api/workshops/{w['id']}/export/json", headers=fac).json()
    [entry] = exported["commitments"]
    tree = entry["problem_tree"]
    assert {(e["source"], e["target"]) for e in tree["edges"]} == TREE_EDGES
    assert [n["id"] for n in tree["nodes"] if n["out_of_scope"]] == ["c-2-1"]

    html = api.http.get(f"/api/workshops/{w['id']}/export/html", headers=fac)
    assert html.status_code == 200
    [figure] = drawn_figures(html.text)
    assert drawn_edges(figure) == TREE_EDGES
    nodes = drawn_nodes(figure)
    assert [i for i, g in nodes.items() if "out-of-scope" in g.get("class", "")] == ["c-2-1"]
