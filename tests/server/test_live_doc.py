"""The ``live`` document: the room's authoritative state, pushed to every
member over the Yjs sync protocol, written by the server alone, and never
carrying what a role may not read (a ballot, who voted what)."""

from __future__ import annotations

import json
from typing import Any

from pycrdt import Map

from server.live import read_live
from server.sync.protocol import CloseCode
from tests.conftest import Api
from tests.server.test_scale_out import REDIS_URL, WAIT, connected, drop_keys, new_prefix, shared_database  # noqa: F401
from tests.server.test_voting_api import auth, mesa
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient, eventually
from workshops.document_schema import ARTIFACT_LIVE, LIVE_STATE, LIVE_TOPICS


def live(client: YClient) -> dict[str, Any]:
    return read_live(client.doc)


def version(client: YClient, topic: str) -> int:
    return live(client)[LIVE_TOPICS].get(topic) or 0


def state(client: YClient, topic: str) -> Any:
    return live(client)[LIVE_STATE].get(topic)


def rounds_shown(client: YClient) -> list[dict[str, Any]]:
    return (state(client, "rounds") or {}).get("shown") or []


async def test_every_member_reads_it_and_nobody_writes_it(api):
    w = api.create_workshop()
    participant = api.join(w, "Ana", "sociedad_civil")
    observer = api.join(w, "Olga", "academia", role="observer")
    api.set_phase(w, "arbol_de_problemas")
    for token in (w["facilitator_token"], participant["token"], observer["token"]):
        async with YClient(api.ws(w, ARTIFACT_LIVE), token) as client:
            await client.wait_synced()
            await eventually(lambda c=client: (state(c, "phase") or {}).get("phase") == "arbol_de_problemas")
            assert client.server_state()["editable_by"] == []
            client.doc.get(LIVE_TOPICS, type=Map)["phase"] = 1000
            assert await client.wait_closed() == CloseCode.FORBIDDEN
            assert "solo lectura" in client.close_reason
    async with YClient(api.ws(w, ARTIFACT_LIVE), participant["token"]) as client:
        await client.wait_synced()
        assert version(client, "phase") < 1000  # the refused write changed nothing


async def test_members_of_another_workshop_are_refused(api):
    w = api.create_workshop()
    other = api.create_workshop()
    async with YClient(api.ws(w, ARTIFACT_LIVE), other["facilitator_token"]) as client:
        assert await client.wait_closed() == CloseCode.FORBIDDEN


async def test_a_phase_change_and_a_lock_reach_a_connected_client(api):
    w = api.create_workshop()
    part = api.join(w, "Ana", "sociedad_civil")
    async with connected(api.ws(w, ARTIFACT_LIVE), part["token"]) as client:
        before = version(client, "phase")
        assert api.set_phase(w, "arbol_de_problemas").status_code == 200
        await eventually(lambda: (state(client, "phase") or {}).get("phase") == "arbol_de_problemas")
        assert version(client, "phase") == before + 1
        r = api.http.put(
            f"/api/workshops/{w['id']}/locks/tree", json={"locked": True}, headers=auth(w["facilitator_token"])
        )
        assert r.status_code == 200, r.text
        await eventually(lambda: state(client, "phase")["locked"] == ["tree"])
        # A refused change pushes nothing.
        minutes = version(client, "minutes")
        assert api.set_phase(w, "votacion", token=part["token"]).status_code == 403
        assert api.set_phase(w, "arbol_de_problemas").status_code == 200  # no change: no event
        assert version(client, "minutes") == minutes and state(client, "phase")["phase"] == "arbol_de_problemas"


