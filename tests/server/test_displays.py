"""Projector displays (issue 12 §4, server/displays.py): a read-only link
that is never a member, through the real server and real sockets."""

from __future__ import annotations

from urllib.parse import urlsplit

from pycrdt import Map, Text

from server.openapi import OPENAPI
from tests.server.test_plans_api import attach, create_plan
from tests.server.test_voting_api import auth, mesa
from tests.support.yclient import YClient, eventually


def new_display(api, w, token=None):
    return api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(token or w["facilitator_token"]))


def display_token(body):
    return body["display_url"].split("key=", 1)[1]


def error_code(response):
    return response.json()["error"]["code"]


def test_only_the_facilitator_creates_a_display_link(api):
    w = api.create_workshop()
    participant = api.join(w, "Ana")
    observer = api.join(w, "Obs", "academia", role="observer")
    other = api.create_workshop()
    assert new_display(api, w, participant["token"]).status_code == 403
    assert new_display(api, w, observer["token"]).status_code == 403
    assert new_display(api, w, other["facilitator_token"]).status_code == 403
    assert api.http.post(f"/api/workshops/{w['id']}/displays").status_code == 401
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(w["facilitator_token"])).json()
    assert not [e for e in events["events"] if e["kind"] == "display_created"]
    r = new_display(api, w)
    assert r.status_code == 201, r.text
    url = urlsplit(r.json()["display_url"])
    assert url.path == f"/w/{w['id']}/pantalla" and url.query.startswith("key=")
    assert f"{url.scheme}://{url.netloc}" == api.server.url


def test_a_display_reads_and_never_writes_over_http(api):
    w = api.create_workshop()
    person = api.join(w, "Ana")
    token = display_token(new_display(api, w).json())
    me = api.http.get(f"/api/workshops/{w['id']}", headers=auth(token))
    assert me.status_code == 200 and me.json()["me"]["role"] == "display"
    assert api.http.get(f"/api/workshops/{w['id']}/tree", headers=auth(token)).status_code == 200
    people = api.http.get(f"/api/workshops/{w['id']}/participants", headers=auth(token)).json()["participants"]
    assert {p["role"] for p in people} == {"facilitator", "participant"}
    writes = [
        api.http.put(f"/api/workshops/{w['id']}/phase", json={"phase": "alternativas"}, headers=auth(token)),
        api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(token)),
        api.http.put(f"/api/workshops/{w['id']}/locks/tree", json={"locked": True}, headers=auth(token)),
        api.http.post(f"/api/workshops/{w['id']}/participants/{person['participant_id']}/revoke", headers=auth(token)),
        api.http.post(f"/api/workshops/{w['id']}/alternatives", json={"title": "X"}, headers=auth(token)),
        api.http.post("/api/plans", json={"workshop_id": w["id"], "title": "P"}, headers=auth(token)),
    ]
    assert [r.status_code for r in writes] == [403] * len(writes)
    assert {error_code(r) for r in writes} == {"display_read_only"}
    after = api.http.get(f"/api/workshops/{w['id']}", headers=auth(w["facilitator_token"])).json()
    assert after["phase"] == "preparacion" and after["locked"] == []
    # A display link of another workshop opens nothing there.
    other = api.create_workshop()
    assert api.http.get(f"/api/workshops/{other['id']}", headers=auth(token)).status_code == 403
    assert api.http.get(f"/api/workshops/{w['id']}", headers=auth(token + "x")).status_code == 401


