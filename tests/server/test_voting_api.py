"""Rounds, ballots, decisions and commitments through the real server."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def mesa(api, voters=3):
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    people = [
        api.join(w, f"Persona {i}", sector)
        for i, sector in zip(range(voters), ["sociedad_civil", "servicio_publico", "academia"] * 100, strict=False)
    ]
    url = f"/api/workshops/{w['id']}/alternatives"
    a1 = api.http.post(url, json={"title": "Red de enlaces"}, headers=auth(people[0]["token"])).json()
    a2 = api.http.post(url, json={"title": "Portal de datos"}, headers=auth(people[1]["token"])).json()
    api.set_phase(w, "votacion")
    return w, people, a1["id"], a2["id"]


def test_approval_round_contract_roles_and_close(api):
    w, people, a1, a2 = mesa(api)
    base = f"/api/workshops/{w['id']}/rounds"
    fac = auth(w["facilitator_token"])
    assert (
        api.http.post(
            base, json={"method": "approval", "options": [a1, a2]}, headers=auth(people[0]["token"])
        ).status_code
        == 403
    )
    r = api.http.post(base, json={"method": "approval", "options": [a1, a2]}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    assert api.http.post(base, json={"method": "approval", "options": [a1, a2]}, headers=fac).status_code == 409
    ballot = f"{base}/{round_id}/ballot"
    assert api.http.put(ballot, json={"approve": [a1]}, headers=fac).status_code == 403
    assert api.http.put(ballot, json={"approve": ["nope"]}, headers=auth(people[0]["token"])).status_code == 422
    assert api.http.put(ballot, json={"approve": [a2]}, headers=auth(people[0]["token"])).status_code == 200
    # A second ballot replaces the first.
    assert api.http.put(ballot, json={"approve": [a1]}, headers=auth(people[0]["token"])).status_code == 200
    assert api.http.put(ballot, json={"approve": [a1, a2]}, headers=auth(people[1]["token"])).status_code == 200
    view = api.http.get(f"{base}/{round_id}", headers=auth(people[0]["token"])).json()
    assert view["results"] is None and view["participation"]["voted"] == 2  # hidden until close
    assert view["my_ballot"] == {"approve": [a1]}
    assert api.http.post(f"{base}/{round_id}/close", headers=auth(people[0]["token"])).status_code == 403
    closed = api.http.post(f"{base}/{round_id}/close", headers=fac)
    assert closed.status_code == 200
    results = closed.json()["results"]
    assert results["totals"] == {a1: 2, a2: 1} and results["winner"] == a1
    assert results["participation"]["eligible"] == 3 and results["participation"]["voted"] == 2
    late = api.http.put(ballot, json={"approve": [a2]}, headers=auth(people[2]["token"]))
    assert late.status_code == 409 and late.json()["error"]["message"]

    decisions = f"/api/workshops/{w['id']}/decisions"
    r = api.http.post(decisions, json={"round_id": round_id, "kind": "majority", "alternative_id": a2}, headers=fac)
    assert r.status_code == 409
    r = api.http.post(
        decisions,
        json={"round_id": round_id, "kind": "majority", "alternative_id": a1, "note": "Tras amplia discusión"},
        headers=fac,
    )
    assert r.status_code == 201, r.text
    decision = r.json()
    again = api.http.post(decisions, json={"round_id": round_id, "kind": "majority", "alternative_id": a1}, headers=fac)
    assert again.status_code == 409  # the record is append-only: one decision per round
    assert decision["participation"]["voted"] == 2 and decision["note"] == "Tras amplia discusión"
    listed = api.http.get(decisions, headers=auth(people[2]["token"])).json()["decisions"]
    assert [d["id"] for d in listed] == [decision["id"]]
    alternatives = {
        a["id"]: a for a in api.http.get(f"/api/workshops/{w['id']}/alternatives", headers=fac).json()["alternatives"]
    }
    assert alternatives[a1]["disposition"] == "adopted"

    commitments = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=fac).json()["commitments"]
    assert len(commitments) == 1 and commitments[0]["status"] == "preliminar"
    commitment = commitments[0]
    assert commitment["sheet"]["title"] == "Red de enlaces"
    url = f"/api/workshops/{w['id']}/commitments/{commitment['id']}"
    r = api.http.put(url, json={"sdgs": [16], "ogp_values": ["participacion"]}, headers=auth(people[0]["token"]))
    assert r.status_code == 200 and r.json()["sheet"]["sdgs"] == [16]
    assert api.http.post(f"{url}/status", json={"status": "definitivo"}, headers=fac).status_code == 409
    assert api.http.post(f"{url}/status", json={"status": "en_revision"}, headers=fac).json()["status"] == "en_revision"
    r = api.http.post(f"{url}/status", json={"status": "definitivo"}, headers=fac)
    assert r.status_code == 422 and "completa" in r.json()["error"]["message"]
    kinds = [e["kind"] for e in api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]]
    for kind in (
        "voting_opened",
        "ballot_cast",
        "voting_closed",
        "decision_recorded",
        "commitment_created",
        "commitment_status",
    ):
        assert kind in kinds


def test_consensus_from_a_consent_check(api):
    w, people, a1, _ = mesa(api)
    base = f"/api/workshops/{w['id']}/rounds"
    fac = auth(w["facilitator_token"])
    round_id = api.http.post(base, json={"method": "consent", "options": [a1]}, headers=fac).json()["id"]
    for person, answer in zip(people, ["agree", "can_live_with", "agree"], strict=True):
        r = api.http.put(f"{base}/{round_id}/ballot", json={"consent": {a1: answer}}, headers=auth(person["token"]))
        assert r.status_code == 200, r.text
    r = api.http.put(f"{base}/{round_id}/ballot", json={"consent": {a1: "object"}}, headers=auth(people[0]["token"]))
    assert r.status_code == 422  # an objection needs a reason
    assert api.http.post(f"{base}/{round_id}/close", headers=fac).json()["results"]["consensus"] == {a1: True}
    r = api.http.post(
        f"/api/workshops/{w['id']}/decisions",
        json={"round_id": round_id, "kind": "consensus", "alternative_id": a1},
        headers=fac,
    )
    assert r.status_code == 201 and r.json()["kind"] == "consensus"


@pytest.mark.slow
async def test_200_real_voters_in_the_same_second_give_an_exact_tally(make_server, make_api):
    api = make_api(make_server())
    w, people, a1, a2 = mesa(api, voters=200)
    base = f"{api.server.url}/api/workshops/{w['id']}/rounds"
    async with httpx.AsyncClient(timeout=60) as client:
        r = await client.post(
            base, json={"method": "approval", "options": [a1, a2]}, headers=auth(w["facilitator_token"])
        )
        round_id = r.json()["id"]
        choices = [[a1] if i % 3 else [a1, a2] for i in range(200)]

        async def vote(person, choice):
            return await client.put(
                f"{base}/{round_id}/ballot", json={"approve": choice}, headers=auth(person["token"])
            )

        responses = await asyncio.gather(*(vote(p, c) for p, c in zip(people, choices, strict=True)))
        assert [r.status_code for r in responses] == [200] * 200
        closed = await client.post(f"{base}/{round_id}/close", headers=auth(w["facilitator_token"]))
    results = closed.json()["results"]
    assert results["participation"]["voted"] == 200
    assert results["totals"] == {a1: 200, a2: sum(1 for c in choices if a2 in c)}


def test_every_member_reads_the_minutes_of_the_mesa_without_names(api):
    w, people, a1, a2 = mesa(api)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}"
    round_id = api.http.post(f"{base}/rounds", json={"method": "approval", "options": [a1, a2]}, headers=fac).json()[
        "id"
    ]
    for person in people[:2]:
        api.http.put(f"{base}/rounds/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
    assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200
    decision = {"round_id": round_id, "kind": "majority", "alternative_id": a1}
    r = api.http.post(f"{base}/decisions", json=decision, headers=fac)
    assert r.status_code == 201
    # The adopted alternative's reasoned response dates the vote in central Mexico's time.
    decided = dt.datetime.fromisoformat(r.json()["decided_at"]).astimezone(dt.timezone(dt.timedelta(hours=-6)))
    adopted = api.http.get(f"{base}/alternatives", headers=fac).json()["alternatives"][0]
    assert adopted["reason"].endswith(f"del {decided:%d/%m/%Y} a las {decided:%H:%M} h."), adopted["reason"]
    observer = api.join(w, "Olga", "academia", role="observer")
    for token in (people[2]["token"], observer["token"], w["facilitator_token"]):
        r = api.http.get(f"{base}/minutes", headers=auth(token))
        assert r.status_code == 200, r.text
        texts = [m["text"] for m in r.json()["minutes"]]
        assert texts[0].startswith("Se abrió la mesa «Mesa de prueba»")
        assert "Se propuso la alternativa «Red de enlaces»." in texts
        assert any(t.startswith("La mesa decidió por mayoría adoptar la alternativa «Red de enlaces»") for t in texts)
        assert not any(f"Persona {i}" in " ".join(texts) for i in range(len(people)))
        ats = [m["at"] for m in r.json()["minutes"]]
        assert ats == sorted(ats)
    assert api.http.get(f"{base}/minutes").status_code == 401
    other = api.create_workshop()
    assert api.http.get(f"{base}/minutes", headers=auth(other["facilitator_token"])).status_code == 403


def test_leaving_the_voting_phases_suspends_the_round_and_coming_back_resumes_it(api):
    w, people, a1, a2 = mesa(api)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}/rounds"
    round_id = api.http.post(base, json={"method": "approval", "options": [a1, a2]}, headers=fac).json()["id"]
    ballot = f"{base}/{round_id}/ballot"
    assert api.http.put(ballot, json={"approve": [a1]}, headers=auth(people[0]["token"])).status_code == 200

    assert api.set_phase(w, "hoja_de_ruta").status_code == 200
    refused = api.http.put(ballot, json={"approve": [a2]}, headers=auth(people[1]["token"]))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_phase"
    closing = api.http.post(f"{base}/{round_id}/close", headers=fac)
    assert closing.status_code == 403 and closing.json()["error"]["code"] == "wrong_phase"
    view = api.http.get(f"{base}/{round_id}", headers=fac).json()
    assert view["status"] == "open" and view["participation"]["voted"] == 1  # nothing lost, nothing counted
    assert view["suspended"] is True

    assert api.set_phase(w, "votacion").status_code == 200
    assert api.http.get(f"{base}/{round_id}", headers=fac).json()["suspended"] is False
    assert api.http.put(ballot, json={"approve": [a1]}, headers=auth(people[1]["token"])).status_code == 200
    closed = api.http.post(f"{base}/{round_id}/close", headers=fac).json()
    assert closed["results"]["totals"] == {a1: 2, a2: 0}
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]
    kinds = [(e["kind"], e["payload"].get("phase")) for e in events if e["kind"].startswith("voting_")]
    assert kinds == [
        ("voting_opened", None),
        ("voting_suspended", "hoja_de_ruta"),
        ("voting_resumed", "votacion"),
        ("voting_closed", None),
    ]
    minutes = [m["text"] for m in api.http.get(f"/api/workshops/{w['id']}/minutes", headers=fac).json()["minutes"]]
    assert "Se suspendió la votación abierta al pasar a la fase «Hoja de ruta»: no recibe boletas" in " ".join(minutes)
    assert "Se reanudó la votación abierta al volver a la fase «Votación»." in minutes
