"""Splitting an alternative through the real server: the parts keep the
original's authors and links, get their titles and a copy of the description
in the alternatives document, and the original records «dividida»."""

from __future__ import annotations

from pycrdt import Map

from tests.server.test_alternatives import seeded_tree
from tests.support.yclient import YClient, eventually


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def mesa(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    await seeded_tree(api, w)
    api.set_phase(w, "alternativas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis", "servicio_publico")
    olga = api.join(w, "Olga", role="observer")
    url = f"/api/workshops/{w['id']}/alternatives"
    a1 = api.http.post(
        url,
        json={"title": "Red y capacitación de enlaces", "addresses": ["c1", "c2"], "description": "Dos cosas"},
        headers=auth(ana["token"]),
    ).json()
    a2 = api.http.post(url, json={"title": "Portal de datos"}, headers=auth(luis["token"])).json()
    # Luis merges his proposal into Ana's: the original has two authors.
    r = api.http.put(
        f"{url}/{a2['id']}/disposition",
        json={"disposition": "merged", "reason": "Complementa", "merged_into": a1["id"]},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 200, r.text
    return w, ana, luis, olga, a1, a2


PARTS = [
    {"title": "Red de enlaces", "addresses": ["c1"]},
    {"title": "Capacitación de enlaces"},
]


async def test_split_contract_keeps_authors_links_and_description(api):
    w, ana, luis, olga, a1, _ = await mesa(api)
    url = f"/api/workshops/{w['id']}/alternatives"
    fac = auth(w["facilitator_token"])
    r = api.http.post(f"{url}/{a1['id']}/split", json={"parts": PARTS, "reason": "Son dos acciones"}, headers=fac)
    assert r.status_code == 201, r.text
    body = r.json()
    new, original = body["alternatives"], body["original"]
    assert [a["title"] for a in new] == ["Red de enlaces", "Capacitación de enlaces"]
    assert [a["addresses"] for a in new] == [["c1"], ["c1", "c2"]]
    me = api.http.get(f"/api/workshops/{w['id']}", headers=fac).json()["me"]
    people = {ana["participant_id"], luis["participant_id"]}
    assert all(set(a["authors"]) == people and me["id"] not in a["authors"] for a in new)
    assert all(a["proposed_by"] == ana["participant_id"] for a in new)
    assert all(a["description"] == "Dos cosas" and a["disposition"] == "pending" for a in new)
    assert all(a["split_from"] == a1["id"] for a in new)
    assert original["disposition"] == "split" and original["split_into"] == [a["id"] for a in new]
    assert "«Red de enlaces», «Capacitación de enlaces»" in original["reason"]
    assert original["reason"].endswith("Son dos acciones")

    # Everyone reads the result; the titles live in the alternatives document.
    in_order = api.http.get(url, headers=auth(olga["token"])).json()["alternatives"]
    assert [a["id"] for a in in_order][-2:] == original["split_into"]  # the parts, in the order given
    listed = {a["id"]: a for a in in_order}
    assert listed[a1["id"]]["split_into"] == original["split_into"]
    async with YClient(api.ws(w, "alternatives"), ana["token"]) as client:
        await client.wait_synced()
        items = client.doc.get("alternatives", type=Map)
        await eventually(lambda: all(a["id"] in items for a in new))
        assert str(items[new[0]["id"]]["title"]) == "Red de enlaces"
        assert str(items[new[1]["id"]]["description"]) == "Dos cosas"
        # The parts are edited like any alternative.
        items[new[0]["id"]]["title"].insert(len("Red de enlaces"), " municipales")
        await client.save(1)
    listed = {a["id"]: a for a in api.http.get(url, headers=fac).json()["alternatives"]}
    assert listed[new[0]["id"]]["title"] == "Red de enlaces municipales"

    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]
    split = [e for e in events if e["kind"] == "alternative_split"]
    assert len(split) == 1 and split[0]["payload"]["parts"] == original["split_into"]
    assert split[0]["payload"]["alternative_id"] == a1["id"] and split[0]["created_at"]

    # Done once: the original takes no second split and no other response.
    again = api.http.post(f"{url}/{a1['id']}/split", json={"parts": PARTS}, headers=fac)
    assert again.status_code == 409
    r = api.http.put(f"{url}/{a1['id']}/disposition", json={"disposition": "adopted", "reason": "x"}, headers=fac)
    assert r.status_code == 409
    # A split alternative is not offered to a vote; its parts are.
    r = api.http.post(
        f"/api/workshops/{w['id']}/rounds",
        json={"method": "approval", "options": [a1["id"], new[0]["id"]]},
        headers=fac,
    )
    assert r.status_code == 422


async def test_split_roles_phases_and_bad_input(api):
    w, ana, _, olga, a1, a2 = await mesa(api)
    url = f"/api/workshops/{w['id']}/alternatives/{a1['id']}/split"
    fac = auth(w["facilitator_token"])
    other = api.create_workshop()
    assert api.http.post(url, json={"parts": PARTS}).status_code == 401
    r = api.http.post(url, json={"parts": PARTS}, headers=auth(other["facilitator_token"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_a_member"
    for person in (ana, olga):
        r = api.http.post(url, json={"parts": PARTS}, headers=auth(person["token"]))
        assert r.status_code == 403 and r.json()["error"]["code"] == "not_allowed"
    for parts in ([PARTS[0]], [{"title": "A"}, {"title": "a"}], [{"title": "A", "addresses": ["p"]}, {"title": "B"}]):
        r = api.http.post(url, json={"parts": parts}, headers=fac)
        assert r.status_code == 422 and r.json()["error"]["field"].startswith("parts"), r.text
    assert api.http.post(url, content=b"[1]", headers=fac).status_code == 400
    r = api.http.post(f"/api/workshops/{w['id']}/alternatives/nope/split", json={"parts": PARTS}, headers=fac)
    assert r.status_code == 404
    # Merged: already has its response.
    r = api.http.post(f"/api/workshops/{w['id']}/alternatives/{a2['id']}/split", json={"parts": PARTS}, headers=fac)
    assert r.status_code == 409
    for phase in ("hoja_de_ruta", "arbol_de_objetivos"):
        api.set_phase(w, phase)
        r = api.http.post(url, json={"parts": PARTS}, headers=fac)
        assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"
    api.set_phase(w, "votacion")
    r = api.http.post(url, json={"parts": PARTS}, headers=fac)
    assert r.status_code == 201, r.text
    # Nothing was lost on the way: one split, the original pending until it happened.
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]
    assert [e["kind"] for e in events].count("alternative_split") == 1


async def test_split_is_refused_while_the_alternative_is_in_an_open_round(api):
    w, ana, luis, _, a1, _ = await mesa(api)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}"
    a3 = api.http.post(f"{base}/alternatives", json={"title": "Tercera"}, headers=auth(luis["token"])).json()
    api.set_phase(w, "votacion")
    r = api.http.post(f"{base}/rounds", json={"method": "approval", "options": [a1["id"], a3["id"]]}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    split = f"{base}/alternatives/{a1['id']}/split"
    r = api.http.post(split, json={"parts": PARTS}, headers=fac)
    assert r.status_code == 409 and "votación abierta" in r.json()["error"]["message"]
    listed = {a["id"]: a for a in api.http.get(f"{base}/alternatives", headers=fac).json()["alternatives"]}
    assert listed[a1["id"]]["disposition"] == "pending" and listed[a1["id"]]["split_into"] == []
    # The list says which are in the open round, so the room hides «Dividir» for them.
    assert {i for i, a in listed.items() if a["in_open_round"]} == {a1["id"], a3["id"]}
    ballot = api.http.put(f"{base}/rounds/{round_id}/ballot", json={"approve": [a1["id"]]}, headers=auth(ana["token"]))
    assert ballot.status_code == 200
    assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200
    listed = api.http.get(f"{base}/alternatives", headers=fac).json()["alternatives"]
    assert not any(a["in_open_round"] for a in listed)
    assert api.http.post(split, json={"parts": PARTS}, headers=fac).status_code == 201
