"""Correcting a mesa's details over HTTP (PATCH /api/workshops/{id}):
the facilitator only, the creation's rules, a refusal changes nothing, a
stale change is 409 ``edit_conflict``, and members are pushed the change."""

from __future__ import annotations

import pytest

from tests.server.test_live_doc import state
from tests.server.test_scale_out import connected
from tests.server.test_voting_api import auth
from tests.support.yclient import eventually
from workshops.document_schema import ARTIFACT_LIVE


def details(api, w, token=None):
    r = api.http.get(f"/api/workshops/{w['id']}", headers=auth(token or w["facilitator_token"]))
    assert r.status_code == 200, r.text
    return {k: r.json()[k] for k in ("title", "entity", "problem_statement", "date", "place")}


def events(api, w):
    r = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(w["facilitator_token"]))
    return [e for e in r.json()["events"] if e["kind"] == "workshop_details_changed"]


def patch(api, w, changes, base=None, token=None):
    if base is None:
        base = {k: details(api, w)[k] for k in changes}
    return api.http.patch(
        f"/api/workshops/{w['id']}",
        json={"changes": changes, "base": base},
        headers=auth(token or w["facilitator_token"]),
    )


def test_creation_takes_an_optional_place(api):
    w = api.create_workshop(place="Casa de Cultura de Toluca")
    assert details(api, w)["place"] == "Casa de Cultura de Toluca"
    assert details(api, api.create_workshop())["place"] == ""


def test_facilitator_corrects_the_details_and_the_log_keeps_before_and_after(api):
    w = api.create_workshop(title="Mesa de movilidd")
    r = patch(api, w, {"title": "Mesa de movilidad", "place": "Sala 2", "date": "2027-01-10"})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["place"], r.json()["date"]) == ("Mesa de movilidad", "Sala 2", "2027-01-10")
    assert details(api, w) | {"problem_statement": ""} == {
        "title": "Mesa de movilidad",
        "entity": "Toluca",
        "problem_statement": "",
        "date": "2027-01-10",
        "place": "Sala 2",
    }
    [event] = events(api, w)
    assert event["payload"]["changes"]["title"] == {"from": "Mesa de movilidd", "to": "Mesa de movilidad"}
    assert event["actor_id"]
    # The minutes (the relatoría read from the log) tell the correction.
    minutes = api.http.get(f"/api/workshops/{w['id']}/minutes", headers=auth(w["facilitator_token"])).json()
    assert "corrigió los datos de la mesa" in str(minutes)


@pytest.mark.parametrize(
    "changes, status, code, field",
    [
        ({"title": ""}, 422, "invalid", "changes.title"),
        ({"title": "x" * 201}, 422, "invalid", "changes.title"),
        ({"date": "10/01/2027"}, 422, "invalid", "changes.date"),
        ({"place": "x" * 201}, 422, "invalid", "changes.place"),
        ({"join_code": "ZZZ999"}, 422, "invalid", "changes.join_code"),
        ({"problem_statement": "x" * 70_000}, 413, "too_large", None),
    ],
)
def test_refused_changes_change_nothing(api, changes, status, code, field):
    w = api.create_workshop()
    before = details(api, w)
    r = patch(api, w, changes, base={k: "" for k in changes})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert r.json()["error"].get("field") == field
    assert details(api, w) == before
    assert events(api, w) == []


def test_a_participant_may_not_edit_and_nothing_changes(api):
    w = api.create_workshop()
    part = api.join(w, "Ana")
    before = details(api, w)
    r = patch(api, w, {"title": "Otra"}, token=part["token"])
    assert r.status_code == 403
    assert "facilitadora" in r.json()["error"]["message"]
    # Refused before the body is read: an invalid body from a participant is still 403.
    assert patch(api, w, {"date": "mañana"}, base={"date": ""}, token=part["token"]).status_code == 403
    assert details(api, w) == before
    assert events(api, w) == []


def test_missing_base_is_refused(api):
    w = api.create_workshop()
    r = api.http.patch(
        f"/api/workshops/{w['id']}",
        json={"changes": {"title": "Otra"}, "base": {}},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "base.title"
    assert details(api, w)["title"] == "Mesa de prueba"


def test_a_stale_change_is_409_edit_conflict_with_the_current_value(api):
    w = api.create_workshop(title="Mesa de movilidd")
    first_tab = {"title": "Mesa de movilidd", "place": ""}
    assert patch(api, w, {"title": "Mesa de movilidad"}, base={"title": first_tab["title"]}).status_code == 200
    r = patch(api, w, {"title": "Mesa sobre movilidad", "place": "Sala 2"}, base=first_tab)
    assert r.status_code == 409, r.text
    error = r.json()["error"]
    assert (error["code"], error["field"]) == ("edit_conflict", "title")
    assert error["conflicts"] == {"title": "Mesa de movilidad"}
    # Nothing of the stale change was stored, the place neither.
    assert details(api, w)["title"] == "Mesa de movilidad"
    assert details(api, w)["place"] == ""
    assert len(events(api, w)) == 1


def test_the_route_is_described_in_openapi(api):
    spec = api.http.get("/openapi.json").json()
    operation = spec["paths"]["/api/workshops/{workshop_id}"]["patch"]
    assert {"403", "409", "413", "422"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    schemas = spec["components"]["schemas"]
    model = schemas[body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
    assert set(model["properties"]) == {"changes", "base"}
    assert "place" in schemas["WorkshopView"]["properties"]


async def test_members_are_pushed_the_new_title(api):
    w = api.create_workshop(title="Mesa de movilidd")
    part = api.join(w, "Ana")
    async with connected(api.ws(w, ARTIFACT_LIVE), part["token"]) as client:
        assert patch(api, w, {"title": "Mesa de movilidad", "place": "Sala 2"}).status_code == 200
        await eventually(
            lambda: ((state(client, "phase") or {}).get("workshop") or {}).get("title") == "Mesa de movilidad"
        )
        assert state(client, "phase")["workshop"]["place"] == "Sala 2"