def test_the_display_page_trades_its_key_for_a_cookie_and_is_a_display(api):
    w = api.create_workshop()
    body = new_display(api, w).json()
    token = display_token(body)
    r = api.http.get(urlsplit(body["display_url"]).path + "?key=" + token, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/w/{w['id']}/pantalla"
    assert f"cocrea_d_{w['id']}=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    with api.browser_like({f"cocrea_d_{w['id']}": token}) as browser:
        page = browser.get(f"/w/{w['id']}/pantalla")
        assert page.status_code == 200 and '"role": "display"' in page.text
        # The join QR works for a browser that is only a display.
        assert browser.get(f"/api/workshops/{w['id']}/qr.svg").status_code == 200
        # The display cookie opens no room page and writes nothing.
        assert browser.get(f"/w/{w['id']}").status_code == 403
    participant = api.join(w, "Ana")
    assert api.http.get(f"/w/{w['id']}/pantalla?key={participant['token']}").status_code == 403
    assert api.http.get(f"/w/{w['id']}/pantalla").status_code == 401


async def test_a_display_socket_reads_is_invisible_and_a_write_closes_it(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    person = api.join(w, "Ana")
    bea = api.join(w, "Bea", "academia")
    token = display_token(new_display(api, w).json())
    async with YClient(api.ws(w), person["token"]) as ana:
        await ana.wait_synced()
        with ana.doc.transaction():
            ana.doc.get("nodes", type=Map)["p"] = Map({"kind": "problem", "text": Text("Baja participación")})
        await ana.save(1)
        await ana.set_presence({"editing": None}, 1)
        async with YClient(api.ws(w), token) as display:
            await display.wait_synced()
            await eventually(lambda: "p" in display.doc.get("nodes", type=Map), 5, "the tree reaches the display")
            await display.set_presence({"editing": "p"}, 1)
            await display.save(1)  # the server has read the presence frame
            await eventually(lambda: len(display.peers()) == 1, 5, "the display sees Ana")
            async with YClient(api.ws(w), bea["token"]) as bea_client:
                await bea_client.set_presence({"editing": None}, 1)
                await eventually(lambda: len(ana.peers()) == 1, 5, "Ana sees Bea")
                await eventually(lambda: len(bea_client.peers()) == 1, 5, "Bea sees Ana")
                assert [s["user"]["name"] for s in ana.peers().values()] == ["Bea"]
                assert [s["user"]["name"] for s in bea_client.peers().values()] == ["Ana"]
            with display.doc.transaction():
                display.doc.get("nodes", type=Map)["x"] = Map({"kind": "cause", "text": Text("escrito")})
            assert await display.wait_closed() == 4403
    assert "x" not in {n["id"] for n in api.tree(w)["nodes"]}


async def test_a_display_counts_in_no_denominator_and_no_attendance(api):
    w, people, a1, a2 = mesa(api)
    token = display_token(new_display(api, w).json())
    fac = auth(w["facilitator_token"])
    rounds = f"/api/workshops/{w['id']}/rounds"
    async with YClient(api.ws(w), token) as display, YClient(api.ws(w, "alternatives"), token) as display2:
        await display.wait_synced()
        await display2.wait_synced()
        r = api.http.post(rounds, json={"method": "approval", "options": [a1, a2], "question": "¿Cuál?"}, headers=fac)
        assert r.status_code == 201, r.text
        round_id = r.json()["id"]
        assert (
            api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(token)).status_code == 403
        )
        for person in people:
            ballot = api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
            assert ballot.status_code == 200
        shown = api.http.get(f"{rounds}/{round_id}", headers=auth(token)).json()
        assert shown["participation"]["voted"] == 3
        closed = api.http.post(f"{rounds}/{round_id}/close", headers=fac).json()
        assert closed["results"]["participation"]["eligible"] == 3
        decision = api.http.post(
            f"/api/workshops/{w['id']}/decisions",
            json={"round_id": round_id, "kind": "majority", "alternative_id": a1},
            headers=fac,
        )
        assert decision.status_code == 201, decision.text
        assert decision.json()["participation"]["eligible"] == 3
        plan, plan_token = create_plan(api, w, title="Plan")
        entry = attach(api, plan, plan_token, w, decision.json()["commitment_id"])
        assert entry.status_code == 201, entry.text
    attendance = {row["sector"]: row["people"] for row in entry.json()["commitments"][0]["attendance"]}
    assert attendance == {"facilitacion": 1, "sociedad_civil": 1, "servicio_publico": 1, "academia": 1}
    # The minutes (relatoría) of the mesa and the plan's annex never name it.
    minutes = api.http.get(f"/api/workshops/{w['id']}/minutes", headers=fac)
    assert minutes.status_code == 200 and minutes.json()
    assert "pantalla" not in minutes.text.lower() and "display" not in minutes.text.lower()
    assert "pantalla" not in entry.text.lower() and "display" not in entry.text.lower()


async def test_the_facilitator_withdraws_a_display(api):
    w = api.create_workshop()
    person = api.join(w, "Ana")
    body = new_display(api, w).json()
    token, display_id = display_token(body), body["display_id"]
    url = f"/api/workshops/{w['id']}/displays/{display_id}"
    async with YClient(api.ws(w), token) as display:
        await display.wait_synced()
        assert api.http.delete(url, headers=auth(person["token"])).status_code == 403
        assert api.http.delete(url, headers=auth(token)).status_code == 403
        assert api.http.get(f"/api/workshops/{w['id']}", headers=auth(token)).status_code == 200
        assert api.http.delete(url, headers=auth(w["facilitator_token"])).status_code == 200
        assert await display.wait_closed() == 4401
    r = api.http.get(f"/api/workshops/{w['id']}", headers=auth(token))
    assert r.status_code == 401 and error_code(r) == "revoked"
    assert api.http.delete(url, headers=auth(w["facilitator_token"])).status_code == 200
    missing = api.http.delete(f"{url}x", headers=auth(w["facilitator_token"]))
    assert missing.status_code == 404


def test_every_read_of_a_mesa_answers_a_display_without_a_server_error(api):
    w, people, a1, a2 = mesa(api)
    fac = auth(w["facilitator_token"])
    rounds = f"/api/workshops/{w['id']}/rounds"
    round_id = api.http.post(rounds, json={"method": "approval", "options": [a1, a2]}, headers=fac).json()["id"]
    api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(people[0]["token"]))
    api.http.post(f"{rounds}/{round_id}/close", headers=fac)
    body = {"round_id": round_id, "kind": "majority", "alternative_id": a1}
    commitment_id = api.http.post(f"/api/workshops/{w['id']}/decisions", json=body, headers=fac).json()["commitment_id"]
    token = display_token(new_display(api, w).json())
    ids = {"workshop_id": w["id"], "round_id": round_id, "commitment_id": commitment_id, "format": "json"}
    answers = {}
    for path, operations in OPENAPI["paths"].items():
        if "get" in operations and path.startswith("/api/workshops/{workshop_id}"):
            answers[path] = api.http.get(path.format(**ids), headers=auth(token)).status_code
    assert all(status < 500 for status in answers.values()), answers
    assert answers["/api/workshops/{workshop_id}/rounds/{round_id}"] == 200
    assert answers["/api/workshops/{workshop_id}/alternatives"] == 200
