"""The ``roadmap`` Yjs document: the map the server creates for each
commitment, how it reads into the domain's draft (however hostile the
content), and the write gate of the sync layer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import anyio
import pytest
from pycrdt import Array, Doc, Map, Text, XmlFragment

from server.app import Cocrea
from server.auth import Sessions
from server.roadmap import (
    check_draft,
    draft_from_plain,
    ensure_roadmaps,
    json_safe,
    lacking,
    new_item,
    parse_draft,
    parse_leniently,
    read_document_draft,
)
from server.settings import Settings
from server.storage import open_store
from server.sync.protocol import CloseCode
from tests.server.test_roadmap_api import ROADMAPS, fill_valid, roadmap_url, with_commitment
from tests.server.test_voting_api import auth
from tests.support.yclient import YClient, eventually
from workshops.document_schema import ROADMAP_ITEM_ID, ROADMAP_ITEMS
from workshops.roadmap import (
    ACTIVITY_KEYS,
    BASELINE_KEYS,
    INDICATOR_KEYS,
    ORGANIZATION_KEYS,
    RESPONSIBLE_KEYS,
    ROADMAP_KEYS,
    Activity,
    Roadmap,
)

TEXTS = ("result", "products", "verification")


def doc_with(*commitment_ids):
    doc = Doc()
    ensure_roadmaps(doc, commitment_ids)
    return doc


def assert_seeded(m):
    """Every key present with its type, as docs/realtime.md describes."""
    assert isinstance(m, Map)
    assert set(m.keys()) == {
        "responsible",
        "organizations",
        "activities",
        "result",
        "products",
        "indicators",
        "verification",
        "start",
        "end",
    }
    assert {k: type(v) for k, v in m["responsible"].items()} == {"name": Text, "position": Text, "institution": Text}
    for key in TEXTS:
        assert isinstance(m[key], Text) and str(m[key]) == ""
    for key in ("organizations", "activities", "indicators"):
        assert isinstance(m[key], Array) and len(m[key]) == 0
    assert m["start"] is None and m["end"] is None


# ---------------------------------------------------------------- pure layer


def test_the_server_map_and_client_items_have_every_key():
    doc = doc_with("c1")
    assert_seeded(doc.get(ROADMAPS, type=Map)["c1"])
    m = doc.get(ROADMAPS, type=Map)["c1"]
    m["activities"].append(new_item("activities", "a1"))
    m["indicators"].append(new_item("indicators", "i1"))
    m["organizations"].append(new_item("organizations", "o1"))
    activity, indicator, org = m["activities"][0], m["indicators"][0], m["organizations"][0]
    assert {k: type(v).__name__ for k, v in activity.items()} == {
        "id": "str",
        "description": "Text",
        "responsible": "Text",
        "start": "NoneType",
        "end": "NoneType",
        "products": "Text",
        "verification": "Text",
        "weight": "NoneType",
    }
    assert indicator["id"] == "i1" and indicator["baseline"].to_py() == {"value": None, "year": None}
    assert {k for k, v in indicator.items() if isinstance(v, Text)} == {
        "name",
        "definition",
        "method",
        "unit",
        "frequency",
        "verification",
    }
    assert indicator["goal"] is None and indicator["direction"] is None
    assert set(org.keys()) == {"id", "name", "contact"}
    # An empty map is a valid (incomplete) draft.
    roadmap, issues = check_draft(draft_from_plain(read_document_draft(doc, "c1")))
    assert roadmap is not None and roadmap.activities == (Activity(),)
    assert "required" in {i.rule for i in issues}


def test_repair_adds_what_is_missing_and_never_overwrites():
    doc = doc_with("c1")
    roadmaps = doc.get(ROADMAPS, type=Map)
    m = roadmaps["c1"]
    m["result"].insert(0, "Lo que la mesa escribió")
    del m["activities"]
    del m["responsible"]["position"]
    m["start"] = 7
    roadmaps["c2"] = "basura"
    assert lacking(doc, ["c1", "c2", "c3"]) == ["c1", "c2", "c3"]
    ensure_roadmaps(doc, ["c1", "c2", "c3"])
    assert lacking(doc, ["c1", "c2", "c3"]) == []
    assert str(m["result"]) == "Lo que la mesa escribió" and m["start"] == 7  # reported, not erased
    assert isinstance(m["activities"], Array) and isinstance(m["responsible"]["position"], Text)
    assert_seeded(roadmaps["c2"])
    assert_seeded(roadmaps["c3"])


def test_document_values_read_as_the_domain_expects():
    doc = doc_with("c1")
    m = doc.get(ROADMAPS, type=Map)["c1"]
    m["products"].insert(0, "  Portal  \n\n\r\nManual\n")
    m["activities"].append(new_item("activities", "a1"))
    m["activities"][0]["weight"] = 33.5
    m["indicators"].append(new_item("indicators", "i1"))
    m["indicators"][0]["baseline"]["year"] = 2025  # Yjs keeps every number as a float
    m["indicators"][0]["goal"] = 12
    draft = draft_from_plain(read_document_draft(doc, "c1"))
    assert draft["products"] == ["Portal", "Manual"]
    assert "id" not in draft["activities"][0] and draft["activities"][0]["weight"] == 33.5
    year = draft["indicators"][0]["baseline"]["year"]
    assert year == 2025 and isinstance(year, int)
    roadmap = parse_draft(draft)
    assert roadmap.indicators[0].baseline.year == 2025 and roadmap.indicators[0].goal == 12


def test_the_browser_draft_and_the_document_read_the_same():
    doc = doc_with("c1")
    fill_valid(doc.get(ROADMAPS, type=Map)["c1"])
    from_doc = parse_draft(draft_from_plain(read_document_draft(doc, "c1")))
    browser = json.loads(json.dumps(read_document_draft(doc, "c1")))
    for activity in browser["activities"]:
        activity["products"] = [line for line in activity["products"].split("\n") if line.strip()]
    assert parse_draft(draft_from_plain(browser)) == from_doc
    assert from_doc.start == dt.date(2026, 1, 1) and len(from_doc.activities) == 2
    assert check_draft(draft_from_plain(read_document_draft(doc, "c1")))[1] == []


HOSTILE = [
    (lambda m: m.__setitem__("result", 42), "result"),
    (lambda m: m["responsible"].__setitem__("name", Map({"x": Map({"y": Text("z")})})), "responsible.name"),
    (lambda m: m["activities"].append(Text("texto suelto")), "activities.0"),
    (lambda m: m["activities"].append(Map({"weight": "50"})), "activities.0.weight"),
    (lambda m: m["activities"].append(Map({"weight": float("inf")})), "activities.0.weight"),
    (lambda m: m["activities"].append(Map({"products": Array([Text("a"), 5])})), "activities.0.products.1"),
    (lambda m: m["indicators"].append(Map({"baseline": Array([1])})), "indicators.0.baseline"),
    (lambda m: m["indicators"].append(Map({"direction": "hacia arriba"})), "indicators.0.direction"),
    (lambda m: m["indicators"].append(Map({"id": 5, "extra": True})), "indicators.0.extra"),
    (lambda m: m.__setitem__("verification", XmlFragment()), "verification"),
    (lambda m: m.__setitem__("end", b"\xff"), "end"),
    (lambda m: m.__setitem__("start", "2026-02-30"), "start"),
    (lambda m: m.__setitem__("organizations", Map({"0": Map()})), "organizations"),
    (lambda m: m.__setitem__("products", [[[[[[[[["hondo"]]]]]]]]]), "products.0"),
    (lambda m: m["organizations"].extend([new_item("organizations", str(i)) for i in range(31)]), "organizations"),
]


@pytest.mark.parametrize(("spoil", "field"), HOSTILE)
def test_hostile_contents_become_one_named_issue(spoil, field):
    doc = doc_with("c1")
    spoil(doc.get(ROADMAPS, type=Map)["c1"])
    raw = read_document_draft(doc, "c1")
    json.dumps(json_safe(raw), allow_nan=False)  # the GET answer can always be written
    roadmap, issues = check_draft(draft_from_plain(raw))
    assert roadmap is None
    assert [(i.field, i.rule) for i in issues] == [(field, "invalid")]
    assert issues[0].message


def test_a_missing_or_foreign_root_reads_as_an_empty_roadmap():
    doc = Doc()
    assert read_document_draft(doc, "c1") is None
    assert check_draft(draft_from_plain(None))[1][0].field == "roadmap"
    assert parse_leniently(None) == Roadmap()
    doc.get(ROADMAPS, type=Map)["c1"] = "no es un mapa"
    assert parse_leniently(draft_from_plain(read_document_draft(doc, "c1"))) == Roadmap()


def test_lenient_reading_keeps_what_parses():
    doc = doc_with("c1")
    m = doc.get(ROADMAPS, type=Map)["c1"]
    fill_valid(m)
    m["activities"][1]["weight"] = "cuarenta"
    m["responsible"]["name"] = 5
    m["indicators"].append(Text("basura"))
    roadmap = parse_leniently(draft_from_plain(read_document_draft(doc, "c1")))
    assert roadmap.responsible.name == "" and roadmap.responsible.position == "Directora"
    assert [a.weight for a in roadmap.activities] == [60, None]
    assert len(roadmap.indicators) == 1 and roadmap.result == "Portal de datos abiertos en operación"


# ------------------------------------------------------------- real server


async def test_a_new_commitment_has_its_map_live(api):
    w, people, _ = with_commitment(api)
    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as watcher:
        await watcher.wait_synced()
        roadmaps = watcher.doc.get(ROADMAPS, type=Map)
        first = next(iter(roadmaps.keys()))
        assert_seeded(roadmaps[first])
        # A second commitment (another decision) appears while connected.
        fac = auth(w["facilitator_token"])
        api.set_phase(w, "votacion")
        alternatives = api.http.get(f"/api/workshops/{w['id']}/alternatives", headers=fac).json()["alternatives"]
        adopted = next(a["id"] for a in alternatives if a["disposition"] == "adopted")
        other = next(a["id"] for a in alternatives if a["disposition"] == "pending")
        rounds = f"/api/workshops/{w['id']}/rounds"
        body = {"method": "approval", "options": [adopted, other]}
        round_id = api.http.post(rounds, json=body, headers=fac).json()["id"]
        api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [other]}, headers=auth(people[1]["token"]))
        api.http.post(f"{rounds}/{round_id}/close", headers=fac)
        r = api.http.post(
            f"/api/workshops/{w['id']}/decisions",
            json={"round_id": round_id, "kind": "majority", "alternative_id": other},
            headers=fac,
        )
        second = r.json()["commitment_id"]
        await eventually(lambda: second in roadmaps)
        assert_seeded(roadmaps[second])


async def test_a_lost_map_comes_back_when_the_room_loads_or_the_api_reads(make_server, make_api):
    api = make_api(make_server(room_grace_seconds=0))
    w, people, cid = with_commitment(api)
    api.set_phase(w, "hoja_de_ruta")
    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as a:
        await a.wait_synced()
        del a.doc.get(ROADMAPS, type=Map)[cid]
        await a.save(1)
    # The room unloaded with the map gone; the next load puts it back.
    async with YClient(api.ws(w, "roadmap"), people[1]["token"]) as b:
        await b.wait_synced()
        roadmaps = b.doc.get(ROADMAPS, type=Map)
        assert_seeded(roadmaps[cid])
        # Lost while the room is live: the API's next read repairs it, live.
        del roadmaps[cid]["indicators"]
        await b.save(1)
        assert api.http.get(roadmap_url(w, cid), headers=auth(people[1]["token"])).status_code == 200
        await eventually(lambda: "indicators" in roadmaps[cid])
        assert isinstance(roadmaps[cid]["indicators"], Array)


@pytest.mark.parametrize(
    ("phase", "who"),
    [("votacion", "participant"), ("cierre", "participant"), ("cierre", "facilitator"), ("hoja_de_ruta", "observer")],
)
async def test_writes_outside_hoja_de_ruta_are_refused(api, phase, who):
    w, people, cid = with_commitment(api)
    api.set_phase(w, phase)
    token = {
        "participant": people[0]["token"],
        "facilitator": w["facilitator_token"],
        "observer": api.join(w, "Olga", role="observer")["token"],
    }[who]
    async with YClient(api.ws(w, "roadmap"), token) as client:
        await client.wait_synced()
        client.doc.get(ROADMAPS, type=Map)[cid]["result"].insert(0, "no debería entrar")
        assert await client.wait_closed() == CloseCode.FORBIDDEN
    assert api.http.get(roadmap_url(w, cid), headers=auth(people[0]["token"])).json()["draft"]["result"] == ""


async def test_for_plan_gives_the_agreement_else_what_parses(make_server, make_api, tmp_path):
    url = f"sqlite:///{tmp_path}/plan.db"
    server = make_server(url)
    api = make_api(server)
    w, people, cid = with_commitment(api)
    w2, people2, cid2 = with_commitment(api)
    for workshop in (w, w2):
        api.set_phase(workshop, "hoja_de_ruta")
    async with (
        YClient(api.ws(w, "roadmap"), people[0]["token"]) as a,
        YClient(api.ws(w2, "roadmap"), people2[0]["token"]) as b,
    ):
        await a.wait_synced()
        await b.wait_synced()
        fill_valid(a.doc.get(ROADMAPS, type=Map)[cid])
        broken = b.doc.get(ROADMAPS, type=Map)[cid2]
        fill_valid(broken)
        broken["start"] = "mañana"
        await a.save(1)
        await b.save(1)
    r = api.http.post(roadmap_url(w, cid) + "/agree", headers=auth(w["facilitator_token"]))
    assert r.status_code == 200, r.text
    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as a:
        await a.wait_synced()
        a.doc.get(ROADMAPS, type=Map)[cid]["result"].insert(0, "Borrador posterior: ")
        await a.save(1)
    server.stop()

    store = open_store(url)
    await store.open()
    try:
        cocrea = Cocrea(Settings(database_url=url), store, Sessions("clave-de-prueba"))
        async with anyio.create_task_group() as tg:
            await tg.start(cocrea.rooms.run)
            agreed = await cocrea.roadmaps.for_plan(w["id"], cid)
            draft = await cocrea.roadmaps.for_plan(w2["id"], cid2)
            await cocrea.rooms.shutdown()
            tg.cancel_scope.cancel()
    finally:
        await store.close()
    assert agreed.agreed_at is not None and agreed.result == "Portal de datos abiertos en operación"
    assert agreed.agreed_by == r.json()["agreed"]["agreed_by"]
    assert draft.agreed_at is None and draft.start is None and draft.end == dt.date(2026, 12, 31)
    assert len(draft.activities) == 2 and draft.responsible.name == "Laura Méndez"


def test_every_key_of_the_document_is_documented():
    text = Path(__file__).resolve().parents[2].joinpath("docs", "realtime.md").read_text(encoding="utf-8")
    section = text.split("## The `roadmap` document", 1)[1].split("\n## ", 1)[0]
    keys = {*ROADMAP_KEYS, *RESPONSIBLE_KEYS, *ORGANIZATION_KEYS, *ACTIVITY_KEYS, *INDICATOR_KEYS, *BASELINE_KEYS}
    assert sorted(k for k in keys if k not in section) == []
    assert f"`{ROADMAP_ITEMS}`" in section and ROADMAP_ITEM_ID in section