async def test_a_round_opening_and_each_ballot_counted_appear_live(api):
    w, people, a1, a2 = mesa(api)
    base = f"/api/workshops/{w['id']}/rounds"
    fac = auth(w["facilitator_token"])
    async with connected(api.ws(w, ARTIFACT_LIVE), people[2]["token"]) as client:
        rounds_before = version(client, "rounds")
        request = {"method": "approval", "options": [a1, a2], "secrecy": "public", "visibility": "live"}
        r = api.http.post(base, json=request, headers=fac)
        assert r.status_code == 201, r.text
        round_id = r.json()["id"]
        await eventually(lambda: [s["id"] for s in rounds_shown(client)] == [round_id])
        shown = rounds_shown(client)[0]
        assert shown["status"] == "open" and shown["method"] == "approval"
        assert shown["voted"] == 0 and shown["eligible"] == 3
        opened = version(client, "rounds")
        assert opened > rounds_before
        for i, person in enumerate(people[:2], start=1):
            ballot = api.http.put(f"{base}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
            assert ballot.status_code == 200
            await eventually(
                lambda i=i: rounds_shown(client)[0]["voted"] == i and version(client, "ballots") == i,
                message=str(live(client)),
            )
        # A ballot changes the round on show (its participation), not the list of rounds.
        assert version(client, "rounds") == opened
        # Live, public: the totals are everyone's to see, the ballots are not pushed.
        assert rounds_shown(client)[0]["results"]["totals"] == {a1: 2, a2: 0}
        data = client.doc.get_update()
        assert all(p["participant_id"].encode() not in data for p in people)
        api.http.post(f"{base}/{round_id}/close", headers=fac)
        await eventually(lambda: rounds_shown(client)[0]["status"] == "closed")
        decisions = version(client, "decisions")
        r = api.http.post(
            f"/api/workshops/{w['id']}/decisions",
            json={"round_id": round_id, "kind": "majority", "alternative_id": a1},
            headers=fac,
        )
        assert r.status_code == 201, r.text
        await eventually(lambda: version(client, "decisions") == decisions + 1)
        assert state(client, "decisions") == {"count": 1, "latest": r.json()["id"]}
        await eventually(lambda: state(client, "commitments")["statuses"] == {r.json()["commitment_id"]: "preliminar"})
        assert state(client, "alternatives") == {"count": 2, "dispositions": {a1: "adopted", a2: "pending"}}


async def test_a_secret_round_never_pushes_a_ballot_or_a_voter(api):
    w, people, a1, a2 = mesa(api)
    base = f"/api/workshops/{w['id']}/rounds"
    fac = auth(w["facilitator_token"])
    async with connected(api.ws(w, ARTIFACT_LIVE), people[0]["token"]) as client:
        r = api.http.post(base, json={"method": "approval", "options": [a1, a2], "secrecy": "secret"}, headers=fac)
        round_id = r.json()["id"]
        for person, choice in zip(people, ([a1], [a2], [a1]), strict=True):
            assert api.http.put(f"{base}/{round_id}/ballot", json={"approve": choice}, headers=auth(person["token"]))
        await eventually(lambda: rounds_shown(client) and rounds_shown(client)[0]["voted"] == 3)
        data = client.doc.get_update()
        # Hidden until the close: no total, no option counted, no voter anywhere.
        assert rounds_shown(client)[0]["results"] is None
        rounds = json.dumps(state(client, "rounds"))
        assert a1 not in rounds and a2 not in rounds
        for voter in people:
            assert voter["participant_id"].encode() not in data
        api.http.post(f"{base}/{round_id}/close", headers=fac)
        await eventually(lambda: rounds_shown(client)[0]["status"] == "closed")
        results = rounds_shown(client)[0]["results"]
        assert results["totals"] == {a1: 2, a2: 1} and "ballots" not in results
        data = client.doc.get_update()
        assert all(p["participant_id"].encode() not in data for p in people)


async def test_ideation_pushes_the_counts_never_the_cards(api):
    w = api.create_workshop()
    part = api.join(w, "Ana", "sociedad_civil")
    api.set_phase(w, "arbol_de_problemas")
    base = f"/api/workshops/{w['id']}/ideation"
    async with connected(api.ws(w, ARTIFACT_LIVE), part["token"]) as client:
        r = api.http.post(base, json={"prompt": "¿Por qué?"}, headers=auth(w["facilitator_token"]))
        assert r.status_code in (200, 201), r.text
        await eventually(lambda: (state(client, "ideation") or {}).get("status") == "open")
        opened = version(client, "ideation")
        r = api.http.post(f"{base}/cards", json={"text": "Idea muy secreta"}, headers=auth(part["token"]))
        assert r.status_code in (200, 201), r.text
        await eventually(lambda: state(client, "ideation")["card_count"] == 1)
        assert version(client, "ideation") == opened  # nobody's view changed
        assert b"muy secreta" not in client.doc.get_update()


async def test_a_change_through_one_process_reaches_a_client_of_the_other(shared_database, tmp_path):  # noqa: F811
    prefix = new_prefix()
    servers = [
        LiveServer(shared_database, tmp_path / f"server-{i}.log", redis_url=REDIS_URL, redis_prefix=prefix)
        for i in range(2)
    ]
    apis: list[Api] = []
    try:
        for server in servers:
            server.start(timeout=90)
            apis.append(Api(server))
        api_a, api_b = apis
        w = api_a.create_workshop()
        part = api_a.join(w, "Ana", "sociedad_civil")
        async with connected(api_b.ws(w, ARTIFACT_LIVE), part["token"]) as client:
            assert api_a.set_phase(w, "arbol_de_problemas").status_code == 200
            await eventually(lambda: (state(client, "phase") or {}).get("phase") == "arbol_de_problemas", WAIT)
    finally:
        for api in apis:
            api.http.close()
        for server in servers:
            server.kill()
        drop_keys(prefix)


def test_every_topic_is_documented():
    from pathlib import Path

    from workshops import document_schema

    text = Path(__file__).resolve().parents[2].joinpath("docs", "realtime.md").read_text(encoding="utf-8")
    section = text.split("## The `live` document", 1)[1].split("\n## ", 1)[0]
    topics = [v for k, v in vars(document_schema).items() if k.startswith("LIVE_TOPIC_")]
    assert len(topics) >= 12
    assert [t for t in topics if f"| `{t}` |" not in section] == []
    assert f"`{LIVE_TOPICS}`" in section and f"`{LIVE_STATE}`" in section
