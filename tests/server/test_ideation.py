"""Silent ideation through the real server: private until revealed, then in
the live tree for everyone."""

from __future__ import annotations

from pycrdt import Map

from tests.support.yclient import YClient, eventually


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def test_cards_stay_private_until_the_reveal_puts_them_in_the_tree(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis, olga = api.join(w, "Ana"), api.join(w, "Luis", "servicio_publico"), api.join(w, "Olga", role="observer")
    base = f"/api/workshops/{w['id']}/ideation"
    assert api.http.get(base, headers=auth(ana["token"])).json() == {"round": None}
    assert api.http.post(base, json={"prompt": "¿Qué lo causa?"}, headers=auth(ana["token"])).status_code == 403
    r = api.http.post(base, json={"prompt": "¿Qué lo causa?"}, headers=auth(w["facilitator_token"]))
    assert r.status_code == 201 and r.json()["round"]["status"] == "open"
    assert api.http.post(base, json={}, headers=auth(w["facilitator_token"])).status_code == 409

    for who, text, kind in [
        (ana, "Desconocimiento de <b>beneficios</b>", "cause"),
        (luis, "Poca difusión", "cause"),
        (luis, "Impacto mínimo", "effect"),
    ]:
        r = api.http.post(f"{base}/cards", json={"text": text, "kind": kind}, headers=auth(who["token"]))
        assert r.status_code == 201, r.text
    assert api.http.post(f"{base}/cards", json={"text": "x"}, headers=auth(olga["token"])).status_code == 403
    assert api.http.post(f"{base}/cards", json={"text": ""}, headers=auth(ana["token"])).status_code == 422

    mine = api.http.get(base, headers=auth(ana["token"])).json()
    assert [c["text"] for c in mine["cards"]] == ["Desconocimiento de <b>beneficios</b>"]
    assert mine["round"]["card_count"] == 3 and mine["round"]["author_count"] == 2
    assert api.http.get(base, headers=auth(w["facilitator_token"])).json()["cards"] == []
    assert api.tree(w)["nodes"] == []  # nothing in the tree yet

    async with YClient(api.ws(w), ana["token"]) as watcher:
        await watcher.wait_synced()
        assert api.http.post(f"{base}/reveal", headers=auth(ana["token"])).status_code == 403
        r = api.http.post(f"{base}/reveal", headers=auth(w["facilitator_token"]))
        assert r.status_code == 200 and r.json()["round"]["status"] == "revealed"
        assert len(r.json()["cards"]) == 3
        nodes = watcher.doc.get("nodes", type=Map)
        await eventually(lambda: len(nodes) == 3, message="revealed cards reach connected clients")
        assert sorted(str(n["text"]) for n in nodes.values()) == sorted(
            ["Desconocimiento de <b>beneficios</b>", "Poca difusión", "Impacto mínimo"]
        )
    tree = api.tree(w)
    assert sorted(n["kind"] for n in tree["nodes"]) == ["cause", "cause", "effect"]
    assert {n["created_by"] for n in tree["nodes"]} == {ana["participant_id"], luis["participant_id"]}
    assert api.http.post(f"{base}/cards", json={"text": "tarde"}, headers=auth(ana["token"])).status_code == 409
    assert api.http.post(f"{base}/reveal", headers=auth(w["facilitator_token"])).status_code == 409
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(ana["token"])).json()["events"]
    revealed = next(e for e in events if e["kind"] == "ideation_revealed")
    assert revealed["payload"]["cards"] == 3 and "Poca difusión" not in str(events)


async def test_ideation_needs_the_tree_phase(api):
    w = api.create_workshop()  # preparacion
    r = api.http.post(f"/api/workshops/{w['id']}/ideation", json={}, headers=auth(w["facilitator_token"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"


def test_leaving_the_tree_suspends_ideation_and_coming_back_resumes_it(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana")
    base = f"/api/workshops/{w['id']}/ideation"
    fac = auth(w["facilitator_token"])
    assert api.http.post(base, json={}, headers=fac).status_code == 201
    assert api.http.post(f"{base}/cards", json={"text": "Antes"}, headers=auth(ana["token"])).status_code == 201

    assert api.set_phase(w, "alternativas").status_code == 200
    refused = api.http.post(f"{base}/cards", json={"text": "Fuera"}, headers=auth(ana["token"]))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_phase"
    assert api.http.get(base, headers=auth(ana["token"])).json()["round"]["suspended"] is True
    assert api.set_phase(w, "arbol_de_objetivos").status_code == 200
    assert api.http.get(base, headers=auth(ana["token"])).json()["round"]["suspended"] is False
    assert api.http.post(f"{base}/cards", json={"text": "Después"}, headers=auth(ana["token"])).status_code == 201

    revealed = api.http.post(f"{base}/reveal", headers=fac).json()
    assert sorted(c["text"] for c in revealed["cards"]) == ["Antes", "Después"]
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]
    kinds = [(e["kind"], e["payload"].get("phase")) for e in events if e["kind"].startswith("ideation_")]
    assert kinds == [
        ("ideation_opened", None),
        ("ideation_suspended", "alternativas"),
        ("ideation_resumed", "arbol_de_objetivos"),
        ("ideation_revealed", None),
    ]
    minutes = [m["text"] for m in api.http.get(f"/api/workshops/{w['id']}/minutes", headers=fac).json()["minutes"]]
    assert "Se suspendió la lluvia de ideas en silencio abierta al pasar a la fase «Alternativas»" in " ".join(minutes)
