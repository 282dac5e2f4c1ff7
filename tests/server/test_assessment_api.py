"""The feasibility and viability review through the real server: criteria
per workshop, the mesa's assessment recorded by the facilitator, read by
everyone, for every role and phase."""

from __future__ import annotations

import asyncio

import httpx

DEFAULT_IDS = [
    "factibilidad_tecnica",
    "factibilidad_juridica",
    "factibilidad_presupuestal",
    "viabilidad_politica",
    "impacto",
    "tiempo",
]


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def mesa(api):
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana")
    olga = api.join(w, "Olga", role="observer")
    url = f"/api/workshops/{w['id']}/alternatives"
    a1 = api.http.post(url, json={"title": "Red de enlaces"}, headers=auth(ana["token"])).json()
    a2 = api.http.post(url, json={"title": "Portal de datos"}, headers=auth(ana["token"])).json()
    return w, ana, olga, a1, a2


def put_cell(api, w, alternative_id, token, **body):
    return api.http.put(
        f"/api/workshops/{w['id']}/alternatives/{alternative_id}/assessment", json=body, headers=auth(token)
    )


def test_assessment_contract_and_who_reads_it(api):
    w, ana, olga, a1, a2 = mesa(api)
    fac = w["facilitator_token"]
    base = f"/api/workshops/{w['id']}/assessment"
    criteria = api.http.get(f"{base}/criteria", headers=auth(ana["token"])).json()
    assert [c["id"] for c in criteria["criteria"]] == DEFAULT_IDS and criteria["default"] is True
    assert criteria["criteria"][3]["label"] == "Viabilidad política e institucional"

    r = put_cell(api, w, a1["id"], fac, criterion="factibilidad_tecnica", level="alta", note="Hay sistema")
    assert r.status_code == 200, r.text
    cell = r.json()
    assert cell["level"] == "alta" and cell["note"] == "Hay sistema" and cell["recorded"] is True
    assert cell["summary"]["counts"] == {"alta": 1, "media": 0, "baja": 0}
    assert cell["summary"]["pending"] == DEFAULT_IDS[1:]
    assert put_cell(api, w, a1["id"], fac, criterion="tiempo", level="baja").status_code == 200
    # The same again is accepted and logs nothing (a replayed request).
    again = put_cell(api, w, a1["id"], fac, criterion="tiempo", level="baja")
    assert again.status_code == 200 and again.json()["recorded"] is False

    for person in (ana, olga, {"token": fac}):
        review = api.http.get(base, headers=auth(person["token"]))
        assert review.status_code == 200
        body = review.json()
        assert body["levels"] == ["alta", "media", "baja"]
        rows = {row["alternative_id"]: row for row in body["alternatives"]}
        assert rows[a1["id"]]["title"] == "Red de enlaces"
        assert rows[a1["id"]]["cells"]["factibilidad_tecnica"]["note"] == "Hay sistema"
        assert rows[a1["id"]]["cells"]["impacto"] is None
        assert rows[a1["id"]]["summary"]["assessed"] == 2
        assert rows[a2["id"]]["summary"]["pending"] == DEFAULT_IDS

    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(ana["token"])).json()["events"]
    assessed = [e for e in events if e["kind"] == "alternative_assessed"]
    me = api.http.get(f"/api/workshops/{w['id']}", headers=auth(fac)).json()["me"]
    assert len(assessed) == 2 and all(e["actor_id"] == me["id"] and e["created_at"] for e in assessed)
    assert assessed[0]["payload"]["level"] == "alta" and assessed[1]["payload"]["criterion"] == "tiempo"


