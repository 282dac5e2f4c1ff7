"""A plan's follow-up over HTTP against a real server, route × role: the
editor, the responsable of the commitment, its corresponsable, the
responsable of another commitment, the verifier, another plan's reporter and
nobody. Every refusal goes through ``assert_refused``: nothing stored changes.

The plan is the seeded INFOEM plan (tests/workshops/test_plan.py), imported:
commitment ``k-infoem`` (six activities, two indicators) and ``k-red``."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from exporters.plan_json import export_plan_json
from tests.conftest import Api
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer
from tests.support.refusals import assert_refused, sqlite_file
from tests.workshops.test_plan import seeded_plan

MEXICO = dt.timezone(dt.timedelta(hours=-6))
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
ROLES = ("editor", "responsable", "corresponsable", "other_responsable", "verifier", "other_plan", None)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("follow-up")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0)
    live.start()
    yield live
    live.kill()


@dataclass
class Plan:
    api: Api
    db: Path
    id: str
    activities: dict[str, list[str]]
    indicators: dict[str, list[str]]
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str | None) -> dict[str, str]:
        return {} if who is None else auth(self.tokens[who])

    def send(self, method: str, path: str, who: str | None, **kwargs: object) -> httpx.Response:
        return self.api.http.request(method, f"/api/plans/{self.id}{path}", headers=self.headers(who), **kwargs)

    def ok(self, method: str, path: str, who: str | None, **kwargs: object) -> dict:
        r = self.send(method, path, who, **kwargs)
        assert r.status_code in (200, 201), r.text
        return r.json()

    def refused(self, method: str, path: str, who: str | None, status: int, code: str | None = None, **kwargs):
        return assert_refused(self.db, lambda: self.send(method, path, who, **kwargs), status=status, code=code)

    def update_path(self, commitment: str = "k-infoem", index: int = 0) -> str:
        return f"/commitments/{commitment}/activities/{self.activities[commitment][index]}/updates"

    def verification_path(self, commitment: str = "k-infoem", index: int = 0) -> str:
        return f"/commitments/{commitment}/activities/{self.activities[commitment][index]}/verification"

    def measurement_path(self, commitment: str = "k-infoem", index: int = 0) -> str:
        return f"/commitments/{commitment}/indicators/{self.indicators[commitment][index]}/measurements"


def import_plan(api: Api, db: Path, *, soon: bool = False) -> Plan:
    workshop = api.create_workshop()
    document = json.loads(export_plan_json(seeded_plan()))
    document["id"] = "seg-" + secrets.token_hex(4)
    if soon:  # the k-infoem's last activity ends in five days
        day = dt.datetime.now(MEXICO).date() + dt.timedelta(days=5)
        document["commitments"][0]["roadmap"]["activities"][-1]["end"] = day.isoformat()
    r = api.http.post(
        f"/api/plans/import?workshop_id={workshop['id']}",
        content=json.dumps(document).encode(),
        headers=auth(workshop["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    commitments = body["plan"]["commitments"]
    plan = Plan(
        api,
        db,
        document["id"],
        {c["commitment"]["id"]: [a["id"] for a in c["roadmap"]["activities"]] for c in commitments},
        {c["commitment"]["id"]: [i["id"] for i in c["roadmap"]["indicators"]] for c in commitments},
    )
    plan.tokens["editor"] = body["editor_url"].split("clave=", 1)[1]
    return plan


def with_links(plan: Plan, other: Plan) -> Plan:
    for who, commitment, role in (
        ("responsable", "k-infoem", "responsable"),
        ("corresponsable", "k-infoem", "corresponsable"),
        ("other_responsable", "k-red", "responsable"),
    ):
        body = plan.ok(
            "POST",
            f"/commitments/{commitment}/reporters",
            "editor",
            json={"role": role, "name": f"Persona {who}", "organization": "Org"},
        )
        assert body["reporter_url"].endswith(f"/planes/{plan.id}/seguimiento?clave={body['token']}")
        plan.tokens[who] = body["token"]
    body = plan.ok("POST", "/verifiers", "editor", json={"name": "INFOEM", "organization": "Organismo garante"})
    plan.tokens["verifier"] = body["token"]
    body = other.ok(
        "POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "Alguien"}
    )
    plan.tokens["other_plan"] = body["token"]
    return plan


@pytest.fixture
def plan(server: LiveServer) -> Iterator[Plan]:
    api = Api(server)
    db = sqlite_file(server.env["COCREA_DATABASE_URL"])
    other = import_plan(api, db)
    yield with_links(import_plan(api, db), other)
    api.http.close()


def multipart(status: str = "por_verificar", files=(), note: str = "Hecho", links=()) -> dict:
    data = {"status": status, "note": note, "links": list(links)}
    return {"data": data, "files": [("evidence", f) for f in files]}


def view(plan: Plan, who: str = "editor") -> dict:
    return plan.ok("GET", "/follow-up", who)


def activity(state: dict, commitment: str, activity_id: str) -> dict:
    (c,) = [c for c in state["commitments"] if c["id"] == commitment]
    (a,) = [a for a in c["activities"] if a["id"] == activity_id]
    return a


# ------------------------------------------------------------------ publish


def test_only_the_editor_publishes_and_publishing_again_answers_the_same(plan):
    for who, status in (("responsable", 403), ("corresponsable", 403), ("verifier", 403), ("other_plan", 403)):
        plan.refused("POST", "/publish", who, status)
    plan.refused("POST", "/publish", None, 401)
    first = plan.ok("POST", "/publish", "editor")
    assert first["public_url"].endswith(f"/publico/planes/{plan.id}")
    assert plan.ok("POST", "/publish", "editor") == first
    assert view(plan)["published"] is True


def test_a_plan_with_errors_is_not_published(server):
    api = Api(server)
    db = sqlite_file(server.env["COCREA_DATABASE_URL"])
    workshop = api.create_workshop()
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": workshop["id"], "entity": "Toluca", "type": "municipal", "start": "2026-01-01"},
        headers=auth(workshop["facilitator_token"]),
    )
    token = r.json()["editor_url"].split("clave=", 1)[1]
    plan_id = r.json()["plan"]["id"]
    response = assert_refused(
        db, lambda: api.http.post(f"/api/plans/{plan_id}/publish", headers=auth(token)), status=422
    )
    api.http.close()
    assert response.json()["error"]["code"] == "not_publishable" and response.json()["error"]["issues"]


# -------------------------------------------------------------------- links


def test_only_the_editor_makes_links(plan):
    body = {"role": "responsable", "name": "Ana"}
    for who in ("responsable", "verifier", "other_responsable", "other_plan"):
        plan.refused("POST", "/commitments/k-infoem/reporters", who, 403, json=body)
        plan.refused("POST", "/verifiers", who, 403, json={"name": "X"})
    plan.refused("POST", "/commitments/k-infoem/reporters", None, 401, json=body)
    plan.refused("POST", "/commitments/nope/reporters", "editor", 404, json=body)
    plan.refused("POST", "/commitments/k-infoem/reporters", "editor", 422, json={"role": "verificador", "name": "A"})
    plan.refused("POST", "/commitments/k-infoem/reporters", "editor", 422, json={"role": "responsable", "name": ""})
    assert plan.send("GET", "/follow-up", None).status_code == 401
    bad = plan.api.http.get(f"/api/plans/{plan.id}/follow-up", headers=auth("not-a-token"))
    assert bad.status_code == 401


# ------------------------------------------------------------------ updates


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 201),
        ("responsable", 201),
        ("corresponsable", 201),
        ("other_responsable", 403),
        ("verifier", 403),
        ("other_plan", 403),
        (None, 401),
    ],
)
def test_who_reports_an_activity(plan, who, status):
    body = {"status": "iniciada", "note": "Avance", "links": ["https://example.org/minuta"]}
    if status == 201:
        update = plan.ok("POST", plan.update_path(), who, json=body)
        assert (update["status"], update["links"], update["evidence"]) == ("iniciada", body["links"], [])
        assert activity(view(plan), "k-infoem", plan.activities["k-infoem"][0])["status"] == "iniciada"
    else:
        plan.refused("POST", plan.update_path(), who, status, json=body)


@pytest.mark.parametrize(
    "body",
    [
        {"status": "iniciada", "links": ["javascript:alert(1)"]},
        {"status": "iniciada", "links": ["ftp://example.org/a"]},
        {"status": "verificada", "note": "yo mismo"},
        {"status": "por_verificar"},  # nothing said, no evidence
        {"status": "lista"},
        {"status": "iniciada", "extra": 1},
    ],
)
def test_bad_updates_are_refused(plan, body):
    plan.refused("POST", plan.update_path(), "responsable", 422, json=body)


def test_unknown_activity_or_commitment_is_404(plan):
    body = {"status": "iniciada"}
    plan.refused("POST", "/commitments/k-infoem/activities/act-nope/updates", "editor", 404, json=body)
    plan.refused("POST", "/commitments/k-nope/activities/act-nope/updates", "editor", 404, json=body)


def test_evidence_files_are_checked_stored_and_served_as_attachments(plan):
    path = plan.update_path(index=1)
    r = plan.send("POST", path, "responsable", **multipart(files=[("informe final.pdf", PDF, "application/pdf")]))
    assert r.status_code == 201, r.text
    (evidence,) = r.json()["evidence"]
    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest()
    described = (evidence["media_type"], evidence["size"], evidence["name"])
    assert described == ("application/pdf", len(PDF), "informe final.pdf")
    # Before publishing, only the plan's people get it.
    assert plan.api.http.get(evidence["url"]).status_code == 404
    mine = plan.api.http.get(evidence["url"], headers=auth(plan.tokens["corresponsable"]))
    assert mine.status_code == 200 and mine.content == PDF
    plan.ok("POST", "/publish", "editor")
    public = plan.api.http.get(evidence["url"])
    assert public.status_code == 200 and public.content == PDF
    assert public.headers["x-content-type-options"] == "nosniff"
    assert public.headers["content-disposition"].startswith("attachment;")
    assert public.headers["content-type"] == "application/pdf"
    assert plan.api.http.get(f"/api/plans/{plan.id}/evidence/ev-nope").status_code == 404


def test_office_documents_images_and_csv_are_accepted(plan):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    files = [
        ("acta.docx", docx.getvalue(), "application/octet-stream"),
        ("foto.png", PNG, "image/png"),
        ("datos.csv", "año,valor\n2026,3\n".encode(), "text/csv"),
    ]
    r = plan.send("POST", plan.update_path(index=2), "corresponsable", **multipart(files=files))
    assert r.status_code == 201, r.text
    assert [e["media_type"] for e in r.json()["evidence"]] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
        "text/csv",
    ]


@pytest.mark.parametrize(
    ("file", "status", "code"),
    [
        (("grande.pdf", PDF + b"0" * (25 * 1024 * 1024), "application/pdf"), 413, "too_large"),
        (("foto.pdf", PNG, "application/pdf"), 422, "type_mismatch"),
        (("programa.pdf", EXE, "application/pdf"), 415, "unsupported_media_type"),
        (("programa.exe", EXE, "application/octet-stream"), 415, "unsupported_media_type"),
        (("texto.csv", b"\x00\x01binario", "text/csv"), 415, "unsupported_media_type"),
    ],
)
def test_bad_evidence_files_are_refused(plan, file, status, code):
    plan.refused("POST", plan.update_path(), "responsable", status, code, **multipart(files=[file]))


# ------------------------------------------------------------- verification


def reported(plan: Plan, index: int = 0, commitment: str = "k-infoem") -> None:
    who = "responsable" if commitment == "k-infoem" else "other_responsable"
    body = {"status": "por_verificar", "note": "Listo", "links": ["https://example.org/evidencia"]}
    plan.ok("POST", plan.update_path(commitment, index), who, json=body)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 200),
        ("verifier", 200),
        ("responsable", 403),
        ("corresponsable", 403),
        ("other_responsable", 403),
        ("other_plan", 403),
        (None, 401),
    ],
)
def test_who_verifies_an_activity(plan, who, status):
    reported(plan)
    body = {"decision": "verificada"}
    if status == 200:
        assert plan.ok("PUT", plan.verification_path(), who, json=body)["status"] == "verificada"
    else:
        plan.refused("PUT", plan.verification_path(), who, status, json=body)


def test_a_verified_activity_counts_and_takes_no_more_reports(plan):
    reported(plan, 0)
    plan.ok("PUT", plan.verification_path(index=0), "verifier", json={"decision": "verificada"})
    plan.refused("POST", plan.update_path(index=0), "responsable", 403, json={"status": "iniciada", "note": "otra"})
    plan.refused("PUT", plan.verification_path(index=0), "verifier", 422, json={"decision": "devuelta", "reason": "x"})
    state = view(plan)
    (infoem,) = [c for c in state["commitments"] if c["id"] == "k-infoem"]
    assert infoem["progress"]["verified"] == 10.0  # the first activity weighs 10 %
    first = activity(state, "k-infoem", plan.activities["k-infoem"][0])
    assert first["status"] == "verificada" and first["late"] is False
    assert [u["status"] for u in first["updates"]] == ["por_verificar", "verificada"]


def test_a_returned_activity_needs_a_reason_and_is_reported_again(plan):
    reported(plan, 1)
    plan.refused("PUT", plan.verification_path(index=1), "verifier", 422, json={"decision": "devuelta"})
    plan.refused("PUT", plan.verification_path(index=1), "verifier", 422, json={"decision": "aprobada"})
    body = {"decision": "devuelta", "reason": "Falta la minuta firmada"}
    assert plan.ok("PUT", plan.verification_path(index=1), "verifier", json=body)["status"] == "devuelta"
    plan.ok("POST", plan.update_path(index=1), "corresponsable", json={"status": "iniciada", "note": "Corrigiendo"})
    # An activity that was never reported is not verified.
    plan.refused("PUT", plan.verification_path(index=3), "editor", 422, json={"decision": "verificada"})


# ------------------------------------------------------------- measurements


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 201),
        ("responsable", 201),
        ("corresponsable", 201),
        ("other_responsable", 403),
        ("verifier", 403),
        ("other_plan", 403),
        (None, 401),
    ],
)
def test_who_measures_an_indicator(plan, who, status):
    body = {"period": "2026-01", "value": 42.5, "note": "Primer corte", "evidence": "https://example.org/datos.csv"}
    if status == 201:
        measurement = plan.ok("POST", plan.measurement_path(), who, json=body)
        assert (measurement["period"], measurement["value"], measurement["links"]) == (
            "2026-01",
            42.5,
            ["https://example.org/datos.csv"],
        )
    else:
        plan.refused("POST", plan.measurement_path(), who, status, json=body)


def test_bad_measurements_are_refused(plan):
    future = dt.datetime.now(MEXICO).date() + dt.timedelta(days=62)
    for body in (
        {"period": "2026-01", "value": "12"},
        {"period": "2026-01", "value": None},
        {"period": future.strftime("%Y-%m"), "value": 3},
        {"period": str(future.year + 1), "value": 3},
        {"period": "enero", "value": 3},
        {"period": "2026-01", "value": 3, "evidence": "javascript:alert(1)"},
    ):
        plan.refused("POST", plan.measurement_path(), "responsable", 422, json=body)
    plan.refused(
        "POST",
        "/commitments/k-infoem/indicators/ind-nope/measurements",
        "editor",
        404,
        json={"period": "2026-01", "value": 1},
    )


# ------------------------------------------------------------------ reviews


def review_body(kind: str = "seguimiento_semestral") -> dict:
    return {
        "kind": kind,
        "commitments": [
            {
                "commitment_id": cid,
                "completion": "sustancial",
                "opened_government": "marginal",
                "quality": "Clara",
                "relevance": "Alta",
                "notes": "",
            }
            for cid in ("k-infoem", "k-red")
        ],
    }


def test_reviews_need_a_published_plan_and_are_frozen(plan):
    plan.refused("POST", "/reviews", "verifier", 409, "not_published", json=review_body())
    plan.ok("POST", "/publish", "editor")
    for who, status in (
        ("responsable", 403),
        ("corresponsable", 403),
        ("other_responsable", 403),
        ("other_plan", 403),
        (None, 401),
    ):
        plan.refused("POST", "/reviews", who, status, json=review_body())
    partial = review_body()
    partial["commitments"].pop()
    plan.refused("POST", "/reviews", "verifier", 422, json=partial)
    wrong = review_body()
    wrong["commitments"][0]["completion"] = "casi"
    plan.refused("POST", "/reviews", "verifier", 422, json=wrong)
    recorded = plan.ok("POST", "/reviews", "verifier", json=review_body())
    assert recorded["kind"] == "seguimiento_semestral" and len(recorded["commitments"]) == 2
    plan.refused("POST", "/reviews", "editor", 409, json=review_body())
    assert plan.ok("POST", "/reviews", "editor", json=review_body("evaluacion_final"))["kind"] == "evaluacion_final"
    assert [r["kind"] for r in view(plan)["reviews"]] == ["seguimiento_semestral", "evaluacion_final"]


# ---------------------------------------------------------- the private view


def test_each_caller_sees_what_they_follow_with_due_and_late(server, plan):
    # An activity ending in five days (the plan is not publishable then: it ends after its commitment).
    plan = with_links(import_plan(plan.api, plan.db, soon=True), plan)
    mine = view(plan, "other_responsable")
    assert mine["role"] == "responsable" and [c["id"] for c in mine["commitments"]] == ["k-red"]
    assert {i["commitment_id"] for i in mine["late"]} == {"k-red"}  # its activities ended in 2022–2023
    everything = view(plan, "verifier")
    assert [c["id"] for c in everything["commitments"]] == ["k-infoem", "k-red"]
    soon = plan.activities["k-infoem"][-1]
    assert [i["activity_id"] for i in everything["due_soon"]] == [soon]
    assert soon not in {i["activity_id"] for i in everything["late"]}
    assert "links" not in everything
    links = view(plan)["links"]
    assert {link["role"] for link in links} == {"responsable", "corresponsable", "verificador"}
    assert not any(plan.tokens[w] in json.dumps(links) for w in ("responsable", "verifier"))
    assert view(plan, "corresponsable")["commitment_id"] == "k-infoem"
    assert plan.send("GET", "/follow-up", "other_plan").status_code == 403


def test_the_public_history_lists_changes_after_publishing_without_ids_or_names(plan):
    reported(plan, 0)
    assert view(plan)["history"] == []  # not published yet
    plan.ok("POST", "/publish", "editor")
    plan.ok("PUT", plan.verification_path(index=0), "verifier", json={"decision": "verificada"})
    plan.ok("PUT", "", "editor", json={"title": "Plan renovado"})
    state = view(plan)
    kinds = [h["kind"] for h in state["history"]]
    assert kinds == ["follow_up_verification", "plan_updated"]
    text = json.dumps(state["history"])
    assert "Persona" not in text and "link-" not in text and "editor-" not in text
    assert state["progress"]["verified"] == 5.0  # k-infoem 10 %, k-red 0 %: the mean


def test_ids_are_kept_when_the_plan_is_edited(plan):
    before = plan.ok("GET", "", "editor")
    plan.ok("PUT", "", "editor", json={"title": "Otro título"})
    after = plan.ok("GET", "", "editor")
    ids = [[a["id"] for a in c["roadmap"]["activities"]] for c in before["commitments"]]
    assert ids == [[a["id"] for a in c["roadmap"]["activities"]] for c in after["commitments"]]


# ------------------------------------------------- the state of the public outputs


def state_of(plan: Plan, on: dt.date | None = None) -> dict:
    """``follow_up_state`` read in this process from the server's own database."""
    import asyncio

    from server.app import Cocrea
    from server.auth import Sessions
    from server.follow_up_state import follow_up_state
    from server.settings import Settings
    from server.storage import open_store

    async def read() -> dict:
        store = open_store(f"sqlite:///{plan.db}")
        await store.open()
        try:
            state = await follow_up_state(Cocrea(Settings(), store, Sessions("unused")), plan.id, on)
        finally:
            await store.close()
        assert state.plan.id == plan.id
        return state.data

    return asyncio.run(read())


