"""The minuta's lifecycle over HTTP, per role (docs/minutes.md): attendance
confirmed in the room, amendments by attendees answered by the facilitator,
the approval as a consent round of the attendees (the existing ballot and
close routes), the seal (once, even from two tabs at once), the public
verification with no session, and a correction as version n+1. Every
refusal leaves the stored state byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.live import read_live
from tests.conftest import Api
from tests.support.live_server import LiveServer
from tests.support.refusals import assert_refused, sqlite_file
from tests.support.yclient import YClient, eventually
from workshops.document_schema import ARTIFACT_LIVE, LIVE_TOPICS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("minuta")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0, workshops_per_hour=0)
    live.start()
    yield live
    live.kill()


@dataclass
class Mesa:
    api: Api
    db: Path
    id: str = ""
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def send(self, method: str, path: str, who: str | None, body: Any = None) -> httpx.Response:
        return self.api.http.request(method, f"/api/workshops/{self.id}{path}", json=body, headers=self.headers(who))

    def ok(self, method: str, path: str, who: str | None, body: Any = None, status: int = 200) -> dict[str, Any]:
        r = self.send(method, path, who, body)
        assert r.status_code == status, r.text
        return dict(r.json())

    def refused(self, method: str, path: str, who: str | None, body: Any = None, status: int | None = None) -> None:
        assert_refused(self.db, lambda: self.send(method, path, who, body), status=status)

    def minutes(self, who: str = "facilitator") -> dict[str, Any]:
        return self.ok("GET", "/minutes", who)


def new_mesa(server: LiveServer, api: Api) -> Mesa:
    m = Mesa(api, sqlite_file(server.env["COCREA_DATABASE_URL"]))
    w = api.create_workshop(title="Mesa de transparencia municipal")
    m.id, m.tokens["facilitator"] = w["id"], w["facilitator_token"]
    for who, sector in [("ana", "sociedad_civil"), ("beto", "servicio_publico"), ("carla", "academia")]:
        m.tokens[who] = api.join(w, who.capitalize(), sector, organization=f"Org {who}")["token"]
    m.tokens["nadia"] = api.join(w, "Nadia", "ciudadania")["token"]  # joined, never confirmed attendance
    m.tokens["observer"] = api.join(w, "Olga", "academia", role="observer")["token"]
    m.tokens["stranger"] = api.create_workshop()["facilitator_token"]  # another mesa's facilitator
    return m


@pytest.fixture
def mesa(server: LiveServer) -> Iterator[Mesa]:
    api = Api(server)
    with api.http:
        yield new_mesa(server, api)


AMEND = {"passage": "Se abrió la votación", "text": "Se abrió la votación a las 11:00 h", "reason": "Faltaba la hora"}


def attend(m: Mesa, *people: str) -> None:
    for who in people:
        m.ok("POST", "/attendance/me", who, {"show_name": who == "ana"}, status=201)


def test_attendance_is_one_tap_recorded_once_and_shown_by_sector(mesa):
    m = mesa
    first = m.ok("POST", "/attendance/me", "ana", {"show_name": True}, status=201)
    again = m.ok("POST", "/attendance/me", "ana", {"show_name": False}, status=200)
    assert again == first and first["show_name"] is True
    m.ok("POST", "/attendance/me", "beto", {}, status=201)
    m.ok("POST", "/attendance/me", "observer", None, status=201)  # an empty body: not named
    m.refused("POST", "/attendance/me", "facilitator", {}, status=403)
    m.refused("POST", "/attendance/me", "stranger", {}, status=403)
    m.refused("POST", "/attendance/me", None, {}, status=401)
    m.refused("POST", "/attendance/me", "carla", {"show_name": "sí"}, status=422)
    by_sector = {row["sector"]: row for row in m.minutes()["attendance"]}
    assert by_sector["sociedad_civil"] == {
        "sector": "sociedad_civil",
        "people": 1,
        "organizations": ["Org ana"],
        "names": ["Ana"],
    }
    assert by_sector["servicio_publico"]["names"] == []  # no consent, no name
    assert by_sector["academia"]["people"] == 1 and by_sector["academia"]["names"] == []  # the observer
    assert [r["sector"] for r in m.minutes()["attendance"]] == ["sociedad_civil", "servicio_publico", "academia"]
    me = m.minutes("ana")["me"]
    assert me["attended"] and me["can_amend"] and me["attendance_confirmed_at"] == first["confirmed_at"]
    assert m.minutes("observer")["me"]["attended"] is False  # present, but not an attendee who amends or approves


def test_the_whole_lifecycle_per_role(server, mesa):
    m = mesa
    draft = m.minutes()
    assert draft["status"] == "draft" and draft["version"] == 1 and "sha256" not in draft
    assert draft["amendments"] == [] and isinstance(draft["minutes"], list)
    m.refused("GET", "/minutes", "stranger", status=403)
    m.refused("GET", "/minutes", None, status=401)
    attend(m, "ana", "beto", "carla")
    m.ok("POST", "/attendance/me", "observer", {}, status=201)

    # Amendments: attendees only.
    m.refused("POST", "/minutes/amendments", "observer", AMEND, status=403)
    m.refused("POST", "/minutes/amendments", "nadia", AMEND, status=403)  # joined, did not attend
    m.refused("POST", "/minutes/amendments", "facilitator", AMEND, status=403)
    m.refused("POST", "/minutes/amendments", "stranger", AMEND, status=403)
    m.refused("POST", "/minutes/amendments", None, AMEND, status=401)
    huge = {**AMEND, "text": "x" * 100_000}
    r = assert_refused(m.db, lambda: m.send("POST", "/minutes/amendments", "ana", huge))
    assert r.status_code in (413, 422)
    m.refused("POST", "/minutes/amendments", "ana", {**AMEND, "text": "x" * 4001}, status=422)
    m.refused("POST", "/minutes/amendments", "ana", {**AMEND, "reason": ""}, status=422)
    accepted = m.ok("POST", "/minutes/amendments", "ana", AMEND, status=201)
    rejected = m.ok("POST", "/minutes/amendments", "beto", {**AMEND, "text": "No hubo votación"}, status=201)
    assert accepted["decision"] == "pending" and accepted["sector"] == "sociedad_civil"
    assert "author_id" not in accepted

    # The approval waits for every answer; answers are the facilitator's.
    m.refused("POST", "/minutes/approval", "facilitator", status=409)
    answer = {"decision": "accepted", "reason": "Se añade la hora"}
    m.refused("PUT", f"/minutes/amendments/{accepted['id']}", "ana", answer, status=403)
    m.refused("PUT", f"/minutes/amendments/{accepted['id']}", "stranger", answer, status=403)
    m.refused("PUT", "/minutes/amendments/nope", "facilitator", answer, status=404)
    m.refused("PUT", f"/minutes/amendments/{accepted['id']}", "facilitator", {**answer, "decision": "maybe"}, 422)
    m.refused("PUT", f"/minutes/amendments/{accepted['id']}", "facilitator", {**answer, "reason": " "}, status=422)
    assert m.ok("PUT", f"/minutes/amendments/{accepted['id']}", "facilitator", answer)["decision"] == "accepted"
    no = {"decision": "rejected", "reason": "El registro muestra la votación"}
    assert m.ok("PUT", f"/minutes/amendments/{rejected['id']}", "facilitator", no)["response"] == no["reason"]
    m.refused("PUT", f"/minutes/amendments/{rejected['id']}", "facilitator", answer, status=409)  # answered once

    # Seal before approval: refused.
    m.refused("POST", "/minutes/seal", "facilitator", status=409)
    m.refused("POST", "/minutes/seal", "ana", status=403)

    # Approval: a consent round of the attendees, voted and closed with the rounds' routes.
    m.refused("POST", "/minutes/approval", "ana", status=403)
    m.refused("POST", "/minutes/approval", "stranger", status=403)
    opened = m.ok("POST", "/minutes/approval", "facilitator", status=201)
    round_id, option = opened["round_id"], opened["option_id"]
    assert opened["quorum"] == 2  # more than half of 3 attendees
    m.refused("POST", "/minutes/approval", "facilitator", status=409)  # approving twice
    in_review = m.minutes()
    assert in_review["status"] == "in_review"
    put_to_consent = in_review["minutes"]  # the draft as frozen when the approval opened
    assert m.minutes()["approval_round"] == {"round_id": round_id, "option_id": option}
    round_view = m.ok("GET", f"/rounds/{round_id}", "ana")
    assert round_view["method"] == "consent" and round_view["options"] == [option]
    assert round_view["purpose"] == "minuta" and round_view["suspended"] is False  # the mesa is in «preparacion»
    assert round_view["participation"]["eligible"] == 3
    m.refused("POST", "/minutes/amendments", "carla", AMEND, status=409)  # not while in review
    # Voted in any phase: leaving a voting phase does not suspend it.
    m.ok("PUT", "/phase", "facilitator", {"phase": "alternativas"})
    m.ok("PUT", "/phase", "facilitator", {"phase": "cierre"})
    assert m.ok("GET", f"/rounds/{round_id}", "ana")["suspended"] is False
    kinds = [e["kind"] for e in m.ok("GET", "/events", "facilitator")["events"]]
    assert "voting_suspended" not in kinds and "voting_resumed" not in kinds
    ballot = {"consent": {option: "agree"}}
    m.refused("PUT", f"/rounds/{round_id}/ballot", "nadia", ballot, status=403)  # not an attendee
    m.refused("PUT", f"/rounds/{round_id}/ballot", "observer", ballot, status=403)
    m.refused("PUT", f"/rounds/{round_id}/ballot", "facilitator", ballot, status=403)
    m.ok("PUT", f"/rounds/{round_id}/ballot", "ana", ballot)
    reservation = {"consent": {option: "can_live_with"}, "comments": {option: "Faltan los nombres"}}
    m.ok("PUT", f"/rounds/{round_id}/ballot", "beto", reservation)
    m.ok("PUT", f"/rounds/{round_id}/ballot", "carla", ballot)
    # Not an alternative: no decision is recorded on it.
    decision = {"round_id": round_id, "kind": "consensus", "alternative_id": option}
    m.refused("POST", "/decisions", "facilitator", decision)
    m.refused("POST", f"/rounds/{round_id}/close", "ana", status=403)
    closed = m.ok("POST", f"/rounds/{round_id}/close", "facilitator")
    assert closed["results"]["outcome"] == "decided"
    approved = m.minutes()
    assert approved["status"] == "approved"
    assert approved["approval"] | {} == approved["approvals"][-1]
    result = approved["approval"]
    assert (result["approved"], result["agree"], result["can_live_with"], result["object"]) == (True, 2, 1, 0)
    assert result["comments"] == ["Faltan los nombres"] and result["quorum_met"]
    m.refused("POST", "/minutes/approval", "facilitator", status=409)  # approved already
    m.refused("POST", "/minutes/amendments", "ana", AMEND, status=409)

    # Two facilitator tabs seal at once: one seals, the other is told it is sealed.
    answers: list[httpx.Response] = []

    def seal() -> None:
        with httpx.Client(base_url=server.url, timeout=20) as tab:
            answers.append(tab.post(f"/api/workshops/{m.id}/minutes/seal", headers=m.headers("facilitator")))

    tabs = [threading.Thread(target=seal) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    sealed = next(a.json() for a in answers if a.status_code == 200)
    assert sealed["version"] == 1 and len(sealed["sha256"]) == 64
    after = m.minutes()
    assert after["status"] == "sealed" and after["sha256"] == sealed["sha256"]
    assert len(after["seals"]) == 1
    m.refused("POST", "/minutes/amendments", "ana", AMEND, status=409)  # after sealing
    m.refused("PUT", f"/minutes/amendments/{accepted['id']}", "facilitator", answer, status=409)
    m.refused("POST", "/minutes/seal", "facilitator", status=409)
    m.refused("POST", "/minutes/approval", "facilitator", status=409)

    # Anyone verifies it, with no session at all.
    digest = sealed["sha256"]
    with httpx.Client(base_url=server.url, timeout=10) as citizen:
        found = citizen.get(f"/api/minutes/{digest}")
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["version"] == 1 and body["sealed_at"] == sealed["sealed_at"]
        assert body["workshop"]["title"] == "Mesa de transparencia municipal"
        download = citizen.get(f"/api/minutes/{digest}/canonical")
        assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
        assert hashlib.sha256(download.content).hexdigest() == digest
        assert download.content.decode("utf-8") == body["canonical"]
        assert body["canonical_url"].endswith(f"/api/minutes/{digest}/canonical")
        canonical = download.json()
        assert canonical["version"] == 1 and canonical["format"] == "cocrea.minuta/1"
        assert [a["decision"] for a in canonical["amendments"]] == ["accepted", "rejected"]
        # What is sealed is the text the attendees approved: the draft as put
        # to consent, nothing the log gained afterwards (the round, the phases).
        assert canonical["minutes"] == put_to_consent
        told = " ".join(entry["text"] for entry in canonical["minutes"])
        assert "La persona facilitadora aceptó una enmienda a la minuta" in told
        assert "Consulta de consentimiento" not in told and canonical["approval"]["approved"] is True
        assert canonical["approval"]["can_live_with"] == 1
        assert {r["sector"]: r["names"] for r in canonical["attendance"]}["sociedad_civil"] == ["Ana"]
        assert "Beto" not in download.text and "Nadia" not in download.text  # names only with consent
        page = citizen.get(f"/verificar/{digest}")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "Mesa de transparencia municipal" in page.text and digest in page.text
        assert "sha256sum minuta-" in page.text and f"/api/minutes/{digest}/canonical" in page.text
        english = citizen.get(f"/verificar/{digest}?lang=en")
        assert "Download the canonical text" in english.text and "Version" in english.text
        for bad in ("abc", "g" * 64, "0" * 63, digest + "0"):
            r = citizen.get(f"/api/minutes/{bad}")
            assert r.status_code == 422 and r.json()["error"]["field"] == "sha256", r.text
            assert citizen.get(f"/verificar/{bad}").status_code == 422
        unknown = "0" * 64
        assert citizen.get(f"/api/minutes/{unknown}").status_code == 404
        assert citizen.get(f"/api/minutes/{unknown}/canonical").status_code == 404
        assert citizen.get(f"/verificar/{unknown}").status_code == 404
        assert citizen.get(f"/api/minutes/{digest.upper()}").status_code == 200  # hex in either case

    # A correction is version 2, through the same path; version 1 stays verifiable.
    m.refused("POST", "/minutes/corrections", "ana", status=403)
    assert m.ok("POST", "/minutes/corrections", "facilitator", status=201) == {"version": 2, "status": "draft"}
    m.refused("POST", "/minutes/corrections", "facilitator", status=409)
    v2 = m.minutes()
    assert (v2["status"], v2["version"], "sha256" in v2, len(v2["seals"])) == ("draft", 2, False, 1)
    m.ok("POST", "/minutes/amendments", "carla", {**AMEND, "passage": "Asistencia"}, status=201)
    with httpx.Client(base_url=server.url, timeout=10) as citizen:
        again = citizen.get(f"/api/minutes/{digest}/canonical")
        assert hashlib.sha256(again.content).hexdigest() == digest


def test_an_objection_or_no_quorum_sends_the_minutes_back_to_draft(mesa):
    m = mesa
    attend(m, "ana", "beto", "carla")
    opened = m.ok("POST", "/minutes/approval", "facilitator", status=201)
    round_id, option = opened["round_id"], opened["option_id"]
    m.ok("PUT", f"/rounds/{round_id}/ballot", "ana", {"consent": {option: "agree"}})
    objection = {"consent": {option: "object"}, "reasons": {option: "Falta el acuerdo sobre el presupuesto"}}
    m.ok("PUT", f"/rounds/{round_id}/ballot", "beto", objection)
    m.ok("POST", f"/rounds/{round_id}/close", "facilitator")
    back = m.minutes()
    assert back["status"] == "draft" and back["version"] == 1
    assert back["approval"]["object"] == 1 and back["approval"]["approved"] is False
    assert back["approval"]["objections"] == ["Falta el acuerdo sobre el presupuesto"]
    m.refused("POST", "/minutes/seal", "facilitator", status=409)
    # The objection reopens amendments; a second approval needs quorum (2 of 3).
    m.ok("POST", "/minutes/amendments", "beto", AMEND, status=201)
    amendment = m.minutes()["amendments"][-1]["id"]
    m.ok("PUT", f"/minutes/amendments/{amendment}", "facilitator", {"decision": "accepted", "reason": "Sí"})
    second = m.ok("POST", "/minutes/approval", "facilitator", status=201)
    m.ok("PUT", f"/rounds/{second['round_id']}/ballot", "carla", {"consent": {second["option_id"]: "agree"}})
    m.ok("POST", f"/rounds/{second['round_id']}/close", "facilitator")
    no_quorum = m.minutes()
    assert no_quorum["status"] == "draft" and no_quorum["approval"]["quorum_met"] is False
    assert len(no_quorum["approvals"]) == 2


def test_approval_needs_attendees_and_no_other_open_round(mesa):
    m = mesa
    m.refused("POST", "/minutes/approval", "facilitator", status=409)  # nobody confirmed attendance
    m.ok("POST", "/attendance/me", "observer", {}, status=201)
    m.refused("POST", "/minutes/approval", "facilitator", status=409)  # observers do not approve
    attend(m, "ana")
    m.ok("PUT", "/phase", "facilitator", {"phase": "alternativas"})
    ids = [m.ok("POST", "/alternatives", "ana", {"title": t}, status=201)["id"] for t in ("Portal", "Red")]
    m.ok("POST", "/rounds", "facilitator", {"method": "approval", "options": ids}, status=201)
    m.refused("POST", "/minutes/approval", "facilitator", status=409)  # another round is open


async def test_each_change_bumps_the_minuta_topic_of_the_live_document(server):
    """Pages refresh the minuta when its topic's version changes: no polling."""
    api = Api(server)
    with api.http:
        m = new_mesa(server, api)
        async with YClient(f"{server.ws_url}/{m.id}/{ARTIFACT_LIVE}", m.tokens["ana"]) as client:
            await client.wait_synced()

            def version() -> int:
                return int(read_live(client.doc)[LIVE_TOPICS].get("minuta") or 0)

            before = version()
            m.ok("POST", "/attendance/me", "ana", {}, status=201)
            await eventually(lambda: version() == before + 1)
            m.ok("POST", "/minutes/amendments", "ana", AMEND, status=201)
            await eventually(lambda: version() == before + 2)
            m.refused("POST", "/minutes/seal", "facilitator", status=409)
            assert version() == before + 2  # a refusal pushes nothing