def test_only_the_facilitator_records_and_only_members_read(api):
    w, ana, olga, a1, _ = mesa(api)
    other = api.create_workshop()
    base = f"/api/workshops/{w['id']}/assessment"
    cell = {"criterion": "impacto", "level": "media"}
    for person in (ana, olga):
        r = put_cell(api, w, a1["id"], person["token"], **cell)
        assert r.status_code == 403 and r.json()["error"]["code"] == "not_allowed"
        r = api.http.put(f"{base}/criteria", json={"criteria": [{"label": "X"}]}, headers=auth(person["token"]))
        assert r.status_code == 403
    for path in (base, f"{base}/criteria"):
        assert api.http.get(path).status_code == 401
        r = api.http.get(path, headers=auth(other["facilitator_token"]))
        assert r.status_code == 403 and r.json()["error"]["code"] == "not_a_member"
    r = put_cell(api, w, a1["id"], other["facilitator_token"], **cell)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_a_member"
    assert api.http.put(f"/api/workshops/{w['id']}/alternatives/{a1['id']}/assessment", json=cell).status_code == 401


def test_phases_bad_input_and_nothing_lost(api):
    w, ana, _, a1, a2 = mesa(api)
    fac = w["facilitator_token"]
    for body in (
        {"criterion": "nope", "level": "alta"},
        {"criterion": "impacto", "level": "altísima"},
        {"criterion": "impacto", "level": "baja", "note": "x" * 1001},
    ):
        r = put_cell(api, w, a1["id"], fac, **body)
        assert r.status_code == 422 and r.json()["error"]["message"], r.text
    assert put_cell(api, w, "ghost", fac, criterion="impacto", level="alta").status_code == 404
    r = api.http.put(
        f"/api/workshops/{w['id']}/alternatives/{a1['id']}/assessment", content=b"not json", headers=auth(fac)
    )
    assert r.status_code == 400
    assert put_cell(api, w, a1["id"], fac, criterion="impacto", level="alta", note="ñ" * 1000).status_code == 200
    for phase, allowed in (("votacion", True), ("hoja_de_ruta", True), ("cierre", False)):
        assert api.set_phase(w, phase).status_code == 200
        r = put_cell(api, w, a2["id"], fac, criterion="impacto", level="media", note=phase)
        assert r.status_code == (200 if allowed else 403), (phase, r.text)
    for phase in ("preparacion", "arbol_de_problemas"):
        api.set_phase(w, phase)
        r = put_cell(api, w, a2["id"], fac, criterion="impacto", level="baja")
        assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(ana["token"])).json()
    rows = {row["alternative_id"]: row for row in review["alternatives"]}
    assert rows[a1["id"]]["cells"]["impacto"]["note"] == "ñ" * 1000
    assert rows[a2["id"]]["cells"]["impacto"] == {
        "level": "media",
        "note": "hoja_de_ruta",
        "updated_by": rows[a2["id"]]["cells"]["impacto"]["updated_by"],
        "updated_at": rows[a2["id"]]["cells"]["impacto"]["updated_at"],
        "revision": 2,
    }


