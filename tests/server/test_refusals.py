"""A refused request changes nothing: every state-changing route, with its
refusal cases (wrong role, wrong phase, bad body, conflict, no session...),
against one mesa whose stored state (every row of the SQLite file: events,
records, Yjs snapshots and updates) must be byte-for-byte the same after
each refusal (tests/support/refusals.py).

The cases share one mesa: a refusal that wrote something would show here
and could also change what the next case sees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Route

from server.app import create_app
from server.settings import Settings
from tests.conftest import Api
from tests.server.test_plans_api import PLAN_DETAILS
from tests.support.live_server import LiveServer
from tests.support.refusals import assert_refused, sqlite_file


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("refusals")
    # No grace period: rooms are flushed and unloaded before each answer.
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0)
    live.start()
    yield live
    live.kill()


@dataclass
class Mesa:
    api: Api
    db: Path
    ids: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str | None) -> dict[str, str]:
        if who is None:
            return {}
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        if who == "editor":  # the plan's editor, also the mesa's facilitator
            headers["X-Workshop-Token"] = self.tokens["facilitator"]
        return headers

    def ok(self, method: str, path: str, who: str | None, body: Any = None) -> dict[str, Any]:
        r = self.api.http.request(method, path.format(**self.ids), json=body, headers=self.headers(who))
        assert r.status_code in (200, 201), r.text
        return dict(r.json())

    def phase(self, phase: str) -> None:
        self.ok("PUT", "/api/workshops/{w}/phase", "facilitator", {"phase": phase})


@pytest.fixture(scope="module")
def mesa(server: LiveServer) -> Iterator[Mesa]:
    """A mesa that went through every phase: an open silent ideation with a
    card, three alternatives, a decided round (and its commitment), a closed
    round not yet decided, an open round, a plan with that commitment."""
    api = Api(server)
    with api.http:
        yield setup_mesa(Mesa(api, sqlite_file(server.env["COCREA_DATABASE_URL"])))


def setup_mesa(m: Mesa) -> Mesa:
    api = m.api
    w = api.create_workshop()
    m.ids["w"], m.ids["code"], m.tokens["facilitator"] = w["id"], w["join_code"], w["facilitator_token"]
    m.tokens["ana"] = api.join(w, "Ana", "sociedad_civil")["token"]
    beto = api.join(w, "Beto", "servicio_publico")
    m.tokens["beto"], m.ids["beto"] = beto["token"], beto["participant_id"]
    m.tokens["observer"] = api.join(w, "Olga", "academia", role="observer")["token"]
    stranger = api.create_workshop()
    m.tokens["stranger"] = stranger["facilitator_token"]  # another mesa's facilitator
    display = m.ok("POST", "/api/workshops/{w}/displays", "facilitator")
    m.tokens["display"], m.ids["display"] = display["display_url"].rsplit("key=", 1)[1], display["display_id"]
    other = api.http.post(f"/api/workshops/{stranger['id']}/displays", headers=m.headers("stranger")).json()
    m.tokens["stranger_display"] = other["display_url"].rsplit("key=", 1)[1]

    m.phase("arbol_de_problemas")
    m.ok("POST", "/api/workshops/{w}/ideation", "facilitator", {"prompt": "¿Qué causa el problema?"})
    m.ok("POST", "/api/workshops/{w}/ideation/cards", "ana", {"text": "Datos dispersos", "kind": "cause"})
    m.phase("alternativas")
    for key, title, who in [("a1", "Red de enlaces", "ana"), ("a2", "Portal", "beto"), ("a3", "Mesa fija", "ana")]:
        m.ids[key] = m.ok("POST", "/api/workshops/{w}/alternatives", who, {"title": title})["id"]
    m.phase("votacion")
    for key, options in [("r1", ["a1", "a2"]), ("r2", ["a2", "a3"])]:
        body = {"method": "approval", "options": [m.ids[o] for o in options]}
        m.ids[key] = m.ok("POST", "/api/workshops/{w}/rounds", "facilitator", body)["id"]
        for who in ("ana", "beto"):
            m.ok("PUT", f"/api/workshops/{{w}}/rounds/{{{key}}}/ballot", who, {"approve": [m.ids[options[0]]]})
        m.ok("POST", f"/api/workshops/{{w}}/rounds/{{{key}}}/close", "facilitator")
    decision = {"round_id": m.ids["r1"], "kind": "majority", "alternative_id": m.ids["a1"]}
    m.ids["c1"] = m.ok("POST", "/api/workshops/{w}/decisions", "facilitator", decision)["commitment_id"]
    body = {"method": "approval", "options": [m.ids["a2"], m.ids["a3"]]}
    m.ids["r3"] = m.ok("POST", "/api/workshops/{w}/rounds", "facilitator", body)["id"]
    plan = m.ok("POST", "/api/plans", "facilitator", {"workshop_id": m.ids["w"], **PLAN_DETAILS})
    m.ids["plan"] = plan["plan"]["id"]
    # The list of speakers: Ana waits for the floor; a topic waits in the parking lot.
    m.ok("POST", "/api/workshops/{w}/speakers", "ana", {"kind": "contribution"})
    m.ids["topic"] = m.ok("POST", "/api/workshops/{w}/parking", "beto", {"text": "Presupuesto 2027"})["parking"][0][
        "id"
    ]
    m.tokens["editor"] = plan["editor_url"].rsplit("clave=", 1)[1]
    m.ok("POST", "/api/plans/{plan}/commitments", "editor", {"workshop_id": m.ids["w"], "commitment_id": m.ids["c1"]})
    return m


W = "/api/workshops/{w}"
P = "/api/plans/{plan}"
ACCEPT = {"accept_privacy_notice": True, "accept_code_of_conduct": True}
JOIN = {"join_code": "{code}", "name": "Nadia", "sector": "academia", **ACCEPT}
AMEND = {"passage": "Se abrió la votación", "text": "A las 11:00 h", "reason": "Faltaba la hora"}
ANSWER = {"decision": "accepted", "reason": "Se añade"}
DECIDE_R2 = {"round_id": "{r2}", "kind": "majority", "alternative_id": "{a2}"}


def details_change(**changes: str) -> dict[str, Any]:
    """A correction of the mesa's details, from its values as created."""
    return {"changes": changes, "base": {k: "Mesa de prueba" if k == "title" else "" for k in changes}}


