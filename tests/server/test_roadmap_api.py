"""The hoja de ruta over HTTP and its live document, through the real server:
the draft with its issues, the live check, and the recorded agreement."""

from __future__ import annotations

from pycrdt import Map, Text

from server.roadmap import new_item
from tests.server.test_voting_api import auth, mesa
from tests.support.yclient import YClient, eventually

ROADMAPS = "roadmaps"


def with_commitment(api, voters=2):
    """A mesa with one commitment (alternatives → round → close → decision)."""
    w, people, a1, a2 = mesa(api, voters=voters)
    fac = auth(w["facilitator_token"])
    rounds = f"/api/workshops/{w['id']}/rounds"
    round_id = api.http.post(rounds, json={"method": "approval", "options": [a1, a2]}, headers=fac).json()["id"]
    for person in people:
        r = api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
        assert r.status_code == 200, r.text
    assert api.http.post(f"{rounds}/{round_id}/close", headers=fac).status_code == 200
    r = api.http.post(
        f"/api/workshops/{w['id']}/decisions",
        json={"round_id": round_id, "kind": "majority", "alternative_id": a1},
        headers=fac,
    )
    assert r.status_code == 201, r.text
    return w, people, r.json()["commitment_id"]


def roadmap_url(w, commitment_id):
    return f"/api/workshops/{w['id']}/commitments/{commitment_id}/roadmap"


def lines(text):
    return Text("\n".join(text))


def fill_valid(m):
    """Write a complete hoja de ruta into a seeded commitment map, as two
    people at a browser would (texts typed, items appended)."""
    with m.doc.transaction():
        for key, value in (("name", "Laura Méndez"), ("position", "Directora"), ("institution", "Ayuntamiento")):
            m["responsible"][key].insert(0, value)
        org = new_item("organizations", "o1")
        m["organizations"].append(org)
        m["result"].insert(0, "Portal de datos abiertos en operación")
        m["products"].insert(0, "Portal publicado\n\n  Manual de uso  \n")
        m["verification"].insert(0, "Liga al portal")
        m["start"], m["end"] = "2026-01-01", "2026-12-31"
        for i, (weight, start, end) in enumerate(((60, "2026-01-15", "2026-06-30"), (40, "2026-07-01", "2026-12-15"))):
            m["activities"].append(new_item("activities", f"a{i}"))
            activity = m["activities"][i]
            activity["description"].insert(0, f"Actividad {i + 1}")
            activity["responsible"].insert(0, "Unidad de Transparencia")
            activity["start"], activity["end"], activity["weight"] = start, end, weight
            activity["products"].insert(0, f"Producto {i + 1}")
            activity["verification"].insert(0, f"Acta {i + 1}")
        m["indicators"].append(new_item("indicators", "i1"))
        indicator = m["indicators"][0]
        for key in ("name", "definition", "method", "unit", "frequency"):
            indicator[key].insert(0, f"{key} del indicador")
        indicator["baseline"]["value"], indicator["baseline"]["year"] = 0, 2025
        indicator["goal"], indicator["direction"] = 100, "ascendente"
        indicator["verification"].insert(0, "Reporte trimestral")
    m["organizations"][0]["name"].insert(0, "Colectivo Ciudadano")


