"""The commitment sheet as a Yjs document (``sheet-<commitment id>``):
concurrent typing merges, every reader reads the document, a stored sheet
migrates into it, and the write gate follows the role and the status."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, Text

from server.commitments import ensure_sheet, read_sheet, write_sheet
from server.storage import StoredRecord, open_store
from server.sync.protocol import CloseCode
from tests.conftest import Api
from tests.server.test_roadmap_api import with_commitment
from tests.server.test_scale_out import REDIS_URL, WAIT, connected, drop_keys, new_prefix, shared_database  # noqa: F401
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient, eventually
from workshops.commitment import SHEET_TEXT_FIELDS, find_sheet_commitment, sheet_artifact
from workshops.document_schema import SHEET_CHOICE_KEYS, SHEET_FIELDS

COMPLETE = {
    "title": "Red de enlaces",
    "problem": "Los municipios no publican sus datos",
    "description": "Una red de enlaces de transparencia",
    "how_it_helps": "Acerca la información",
    "gender_perspective": "Paridad en la red",
    "assumptions": "Hay presupuesto",
    "other_actors": "Universidades",
    "ogp_values": ["transparencia"],
    "sdgs": [16],
}


def sheet_of(api, w, cid, token=None):
    r = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=auth(token or w["facilitator_token"]))
    assert r.status_code == 200, r.text
    return {c["id"]: c for c in r.json()["commitments"]}[cid]["sheet"]


def fields(client):
    return client.doc.get(SHEET_FIELDS, type=Map)


def text(client, name):
    value = fields(client).get(name)
    return str(value) if isinstance(value, Text) else None


# ---------------------------------------------------------------- pure layer


def test_the_artifact_names_its_commitment():
    assert sheet_artifact("ab12") == "sheet-ab12" and find_sheet_commitment("sheet-ab12") == "ab12"
    assert find_sheet_commitment("sheet") is None and find_sheet_commitment("tree") is None
    assert find_sheet_commitment("sheets-x") is None


def test_a_stored_sheet_fills_the_keys_a_document_lacks_and_nothing_else():
    doc = Doc()
    ensure_sheet(doc, {**COMPLETE, "assumptions": "Guardado antes"})
    fields = doc.get(SHEET_FIELDS, type=Map)
    assert set(fields.keys()) == {*SHEET_TEXT_FIELDS, *SHEET_CHOICE_KEYS}
    assert all(isinstance(fields[name], Text) for name in SHEET_TEXT_FIELDS)
    assert dict(fields["sdgs"].items()) == {"16": True}
    fields["assumptions"].insert(0, "¡")
    ensure_sheet(doc, {"assumptions": "otra cosa"})
    assert read_sheet(doc, {})["assumptions"] == "¡Guardado antes"


def test_writing_a_field_touches_only_what_differs():
    doc = Doc()
    ensure_sheet(doc, {"assumptions": "Hay presupuesto año con año"})
    fields = doc.get(SHEET_FIELDS, type=Map)
    writer = Doc()
    writer.apply_update(doc.get_update())
    write_sheet(writer, {"assumptions": "Hay presupuesto año tras año", "sdgs": [5, 16]})
    # Someone typing at the start meanwhile keeps their text.
    fields["assumptions"].insert(0, "Sí: ")
    doc.apply_update(writer.get_update(doc.get_state()))
    sheet = read_sheet(doc, {})
    assert sheet["assumptions"] == "Sí: Hay presupuesto año tras año" and sheet["sdgs"] == [5, 16]


def test_hostile_content_reads_as_a_sheet():
    doc = Doc()
    fields = doc.get(SHEET_FIELDS, type=Map)
    fields["title"] = Text("Dos\nlíneas")
    fields["assumptions"] = 42
    fields["ogp_values"] = Map({"transparencia": True, "inventado": True, "participacion": "sí"})
    fields["sdgs"] = Text("16")
    sheet = read_sheet(doc, {"problem": "del registro"})
    assert sheet["title"] == "Dos líneas" and sheet["assumptions"] == "" and sheet["problem"] == "del registro"
    assert sheet["ogp_values"] == ["transparencia"] and sheet["sdgs"] == []


# ---------------------------------------------------------------- live


async def test_two_people_typing_at_once_both_keep_their_sentence(api):
    w, people, cid = with_commitment(api)
    url = api.ws(w, sheet_artifact(cid))
    async with YClient(url, people[0]["token"]) as a, YClient(url, people[1]["token"]) as b:
        await a.wait_synced()
        await b.wait_synced()
        assert text(a, "title") == "Red de enlaces"
        assert a.server_state()["editable_by"] == ["facilitator", "participant"]
        # Both type before either hears the other.
        fields(a)["assumptions"].insert(0, "La red tiene presupuesto. ")
        fields(b)["assumptions"].insert(0, "Los municipios aceptan participar.")
        await a.save(1)
        await b.save(1)
        await eventually(lambda: text(a, "assumptions") == text(b, "assumptions"))
        merged = text(a, "assumptions")
    assert "La red tiene presupuesto. " in merged and "Los municipios aceptan participar." in merged
    assert sheet_of(api, w, cid, people[1]["token"])["assumptions"] == merged


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from("ab"),
            st.sampled_from(("assumptions", "other_actors", "title")),
            st.floats(0, 1),
            st.one_of(st.text("abcñ é\n", min_size=1, max_size=6), st.integers(1, 4)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_concurrent_sheet_edits_converge_with_the_server(api, edits):
    """Two real clients edit from the same state without hearing each other
    (inserts and deletions anywhere); afterwards both and the server's
    reading hold the same sheet, and in a field nobody deleted from, every
    character either typed is there."""
    w, people, cid = shared_commitment(api)

    names = ("assumptions", "other_actors", "title")

    async def scenario():
        url = api.ws(w, sheet_artifact(cid))
        async with YClient(url, people[0]["token"]) as a, YClient(url, people[1]["token"]) as b:
            await a.wait_synced()
            await b.wait_synced()
            clients = {"a": a, "b": b}
            before = {n: text(a, n) for n in names}
            for who, name, where, what in edits:
                field = fields(clients[who])[name]
                current = str(field)
                at = len(current[: round(where * len(current))].encode())
                if isinstance(what, str):
                    field.insert(at, what)
                elif at < len(current.encode()):
                    # Delete whole characters (Y.Text indexes UTF-8 bytes here).
                    chars = current[round(where * len(current)) :][:what]
                    del field[at : at + len(chars.encode())]
            await a.save(1)
            await b.save(1)
            await eventually(lambda: all(text(a, n) == text(b, n) for n in names), message="clients converge")
            return before, {n: text(a, n) for n in names}

    before, converged = asyncio.run(scenario())
    served = sheet_of(api, w, cid)
    assert {n: served[n] for n in names} == {**converged, "title": " ".join(converged["title"].split())}
    for name in names:
        inserted = [what for _, n, _, what in edits if n == name]
        if all(isinstance(what, str) for what in inserted):
            # Nothing deleted there: every character typed by either is kept.
            assert Counter(converged[name]) == Counter(before[name] + "".join(inserted))


_SHARED: dict[str, tuple] = {}


def shared_commitment(api):
    """One commitment per server for every example of the property (each
    starts from whatever the previous ones left)."""
    key = api.server.url
    if key not in _SHARED:
        _SHARED[key] = with_commitment(api)
    return _SHARED[key]


async def test_http_readers_and_the_put_route_go_through_the_document(api):
    w, people, cid = with_commitment(api)
    url = api.ws(w, sheet_artifact(cid))
    base = f"/api/workshops/{w['id']}/commitments/{cid}"
    async with YClient(url, people[0]["token"]) as a:
        await a.wait_synced()
        fields(a)["description"].insert(0, "Escrito en vivo")
        fields(a)["sdgs"]["11"] = True
        await a.save(1)
        sheet = sheet_of(api, w, cid)
        assert sheet["description"] == "Escrito en vivo" and sheet["sdgs"] == [11]
        # The PUT route writes into the same document: a live client sees it.
        r = api.http.put(base, json={"assumptions": "Por HTTP", "sdgs": [11, 16]}, headers=auth(people[1]["token"]))
        assert r.status_code == 200 and r.json()["sheet"]["assumptions"] == "Por HTTP", r.text
        await eventually(lambda: text(a, "assumptions") == "Por HTTP")
        assert dict(fields(a)["sdgs"].items()) == {"11": True, "16": True}
    minutes = api.http.get(f"/api/workshops/{w['id']}/minutes", headers=auth(people[0]["token"]))
    assert minutes.status_code == 200
    assert api.http.put(base, json={"title": ""}, headers=auth(people[0]["token"])).status_code == 422
    assert sheet_of(api, w, cid)["title"] == "Red de enlaces"


async def test_observers_read_and_may_not_write(api):
    w, _, cid = with_commitment(api)
    observer = api.join(w, "Olga", "academia", role="observer")
    async with YClient(api.ws(w, sheet_artifact(cid)), observer["token"]) as client:
        await client.wait_synced()
        assert text(client, "title") == "Red de enlaces"
        fields(client)["assumptions"].insert(0, "no debería entrar")
        assert await client.wait_closed() == CloseCode.FORBIDDEN
        assert "observadoras" in client.close_reason
    assert sheet_of(api, w, cid)["assumptions"] == ""


async def test_unknown_or_foreign_sheets_are_not_found(api):
    w, people, cid = with_commitment(api)
    other = api.create_workshop()
    for workshop, token, artifact in (
        (w, people[0]["token"], "sheet-nope"),
        (w, people[0]["token"], "sheet-"),
        (other, other["facilitator_token"], sheet_artifact(cid)),
    ):
        async with YClient(api.ws(workshop, artifact), token) as client:
            assert await client.wait_closed() == CloseCode.NOT_FOUND


async def test_a_definitive_sheet_is_read_only_for_everyone_from_that_moment(api):
    w, people, cid = with_commitment(api)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}/commitments/{cid}"
    assert api.http.put(base, json=COMPLETE, headers=fac).status_code == 200
    assert api.http.post(f"{base}/status", json={"status": "en_revision"}, headers=fac).status_code == 200
    url = api.ws(w, sheet_artifact(cid))
    async with YClient(url, people[0]["token"]) as a, YClient(url, w["facilitator_token"]) as f:
        await a.wait_synced()
        await f.wait_synced()
        assert a.server_state()["status"] == "en_revision"
        fields(a)["other_actors"].insert(len(str(fields(a)["other_actors"]).encode()), " y academia")
        await a.save(1)
        r = api.http.post(f"{base}/status", json={"status": "definitivo"}, headers=fac)
        assert r.status_code == 200, r.text
        assert r.json()["sheet"]["other_actors"] == "Universidades y academia"
        await eventually(lambda: a.server_state().get("status") == "definitivo", message="status announced")
        assert a.server_state()["editable_by"] == [] and f.server_state()["editable_by"] == []
        fields(a)["other_actors"].insert(0, "tarde: ")
        fields(f)["assumptions"].insert(0, "tarde: ")
        assert await a.wait_closed() == CloseCode.FORBIDDEN and "definitivo" in a.close_reason
        assert await f.wait_closed() == CloseCode.FORBIDDEN
    sheet = sheet_of(api, w, cid)
    assert sheet["other_actors"] == "Universidades y academia" and sheet["assumptions"] == "Hay presupuesto"
    assert api.http.put(base, json={"assumptions": "x"}, headers=fac).status_code == 409
    # A fresh connection reads it and is told it is read-only.
    async with YClient(url, people[1]["token"]) as c:
        await c.wait_synced()
        assert text(c, "other_actors") == "Universidades y academia"
        await eventually(lambda: c.server_state().get("editable_by") == [])


async def test_a_sheet_stored_before_documents_migrates_on_first_load(make_server, make_api, tmp_path: Path):
    url = f"sqlite:///{tmp_path}/migrate.db"
    server = make_server(url)
    api = make_api(server)
    w, people, cid = with_commitment(api)
    server.stop()
    store = open_store(url)
    await store.open()
    try:
        (record,) = await store.list_records("commitment", w["id"])
        old = {**record.data["sheet"], "assumptions": "Guardado por HTTP", "sdgs": [5], "ogp_values": ["participacion"]}
        updated = StoredRecord(record.id, record.workshop_id, record.created_at, {**record.data, "sheet": old})
        await store.save_records(w["id"], [("commitment", updated)], [])
        stored = await store.load_document(f"{w['id']}/{sheet_artifact(cid)}")
        assert stored.snapshot is None and stored.updates == []
    finally:
        await store.close()
    server.start()
    assert sheet_of(api, w, cid)["assumptions"] == "Guardado por HTTP"
    async with YClient(api.ws(w, sheet_artifact(cid)), people[0]["token"]) as a:
        await a.wait_synced()
        assert text(a, "assumptions") == "Guardado por HTTP" and text(a, "title") == "Red de enlaces"
        assert dict(fields(a)["ogp_values"].items()) == {"participacion": True}
        fields(a)["assumptions"].insert(0, "Y ")
        await a.save(1)
    sheet = sheet_of(api, w, cid)
    assert sheet["assumptions"] == "Y Guardado por HTTP" and sheet["sdgs"] == [5]


@pytest.fixture
def two_processes(shared_database, tmp_path):  # noqa: F811
    """Two processes sharing PostgreSQL and Redis (started one after the
    other, with time to spare: imports are slow on a loaded machine)."""
    prefix = new_prefix()
    servers = [
        LiveServer(shared_database, tmp_path / f"server-{i}.log", redis_url=REDIS_URL, redis_prefix=prefix)
        for i in range(2)
    ]
    apis = []
    try:
        for server in servers:
            server.start(timeout=90)
            apis.append(Api(server))
        yield apis
    finally:
        for api in apis:
            api.http.close()
        for server in servers:
            server.kill()
        drop_keys(prefix)


async def test_definitive_through_one_process_refuses_sheet_writes_on_the_other(two_processes):
    api_a, api_b = two_processes
    w, people, cid = with_commitment(api_a)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}/commitments/{cid}"
    assert api_a.http.put(base, json=COMPLETE, headers=fac).status_code == 200
    assert api_a.http.post(f"{base}/status", json={"status": "en_revision"}, headers=fac).status_code == 200
    async with connected(api_b.ws(w, sheet_artifact(cid)), people[0]["token"]) as part:
        await eventually(lambda: part.server_state().get("status") == "en_revision", WAIT)
        fields(part)["assumptions"].insert(0, "Antes. ")
        await part.save(1, WAIT)
        r = api_a.http.post(f"{base}/status", json={"status": "definitivo"}, headers=fac)
        assert r.status_code == 200 and r.json()["sheet"]["assumptions"] == "Antes. Hay presupuesto", r.text
        await eventually(lambda: part.server_state().get("status") == "definitivo", WAIT, "B hears the status")
        assert part.server_state()["editable_by"] == []
        fields(part)["assumptions"].insert(0, "Después. ")
        assert await part.wait_closed(WAIT) == CloseCode.FORBIDDEN
    assert sheet_of(api_b, w, cid)["assumptions"] == "Antes. Hay presupuesto"
