"""Two editors on one plan's details (docs/plans.md, «Two editors at once»):
a save names only the fields it changes, each with the value its editor
started from. Edits of different fields both survive; a field someone else
changed meanwhile is refused (409 ``edit_conflict``, with what is stored now)
and nothing of that save is written."""

from __future__ import annotations

from tests.server.test_plans_api import attach, create_plan, decided_commitment, error_of, plan_with_commitment
from tests.server.test_voting_api import auth


def edit(api, plan_id, token, changes, base):
    return api.http.put(f"/api/plans/{plan_id}", json={"changes": changes, "base": base}, headers=auth(token))


def stored(api, plan_id, token):
    """The plan and its audit log exactly as the server answers them."""
    plan = api.http.get(f"/api/plans/{plan_id}", headers=auth(token))
    events = api.http.get(f"/api/plans/{plan_id}/events", headers=auth(token))
    assert plan.status_code == 200 and events.status_code == 200
    return plan.content, events.content


def test_two_editors_changing_different_fields_both_keep_their_change(api):
    w = api.create_workshop()
    plan, token = create_plan(api, w, title="Plan de Acción 2026")
    # Both pages were loaded from the same plan.
    seen = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).json()

    r = edit(api, plan["id"], token, {"title": "Plan de Acción Municipal 2026"}, {"title": seen["title"]})
    assert r.status_code == 200, r.text
    r = edit(api, plan["id"], token, {"entity": "Ayuntamiento de Toluca"}, {"entity": seen["entity"]})
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Plan de Acción Municipal 2026"  # the first editor's title survives
    assert r.json()["entity"] == "Ayuntamiento de Toluca"
    assert r.json()["guarantor"] == seen["guarantor"] and r.json()["start"] == seen["start"]

    events = api.http.get(f"/api/plans/{plan['id']}/events", headers=auth(token)).json()["events"]
    assert [(e["kind"], e["payload"].get("fields")) for e in events[-2:]] == [
        ("plan_updated", ["title"]),
        ("plan_updated", ["entity"]),
    ]
    assert all(e["actor_id"].startswith("editor-") for e in events)


def test_a_field_changed_meanwhile_is_refused_and_nothing_is_written(api):
    w = api.create_workshop()
    plan, token = create_plan(api, w, title="Plan de Acción 2026")
    seen = api.http.get(f"/api/plans/{plan['id']}", headers=auth(token)).json()
    members = [{"name": "Lucía Pérez", "organization": "Red Ciudadana", "sector": "sociedad_civil"}]
    first = {"title": "Título de la primera persona", "secretariat": members}
    r = edit(api, plan["id"], token, first, {"title": seen["title"], "secretariat": []})
    assert r.status_code == 200, r.text
    before = stored(api, plan["id"], token)

    # The second person started from the old title and Secretariado, and also fills the guarantor.
    late = {
        "title": "Título de la segunda persona",
        "guarantor": "Infoem",
        "secretariat": [{"name": "Pedro Sol", "organization": "", "sector": "academia"}],
        "approved_on": "2026-02-01",
    }
    base = {"title": seen["title"], "guarantor": "", "secretariat": [], "approved_on": None}
    r = edit(api, plan["id"], token, late, base)
    assert r.status_code == 409, r.text
    error = error_of(r)
    assert error["code"] == "edit_conflict" and error["field"] == "title"
    assert error["conflicts"] == {"title": "Título de la primera persona", "secretariat": members}
    assert "título del plan" in error["message"] and "Secretariado Técnico" in error["message"]
    assert stored(api, plan["id"], token) == before  # not even the guarantor or the date

    # Keeping theirs: the same change from what is stored now.
    base |= {"title": error["conflicts"]["title"], "secretariat": error["conflicts"]["secretariat"]}
    r = edit(api, plan["id"], token, late, base)
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["guarantor"], r.json()["approved_on"]) == (
        "Título de la segunda persona",
        "Infoem",
        "2026-02-01",
    )
    events = api.http.get(f"/api/plans/{plan['id']}/events", headers=auth(token)).json()["events"]
    assert events[-1]["kind"] == "plan_updated"
    assert events[-1]["payload"]["fields"] == ["approved_on", "guarantor", "secretariat", "title"]

    # A stale base whose new value is what is stored already is no conflict (and no change).
    before = stored(api, plan["id"], token)
    r = edit(api, plan["id"], token, {"title": "  Título de la segunda persona "}, {"title": seen["title"]})
    assert r.status_code == 200, r.text
    assert stored(api, plan["id"], token) == before


def test_an_english_conflict_and_the_shape_of_a_change(api):
    w = api.create_workshop()
    plan, token = create_plan(api, w)
    url = f"/api/plans/{plan['id']}"
    headers = auth(token) | {"Accept-Language": "en"}
    r = api.http.put(url, json={"changes": {"entity": "Otro"}, "base": {"entity": "Nada"}}, headers=headers)
    assert r.status_code == 409 and error_of(r)["conflicts"] == {"entity": plan["entity"]}
    assert "entity or municipality" in error_of(r)["message"]
    # Every change carries its base, and the base names only what changes.
    for body, field in (
        ({"changes": {"title": "Otro"}, "base": {}}, "base.title"),
        ({"changes": {"title": "Otro"}, "base": {"title": "", "entity": plan["entity"]}}, "base.entity"),
        ({"changes": {"title": "Otro"}}, "base"),
        ({"changes": {"start": "mañana"}, "base": {"start": plan["start"]}}, "start"),
        (
            {"changes": {"secretariat": [{"name": " ", "sector": "academia"}]}, "base": {"secretariat": []}},
            "secretariat.0.name",
        ),
        ({"changes": {"end": "2020-01-01"}, "base": {"end": plan["end"]}}, "end"),
    ):
        r = api.http.put(url, json=body, headers=auth(token))
        assert r.status_code == 422 and error_of(r)["field"] == field, (body, r.text)
    # A body without «changes» sets the fields whatever they hold (the earlier shape).
    r = api.http.put(url, json={"title": "Sin base"}, headers=auth(token))
    assert r.status_code == 200 and r.json()["title"] == "Sin base"


def test_a_move_from_an_order_someone_else_changed_is_refused(api):
    _mesa, _, first, plan, token = plan_with_commitment(api)
    other, _, second = decided_commitment(api)
    assert attach(api, plan, token, other, second).status_code == 201
    url = f"/api/plans/{plan['id']}/order"
    r = api.http.put(url, json={"order": [second, first], "base": [first, second]}, headers=auth(token))
    assert r.status_code == 200, r.text
    before = stored(api, plan["id"], token)
    # A page still showing the old order would put it back without knowing.
    r = api.http.put(url, json={"order": [first, second], "base": [first, second]}, headers=auth(token))
    assert r.status_code == 409 and error_of(r)["conflicts"] == {"order": [second, first]}
    assert error_of(r)["code"] == "edit_conflict" and error_of(r)["field"] == "order"
    assert stored(api, plan["id"], token) == before
    # Without a base, as before: the order is set.
    r = api.http.put(url, json={"order": [first, second]}, headers=auth(token))
    assert r.status_code == 200 and [e["commitment"]["id"] for e in r.json()["commitments"]] == [first, second]
