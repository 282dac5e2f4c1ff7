"""Whole-object writes from a form carry the revision they started from: a
page loaded before someone else's save is refused (409 ``edit_conflict``)
and nothing stored changes, so a second tab (or a second person) never
overwrites a change silently. A write without ``base_revision`` (an API
client of the earlier shape) is still accepted."""

from __future__ import annotations


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def steps_of(agenda):
    return [
        {"id": s["id"], "title": s["title"], "phase": s["phase"], "planned_minutes": s["planned_minutes"]}
        for s in agenda["steps"]
    ]


def test_a_stale_agenda_is_refused_and_changes_nothing(api):
    w = api.create_workshop()
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    agenda = api.http.get(f"{base}/moderation", headers=fac).json()["agenda"]
    assert agenda["is_default"] and agenda["revision"] == 0
    # Two tabs open the editor on the same agenda.
    first = [{k: v for k, v in s.items() if k != "id"} for s in steps_of(agenda)]
    second = [dict(s) for s in first]
    first[0]["title"] = "Bienvenida con café"
    r = api.http.put(f"{base}/agenda", json={"steps": first, "base_revision": 0}, headers=fac)
    assert r.status_code == 200, r.text
    saved = r.json()["agenda"]
    assert saved["revision"] > 0 and saved["steps"][0]["title"] == "Bienvenida con café"

    second.append({"title": "Receso", "phase": "preparacion", "planned_minutes": 10})
    r = api.http.put(f"{base}/agenda", json={"steps": second, "base_revision": 0}, headers=fac)
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "edit_conflict"
    assert r.json()["error"]["conflicts"] == {"revision": saved["revision"]}
    now = api.http.get(f"{base}/moderation", headers=fac).json()["agenda"]
    assert now == saved and now["steps"][0]["title"] == "Bienvenida con café"
    assert len(now["steps"]) == 7

    # Saving again on the current revision (the person chose to keep theirs) is accepted.
    r = api.http.put(f"{base}/agenda", json={"steps": second, "base_revision": now["revision"]}, headers=fac)
    assert r.status_code == 200, r.text
    assert r.json()["agenda"]["revision"] > now["revision"]
    # The earlier shape, without a base, still replaces the steps.
    r = api.http.put(f"{base}/agenda", json={"steps": first}, headers=fac)
    assert r.status_code == 200 and len(r.json()["agenda"]["steps"]) == 7


def test_starting_a_default_step_makes_an_open_default_draft_stale(api):
    """Starting a step turns the default agenda into the mesa's (new ids): a
    draft of the default is then stale, not «the step in course was removed»."""
    w = api.create_workshop()
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    agenda = api.http.get(f"{base}/moderation", headers=fac).json()["agenda"]
    draft = [{k: v for k, v in s.items() if k != "id"} for s in steps_of(agenda)]
    started = api.http.post(f"{base}/agenda/current", json={"index": 1}, headers=fac).json()["agenda"]
    r = api.http.put(f"{base}/agenda", json={"steps": draft, "base_revision": agenda["revision"]}, headers=fac)
    assert r.status_code == 409 and r.json()["error"]["code"] == "edit_conflict", r.text
    now = api.http.get(f"{base}/moderation", headers=fac).json()["agenda"]
    assert steps_of(now) == steps_of(started) and now["revision"] == started["revision"] == 1


def test_stale_criteria_are_refused_and_change_nothing(api):
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    fac = auth(w["facilitator_token"])
    url = f"/api/workshops/{w['id']}/assessment/criteria"
    loaded = api.http.get(url, headers=fac).json()
    assert loaded["revision"] == 0
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=fac).json()
    assert review["criteria_revision"] == 0

    mine = {"criteria": [*loaded["criteria"], {"label": "Costo"}], "base_revision": 0}
    r = api.http.put(url, json=mine, headers=fac)
    assert r.status_code == 200, r.text
    saved = r.json()
    assert saved["revision"] == 1 and saved["criteria"][-1]["label"] == "Costo"

    theirs = {"criteria": [{"label": "Urgencia"}, {"label": "Alcance"}], "base_revision": 0}
    r = api.http.put(url, json=theirs, headers=fac)
    assert r.status_code == 409 and r.json()["error"]["code"] == "edit_conflict", r.text
    assert api.http.get(url, headers=fac).json() == saved
    # The same criteria again on the current revision change nothing and keep it.
    r = api.http.put(url, json={"criteria": saved["criteria"], "base_revision": 1}, headers=fac)
    assert r.status_code == 200 and r.json()["revision"] == 1
    r = api.http.put(url, json=theirs | {"base_revision": 1}, headers=fac)
    assert r.status_code == 200 and r.json()["revision"] == 2
    assert api.http.put(url, json={"criteria": saved["criteria"]}, headers=fac).json()["revision"] == 3


