"""Plans de Acción over HTTP against a real server: editors and their link,
commitments taken from a mesa, order and origin, import, the institution's
template, and the audit log."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from server import api_export, api_plans
from tests.server.test_voting_api import auth, mesa

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLAN_DETAILS = {"entity": "Municipio de Toluca", "type": "municipal", "start": "2026-01-01", "end": "2026-12-31"}
# People who take part in the mesa: no export may name them.
NAMED_PEOPLE = (
    ("Ximena Ruelas Tzompa", "sociedad_civil", "participant", "Colectivo Agua Viva"),
    ("Heriberto Yáñez Cuautle", "sociedad_civil", "participant", "colectivo  agua viva"),
    ("Bartolomé Quetzal Ek", "academia", "observer", "Universidad del Golfo"),
)
PEOPLE_NAMES = ("Persona 0", "Persona 1", "Persona 2", *(p[0] for p in NAMED_PEOPLE))


def decided_commitment(api):
    """A mesa (tests/server/test_voting_api.py's) with named people and
    organizations, a closed approval round and its decision: the commitment."""
    w, people, a1, a2 = mesa(api)
    for name, sector, role, organization in NAMED_PEOPLE:
        people.append(api.join(w, name, sector, role=role, organization=organization))
    fac = auth(w["facilitator_token"])
    rounds = f"/api/workshops/{w['id']}/rounds"
    r = api.http.post(rounds, json={"method": "approval", "options": [a1, a2], "question": "¿Cuál?"}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    for person in people[:3]:
        ballot = api.http.put(f"{rounds}/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
        assert ballot.status_code == 200, ballot.text
    assert api.http.post(f"{rounds}/{round_id}/close", headers=fac).status_code == 200
    r = api.http.post(
        f"/api/workshops/{w['id']}/decisions",
        json={"round_id": round_id, "kind": "majority", "alternative_id": a1},
        headers=fac,
    )
    assert r.status_code == 201, r.text
    return w, people, r.json()["commitment_id"]


def create_plan(api, workshop, **fields):
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": workshop["id"], **PLAN_DETAILS, **fields},
        headers=auth(workshop["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    token = body["editor_url"].split("clave=", 1)[1]
    return body["plan"], token


def plan_headers(token, workshop=None):
    """A plan editor's Bearer token, and the mesa's facilitator session beside it."""
    headers = auth(token)
    if workshop is not None:
        headers["X-Workshop-Token"] = workshop["facilitator_token"]
    return headers


def attach(api, plan, token, workshop, commitment_id, origin="co_creado"):
    return api.http.post(
        f"/api/plans/{plan['id']}/commitments",
        json={"workshop_id": workshop["id"], "commitment_id": commitment_id, "origin": origin},
        headers=plan_headers(token, workshop),
    )


def plan_with_commitment(api):
    w, people, commitment_id = decided_commitment(api)
    plan, token = create_plan(api, w, title="Plan de Acción Municipal 2026")
    r = attach(api, plan, token, w, commitment_id)
    assert r.status_code == 201, r.text
    return w, people, commitment_id, r.json(), token


def error_of(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]


def test_a_facilitator_creates_a_plan_and_becomes_its_editor(api):
    w = api.create_workshop()
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": w["id"], **PLAN_DETAILS, "title": "PAM Toluca", "guarantor": "Infoem"},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    plan = body["plan"]
    assert plan["entity"] == "Municipio de Toluca" and plan["type"] == "municipal" and plan["guarantor"] == "Infoem"
    assert plan["commitments"] == [] and plan["template"] is None
    assert {i["rule"] for i in plan["issues"]} >= {"no_commitments", "secretariat_balance"}
    assert f"/planes/{plan['id']}?clave=" in body["editor_url"]
    token = body["editor_url"].split("clave=", 1)[1]
    cookie = r.headers["set-cookie"]
    assert f"cocrea_p_{plan['id']}={token}" in cookie and "HttpOnly" in cookie
    got = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token))
    assert got.status_code == 200 and got.json()["title"] == "PAM Toluca"
    # The term defaults to one year.
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": w["id"], "entity": "Toluca", "type": "local", "start": "2026-03-01"},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 201 and r.json()["plan"]["end"] == "2027-02-28"


def test_participants_observers_and_strangers_cannot_create_plans(api):
    w = api.create_workshop()
    other = api.create_workshop()
    person = api.join(w, "Ana", "sociedad_civil")
    observer = api.join(w, "Beto", "academia", role="observer")
    body = {"workshop_id": w["id"], **PLAN_DETAILS}
    for token, status in ((person["token"], 403), (observer["token"], 403), (other["facilitator_token"], 403)):
        r = api.http.post("/api/plans", json=body, headers=auth(token))
        assert r.status_code == status, r.text
        assert error_of(r)["message"]
    assert api.http.post("/api/plans", json=body).status_code == 401
    assert api.http.post("/api/plans", json=body, headers=auth("forged")).status_code == 401
    r = api.http.post("/api/plans", json=PLAN_DETAILS, headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and error_of(r)["field"] == "workshop_id"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"start": "2026-12-31", "end": "2026-01-01"}, "end"),
        ({"start": "31/12/2026"}, "start"),
        ({"type": "estatal"}, "type"),
        ({"entity": ""}, "entity"),
        ({"colour": "azul"}, "colour"),
    ],
)
def test_bad_plan_details_name_the_field(api, fields, field):
    w = api.create_workshop()
    r = api.http.post(
        "/api/plans", json={"workshop_id": w["id"], **PLAN_DETAILS, **fields}, headers=auth(w["facilitator_token"])
    )
    assert r.status_code == 422, r.text
    assert error_of(r)["field"] == field


def test_the_editor_link_becomes_a_cookie_and_lists_the_plans_of_this_browser(api):
    w = api.create_workshop()
    first, token = create_plan(api, w, title="Primero")
    second, other_token = create_plan(api, w, title="Segundo")
    r = api.http.get(f"/planes/{first['id']}?clave={token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/planes/{first['id']}"
    assert f"cocrea_p_{first['id']}={token}" in r.headers["set-cookie"]
    with api.browser_like({f"cocrea_p_{first['id']}": token}) as browser:
        page = browser.get(f"/planes/{first['id']}")
        assert page.status_code == 200 and '"plan_id": "' + first["id"] in page.text
        assert re.search(r'src="/static/dist/plan-[A-Z0-9]+\.js"', page.text), "the plan page loads its script"
        assert browser.get(f"/planes/{second['id']}").status_code == 401
    cookies = {
        f"cocrea_p_{first['id']}": token,
        f"cocrea_p_{second['id']}": other_token,
        "cocrea_p_nope": "forged",
        f"cocrea_p_{second['id']}x": token,  # a real token under another plan's name
    }
    with api.browser_like(cookies) as browser:
        mine = browser.get("/api/plans/mine")
    assert mine.status_code == 200
    assert mine.json() == [
        {"id": first["id"], "title": "Primero", "entity": "Municipio de Toluca"},
        {"id": second["id"], "title": "Segundo", "entity": "Municipio de Toluca"},
    ]
    assert api.http.get("/api/plans/mine").json() == []
    assert api.http.get(f"/planes/{first['id']}?clave=forged").status_code == 401
    assert api.http.get(f"/planes/{first['id']}?clave={other_token}").status_code == 403
    assert api.http.get(f"/planes/{first['id']}").status_code == 401


def test_a_commitment_enters_the_plan_as_a_public_snapshot(api):
    _w, _, commitment_id, plan, token = plan_with_commitment(api)
    (entry,) = plan["commitments"]
    assert entry["origin"] == "co_creado"
    assert entry["commitment"]["id"] == commitment_id and entry["commitment"]["sheet"]["title"] == "Red de enlaces"
    assert entry["decision"]["kind"] == "majority" and entry["decision"]["method"] == "approval"
    assert entry["mesa"] == {"title": "Mesa de prueba", "date": None, "entity": "Toluca"}
    attendance = {row["sector"]: row for row in entry["attendance"]}
    assert attendance["facilitacion"]["people"] == 1
    assert attendance["sociedad_civil"] == {
        "sector": "sociedad_civil",
        "people": 3,
        "organizations": ["Colectivo Agua Viva"],
    }
    assert attendance["academia"]["people"] == 2 and attendance["academia"]["organizations"] == [
        "Universidad del Golfo"
    ]
    minutes = [m["text"] for m in entry["minutes"]]
    assert any("abrió la votación «¿Cuál?»" in m for m in minutes)
    assert any(m.startswith("La mesa decidió por mayoría adoptar la alternativa «Red de enlaces»") for m in minutes)
    assert any("Se registró el compromiso preliminar «Red de enlaces»" in m for m in minutes)
    text = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).text
    for name in PEOPLE_NAMES:
        assert name not in text


def test_attaching_needs_the_mesas_facilitator_and_refreshes_in_place(api):
    w, people, commitment_id, plan, token = plan_with_commitment(api)
    url = f"/api/plans/{plan['id']}/commitments"
    body = {"workshop_id": w["id"], "commitment_id": commitment_id}
    assert api.http.post(url, json=body, headers=auth(token)).status_code == 401  # no mesa session
    r = api.http.post(url, json=body, headers={**auth(token), "X-Workshop-Token": people[0]["token"]})
    assert r.status_code == 403
    other, _, other_commitment = decided_commitment(api)
    r = api.http.post(
        url, json={"workshop_id": w["id"], "commitment_id": other_commitment}, headers=plan_headers(token, w)
    )
    assert r.status_code == 404 and error_of(r)["field"] == "commitment_id"
    r = api.http.post(url, json={**body, "origin": "inventado"}, headers=plan_headers(token, w))
    assert r.status_code == 422 and error_of(r)["field"] == "origin"
    assert attach(api, plan, token, other, other_commitment, origin="proactivo").status_code == 201

    # The mesa changes its commitment; posting it again refreshes it where it is.
    sheet_url = f"/api/workshops/{w['id']}/commitments/{commitment_id}"
    changed = api.http.put(
        sheet_url, json={"description": "Enlaces en cada colonia"}, headers=auth(w["facilitator_token"])
    )
    assert changed.status_code == 200
    stale = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).json()
    assert stale["commitments"][0]["commitment"]["sheet"]["description"] == ""
    r = api.http.post(url, json=body, headers=plan_headers(token, w))
    assert r.status_code == 200, r.text
    ids = [e["commitment"]["id"] for e in r.json()["commitments"]]
    assert ids == [commitment_id, other_commitment]
    assert r.json()["commitments"][0]["commitment"]["sheet"]["description"] == "Enlaces en cada colonia"
    assert r.json()["commitments"][0]["origin"] == "co_creado"  # kept when not given
    assert r.json()["commitments"][1]["origin"] == "proactivo"


def test_order_origin_and_detach_change_the_plan_and_are_logged(api):
    w, _, first, plan, token = plan_with_commitment(api)
    other, _, second = decided_commitment(api)
    assert attach(api, plan, token, other, second).status_code == 201
    base = f"/api/plans/{plan['id']}"
    r = api.http.put(f"{base}/order", json={"order": [second, first]}, headers=auth(token))
    assert r.status_code == 200 and [e["commitment"]["id"] for e in r.json()["commitments"]] == [second, first]
    r = api.http.put(f"{base}/order", json={"order": [second]}, headers=auth(token))
    assert r.status_code == 422 and error_of(r)["field"] == "order"
    r = api.http.put(f"{base}/commitments/{first}", json={"origin": "proactivo"}, headers=auth(token))
    assert r.status_code == 200 and r.json()["commitments"][1]["origin"] == "proactivo"
    assert [e["commitment"]["id"] for e in r.json()["commitments"]] == [second, first]
    assert api.http.put(f"{base}/commitments/{first}", json={"origin": "x"}, headers=auth(token)).status_code == 422
    assert (
        api.http.put(f"{base}/commitments/nope", json={"origin": "proactivo"}, headers=auth(token)).status_code == 404
    )
    r = api.http.put(
        base,
        json={
            "approved_on": "2026-02-01",
            "secretariat": [
                {"name": "Lucía Pérez", "organization": "Red Ciudadana", "sector": "sociedad_civil"},
            ],
        },
        headers=auth(token),
    )
    assert r.status_code == 200 and r.json()["approved_on"] == "2026-02-01"
    assert r.json()["entity"] == "Municipio de Toluca"  # untouched fields stay
    assert api.http.put(base, json={"approved_on": "mañana"}, headers=auth(token)).status_code == 422
    r = api.http.delete(f"{base}/commitments/{second}", headers=auth(token))
    assert r.status_code == 200 and [e["commitment"]["id"] for e in r.json()["commitments"]] == [first]
    assert api.http.delete(f"{base}/commitments/{second}", headers=auth(token)).status_code == 404
    events = api.http.get(f"{base}/events", headers=auth(token)).json()["events"]
    assert [e["kind"] for e in events] == [
        "plan_created",
        "plan_commitment_attached",
        "plan_commitment_attached",
        "plan_commitments_reordered",
        "plan_commitment_origin",
        "plan_updated",
        "plan_commitment_detached",
    ]
    assert events[0]["payload"]["workshop_id"] == w["id"]
    assert len({e["actor_id"] for e in events}) == 1 and events[0]["actor_id"].startswith("editor-")
    # A commitment's changes name it, so the history reads even after it left the plan.
    titled = {e["kind"]: e["payload"].get("title") for e in events if "commitment_id" in e["payload"]}
    assert all(titled.values()) and titled["plan_commitment_detached"]


def test_every_plan_route_wants_an_editor_and_writes_pass_the_csrf_check(api):
    w, _, commitment_id, plan, token = plan_with_commitment(api)
    _, other_token = create_plan(api, w)
    base = f"/api/plans/{plan['id']}"
    routes = [
        ("GET", base, None),
        ("PUT", base, {"title": "Otro"}),
        ("GET", f"{base}/events", None),
        ("POST", f"{base}/commitments", {"workshop_id": w["id"], "commitment_id": commitment_id}),
        ("PUT", f"{base}/commitments/{commitment_id}", {"origin": "proactivo"}),
        ("DELETE", f"{base}/commitments/{commitment_id}", None),
        ("PUT", f"{base}/order", {"order": [commitment_id]}),
        ("GET", f"{base}/template", None),
        ("DELETE", f"{base}/template", None),
        ("GET", f"{base}/export/json", None),
    ]
    for method, url, body in routes:
        assert api.http.request(method, url, json=body).status_code == 401, (method, url)
        r = api.http.request(method, url, json=body, headers=auth(w["facilitator_token"]))
        assert r.status_code == 401, (method, url)  # a workshop session is not a plan editor's
        r = api.http.request(method, url, json=body, headers=auth(other_token))
        assert r.status_code == 403 and error_of(r)["code"] == "not_an_editor", (method, url)
    r = api.http.put(f"{base}/template", content=b"x", headers={"Content-Type": DOCX_TYPE})
    assert r.status_code == 401
    cookies = {f"cocrea_p_{plan['id']}": token, f"cocrea_s_{w['id']}": w["facilitator_token"]}
    with api.browser_like(cookies) as browser:
        for method, url, body in routes:
            if method == "GET":
                continue
            r = browser.request(method, url, json=body, headers={"Origin": "https://evil.example"})
            assert r.status_code == 403 and error_of(r)["code"] == "bad_origin", (method, url)
        r = browser.put(
            f"{base}/template", content=b"x", headers={"Content-Type": DOCX_TYPE, "Origin": "https://evil.example"}
        )
        assert r.status_code == 403
        # The same writes from the app's own pages work with the cookies alone.
        own = {"Origin": api.server.url}
        assert browser.put(base, json={"title": "Desde la página"}, headers=own).status_code == 200
        r = browser.post(
            f"{base}/commitments", json={"workshop_id": w["id"], "commitment_id": commitment_id}, headers=own
        )
        assert r.status_code == 200, r.text
    assert api.http.get("/api/plans/nope", headers=auth(token)).status_code == 403


def make_docx(text="Gobierno Municipal de Ejemplo"):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = text
    document.add_paragraph("Contenido de ejemplo")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_without_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hola.txt", "no soy un docx")
    return buffer.getvalue()


@pytest.mark.parametrize("broken", [b"", b"PK\x03\x04 roto", b"%PDF-1.7\n", zip_without_document()])
def test_a_broken_template_is_refused_and_nothing_is_stored(api, broken):
    w = api.create_workshop()
    plan, token = create_plan(api, w)
    url = f"/api/plans/{plan['id']}/template?filename=plantilla.docx"
    r = api.http.put(url, content=broken, headers={**auth(token), "Content-Type": DOCX_TYPE})
    assert r.status_code == 422, r.text
    assert error_of(r)["field"] == "template"
    assert api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).json()["template"] is None
    assert api.http.get(f"/api/plans/{plan['id']}/template", headers=auth(token)).status_code == 404
    kinds = [e["kind"] for e in api.http.get(f"/api/plans/{plan['id']}/events", headers=auth(token)).json()["events"]]
    assert kinds == ["plan_created"]


def test_a_template_is_uploaded_downloaded_replaced_and_removed(api):
    w = api.create_workshop()
    plan, token = create_plan(api, w)
    url = f"/api/plans/{plan['id']}/template"
    data = make_docx()
    r = api.http.put(
        url + "?filename=C%3A%5Cplantillas%5CMembrete%20a%C3%B1o.docx",
        content=data,
        headers={**auth(token), "Content-Type": DOCX_TYPE},
    )
    assert r.status_code == 200, r.text
    assert r.json()["template"]["filename"] == "Membrete año.docx"
    shown = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).json()["template"]
    assert shown == r.json()["template"]
    got = api.http.get(url, headers=auth(token))
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == DOCX_TYPE
    assert 'filename="membrete-ano.docx"' in got.headers["content-disposition"]
    assert "filename*=UTF-8''Membrete%20a%C3%B1o.docx" in got.headers["content-disposition"]
    assert (
        docx.Document(io.BytesIO(got.content)).sections[0].header.paragraphs[0].text == "Gobierno Municipal de Ejemplo"
    )
    # Not a DOCX by its type; too large: refused, the stored one stays.
    r = api.http.put(url, content=data, headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 415
    r = api.http.put(url, content=b"0" * (5 * 1024 * 1024 + 1), headers={**auth(token), "Content-Type": DOCX_TYPE})
    assert r.status_code == 413
    assert api.http.get(url, headers=auth(token)).content == data
    replacement = make_docx("Ayuntamiento de Ejemplo")
    assert api.http.put(url, content=replacement, headers={**auth(token), "Content-Type": DOCX_TYPE}).status_code == 200
    assert api.http.get(url, headers=auth(token)).content == replacement
    assert api.http.delete(url, headers=auth(token)).status_code == 200
    assert api.http.get(url, headers=auth(token)).status_code == 404
    assert api.http.delete(url, headers=auth(token)).status_code == 404
    kinds = [e["kind"] for e in api.http.get(f"/api/plans/{plan['id']}/events", headers=auth(token)).json()["events"]]
    assert kinds == ["plan_created", "plan_template_uploaded", "plan_template_uploaded", "plan_template_removed"]


def test_import_needs_a_facilitator_and_refuses_a_taken_id(api):
    w, people, _, plan, token = plan_with_commitment(api)
    document = api.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token)).content
    url = f"/api/plans/import?workshop_id={w['id']}"
    assert api.http.post(url, content=document).status_code == 401
    assert api.http.post(url, content=document, headers=auth(people[0]["token"])).status_code == 403
    r = api.http.post(url, content=document, headers=auth(w["facilitator_token"]))
    assert r.status_code == 409 and error_of(r)["field"] == "id"
    r = api.http.post(url, content=b'{"schema": "cocrea.plan/9"}', headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and "9" in error_of(r)["message"]
    r = api.http.post(url, content=b"{no", headers=auth(w["facilitator_token"]))
    assert r.status_code == 422
    fresh = document.replace(plan["id"].encode(), b"plan-importado", 1)
    r = api.http.post(url, content=fresh, headers=auth(w["facilitator_token"]))
    assert r.status_code == 201, r.text
    imported = r.json()["plan"]
    assert imported["id"] == "plan-importado" and imported["commitments"] == plan["commitments"]
    assert "cocrea_p_plan-importado=" in r.headers["set-cookie"]


def test_every_plan_route_is_in_the_docs():
    text = (Path(__file__).resolve().parents[2] / "docs" / "plans.md").read_text(encoding="utf-8")
    declared = {op.path for area in (api_plans, api_export) for op in area.ops.declared}
    paths = [p.replace("{plan_id}", "{id}").replace("{workshop_id}", "{id}") for p in sorted(declared)]
    assert [p for p in paths if p not in text] == []