def test_criteria_are_edited_per_workshop_and_removal_hides_without_deleting(api):
    w, ana, _, a1, _ = mesa(api)
    fac = w["facilitator_token"]
    other, *_ = mesa(api)
    url = f"/api/workshops/{w['id']}/assessment/criteria"
    assert put_cell(api, w, a1["id"], fac, criterion="tiempo", level="baja", note="Dos años").status_code == 200
    assert put_cell(api, w, a1["id"], fac, criterion="impacto", level="alta").status_code == 200
    edited = {
        "criteria": [
            {"id": "impacto", "label": "Impacto social esperado"},
            {"id": "factibilidad_tecnica", "label": "Factibilidad técnica"},
            {"label": "Sostenibilidad financiera"},
        ]
    }
    r = api.http.put(url, json=edited, headers=auth(fac))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "criteria": [
            {"id": "impacto", "label": "Impacto social esperado"},
            {"id": "factibilidad_tecnica", "label": "Factibilidad técnica"},
            {"id": "sostenibilidad_financiera", "label": "Sostenibilidad financiera"},
        ],
        "default": False,
        "revision": 1,
    }
    # Another workshop keeps its own (the defaults).
    theirs = api.http.get(f"/api/workshops/{other['id']}/assessment/criteria", headers=auth(other["facilitator_token"]))
    assert [c["id"] for c in theirs.json()["criteria"]] == DEFAULT_IDS
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(ana["token"])).json()
    row = next(r for r in review["alternatives"] if r["alternative_id"] == a1["id"])
    assert list(row["cells"]) == ["impacto", "factibilidad_tecnica", "sostenibilidad_financiera"]
    assert row["cells"]["impacto"]["level"] == "alta" and row["summary"]["assessed"] == 1
    assert review["retired"] == [{"id": "tiempo", "label": "Tiempo de implementación", "assessments": 1}]
    # Removed criteria take no new assessments; restored, the old one is back.
    assert put_cell(api, w, a1["id"], fac, criterion="tiempo", level="alta").status_code == 422
    restored = {"criteria": [*r.json()["criteria"], {"id": "tiempo", "label": "Tiempo"}]}
    assert api.http.put(url, json=restored, headers=auth(fac)).status_code == 200
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(ana["token"])).json()
    row = next(r for r in review["alternatives"] if r["alternative_id"] == a1["id"])
    assert row["cells"]["tiempo"]["note"] == "Dos años" and review["retired"] == []

    for bad in ({"criteria": []}, {"criteria": [{"label": "A"}, {"label": "a"}]}, {"criteria": "x"}):
        r = api.http.put(url, json=bad, headers=auth(fac))
        assert r.status_code == 422 and r.json()["error"]["field"].startswith("criteria"), r.text
    kinds = [e["kind"] for e in api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(fac)).json()["events"]]
    assert kinds.count("assessment_criteria_changed") == 2
    api.set_phase(w, "cierre")
    r = api.http.put(url, json=edited, headers=auth(fac))
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_phase"


def test_merged_and_split_alternatives_are_not_assessed(api):
    w, _, _, a1, a2 = mesa(api)
    fac = w["facilitator_token"]
    alternatives = f"/api/workshops/{w['id']}/alternatives"
    r = api.http.put(
        f"{alternatives}/{a2['id']}/disposition",
        json={"disposition": "merged", "reason": "Igual", "merged_into": a1["id"]},
        headers=auth(fac),
    )
    assert r.status_code == 200
    assert put_cell(api, w, a2["id"], fac, criterion="impacto", level="alta").status_code == 409
    parts = {"parts": [{"title": "Red"}, {"title": "Enlaces"}]}
    assert api.http.post(f"{alternatives}/{a1['id']}/split", json=parts, headers=auth(fac)).status_code == 201
    assert put_cell(api, w, a1["id"], fac, criterion="impacto", level="alta").status_code == 409
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(fac)).json()
    assert sorted(row["title"] for row in review["alternatives"]) == ["Enlaces", "Red"]


async def test_concurrent_assessments_from_two_tabs_are_all_kept(api):
    w, _, _, a1, _ = mesa(api)
    url = f"{api.server.url}/api/workshops/{w['id']}/alternatives/{a1['id']}/assessment"
    async with httpx.AsyncClient(timeout=30) as client:
        responses = await asyncio.gather(
            *(
                client.put(url, json={"criterion": cid, "level": "media"}, headers=auth(w["facilitator_token"]))
                for cid in DEFAULT_IDS
            )
        )
    assert [r.status_code for r in responses] == [200] * len(DEFAULT_IDS)
    review = api.http.get(f"/api/workshops/{w['id']}/assessment", headers=auth(w["facilitator_token"])).json()
    row = next(r for r in review["alternatives"] if r["alternative_id"] == a1["id"])
    assert row["summary"] == {
        "counts": {"alta": 0, "media": 6, "baja": 0},
        "assessed": 6,
        "pending": [],
        "complete": True,
    }
