"""The HTTP contract (DESIGN.md §3) and bad input, against a real server."""

from __future__ import annotations

import pytest

from tests.conftest import ACCEPTANCES


def test_healthz_and_openapi(api):
    assert api.http.get("/healthz").json() == {"status": "ok"}
    spec = api.http.get("/openapi.json").json()
    for path in (
        "/api/workshops",
        "/api/workshops/{workshop_id}/participants",
        "/api/workshops/{workshop_id}/phase",
        "/api/workshops/{workshop_id}/tree",
    ):
        assert path in spec["paths"]


def test_create_workshop_contract(api):
    r = api.http.post("/api/workshops", json={"title": "Mesa", "problem_statement": "P", "entity": "Metepec"})
    assert r.status_code == 201
    body = r.json()
    assert set(body) >= {"id", "facilitator_token", "join_code", "join_url"}
    assert body["join_url"].endswith(f"/j/{body['join_code']}")
    assert r.cookies.get(f"cocrea_s_{body['id']}") == body["facilitator_token"]
    info = api.http.get(
        f"/api/workshops/{body['id']}", headers={"Authorization": f"Bearer {body['facilitator_token']}"}
    )
    assert info.json()["phase"] == "preparacion"
    assert info.json()["me"]["role"] == "facilitator"


def test_join_contract_and_lookup_by_code(api):
    w = api.create_workshop()
    found = api.http.get(f"/api/join/{w['join_code'].lower()}").json()
    assert found["workshop_id"] == w["id"]
    r = api.http.post(
        f"/api/workshops/{w['id']}/participants",
        json={"join_code": w["join_code"], "name": "José Núñez", "sector": "ciudadania", **ACCEPTANCES},
    )
    assert r.status_code == 201
    assert set(r.json()) >= {"participant_id", "token"}
    people = api.http.get(
        f"/api/workshops/{w['id']}/participants", headers={"Authorization": f"Bearer {r.json()['token']}"}
    )
    assert {p["name"] for p in people.json()["participants"]} == {"Facilitación", "José Núñez"}


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    return body["error"]


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"name": "", "sector": "academia"}, 422),
        ({"name": "x" * 10_000, "sector": "academia"}, 422),
        ({"name": "Ana", "sector": "gobierno"}, 422),
        ({"name": "Ana"}, 422),
        ({"name": "Ana", "sector": "academia", "join_code": "WRONG1"}, 403),
        ({"name": "Ana", "sector": "academia", "role": "facilitator"}, 422),
    ],
)
def test_bad_join_requests(api, payload, status):
    w = api.create_workshop()
    r = api.http.post(f"/api/workshops/{w['id']}/participants", json={"join_code": w["join_code"], **payload})
    assert r.status_code == status
    assert error_of(r)["message"]
    people = api.http.get(
        f"/api/workshops/{w['id']}/participants", headers={"Authorization": f"Bearer {w['facilitator_token']}"}
    )
    assert len(people.json()["participants"]) == 1  # nothing stored


def test_unknown_workshop_and_unknown_code(api):
    r = api.http.post(
        "/api/workshops/nope/participants", json={"join_code": "ABCDEF", "name": "A", "sector": "academia"}
    )
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"
    assert api.http.get("/api/join/ZZZZZZ").status_code == 404
    assert api.http.get("/j/ZZZZZZ").status_code == 404


def test_malformed_and_oversized_bodies(api):
    assert error_of(r := api.http.post("/api/workshops", content=b"{not json"))["code"] == "bad_json"
    assert r.status_code == 400
    assert api.http.post("/api/workshops", json=[1, 2]).status_code == 400
    r = api.http.post("/api/workshops", json={"title": "x" * 70_000, "entity": "E"})
    assert r.status_code == 413 and error_of(r)["code"] == "too_large"
    r = api.http.post("/api/workshops", json={"title": "T", "entity": "E", "date": "2026-13-45"})
    assert r.status_code == 422 and error_of(r)["field"] == "date"


