"""Alternatives through the real server: the contract, the live document and
the reasoned response."""

from __future__ import annotations

import json
import sqlite3

from pycrdt import Map

from tests.support.yclient import YClient, eventually


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def seeded_tree(api, w):
    from pycrdt import Text

    async with YClient(api.ws(w), w["facilitator_token"]) as client:
        await client.wait_synced()
        nodes = client.doc.get("nodes", type=Map)
        with client.doc.transaction():
            nodes["p"] = Map({"kind": "problem", "text": Text("Problema")})
            nodes["c1"] = Map({"kind": "cause", "text": Text("Desconocimiento")})
            nodes["c2"] = Map({"kind": "cause", "text": Text("Desinterés")})
        await client.save(1)


async def test_propose_edit_together_and_respond(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    await seeded_tree(api, w)
    ana, luis, olga = api.join(w, "Ana"), api.join(w, "Luis"), api.join(w, "Olga", role="observer")
    url = f"/api/workshops/{w['id']}/alternatives"
    body = {"title": "Red de enlaces", "addresses": ["c1"]}
    r = api.http.post(url, json=body, headers=auth(ana["token"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"
    api.set_phase(w, "alternativas")
    r = api.http.post(url, json=body, headers=auth(ana["token"]))
    assert r.status_code == 201, r.text
    a1 = r.json()
    assert set(a1) >= {"id", "title", "addresses", "disposition"} and a1["disposition"] == "pending"
    assert (
        api.http.post(url, json={"title": "x", "addresses": ["ghost"]}, headers=auth(ana["token"])).status_code == 422
    )
    assert api.http.post(url, json={"title": "x"}, headers=auth(olga["token"])).status_code == 403
    a2 = api.http.post(url, json={"title": "Red de enlace", "addresses": ["c2"]}, headers=auth(luis["token"])).json()

    # The description is written together in the alternatives document.
    async with (
        YClient(api.ws(w, "alternatives"), ana["token"]) as a,
        YClient(api.ws(w, "alternatives"), luis["token"]) as b,
    ):
        await a.wait_synced()
        await b.wait_synced()
        description = a.doc.get("alternatives", type=Map)[a1["id"]]["description"]
        description.insert(0, "Enlaces de gobierno abierto en cada municipio")
        await eventually(
            lambda: str(b.doc.get("alternatives", type=Map)[a1["id"]]["description"]).startswith("Enlaces")
        )
        await a.save(1)
    listed = {x["id"]: x for x in api.http.get(url, headers=auth(olga["token"])).json()["alternatives"]}
    assert listed[a1["id"]]["description"] == "Enlaces de gobierno abierto en cada municipio"

    disposition = f"{url}/{a2['id']}/disposition"
    merge = {"disposition": "merged", "reason": "Es la misma propuesta", "merged_into": a1["id"]}
    assert api.http.put(disposition, json=merge, headers=auth(ana["token"])).status_code == 403
    assert (
        api.http.put(disposition, json={**merge, "reason": ""}, headers=auth(w["facilitator_token"])).status_code == 422
    )
    r = api.http.put(disposition, json=merge, headers=auth(w["facilitator_token"]))
    assert r.status_code == 200 and r.json()["merged_into"] == a1["id"]
    listed = {x["id"]: x for x in api.http.get(url, headers=auth(ana["token"])).json()["alternatives"]}
    kept = listed[a1["id"]]
    assert set(kept["authors"]) == {ana["participant_id"], luis["participant_id"]}
    assert kept["addresses"] == ["c1", "c2"]
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(ana["token"])).json()["events"]
    assert [e["kind"] for e in events if e["kind"].startswith("alternative")] == [
        "alternative_proposed",
        "alternative_proposed",
        "alternative_disposition",
    ]


async def test_a_decision_keeps_the_title_it_was_taken_on(make_server, make_api, tmp_path):
    database = tmp_path / "titles.db"
    server = make_server(f"sqlite:///{database}")
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis", "academia")
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    a1 = api.http.post(f"{base}/alternatives", json={"title": "Red de enlaces"}, headers=auth(ana["token"])).json()
    a2 = api.http.post(f"{base}/alternatives", json={"title": "Portal"}, headers=auth(luis["token"])).json()
    round_id = api.http.post(
        f"{base}/rounds", json={"method": "approval", "options": [a1["id"], a2["id"]]}, headers=fac
    ).json()["id"]
    for person in (ana, luis):
        r = api.http.put(
            f"{base}/rounds/{round_id}/ballot", json={"approve": [a1["id"]]}, headers=auth(person["token"])
        )
        assert r.status_code == 200
    assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200

    # The title as the mesa reads it when deciding is the live one.
    async with YClient(api.ws(w, "alternatives"), ana["token"]) as client:
        await client.wait_synced()
        title = client.doc.get("alternatives", type=Map)[a1["id"]]["title"]
        title.insert(len("Red de enlaces"), " ciudadanos")
        await client.save(1)
    decision = {"round_id": round_id, "kind": "majority", "alternative_id": a1["id"]}
    r = api.http.post(f"{base}/decisions", json=decision, headers=fac)
    assert r.status_code == 201 and r.json()["alternative_title"] == "Red de enlaces ciudadanos"
    # Renamed afterwards: the record keeps what was decided.
    async with YClient(api.ws(w, "alternatives"), ana["token"]) as client:
        await client.wait_synced()
        title = client.doc.get("alternatives", type=Map)[a1["id"]]["title"]
        del title[0 : len(title)]
        title.insert(0, "Otra cosa")
        await client.save(1)
    listed = {a["id"]: a for a in api.http.get(f"{base}/alternatives", headers=fac).json()["alternatives"]}
    assert listed[a1["id"]]["title"] == "Otra cosa"
    [kept] = api.http.get(f"{base}/decisions", headers=auth(luis["token"])).json()["decisions"]
    assert kept["alternative_title"] == "Red de enlaces ciudadanos" and kept["alternative_id"] == a1["id"]
    events = api.http.get(f"{base}/events", headers=fac).json()["events"]
    [recorded] = [e for e in events if e["kind"] == "decision_recorded"]
    assert recorded["payload"]["alternative_title"] == "Red de enlaces ciudadanos"

    # A record written before titles were kept still reads, with no title.
    server.stop()
    with sqlite3.connect(database) as conn:
        [(data,)] = conn.execute("SELECT data FROM decision").fetchall()
        old = {k: v for k, v in json.loads(data).items() if k != "alternative_title"}
        conn.execute("UPDATE decision SET data = ?", (json.dumps(old),))
    server.start()
    [read] = api.http.get(f"{base}/decisions", headers=fac).json()["decisions"]
    assert read["alternative_title"] is None and read["alternative_id"] == a1["id"] and read["results"]


async def test_the_answer_reaches_the_authors_over_the_alternatives_document(api):
    """The reasoned response is written into the alternative's entry of the
    live document (``response``), so its authors are told without polling."""
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    await seeded_tree(api, w)
    ana = api.join(w, "Ana")
    api.set_phase(w, "alternativas")
    url = f"/api/workshops/{w['id']}/alternatives"
    a1 = api.http.post(url, json={"title": "Red de enlaces", "addresses": ["c1"]}, headers=auth(ana["token"])).json()
    async with YClient(api.ws(w, "alternatives"), ana["token"]) as client:
        await client.wait_synced()
        entry = client.doc.get("alternatives", type=Map)[a1["id"]]
        assert "response" not in entry
        answer = {"disposition": "not_adopted", "reason": "Fuera del alcance del plan"}
        r = api.http.put(f"{url}/{a1['id']}/disposition", json=answer, headers=auth(w["facilitator_token"]))
        assert r.status_code == 200, r.text
        await eventually(lambda: "response" in entry, message="the response pushed")
        response = entry["response"]
        assert response["disposition"] == "not_adopted"
        assert response["reason"] == "Fuera del alcance del plan"
        assert response["authors"] == [ana["participant_id"]]
        assert response["at"] == r.json()["decided_at"]
