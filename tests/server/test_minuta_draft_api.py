"""The minuta's draft as a Yjs document (``<workshop>/minuta``, docs/minutes.md
«The draft»), on a real server with real clients: only the facilitator
writes it and only while it is a draft (anyone else's write closes 4403 and
changes nothing); regenerating keeps the edits; an accepted amendment
rewrites its passage; what the facilitator wrote (a passage, an acuerdo)
is what the documents print and what is approved and sealed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest
from pycrdt import Array, Map, Text

from server.sync.protocol import CloseCode
from tests.conftest import Api
from tests.server.test_minuta_api import Mesa, attend, new_mesa
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient, eventually
from workshops.document_schema import ARTIFACT_MINUTA, MINUTA_ACUERDOS, MINUTA_PASSAGES

EDIT = " Asistieron representantes de tres sectores."
ACUERDO = {"who": "Enlace de transparencia municipal", "what": "Publicar los datos de movilidad", "by": "2027-03-01"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("minuta-draft")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0, workshops_per_hour=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture
def mesa(server: LiveServer) -> Iterator[Mesa]:
    api = Api(server)
    with api.http:
        yield new_mesa(server, api)


def url(server: LiveServer, m: Mesa) -> str:
    return f"{server.ws_url}/{m.id}/{ARTIFACT_MINUTA}"


def passage_text(client: YClient, key: str) -> str | None:
    item = client.doc.get(MINUTA_PASSAGES, type=Map).get(key)
    return str(item["text"]) if isinstance(item, Map) else None


def export_md(m: Mesa, who: str = "facilitator") -> str:
    r = m.send("GET", "/minutes/export/md", who)
    assert r.status_code == 200, r.text
    return r.content.decode("utf-8")


async def test_only_the_facilitator_writes_the_draft_a_participants_write_closes_4403_and_changes_nothing(server, mesa):
    m = mesa
    report = m.ok("POST", "/minutes/draft/refresh", "facilitator")
    assert report["added"] >= 1 and report["set_aside"] == [] and report["kept"] == 0
    first = m.minutes()["minutes"][0]
    assert first["id"].startswith("e")
    m.refused("POST", "/minutes/draft/refresh", "ana", status=403)
    m.refused("POST", "/minutes/draft/refresh", "observer", status=403)
    m.refused("POST", "/minutes/draft/refresh", "stranger", status=403)
    for who in ("ana", "observer"):
        async with YClient(url(server, m), m.tokens[who]) as client:
            await client.wait_synced()
            assert passage_text(client, first["id"]) == first["text"]  # everyone reads it
            assert client.server_state()["editable_by"] == ["facilitator"]
            client.doc.get(MINUTA_PASSAGES, type=Map)[first["id"]]["text"].insert(0, "Falso: ")
            assert await client.wait_closed() == CloseCode.FORBIDDEN
            assert "facilitadora" in client.close_reason
    async with YClient(url(server, m), m.tokens["facilitator"]) as fac:
        await fac.wait_synced()
        assert passage_text(fac, first["id"]) == first["text"]
    assert m.minutes()["minutes"][0] == first
    async with YClient(url(server, m), m.tokens["stranger"]) as foreign:
        assert await foreign.wait_closed() == CloseCode.FORBIDDEN


async def test_the_facilitators_passage_and_acuerdo_are_what_is_printed_approved_and_sealed(server, mesa):
    m = mesa
    m.ok("POST", "/minutes/draft/refresh", "facilitator")
    first = m.minutes()["minutes"][0]
    async with (
        YClient(url(server, m), m.tokens["facilitator"]) as fac,
        YClient(url(server, m), m.tokens["ana"]) as ana,
    ):
        await fac.wait_synced()
        await ana.wait_synced()
        text = fac.doc.get(MINUTA_PASSAGES, type=Map)[first["id"]]["text"]
        text += EDIT
        acuerdo = Map({"id": "a1", "who": Text(ACUERDO["who"]), "what": Text(ACUERDO["what"]), "by": ACUERDO["by"]})
        fac.doc.get(MINUTA_ACUERDOS, type=Array).append(acuerdo)
        await fac.save(1)
        # A participant sees it live.
        await eventually(lambda: passage_text(ana, first["id"]) == first["text"] + EDIT, message="live edit")
        await eventually(lambda: len(ana.doc.get(MINUTA_ACUERDOS, type=Array)) == 1, message="live acuerdo")

    draft = m.minutes("ana")
    assert draft["minutes"][0]["text"] == first["text"] + EDIT and draft["acuerdos"] == [ACUERDO]
    assert draft["draft"]["editable"] is False and m.minutes()["draft"]["editable"] is True
    md = export_md(m, "ana")
    assert EDIT.strip() in md and ACUERDO["what"] in md and "Sin acuerdos de seguimiento" not in md

    # New events: regenerating adds them and keeps the edit; twice changes nothing.
    m.ok("PUT", "/phase", "facilitator", {"phase": "arbol_de_problemas"})
    assert m.minutes()["draft"]["new_in_log"] >= 1
    again = m.ok("POST", "/minutes/draft/refresh", "facilitator")
    assert again["added"] >= 1 and again["kept"] == 1 and again["set_aside"] == []
    once = m.minutes()["minutes"]
    assert m.ok("POST", "/minutes/draft/refresh", "facilitator") | {"kept": 0} == {
        "added": 0,
        "reworded": 0,
        "dropped": 0,
        "kept": 0,
        "changed": [],
        "set_aside": [],
    }
    assert m.minutes()["minutes"] == once and once[0]["text"] == first["text"] + EDIT

    # An accepted amendment rewrites the passage it names.
    attend(m, "ana", "beto")
    target = once[1]
    amendment = {"passage": target["text"][:300], "text": "La mesa pasó al árbol de problemas.", "reason": "Claridad"}
    proposed = m.ok("POST", "/minutes/amendments", "ana", amendment, status=201)
    yes = {"decision": "accepted", "reason": "Sí"}
    answer = m.ok("PUT", f"/minutes/amendments/{proposed['id']}", "facilitator", yes)
    assert answer["applied_to"] == target["id"]
    assert {e["id"]: e["text"] for e in m.minutes()["minutes"]}[target["id"]] == amendment["text"]

    # The approval freezes the draft: nobody writes it, not even the facilitator.
    opened = m.ok("POST", "/minutes/approval", "facilitator", status=201)
    approved_text = m.minutes("beto")
    put_to_consent = {"minutes": approved_text["minutes"], "acuerdos": approved_text["acuerdos"]}
    assert put_to_consent["acuerdos"] == [ACUERDO]
    m.refused("POST", "/minutes/draft/refresh", "facilitator", status=409)
    async with YClient(url(server, m), m.tokens["facilitator"]) as fac:
        await fac.wait_synced()
        assert fac.server_state()["editable_by"] == []
        fac.doc.get(MINUTA_PASSAGES, type=Map)[first["id"]]["text"].insert(0, "Tarde: ")
        assert await fac.wait_closed() == CloseCode.FORBIDDEN
    for who in ("ana", "beto"):
        m.ok("PUT", f"/rounds/{opened['round_id']}/ballot", who, {"consent": {opened["option_id"]: "agree"}})
    m.ok("POST", f"/rounds/{opened['round_id']}/close", "facilitator")
    m.ok("PUT", "/phase", "facilitator", {"phase": "alternativas"})  # the log goes on; the approved text does not
    sealed = m.ok("POST", "/minutes/seal", "facilitator")

    canonical = m.api.http.get(f"/api/minutes/{sealed['sha256']}/canonical")
    assert hashlib.sha256(canonical.content).hexdigest() == sealed["sha256"]
    record = json.loads(canonical.content)
    assert {"minutes": record["minutes"], "acuerdos": record["acuerdos"]} == put_to_consent
    assert record["minutes"][0]["text"] == first["text"] + EDIT
    md = export_md(m, "beto")
    assert sealed["sha256"] in md and EDIT.strip() in md and ACUERDO["who"] in md

    # A correction reopens the draft to the facilitator, with the text as sealed.
    m.ok("POST", "/minutes/corrections", "facilitator", status=201)
    async with YClient(url(server, m), m.tokens["facilitator"]) as fac:
        await fac.wait_synced()
        await eventually(lambda: fac.server_state().get("editable_by") == ["facilitator"], message="reopened")
        assert passage_text(fac, first["id"]) == first["text"] + EDIT
        fac.doc.get(MINUTA_PASSAGES, type=Map)[first["id"]]["text"].insert(0, "v2: ")
        await fac.save(1)
    assert m.minutes()["minutes"][0]["text"].startswith("v2: ")


async def test_an_objection_reopens_the_draft_to_the_facilitator(server, mesa):
    m = mesa
    m.ok("POST", "/minutes/draft/refresh", "facilitator")
    first = m.minutes()["minutes"][0]
    attend(m, "ana")
    opened = m.ok("POST", "/minutes/approval", "facilitator", status=201)
    objection = {"consent": {opened["option_id"]: "object"}, "reasons": {opened["option_id"]: "Falta un acuerdo"}}
    m.ok("PUT", f"/rounds/{opened['round_id']}/ballot", "ana", objection)
    m.ok("POST", f"/rounds/{opened['round_id']}/close", "facilitator")
    assert m.minutes()["status"] == "draft" and m.minutes()["draft"]["editable"] is True
    async with YClient(url(server, m), m.tokens["facilitator"]) as fac:
        await fac.wait_synced()
        assert fac.server_state()["editable_by"] == ["facilitator"]
        fac.doc.get(MINUTA_ACUERDOS, type=Array).append(
            Map({"id": "a1", "who": Text("Academia"), "what": Text("Revisar el acuerdo"), "by": ""})
        )
        await fac.save(1)
    assert m.minutes("ana")["acuerdos"] == [{"who": "Academia", "what": "Revisar el acuerdo", "by": ""}]
    assert m.minutes()["minutes"][0] == first