def test_tokens_and_roles_on_phase_changes(api):
    w = api.create_workshop()
    p = api.join(w, "Ana")
    assert api.http.put(f"/api/workshops/{w['id']}/phase", json={"phase": "cierre"}).status_code == 401
    assert api.set_phase(w, "cierre", token="garbage").status_code == 401
    r = api.set_phase(w, "cierre", token=p["token"])
    assert r.status_code == 403 and error_of(r)["code"] == "not_allowed"
    other = api.create_workshop()
    r = api.set_phase(w, "cierre", token=other["facilitator_token"])
    assert r.status_code == 403 and error_of(r)["code"] == "not_a_member"
    assert api.set_phase(w, "nope").status_code == 422
    assert api.set_phase(w, "cierre").json()["phase"] == "cierre"
    events = api.http.get(
        f"/api/workshops/{w['id']}/events", headers={"Authorization": f"Bearer {w['facilitator_token']}"}
    )
    kinds = [e["kind"] for e in events.json()["events"]]
    assert kinds == ["workshop_created", "participant_joined", "phase_changed"]


def test_cookie_writes_from_another_origin_are_refused(api):
    w = api.create_workshop()
    with api.browser_like({f"cocrea_s_{w['id']}": w["facilitator_token"]}) as browser:
        r = browser.put(
            f"/api/workshops/{w['id']}/phase", json={"phase": "cierre"}, headers={"Origin": "http://evil.example"}
        )
        assert r.status_code == 403 and error_of(r)["code"] == "bad_origin"
        assert api.tree(w)  # still readable, nothing changed
        ok = browser.put(
            f"/api/workshops/{w['id']}/phase", json={"phase": "cierre"}, headers={"Origin": api.server.url}
        )
        assert ok.status_code == 200


def test_tree_endpoint_shape_and_membership(api):
    w = api.create_workshop()
    tree = api.tree(w)
    assert tree["nodes"] == [] and tree["edges"] == []
    assert [c["rule"] for c in tree["checks"]] == ["one_central_problem"]
    assert api.http.get(f"/api/workshops/{w['id']}/tree").status_code == 401


def test_qr_code_is_svg_of_the_join_link(api):
    w = api.create_workshop()
    r = api.http.get(f"/api/workshops/{w['id']}/qr.svg", headers={"Authorization": f"Bearer {w['facilitator_token']}"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg") and w["join_code"] in r.text


def test_user_text_is_escaped_in_pages(api):
    w = api.create_workshop(title="<script>alert(1)</script>")
    page = api.http.get(f"/j/{w['join_code']}").text
    assert "<script>alert(1)</script>" not in page
    assert "\\u003cscript\\u003e" in page or "&lt;script&gt;" in page


def test_facilitator_link_becomes_a_cookie_and_leaves_the_url(api):
    w = api.create_workshop()
    r = api.http.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/w/{w['id']}"
    assert r.cookies.get(f"cocrea_s_{w['id']}") == w["facilitator_token"]
    assert api.http.get(f"/w/{w['id']}").status_code == 401
    with api.browser_like({f"cocrea_s_{w['id']}": w["facilitator_token"]}) as browser:
        page = browser.get(f"/w/{w['id']}")
        assert page.status_code == 200 and '"role": "facilitator"' in page.text


def test_tree_report_carries_an_etag_that_changes_with_the_document(api):
    w = api.create_workshop()
    headers = {"Authorization": f"Bearer {w['facilitator_token']}"}
    url = f"/api/workshops/{w['id']}/tree"
    first = api.http.get(url, headers=headers)
    etag = first.headers["etag"]
    assert api.http.get(url, headers={**headers, "If-None-Match": etag}).status_code == 304
    api.set_phase(w, "arbol_de_problemas")
    body = {"schema": "cocrea.tree/1", "nodes": [{"id": "p", "kind": "problem", "text": "Problema"}], "edges": []}
    assert api.http.post(f"{url}/import", json=body, headers=headers).status_code == 200
    changed = api.http.get(url, headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert [n["id"] for n in changed.json()["nodes"]] == ["p"]