def test_a_stale_assessment_note_is_refused_and_changes_nothing(api):
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana")
    fac = w["facilitator_token"]
    alt = api.http.post(
        f"/api/workshops/{w['id']}/alternatives", json={"title": "Red de enlaces"}, headers=auth(ana["token"])
    ).json()
    url = f"/api/workshops/{w['id']}/alternatives/{alt['id']}/assessment"
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(fac)).json()
    assert review["alternatives"][0]["cells"]["impacto"] is None  # an empty cell is revision 0

    first = {"criterion": "impacto", "level": "alta", "note": "Llega a 40 municipios", "base_revision": 0}
    r = api.http.put(url, json=first, headers=auth(fac))
    assert r.status_code == 200, r.text
    assert r.json()["revision"] == 1

    stale = {"criterion": "impacto", "level": "baja", "note": "Poco alcance", "base_revision": 0}
    r = api.http.put(url, json=stale, headers=auth(fac))
    assert r.status_code == 409 and r.json()["error"]["code"] == "edit_conflict", r.text
    cell = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(fac)).json()["alternatives"][0]["cells"]
    assert cell["impacto"]["note"] == "Llega a 40 municipios" and cell["impacto"]["revision"] == 1

    r = api.http.put(url, json=stale | {"base_revision": 1}, headers=auth(fac))
    assert r.status_code == 200 and r.json()["note"] == "Poco alcance" and r.json()["revision"] == 2
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(fac)).json()["events"]
    assert [e["payload"]["note"] for e in events if e["kind"] == "alternative_assessed"] == [
        "Llega a 40 municipios",
        "Poco alcance",
    ]


def test_a_stale_reasoned_response_is_refused_and_changes_nothing(api):
    """An alternative's response carries the `decided_at` its form saw (null: pending)."""
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana")
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}/alternatives"
    alt = api.http.post(base, json={"title": "Red de enlaces"}, headers=auth(ana["token"])).json()
    assert alt["decided_at"] is None
    url = f"{base}/{alt['id']}/disposition"

    first = {"disposition": "adopted", "reason": "Consenso de la mesa.", "base_decided_at": None}
    r = api.http.put(url, json=first, headers=fac)
    assert r.status_code == 200, r.text
    adopted = r.json()
    stale = {"disposition": "not_adopted", "reason": "Fuera de competencia.", "base_decided_at": None}
    r = api.http.put(url, json=stale, headers=fac)
    assert r.status_code == 409 and r.json()["error"]["code"] == "edit_conflict", r.text
    assert r.json()["error"]["conflicts"] == {"decided_at": adopted["decided_at"]}
    now = next(a for a in api.http.get(base, headers=fac).json()["alternatives"] if a["id"] == alt["id"])
    assert now == adopted

    r = api.http.put(url, json=stale | {"base_decided_at": adopted["decided_at"]}, headers=fac)
    assert r.status_code == 200 and r.json()["disposition"] == "not_adopted", r.text
    # Without a base (the earlier shape), the response is recorded as before.
    assert api.http.put(url, json={"disposition": "adopted", "reason": "Otra vez."}, headers=fac).status_code == 200


def test_a_stale_decision_on_a_parked_topic_is_refused_and_changes_nothing(api):
    """The decision carries the topic's status its page saw (`base_status`)."""
    w = api.create_workshop()
    ana = api.join(w, "Ana")
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}"
    r = api.http.post(f"{base}/parking", json={"text": "Presupuesto 2027"}, headers=auth(ana["token"]))
    topic = r.json()["parking"][0]
    assert topic["status"] == "proposed"
    url = f"{base}/parking/{topic['id']}"
    kept = api.http.put(url, json={"status": "kept", "base_status": "proposed"}, headers=fac)
    assert kept.status_code == 200, kept.text
    stale = {"status": "dismissed", "reason": "Fuera del tema.", "base_status": "proposed"}
    r = api.http.put(url, json=stale, headers=fac)
    assert r.status_code == 409 and r.json()["error"]["code"] == "edit_conflict", r.text
    assert r.json()["error"]["conflicts"] == {"status": "kept"}
    assert api.http.get(f"{base}/moderation", headers=fac).json()["parking"] == kept.json()["parking"]
    r = api.http.put(url, json=stale | {"base_status": "kept"}, headers=fac)
    assert r.status_code == 200 and r.json()["parking"][0]["reason"] == "Fuera del tema."
