"""The timer and the list of speakers through the real server: every member
reads the same state with the server's clock; the facilitator runs them; the
event log keeps turns and speaking time by sector."""

from __future__ import annotations

import datetime as dt

import pytest


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def mesa(api):
    w = api.create_workshop()
    people = {
        "ana": api.join(w, "Ana", "sociedad_civil"),
        "luis": api.join(w, "Luis", "servicio_publico"),
        "irma": api.join(w, "Irma", "organismo_garante"),
        "olga": api.join(w, "Olga", "academia", role="observer"),
    }
    return w, people


def test_the_timer_is_an_end_instant_every_member_reads(api, mesa):
    w, people = mesa
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    assert api.http.get(f"{base}/moderation", headers=auth(people["ana"]["token"])).json()["timer"] is None

    r = api.http.put(f"{base}/timer", json={"seconds": 300, "label": "Lluvia de ideas"}, headers=fac)
    assert r.status_code == 200, r.text
    timer = r.json()["timer"]
    assert timer["running"] and timer["label"] == "Lluvia de ideas" and timer["duration_seconds"] == 300
    seen = api.http.get(f"{base}/moderation", headers=auth(people["olga"]["token"])).json()
    ends = dt.datetime.fromisoformat(seen["timer"]["ends_at"])
    server_time = dt.datetime.fromisoformat(seen["server_time"])
    assert 0 < (ends - server_time).total_seconds() <= 300
    assert seen["timer"]["remaining_seconds"] == pytest.approx((ends - server_time).total_seconds(), abs=0.01)

    paused = api.http.put(f"{base}/timer", json={"action": "pause"}, headers=fac).json()["timer"]
    assert not paused["running"] and paused["ends_at"] is None and 295 < paused["remaining_seconds"] <= 300
    added = api.http.put(f"{base}/timer", json={"action": "add", "seconds": 60}, headers=fac).json()["timer"]
    assert added["remaining_seconds"] == pytest.approx(paused["remaining_seconds"] + 60)
    resumed = api.http.put(f"{base}/timer", json={"action": "resume"}, headers=fac).json()["timer"]
    assert resumed["running"] and resumed["ends_at"] is not None
    assert api.http.delete(f"{base}/timer", headers=fac).json()["timer"] is None

    kinds = [e["kind"] for e in api.http.get(f"{base}/events", headers=fac).json()["events"]]
    assert [k for k in kinds if k.startswith("timer_")] == [
        "timer_started",
        "timer_changed",
        "timer_changed",
        "timer_changed",
        "timer_stopped",
    ]


def test_the_list_of_speakers_with_the_balance_rule(api, mesa):
    w, people = mesa
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])

    def hand(who, kind="contribution"):
        r = api.http.post(f"{base}/speakers", json={"kind": kind}, headers=auth(people[who]["token"]))
        assert r.status_code == 201, r.text
        return r.json()["speakers"]

    def waiting(view):
        return [e["name"] for e in view["waiting"]]

    assert api.http.patch(f"{base}/speakers", json={"balance_by_sector": True}, headers=fac).status_code == 200
    hand("ana")
    hand("luis")
    view = hand("irma", "point_of_order")
    assert waiting(view) == ["Irma", "Ana", "Luis"]
    assert view["waiting"][0]["sector"] == "organismo_garante" and view["waiting"][0]["kind"] == "point_of_order"

    view = api.http.post(f"{base}/speakers/next", headers=fac).json()["speakers"]
    assert view["current"]["name"] == "Irma" and waiting(view) == ["Ana", "Luis"]
    view = api.http.post(f"{base}/speakers/next", headers=fac).json()["speakers"]
    assert view["current"]["name"] == "Ana"
    # Ana speaks, then raises her hand again: civil society has now spoken,
    # so public service goes first although Ana asked before Luis was called.
    view = api.http.post(f"{base}/speakers/stop", headers=fac).json()["speakers"]
    assert view["current"] is None
    view = hand("ana")
    assert waiting(view) == ["Luis", "Ana"]
    assert {row["sector"]: row["turns"] for row in view["by_sector"]} == {"organismo_garante": 1, "sociedad_civil": 1}

    # The observer may not queue until the list allows it; a closed list takes no one.
    assert api.http.post(f"{base}/speakers", json={}, headers=auth(people["olga"]["token"])).status_code == 403
    api.http.patch(f"{base}/speakers", json={"allow_observers": True, "closed": True}, headers=fac)
    r = api.http.post(f"{base}/speakers", json={}, headers=auth(people["olga"]["token"]))
    assert r.status_code == 409 and "cerrada" in r.json()["error"]["message"]
    api.http.patch(f"{base}/speakers", json={"closed": False}, headers=fac)
    # Academia has not spoken yet: Olga goes before Ana.
    assert waiting(hand("olga")) == ["Luis", "Olga", "Ana"]
    assert api.http.delete(f"{base}/speakers/me", headers=auth(people["olga"]["token"])).status_code == 200

    # Without the balance rule, the facilitator's order holds.
    view = api.http.patch(f"{base}/speakers", json={"balance_by_sector": False}, headers=fac).json()["speakers"]
    assert waiting(view) == ["Luis", "Ana"]  # arrival order
    order = [people["ana"]["participant_id"], people["luis"]["participant_id"]]
    view = api.http.put(f"{base}/speakers/order", json={"order": order}, headers=fac).json()["speakers"]
    assert waiting(view) == ["Ana", "Luis"]

    # A limit per speech starts the timer with each speech.
    api.http.patch(f"{base}/speakers", json={"speech_limit_seconds": 120}, headers=fac)
    chosen = {"participant_id": people["luis"]["participant_id"]}
    state = api.http.post(f"{base}/speakers/next", json=chosen, headers=fac).json()
    assert state["speakers"]["current"]["name"] == "Luis"
    assert state["timer"]["label"] == "Intervención" and state["timer"]["duration_seconds"] == 120

    events = api.http.get(f"{base}/events", headers=fac).json()["events"]
    ended = [e["payload"] for e in events if e["kind"] == "speech_ended"]
    assert [e["sector"] for e in ended] == ["organismo_garante", "sociedad_civil"]
    assert all(e["seconds"] >= 0 for e in ended)
    # Turns by sector carry no names (the minutes count them by sector).
    assert "Ana" not in str([e for e in events if e["kind"] in ("speech_ended", "floor_given", "hand_raised")])