async def test_participants_write_together_and_get_reads_the_document(api):
    w, people, cid = with_commitment(api)
    olga = api.join(w, "Olga", role="observer")
    api.set_phase(w, "hoja_de_ruta")
    async with (
        YClient(api.ws(w, "roadmap"), people[0]["token"]) as a,
        YClient(api.ws(w, "roadmap"), people[1]["token"]) as b,
    ):
        await a.wait_synced()
        await b.wait_synced()
        mine = a.doc.get(ROADMAPS, type=Map)[cid]
        mine["responsible"]["name"].insert(0, "Laura Méndez")
        mine["result"].insert(0, "Portal en operación")
        mine["activities"].append(new_item("activities", "act-1"))
        activity = mine["activities"][0]
        activity["description"].insert(0, "Taller de apertura")
        activity["products"].insert(0, "Minuta\n\n Lista de asistencia ")
        activity["weight"], activity["start"], activity["end"] = 100, "2026-02-01", "2026-01-15"
        theirs = b.doc.get(ROADMAPS, type=Map)
        await eventually(lambda: len(theirs[cid]["activities"]) == 1 and theirs[cid]["activities"][0]["weight"] == 100)
        theirs[cid]["activities"][0]["responsible"].insert(0, "Enlace municipal")
        await eventually(lambda: str(mine["activities"][0]["responsible"]) == "Enlace municipal")
        await a.save(1)
        await b.save(1)
    r = api.http.get(roadmap_url(w, cid), headers=auth(olga["token"]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"commitment_id", "draft", "issues", "agreed", "agreed_matches_draft", "term"}
    draft = body["draft"]
    assert draft["responsible"]["name"] == "Laura Méndez" and draft["result"] == "Portal en operación"
    assert draft["activities"] == [
        {
            "description": "Taller de apertura",
            "responsible": "Enlace municipal",
            "start": "2026-02-01",
            "end": "2026-01-15",
            "products": ["Minuta", "Lista de asistencia"],
            "verification": [],
            "weight": 100,
        }
    ]
    rules = {(i["field"], i["rule"]) for i in body["issues"]}
    assert ("activities.0.end", "activity_dates_order") in rules
    assert ("activities.0.verification", "activity_verification") in rules
    assert ("responsible.position", "required") in rules
    assert all(i["message"] and i["severity"] in ("error", "warning") for i in body["issues"])
    assert body["agreed"] is None and body["agreed_matches_draft"] is False and body["term"] is None


def draft(**overrides):
    base = {
        "responsible": {"name": "Laura", "position": "Directora", "institution": "Ayuntamiento"},
        "organizations": [{"id": "o1", "name": "Colectivo", "contact": ""}],
        "activities": [
            {
                "id": "a1",
                "description": "Uno",
                "responsible": "UT",
                "start": "2026-02-01",
                "end": "2026-03-01",
                "products": "Minuta\n\nLista",
                "verification": ["Acta"],
                "weight": 50,
            },
            {
                "id": "a2",
                "description": "Dos",
                "responsible": "UT",
                "start": "2026-05-01",
                "end": "2026-04-01",
                "products": ["Informe"],
                "verification": ["Acta"],
                "weight": 30,
            },
        ],
        "result": "Resultado",
        "products": ["Portal"],
        "indicators": [
            {
                "id": "i1",
                "name": "Cobertura",
                "definition": "d",
                "method": "m",
                "unit": "u",
                "frequency": "f",
                "baseline": {"value": None, "year": None},
                "goal": 10,
                "direction": "ascendente",
                "verification": ["Reporte"],
            }
        ],
        "verification": ["Portal"],
        "start": "2026-01-01",
        "end": "2026-12-31",
    }
    return base | overrides


def test_check_finds_weights_dates_and_baseline_and_refuses_wrong_types(api):
    w, people, _ = with_commitment(api)
    olga = api.join(w, "Olga", role="observer")
    url = f"/api/workshops/{w['id']}/roadmap/check"
    r = api.http.post(url, json={"roadmap": draft()}, headers=auth(olga["token"]))
    assert r.status_code == 200, r.text
    issues = r.json()["issues"]
    rules = {(i["field"], i["rule"]) for i in issues}
    assert rules == {
        ("activities", "weights_total"),
        ("activities.1.end", "activity_dates_order"),
        ("indicators.0.baseline.value", "indicator_baseline"),
    }
    weights = next(i for i in issues if i["rule"] == "weights_total")
    assert "80" in weights["message"] and weights["severity"] == "error"

    fixed = draft()
    fixed["activities"][1] |= {"weight": 50, "start": "2026-04-01", "end": "2026-05-01"}
    fixed["indicators"][0]["baseline"] = {"value": 0, "year": 2025}
    r = api.http.post(url, json={"roadmap": fixed}, headers=auth(people[0]["token"]))
    assert r.json() == {"issues": []}

    bad = draft()
    bad["activities"][0]["weight"] = "cincuenta"
    r = api.http.post(url, json={"roadmap": bad}, headers=auth(people[0]["token"]))
    assert r.status_code == 422 and r.json()["error"]["field"] == "activities.0.weight"
    assert "número" in r.json()["error"]["message"]
    for body, field in (
        ({}, "roadmap"),
        ({"roadmap": ["no"]}, "roadmap"),
        ({"roadmap": draft(start="1 de enero")}, "start"),
        ({"roadmap": draft(indicators=[{"baseline": {"year": 2025.5}}])}, "indicators.0.baseline.year"),
        ({"roadmap": draft(organizations=[{"name": {"nested": ["junk"]}}])}, "organizations.0.name"),
    ):
        r = api.http.post(url, json=body, headers=auth(people[0]["token"]))
        assert (r.status_code, r.json()["error"].get("field")) == (422, field), r.text
    nested = b'{"roadmap": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"  # under the 64 KiB body limit
    r = api.http.post(url, content=nested, headers=auth(people[0]["token"]) | {"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"
    assert api.http.post(url, json={"roadmap": draft()}).status_code == 401
    other = api.create_workshop()
    assert api.http.post(url, json={"roadmap": draft()}, headers=auth(other["facilitator_token"])).status_code == 403


async def test_agree_refuses_with_issues_then_records_the_agreement(api):
    w, people, cid = with_commitment(api)
    olga = api.join(w, "Olga", role="observer")
    fac = auth(w["facilitator_token"])
    url = roadmap_url(w, cid)
    r = api.http.post(f"{url}/agree", headers=fac)
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"  # still in votación
    api.set_phase(w, "hoja_de_ruta")
    r = api.http.post(f"{url}/agree", headers=fac)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["issues"] and {i["rule"] for i in error["issues"]} >= {"required"}
    assert all(i["severity"] == "error" for i in error["issues"]) and error["field"] == error["issues"][0]["field"]

    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as a:
        await a.wait_synced()
        fill_valid(a.doc.get(ROADMAPS, type=Map)[cid])
        await a.save(1)
    view = api.http.get(url, headers=fac).json()
    assert view["issues"] == [] and view["term"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert view["draft"]["products"] == ["Portal publicado", "Manual de uso"]
    for who in (people[0], olga):
        r = api.http.post(f"{url}/agree", headers=auth(who["token"]))
        assert r.status_code == 403 and r.json()["error"]["code"] == "not_allowed"
    r = api.http.post(f"{url}/agree", headers=fac)
    assert r.status_code == 200, r.text
    agreed = r.json()["agreed"]
    assert agreed["agreed_at"] and agreed["agreed_by"]
    assert agreed["activities"][0]["weight"] == 60 and agreed["indicators"][0]["baseline"] == {"value": 0, "year": 2025}
    assert r.json()["warnings"] == []
    assert api.http.post(f"{url}/agree", headers=fac).status_code == 409  # nothing changed since

    view = api.http.get(url, headers=auth(olga["token"])).json()
    assert view["agreed"] == agreed and view["agreed_matches_draft"] is True
    async with YClient(api.ws(w, "roadmap"), people[1]["token"]) as b:
        await b.wait_synced()
        indicator = b.doc.get(ROADMAPS, type=Map)[cid]["indicators"][0]
        indicator["goal"] = -5  # against its direction: a warning, not an error
        await b.save(1)
    view = api.http.get(url, headers=fac).json()
    assert view["agreed_matches_draft"] is False and view["agreed"] == agreed
    assert [i["rule"] for i in view["issues"]] == ["indicator_direction"]
    api.set_phase(w, "cierre")
    r = api.http.post(f"{url}/agree", headers=fac)
    assert r.status_code == 200, r.text
    assert [i["rule"] for i in r.json()["warnings"]] == ["indicator_direction"]
    assert api.http.get(url, headers=fac).json()["agreed"]["indicators"][0]["goal"] == -5

    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=fac).json()["events"]
    agreements = [e for e in events if e["kind"] == "roadmap_agreed"]
    assert len(agreements) == 2
    assert all(e["payload"]["commitment_id"] == cid and e["actor_id"] for e in agreements)
    assert agreements[0]["payload"]["summary"]["result"] == "Portal de datos abiertos en operación"
    assert agreements[1]["payload"]["warnings"][0]["rule"] == "indicator_direction"


def test_unknown_commitment_and_strangers(api):
    w, _, cid = with_commitment(api)
    api.set_phase(w, "hoja_de_ruta")
    fac = auth(w["facilitator_token"])
    for method, url in (("GET", roadmap_url(w, "nope")), ("POST", roadmap_url(w, "nope") + "/agree")):
        r = api.http.request(method, url, headers=fac)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", r.text
    assert api.http.get(roadmap_url(w, cid)).status_code == 401
    other = api.create_workshop()
    assert api.http.get(roadmap_url(w, cid), headers=auth(other["facilitator_token"])).status_code == 403
    assert api.http.post(roadmap_url(w, cid) + "/agree", headers=auth(other["facilitator_token"])).status_code == 403
    # A facilitator's cross-site POST is refused (CSRF), even with a valid cookie.
    with api.browser_like({f"cocrea_s_{w['id']}": w["facilitator_token"]}) as browser:
        r = browser.post(roadmap_url(w, cid) + "/agree", headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "bad_origin"


async def test_hostile_document_contents_are_issues_not_errors(api):
    w, people, cid = with_commitment(api)
    api.set_phase(w, "hoja_de_ruta")
    fac = auth(w["facilitator_token"])
    url = roadmap_url(w, cid)
    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as a:
        await a.wait_synced()
        m = a.doc.get(ROADMAPS, type=Map)[cid]
        with a.doc.transaction():
            m["result"] = 42
            m["responsible"]["name"] = Map({"a": Map({"b": Map({"c": Map({"d": Map({"e": [1, {"f": None}]})})})})})
            m["activities"].append(Text("no soy una actividad"))
            m["verification"] = 7  # XML types are refused at the socket (test_sync_hardening)
            m["start"] = b"\x00\x01"
            m["junk"] = float("nan")
        await a.save(1)
    r = api.http.get(url, headers=fac)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(i["field"], i["rule"], i["severity"]) for i in body["issues"]] == [
        ("junk", "invalid", "error")  # the first wrong field the parser meets
    ]
    assert body["draft"]["result"] == 42 and body["draft"]["start"] is None and body["draft"]["junk"] is None
    r = api.http.post(f"{url}/agree", headers=fac)
    assert r.status_code == 422 and r.json()["error"]["issues"][0]["field"] == "junk"

    async with YClient(api.ws(w, "roadmap"), people[1]["token"]) as b:
        await b.wait_synced()
        m = b.doc.get(ROADMAPS, type=Map)[cid]
        del m["junk"]
        await b.save(1)
    fields = []
    async with YClient(api.ws(w, "roadmap"), people[1]["token"]) as b:
        await b.wait_synced()
        m = b.doc.get(ROADMAPS, type=Map)[cid]
        # Each fix reveals the next wrong field, each named as people read it.
        for fix in (
            lambda: m["responsible"].__setitem__("name", Text("Laura")),
            lambda: m["activities"].__delitem__(0),
            lambda: m.__setitem__("result", Text("Resultado")),
            lambda: m.__setitem__("verification", Text("Liga")),
            lambda: m.__setitem__("start", None),
        ):
            await b.save(len(fields) + 1)
            issues = api.http.get(url, headers=fac).json()["issues"]
            assert issues[0]["rule"] == "invalid", issues
            fields.append((issues[0]["field"], issues[0]["message"]))
            fix()
        await b.save(99)
    assert [f for f, _ in fields] == ["responsible.name", "activities.0", "result", "verification", "start"]
    assert "Persona servidora pública responsable: nombre" in fields[0][1]
    assert "Actividad 1" in fields[1][1]
    issues = api.http.get(url, headers=fac).json()["issues"]
    assert issues and all(i["rule"] != "invalid" for i in issues)