DETAILS = details_change(title="Mesa corregida", place="Sala 2")
STALE_DETAILS = {"changes": {"title": "Mesa corregida"}, "base": {"title": "Otro título"}}

# (case, phase to put the mesa in first (None: as it is), caller, method, path, body, status, code)
CASES: list[tuple[str, str | None, str | None, str, str, Any, int, str | None]] = [
    # workshops and joining
    ("create: bad body", None, None, "POST", "/api/workshops", {"title": ""}, 422, None),
    (
        "join: privacy notice not accepted",
        None,
        None,
        "POST",
        f"{W}/participants",
        {**JOIN, "accept_privacy_notice": False},
        422,
        None,
    ),
    (
        "join: code of conduct missing",
        None,
        None,
        "POST",
        f"{W}/participants",
        {"join_code": "{code}", "name": "Nadia", "sector": "academia", "accept_privacy_notice": True},
        422,
        None,
    ),
    ("join: wrong code", None, None, "POST", f"{W}/participants", {**JOIN, "join_code": "ZZZZZZ"}, 403, None),
    ("join: bad sector", None, None, "POST", f"{W}/participants", {**JOIN, "sector": "gobierno"}, 422, None),
    # projector displays (server/displays.py)
    ("display: participant creates", None, "ana", "POST", f"{W}/displays", {}, 403, None),
    ("display: observer creates", None, "observer", "POST", f"{W}/displays", {}, 403, None),
    ("display: no session", None, None, "POST", f"{W}/displays", {}, 401, None),
    ("display: another mesa's facilitator", None, "stranger", "POST", f"{W}/displays", {}, 403, None),
    ("display: a display creates", None, "display", "POST", f"{W}/displays", {}, 403, "display_read_only"),
    ("display: a display changes phase", None, "display", "PUT", f"{W}/phase", {"phase": "cierre"}, 403, None),
    ("display: a display votes", "votacion", "display", "PUT", f"{W}/rounds/{{r3}}/ballot", {}, 403, None),
    ("display: a display proposes", "alternativas", "display", "POST", f"{W}/alternatives", {"title": "X"}, 403, None),
    ("display: another mesa's display", None, "stranger_display", "PUT", f"{W}/phase", {"phase": "cierre"}, 403, None),
    ("display: participant withdraws", None, "ana", "DELETE", f"{W}/displays/{{display}}", None, 403, None),
    ("display: a display withdraws", None, "display", "DELETE", f"{W}/displays/{{display}}", None, 403, None),
    ("display: withdraw unknown", None, "facilitator", "DELETE", f"{W}/displays/nope", None, 404, None),
    ("revoke: participant", None, "ana", "POST", f"{W}/participants/{{beto}}/revoke", {}, 403, None),
    ("revoke: unknown person", None, "facilitator", "POST", f"{W}/participants/nope/revoke", {}, 404, None),
    ("revoke: no session", None, None, "POST", f"{W}/participants/{{beto}}/revoke", {}, 401, None),
    ("phase: participant", None, "ana", "PUT", f"{W}/phase", {"phase": "cierre"}, 403, None),
    ("phase: unknown phase", None, "facilitator", "PUT", f"{W}/phase", {"phase": "fin"}, 422, None),
    ("phase: no session", None, None, "PUT", f"{W}/phase", {"phase": "cierre"}, 401, None),
    ("phase: another mesa's session", None, "stranger", "PUT", f"{W}/phase", {"phase": "cierre"}, 403, None),
    # the mesa's details (server/api_details.py): the mesa is «Mesa de prueba», without a place
    ("details: participant", None, "ana", "PATCH", W, DETAILS, 403, None),
    ("details: observer", None, "observer", "PATCH", W, DETAILS, 403, None),
    ("details: display", None, "display", "PATCH", W, DETAILS, 403, "display_read_only"),
    ("details: no session", None, None, "PATCH", W, DETAILS, 401, None),
    ("details: another mesa's facilitator", None, "stranger", "PATCH", W, DETAILS, 403, None),
    ("details: empty title", None, "facilitator", "PATCH", W, details_change(title=""), 422, "invalid"),
    ("details: bad date", None, "facilitator", "PATCH", W, details_change(date="mañana"), 422, "invalid"),
    ("details: long place", None, "facilitator", "PATCH", W, details_change(place="x" * 201), 422, "invalid"),
    ("details: not a detail", None, "facilitator", "PATCH", W, details_change(phase="cierre"), 422, "invalid"),
    ("details: no base", None, "facilitator", "PATCH", W, {"changes": {"place": "Sala 2"}, "base": {}}, 422, None),
    ("details: stale base", None, "facilitator", "PATCH", W, STALE_DETAILS, 409, "edit_conflict"),
    ("details: oversized", None, "facilitator", "PATCH", W, details_change(place="x" * 70_000), 413, "too_large"),
    ("lock: participant", None, "ana", "PUT", f"{W}/locks/tree", {"locked": True}, 403, None),
    ("lock: unknown artifact", None, "facilitator", "PUT", f"{W}/locks/nope", {"locked": True}, 422, None),
    ("lock: not a boolean", None, "facilitator", "PUT", f"{W}/locks/tree", {"locked": "yes"}, 422, None),
    # the tree and silent ideation
    (
        "merge: participant",
        "arbol_de_problemas",
        "ana",
        "POST",
        f"{W}/tree/merge",
        {"keep": "x", "remove": "y"},
        403,
        None,
    ),
    (
        "merge: wrong phase",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/tree/merge",
        {"keep": "x", "remove": "y"},
        403,
        "wrong_phase",
    ),
    (
        "merge: unknown nodes",
        "arbol_de_problemas",
        "facilitator",
        "POST",
        f"{W}/tree/merge",
        {"keep": "x", "remove": "y"},
        None,
        None,
    ),
    ("import: participant", "arbol_de_problemas", "ana", "POST", f"{W}/tree/import", {}, None, None),
    ("import: bad body", "arbol_de_problemas", "facilitator", "POST", f"{W}/tree/import", {"nodes": "no"}, None, None),
    ("ideation: participant opens", "arbol_de_problemas", "ana", "POST", f"{W}/ideation", {}, 403, None),
    ("ideation: one already open", "arbol_de_problemas", "facilitator", "POST", f"{W}/ideation", {}, 409, None),
    (
        "ideation: opened out of the tree",
        "alternativas",
        "facilitator",
        "POST",
        f"{W}/ideation",
        {},
        403,
        "wrong_phase",
    ),
    ("card: observer", "arbol_de_problemas", "observer", "POST", f"{W}/ideation/cards", {"text": "Idea"}, 403, None),
    (
        "card: facilitator",
        "arbol_de_problemas",
        "facilitator",
        "POST",
        f"{W}/ideation/cards",
        {"text": "Idea"},
        403,
        None,
    ),
    ("card: empty", "arbol_de_problemas", "ana", "POST", f"{W}/ideation/cards", {"text": ""}, 422, None),
    *[
        (f"card: in {phase}", phase, "ana", "POST", f"{W}/ideation/cards", {"text": "Idea"}, 403, "wrong_phase")
        for phase in ("preparacion", "alternativas", "votacion", "hoja_de_ruta", "cierre")
    ],
    ("reveal: participant", "arbol_de_problemas", "ana", "POST", f"{W}/ideation/reveal", None, 403, None),
    ("reveal: out of the tree", "votacion", "facilitator", "POST", f"{W}/ideation/reveal", None, 403, "wrong_phase"),
    # alternatives and their review
    ("propose: observer", "alternativas", "observer", "POST", f"{W}/alternatives", {"title": "Otra"}, 403, None),
    ("propose: wrong phase", "votacion", "ana", "POST", f"{W}/alternatives", {"title": "Otra"}, 403, "wrong_phase"),
    ("propose: no title", "alternativas", "ana", "POST", f"{W}/alternatives", {"title": ""}, 422, None),
    (
        "dispose: participant",
        "votacion",
        "ana",
        "PUT",
        f"{W}/alternatives/{{a3}}/disposition",
        {"disposition": "not_adopted", "reason": "No"},
        403,
        None,
    ),
    (
        "dispose: bad disposition",
        "votacion",
        "facilitator",
        "PUT",
        f"{W}/alternatives/{{a3}}/disposition",
        {"disposition": "maybe"},
        422,
        None,
    ),
    (
        "dispose: unknown alternative",
        "votacion",
        "facilitator",
        "PUT",
        f"{W}/alternatives/nope/disposition",
        {"disposition": "not_adopted", "reason": "No"},
        404,
        None,
    ),
    (
        "dispose: wrong phase",
        "preparacion",
        "facilitator",
        "PUT",
        f"{W}/alternatives/{{a3}}/disposition",
        {"disposition": "not_adopted", "reason": "No"},
        403,
        "wrong_phase",
    ),
    (
        "split: participant",
        "votacion",
        "ana",
        "POST",
        f"{W}/alternatives/{{a3}}/split",
        {"parts": [{"title": "X"}, {"title": "Y"}]},
        403,
        None,
    ),
    (
        "split: in the open round",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/alternatives/{{a3}}/split",
        {"parts": [{"title": "X"}, {"title": "Y"}]},
        409,
        None,
    ),
    (
        "split: wrong phase",
        "hoja_de_ruta",
        "facilitator",
        "POST",
        f"{W}/alternatives/{{a3}}/split",
        {"parts": [{"title": "X"}, {"title": "Y"}]},
        403,
        "wrong_phase",
    ),
    (
        "criteria: participant",
        "votacion",
        "ana",
        "PUT",
        f"{W}/assessment/criteria",
        {"criteria": [{"label": "Costo"}]},
        403,
        None,
    ),
    (
        "criteria: bad body",
        "votacion",
        "facilitator",
        "PUT",
        f"{W}/assessment/criteria",
        {"criteria": "Costo"},
        422,
        None,
    ),
    (
        "criteria: in cierre",
        "cierre",
        "facilitator",
        "PUT",
        f"{W}/assessment/criteria",
        {"criteria": [{"label": "Costo"}]},
        403,
        "wrong_phase",
    ),
    (
        "assess: participant",
        "votacion",
        "ana",
        "PUT",
        f"{W}/alternatives/{{a3}}/assessment",
        {"criterion": "impacto", "level": "alta"},
        403,
        None,
    ),
    (
        "assess: bad level",
        "votacion",
        "facilitator",
        "PUT",
        f"{W}/alternatives/{{a3}}/assessment",
        {"criterion": "impacto", "level": "enorme"},
        422,
        None,
    ),
    (
        "assess: wrong phase",
        "preparacion",
        "facilitator",
        "PUT",
        f"{W}/alternatives/{{a3}}/assessment",
        {"criterion": "impacto", "level": "alta"},
        403,
        "wrong_phase",
    ),
    # rounds, ballots and decisions
    (
        "open round: participant",
        "votacion",
        "ana",
        "POST",
        f"{W}/rounds",
        {"method": "approval", "options": ["{a2}", "{a3}"]},
        403,
        None,
    ),
    (
        "open round: one already open",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/rounds",
        {"method": "approval", "options": ["{a2}", "{a3}"]},
        409,
        None,
    ),
    (
        "open round: wrong phase",
        "hoja_de_ruta",
        "facilitator",
        "POST",
        f"{W}/rounds",
        {"method": "approval", "options": ["{a2}", "{a3}"]},
        403,
        "wrong_phase",
    ),
    (
        "ballot: facilitator",
        "votacion",
        "facilitator",
        "PUT",
        f"{W}/rounds/{{r3}}/ballot",
        {"approve": ["{a2}"]},
        403,
        None,
    ),
    ("ballot: observer", "votacion", "observer", "PUT", f"{W}/rounds/{{r3}}/ballot", {"approve": ["{a2}"]}, 403, None),
    ("ballot: bad body", "votacion", "ana", "PUT", f"{W}/rounds/{{r3}}/ballot", {"approve": ["nope"]}, 422, None),
    ("ballot: closed round", "votacion", "ana", "PUT", f"{W}/rounds/{{r2}}/ballot", {"approve": ["{a2}"]}, 409, None),
    ("ballot: unknown round", "votacion", "ana", "PUT", f"{W}/rounds/nope/ballot", {"approve": ["{a2}"]}, 404, None),
    *[
        (
            f"ballot: in {phase}",
            phase,
            "ana",
            "PUT",
            f"{W}/rounds/{{r3}}/ballot",
            {"approve": ["{a2}"]},
            403,
            "wrong_phase",
        )
        for phase in ("preparacion", "arbol_de_problemas", "arbol_de_objetivos", "hoja_de_ruta", "cierre")
    ],
    ("close: participant", "votacion", "ana", "POST", f"{W}/rounds/{{r3}}/close", None, 403, None),
    ("close: already closed", "votacion", "facilitator", "POST", f"{W}/rounds/{{r2}}/close", None, 409, None),
    ("close: wrong phase", "cierre", "facilitator", "POST", f"{W}/rounds/{{r3}}/close", None, 403, "wrong_phase"),
    ("decide: participant", "votacion", "ana", "POST", f"{W}/decisions", DECIDE_R2, 403, None),
    (
        "decide: round already decided",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/decisions",
        {**DECIDE_R2, "round_id": "{r1}", "alternative_id": "{a1}"},
        409,
        None,
    ),
    (
        "decide: participant, round still open",
        "votacion",
        "ana",
        "POST",
        f"{W}/decisions",
        {**DECIDE_R2, "round_id": "{r3}"},
        403,
        "not_allowed",
    ),
    (
        "decide: round still open",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/decisions",
        {**DECIDE_R2, "round_id": "{r3}"},
        409,
        None,
    ),
    (
        "decide: not the winner",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/decisions",
        {**DECIDE_R2, "alternative_id": "{a3}"},
        409,
        None,
    ),
    (
        "decide: bad kind",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/decisions",
        {**DECIDE_R2, "kind": "unanimity"},
        422,
        None,
    ),
    *[
        (f"decide: in {phase}", phase, "facilitator", "POST", f"{W}/decisions", DECIDE_R2, 403, "wrong_phase")
        for phase in ("preparacion", "arbol_de_problemas", "arbol_de_objetivos", "hoja_de_ruta", "cierre")
    ],
    # commitments and their roadmap
    (
        "sheet: observer",
        "hoja_de_ruta",
        "observer",
        "PUT",
        f"{W}/commitments/{{c1}}",
        {"assumptions": "Hay enlaces"},
        403,
        None,
    ),
    ("sheet: unknown field", "hoja_de_ruta", "ana", "PUT", f"{W}/commitments/{{c1}}", {"color": "azul"}, 422, None),
    (
        "sheet: unknown commitment",
        "hoja_de_ruta",
        "ana",
        "PUT",
        f"{W}/commitments/nope",
        {"assumptions": "Hay"},
        404,
        None,
    ),
    (
        "status: participant",
        "hoja_de_ruta",
        "ana",
        "POST",
        f"{W}/commitments/{{c1}}/status",
        {"status": "en_revision"},
        403,
        None,
    ),
    (
        "status: unknown status",
        "hoja_de_ruta",
        "facilitator",
        "POST",
        f"{W}/commitments/{{c1}}/status",
        {"status": "firmado"},
        422,
        None,
    ),
    (
        "status: incomplete sheet",
        "hoja_de_ruta",
        "facilitator",
        "POST",
        f"{W}/commitments/{{c1}}/status",
        {"status": "definitivo"},
        None,
        None,
    ),
    (
        "agree roadmap: participant",
        "hoja_de_ruta",
        "ana",
        "POST",
        f"{W}/commitments/{{c1}}/roadmap/agree",
        None,
        403,
        None,
    ),
    (
        "agree roadmap: empty roadmap",
        "hoja_de_ruta",
        "facilitator",
        "POST",
        f"{W}/commitments/{{c1}}/roadmap/agree",
        None,
        422,
        None,
    ),
    (
        "agree roadmap: wrong phase",
        "votacion",
        "facilitator",
        "POST",
        f"{W}/commitments/{{c1}}/roadmap/agree",
        None,
        403,
        "wrong_phase",
    ),
    ("check roadmap: not JSON", "hoja_de_ruta", "ana", "POST", f"{W}/roadmap/check", None, 400, None),
    # the Plan de Acción
    (
        "plan: participant creates",
        None,
        "ana",
        "POST",
        "/api/plans",
        {"workshop_id": "{w}", "title": "Otro"},
        403,
        None,
    ),
    ("plan: no session", None, None, "POST", "/api/plans", {"workshop_id": "{w}", "title": "Otro"}, 401, None),
    (
        "plan: bad details",
        None,
        "facilitator",
        "POST",
        "/api/plans",
        {"workshop_id": "{w}", "title": "x" * 5000},
        422,
        None,
    ),
    ("plan: update without the editor link", None, None, "PUT", P, {"title": "Otro"}, 401, None),
    ("plan: update bad field", None, "editor", "PUT", P, {"start": "mañana"}, 422, None),
    (
        "plan: attach unknown commitment",
        None,
        "editor",
        "POST",
        f"{P}/commitments",
        {"workshop_id": "{w}", "commitment_id": "nope"},
        None,
        None,
    ),
    ("plan: bad origin", None, "editor", "PUT", f"{P}/commitments/{{c1}}", {"origin": "impuesto"}, 422, None),
    ("plan: detach unknown", None, "editor", "DELETE", f"{P}/commitments/nope", None, 404, None),
    ("plan: bad order", None, "editor", "PUT", f"{P}/order", {"order": ["nope"]}, 422, None),
    ("plan: template not a docx", None, "editor", "PUT", f"{P}/template?filename=x.docx", None, 415, None),
    ("plan: delete missing template", None, "editor", "DELETE", f"{P}/template", None, 404, None),
    ("plan: import garbage", None, "facilitator", "POST", "/api/plans/import?workshop_id={w}", None, None, None),
    # the plan's follow-up (server/follow_up.py; route × role in tests/server/test_follow_up_api.py)
    ("follow-up: publish a plan with errors", None, "editor", "POST", f"{P}/publish", None, 422, "not_publishable"),
    ("follow-up: publish with a mesa session", None, "facilitator", "POST", f"{P}/publish", None, 401, None),
    ("follow-up: publish anonymously", None, None, "POST", f"{P}/publish", None, 401, None),
    (
        "follow-up: reporter of an unknown commitment",
        None,
        "editor",
        "POST",
        f"{P}/commitments/nope/reporters",
        {"role": "responsable", "name": "Ana"},
        404,
        None,
    ),
    (
        "follow-up: reporter with a verifier's role",
        None,
        "editor",
        "POST",
        f"{P}/commitments/{{c1}}/reporters",
        {"role": "verificador", "name": "Ana"},
        422,
        None,
    ),
    ("follow-up: verifier without a name", None, "editor", "POST", f"{P}/verifiers", {"name": ""}, 422, None),
    (
        "follow-up: update of an unknown activity",
        None,
        "editor",
        "POST",
        f"{P}/commitments/{{c1}}/activities/nope/updates",
        {"status": "iniciada"},
        404,
        None,
    ),
    (
        "follow-up: verification of an unknown activity",
        None,
        "editor",
        "PUT",
        f"{P}/commitments/{{c1}}/activities/nope/verification",
        {"decision": "verificada"},
        404,
        None,
    ),
    (
        "follow-up: measurement not a number",
        None,
        "editor",
        "POST",
        f"{P}/commitments/{{c1}}/indicators/nope/measurements",
        {"period": "2026-01", "value": "doce"},
        422,
        None,
    ),
    (
        "follow-up: review of an unpublished plan",
        None,
        "editor",
        "POST",
        f"{P}/reviews",
        {"kind": "seguimiento_semestral", "commitments": []},
        409,
        "not_published",
    ),
    # moderation: the timer and the list of speakers
    ("timer: participant", None, "ana", "PUT", f"{W}/timer", {"seconds": 60}, 403, None),
    ("timer: zero", None, "facilitator", "PUT", f"{W}/timer", {"seconds": 0}, 422, None),
    ("timer: negative", None, "facilitator", "PUT", f"{W}/timer", {"seconds": -30}, 422, None),
    ("timer: over 4 h", None, "facilitator", "PUT", f"{W}/timer", {"seconds": 4 * 3600 + 1}, 422, None),
    ("timer: not a number", None, "facilitator", "PUT", f"{W}/timer", {"seconds": "60"}, 422, None),
    ("timer: pause none", None, "facilitator", "PUT", f"{W}/timer", {"action": "pause"}, 409, None),
    ("timer: bad action", None, "facilitator", "PUT", f"{W}/timer", {"action": "rewind"}, 422, None),
    ("timer: not json", None, "facilitator", "PUT", f"{W}/timer", None, 400, None),
    ("timer: stop by participant", None, "ana", "DELETE", f"{W}/timer", None, 403, None),
    ("timer: stop none", None, "facilitator", "DELETE", f"{W}/timer", None, 409, None),
    ("speakers: facilitator queues", None, "facilitator", "POST", f"{W}/speakers", {}, 403, None),
    ("speakers: observer queues", None, "observer", "POST", f"{W}/speakers", {}, 403, None),
    ("speakers: second hand", None, "ana", "POST", f"{W}/speakers", {"kind": "point_of_order"}, 409, None),
    ("speakers: bad kind", None, "beto", "POST", f"{W}/speakers", {"kind": "grito"}, 422, None),
    ("speakers: another mesa", None, "stranger", "POST", f"{W}/speakers", {}, 403, None),
    ("speakers: lower none", None, "beto", "DELETE", f"{W}/speakers/me", None, 404, None),
    ("speakers: participant gives floor", None, "ana", "POST", f"{W}/speakers/next", {}, 403, None),
    (
        "speakers: floor to nobody",
        None,
        "facilitator",
        "POST",
        f"{W}/speakers/next",
        {"participant_id": "nope"},
        404,
        None,
    ),
    ("speakers: stop nobody", None, "facilitator", "POST", f"{W}/speakers/stop", {}, 409, None),
    ("speakers: stop by participant", None, "beto", "POST", f"{W}/speakers/stop", {}, 403, None),
    ("speakers: bad order", None, "facilitator", "PUT", f"{W}/speakers/order", {"order": ["nope"]}, 422, None),
    ("speakers: order by participant", None, "ana", "PUT", f"{W}/speakers/order", {"order": []}, 403, None),
    ("speakers: rules by participant", None, "ana", "PATCH", f"{W}/speakers", {"closed": True}, 403, None),
    ("speakers: bad limit", None, "facilitator", "PATCH", f"{W}/speakers", {"speech_limit_seconds": 0}, 422, None),
    ("speakers: bad flag", None, "facilitator", "PATCH", f"{W}/speakers", {"closed": "sí"}, 422, None),
    ("agenda: participant", None, "ana", "PUT", f"{W}/agenda", {"steps": []}, 403, None),
    ("agenda: not a list", None, "facilitator", "PUT", f"{W}/agenda", {"steps": "todo"}, 422, None),
    (
        "agenda: zero minutes",
        None,
        "facilitator",
        "PUT",
        f"{W}/agenda",
        {"steps": [{"title": "x", "phase": "cierre", "planned_minutes": 0}]},
        422,
        None,
    ),
    ("agenda: start unknown", None, "facilitator", "POST", f"{W}/agenda/current", {"step_id": "nope"}, 404, None),
    ("agenda: start by participant", None, "beto", "POST", f"{W}/agenda/current", {"index": 0}, 403, None),
    ("agenda: finish none", None, "facilitator", "DELETE", f"{W}/agenda/current", None, 409, None),
    ("parking: empty", None, "ana", "POST", f"{W}/parking", {"text": " "}, 422, None),
    ("parking: too long", None, "ana", "POST", f"{W}/parking", {"text": "x" * 301}, 422, None),
    ("parking: decide by participant", None, "ana", "PUT", f"{W}/parking/{{topic}}", {"status": "kept"}, 403, None),
    (
        "parking: dismiss without reason",
        None,
        "facilitator",
        "PUT",
        f"{W}/parking/{{topic}}",
        {"status": "dismissed"},
        422,
        None,
    ),
    ("parking: unknown topic", None, "facilitator", "PUT", f"{W}/parking/nope", {"status": "kept"}, 404, None),
    ("focus: participant", None, "ana", "PUT", f"{W}/focus", {"target": "voting"}, 403, None),
    ("focus: unknown view", None, "facilitator", "PUT", f"{W}/focus", {"target": "cocina"}, 422, None),
    ("join code: participant shows it", None, "ana", "PUT", f"{W}/focus/join", {"shown": True}, 403, None),
    ("join code: observer shows it", None, "observer", "PUT", f"{W}/focus/join", {"shown": True}, 403, None),
    ("join code: a display shows it", None, "display", "PUT", f"{W}/focus/join", {"shown": True}, 403, None),
    ("join code: not a boolean", None, "facilitator", "PUT", f"{W}/focus/join", {"shown": "sí"}, 422, None),
    # the minuta (docs/minutes.md)
    ("attendance: facilitator", None, "facilitator", "POST", f"{W}/attendance/me", {}, 403, None),
    ("attendance: another mesa", None, "stranger", "POST", f"{W}/attendance/me", {}, 403, None),
    ("attendance: bad consent", None, "ana", "POST", f"{W}/attendance/me", {"show_name": "sí"}, 422, None),
    ("minuta: observer amends", None, "observer", "POST", f"{W}/minutes/amendments", AMEND, 403, None),
    ("minuta: amends without attending", None, "beto", "POST", f"{W}/minutes/amendments", AMEND, 403, None),
    ("minuta: another mesa amends", None, "stranger", "POST", f"{W}/minutes/amendments", AMEND, 403, None),
    (
        "minuta: 100,000-character amendment",
        None,
        "ana",
        "POST",
        f"{W}/minutes/amendments",
        {**AMEND, "text": "x" * 100_000},
        None,
        None,
    ),
    ("minuta: answer by participant", None, "ana", "PUT", f"{W}/minutes/amendments/nope", ANSWER, 403, None),
    ("minuta: answer unknown", None, "facilitator", "PUT", f"{W}/minutes/amendments/nope", ANSWER, 404, None),
    ("minuta: approval by participant", None, "ana", "POST", f"{W}/minutes/approval", {}, 403, None),
    ("minuta: approval, nobody attended", None, "facilitator", "POST", f"{W}/minutes/approval", {}, 409, None),
    ("minuta: seal unapproved", None, "facilitator", "POST", f"{W}/minutes/seal", {}, 409, None),
    ("minuta: seal by participant", None, "ana", "POST", f"{W}/minutes/seal", {}, 403, None),
    ("minuta: correct a draft", None, "facilitator", "POST", f"{W}/minutes/corrections", {}, 409, None),
    ("minuta: draft refreshed by participant", None, "ana", "POST", f"{W}/minutes/draft/refresh", {}, 403, None),
    ("minuta: draft refreshed by observer", None, "observer", "POST", f"{W}/minutes/draft/refresh", {}, 403, None),
]


def fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("phase", "who", "method", "path", "body", "status", "code"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_refused_request_changes_nothing(mesa, phase, who, method, path, body, status, code):
    if phase is not None:
        mesa.phase(phase)
    body = fill(body, mesa.ids)
    url = path.format(**mesa.ids)

    def send():
        if body is None and method in ("POST", "PUT"):
            return mesa.api.http.request(method, url, content=b"not json", headers=mesa.headers(who))
        return mesa.api.http.request(method, url, json=body, headers=mesa.headers(who))

    assert_refused(mesa.db, send, status=status, code=code)


def test_every_state_changing_route_has_a_refusal_case():
    app = create_app(Settings.from_env({}))
    written = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/")
        for method in (route.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
    }
    covered = {(method, path.split("?", 1)[0]) for _, _, _, method, path, *_ in CASES}
    missing = sorted((m, p) for m, p in written if not any(m == cm and _same(p, cp) for cm, cp in covered))
    assert not missing, missing


def _same(route: str, case: str) -> bool:
    """``/api/workshops/{workshop_id}/x`` and ``/api/workshops/{w}/x``."""
    a, b = route.split("/"), case.split("/")
    return len(a) == len(b) and all(
        x == y or (x.startswith("{") and y.startswith("{")) or (x.startswith("{") and y == "nope")
        for x, y in zip(a, b, strict=True)
    )


PHASES = (
    "preparacion",
    "arbol_de_problemas",
    "arbol_de_objetivos",
    "alternativas",
    "votacion",
    "hoja_de_ruta",
    "cierre",
)
VOTING_PHASES = {"alternativas", "votacion"}
TREE_PHASES = {"arbol_de_problemas", "arbol_de_objetivos"}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("who", ["facilitator", "ana", "observer"])
def test_ballots_and_cards_across_roles_and_phases(mesa, who, phase):
    """Only participants vote, only in the voting phases; only participants
    write cards, only while the tree is open. Every refusal stores nothing."""
    mesa.phase(phase)
    for path, body, open_phases in [
        ("/api/workshops/{w}/rounds/{r3}/ballot", {"approve": [mesa.ids["a2"]]}, VOTING_PHASES),
        ("/api/workshops/{w}/ideation/cards", {"text": f"Idea en {phase}"}, TREE_PHASES),
    ]:
        method = "PUT" if path.endswith("ballot") else "POST"

        def send(path=path, body=body, method=method):
            return mesa.api.http.request(method, path.format(**mesa.ids), json=body, headers=mesa.headers(who))

        if who != "ana":
            assert_refused(mesa.db, send, status=403, code="not_allowed")
        elif phase not in open_phases:
            assert_refused(mesa.db, send, status=403, code="wrong_phase")
        else:
            assert send().status_code in (200, 201)