def test_the_agenda_and_the_parking_lot(api, mesa):
    w, people = mesa
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    ana = auth(people["ana"]["token"])

    agenda = api.http.get(f"{base}/moderation", headers=ana).json()["agenda"]
    assert agenda["is_default"] and len(agenda["steps"]) == 7 and agenda["current"] is None
    # Starting a step of the default agenda makes it the mesa's.
    agenda = api.http.post(f"{base}/agenda/current", json={"index": 1}, headers=fac).json()["agenda"]
    assert not agenda["is_default"] and agenda["current"] == agenda["steps"][1]["id"]
    steps = [{**s} for s in agenda["steps"][:2]] + [
        {"title": "Receso", "phase": "arbol_de_problemas", "planned_minutes": 10}
    ]
    r = api.http.put(f"{base}/agenda", json={"steps": steps}, headers=fac)
    assert r.status_code == 200, r.text
    agenda = r.json()["agenda"]
    assert [s["title"] for s in agenda["steps"]][2] == "Receso" and agenda["current"] == steps[1]["id"]
    agenda = api.http.delete(f"{base}/agenda/current", headers=fac).json()["agenda"]
    assert agenda["current"] is None and agenda["steps"][1]["actual_seconds"] > 0

    topic = api.http.post(f"{base}/parking", json={"text": "Presupuesto 2027"}, headers=auth(people["olga"]["token"]))
    assert topic.status_code == 201
    parked = topic.json()["parking"][0]
    assert parked["name"] == "Olga" and parked["sector"] == "academia" and parked["status"] == "proposed"
    kept = api.http.put(f"{base}/parking/{parked['id']}", json={"status": "kept"}, headers=fac).json()["parking"][0]
    assert kept["status"] == "kept"

    minutes = api.http.get(f"{base}/minutes", headers=ana).json()["minutes"]
    texts = [m["text"] for m in minutes]
    assert any(
        t.startswith("Paso del orden del día «Árbol de problemas: causas y efectos»: planeado 45 min") for t in texts
    )
    assert "Tema estacionado para tratarse después: «Presupuesto 2027»." in texts
    assert "Olga" not in str(minutes)


def test_the_facilitator_brings_everyone_to_a_view(api, mesa):
    w, people = mesa
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    assert api.http.get(f"{base}/moderation", headers=auth(people["ana"]["token"])).json()["focus"] is None
    first = api.http.put(f"{base}/focus", json={"target": "voting"}, headers=fac).json()["focus"]
    again = api.http.put(f"{base}/focus", json={"target": "voting"}, headers=fac).json()["focus"]
    assert (first["target"], first["seq"], again["seq"]) == ("voting", 1, 2)
    seen = api.http.get(f"{base}/moderation", headers=auth(people["olga"]["token"])).json()["focus"]
    assert seen == again


def test_the_facilitator_shows_and_hides_the_join_code_on_the_displays(api, mesa):
    w, people = mesa
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    ana = auth(people["ana"]["token"])
    assert api.http.get(f"{base}/moderation", headers=ana).json()["join_shown"] is False
    shown = api.http.put(f"{base}/focus/join", json={"shown": True}, headers=fac)
    assert shown.status_code == 200 and shown.json()["join_shown"] is True
    assert api.http.get(f"{base}/moderation", headers=ana).json()["join_shown"] is True
    # Showing it again changes nothing (no second event for the log).
    events = len(api.http.get(f"{base}/minutes", headers=ana).json()["minutes"])
    assert api.http.put(f"{base}/focus/join", json={"shown": True}, headers=fac).json()["join_shown"] is True
    assert len(api.http.get(f"{base}/minutes", headers=ana).json()["minutes"]) == events
    hidden = api.http.put(f"{base}/focus/join", json={"shown": False}, headers=fac).json()
    assert hidden["join_shown"] is False and hidden["focus"] is None