def test_the_state_for_the_public_outputs_has_its_documented_shape_and_no_secrets(plan):
    evidence_file = ("acta.pdf", PDF, "application/pdf")
    plan.send("POST", plan.update_path(index=0), "responsable", **multipart(files=[evidence_file]))
    plan.ok("PUT", plan.verification_path(index=0), "verifier", json={"decision": "verificada"})
    plan.ok("POST", plan.measurement_path(index=0), "responsable", json={"period": "2025", "value": 3})
    plan.ok("POST", plan.measurement_path(index=0), "corresponsable", json={"period": "2024-06", "value": 1})
    plan.ok("POST", "/publish", "editor")
    plan.ok("POST", "/reviews", "verifier", json=review_body())
    state = state_of(plan)
    assert set(state) == {
        "plan",
        "published",
        "published_at",
        "public_path",
        "today",
        "progress",
        "commitments",
        "reviews",
        "history",
    }
    assert set(state["plan"]) == {"id", "title", "entity", "type", "guarantor", "start", "end", "approved_on"}
    infoem = state["commitments"][0]
    assert set(infoem) == {
        "id",
        "title",
        "origin",
        "start",
        "end",
        "responsible",
        "organizations",
        "result",
        "progress",
        "activities",
        "indicators",
    }
    first = infoem["activities"][0]
    assert first["id"] == plan.activities["k-infoem"][0] and first["weight"] == 10
    assert (first["status"], first["late"], first["due_soon"]) == ("verificada", False, False)
    assert [a["late"] for a in infoem["activities"][1:]] == [True] * 5  # ended in 2022–2023
    (report, verification) = first["updates"]
    (evidence,) = report["evidence"]
    assert set(evidence) == {"id", "name", "media_type", "size", "sha256", "url"}
    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest() and verification["evidence"] == []
    indicator = infoem["indicators"][0]
    assert {"baseline", "goal", "direction"} <= set(indicator)
    assert [m["period"] for m in indicator["measurements"]] == ["2024-06", "2025"]  # by period
    assert infoem["progress"] == {"verified": 10.0, "reported": 0.0, "late": 5}
    assert state["progress"]["verified"] == 5.0
    assert [r["kind"] for r in state["reviews"]] == ["seguimiento_semestral"]
    assert [(h["kind"], h["review"]) for h in state["history"]] == [("follow_up_review", "seguimiento_semestral")]
    text = json.dumps(state)
    assert not any(token in text for token in plan.tokens.values())
    assert "Persona " not in text and "link-" not in text and "editor-" not in text
    # Late is computed from the day asked for: before every end date nothing is late.
    assert not any(a["late"] for c in state_of(plan, dt.date(2022, 1, 1))["commitments"] for a in c["activities"])


async def test_a_commitment_attached_again_keeps_its_activities_ids(server):
    """Through the mesa's live hoja de ruta: a new first activity gets a new
    id, the others keep theirs (the follow-up's records still name them)."""
    from pycrdt import Map

    from server.roadmap import new_item
    from tests.server.test_plans_api import attach, create_plan
    from tests.server.test_roadmap_api import ROADMAPS, fill_valid, with_commitment
    from tests.support.yclient import YClient

    api = Api(server)
    w, people, cid = with_commitment(api)
    api.set_phase(w, "hoja_de_ruta")
    async with YClient(api.ws(w, "roadmap"), people[0]["token"]) as a:
        await a.wait_synced()
        fill_valid(a.doc.get(ROADMAPS, type=Map)[cid])
        await a.save(1)
    plan, token = create_plan(api, w)
    r = attach(api, plan, token, w, cid)
    assert r.status_code == 201, r.text
    before = [a["id"] for a in r.json()["commitments"][0]["roadmap"]["activities"]]
    async with YClient(api.ws(w, "roadmap"), people[1]["token"]) as b:
        await b.wait_synced()
        activities = b.doc.get(ROADMAPS, type=Map)[cid]["activities"]
        activities.insert(0, new_item("activities", "a-new"))
        activities[0]["description"].insert(0, "Una actividad nueva")
        await b.save(1)
    r = attach(api, plan, token, w, cid)
    assert r.status_code == 200, r.text
    after = [a["id"] for a in r.json()["commitments"][0]["roadmap"]["activities"]]
    api.http.close()
    assert len(before) == 2 and after[1:] == before and after[0] not in before
