"""Regression tests for what an outside review of the HTTP API found
(issue 11, items 10, 11 and 14): session fixation, 5xx from hostile input,
rate limits, CSRF without Origin, revocation, tokens in URLs, the Host
header, invisible characters in names, silent coercion, headers, banner."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from server.errors import UnhandledErrors
from server.sync.protocol import CloseCode
from tests.server.test_plans_api import create_plan
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The module's shared server: the hostile walks send many wrong join
    codes, which must not throttle the later tests (the limit has its own)."""
    tmp = tmp_path_factory.mktemp("hardening")
    server = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", join_guesses_per_minute=1_000_000)
    server.start()
    yield server
    server.kill()


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def error_of(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]


def cookie(w):
    return f"cocrea_s_{w['id']}"


# -- 11: no 5xx from any input ------------------------------------------------


def test_a_lone_surrogate_in_any_field_is_a_422_naming_it(api):
    w = api.create_workshop()
    raw = '{"title": "Mesa \\ud800", "problem_statement": "P", "entity": "E"}'
    r = api.http.post("/api/workshops", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and error_of(r)["field"] == "title"
    raw = json.dumps({"join_code": w["join_code"], "name": "Ana", "sector": "ciudadania"})[:-1]
    raw += ', "organization": "\\udfff"}'
    r = api.http.post(f"/api/workshops/{w['id']}/participants", content=raw)
    assert r.status_code == 422 and error_of(r)["field"] == "organization"
    api.set_phase(w, "alternativas")
    raw = '{"title": "Alt", "addresses": [], "description": "a\\ud800b"}'
    r = api.http.post(f"/api/workshops/{w['id']}/alternatives", content=raw, headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and error_of(r)["field"] == "description"
    raw = '{"criteria": [{"id": "x", "label": "\\ud800"}]}'
    r = api.http.put(f"/api/workshops/{w['id']}/assessment/criteria", content=raw, headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and error_of(r)["field"] == "criteria[0].label"
    assert api.http.get("/healthz").status_code == 200


@pytest.mark.parametrize("created_at", [1e300, 2**63, 2**64 + 5])
def test_a_tree_import_with_an_impossible_creation_time_is_refused(api, created_at):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    node = {"id": "p", "kind": "problem", "text": "Problema", "created_at": created_at}
    body = json.dumps({"schema": "cocrea.tree/1", "nodes": [node], "edges": []})
    url = f"/api/workshops/{w['id']}/tree/import"
    r = api.http.post(url, content=body, headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and error_of(r)["field"].endswith("created_at")
    assert api.tree(w)["nodes"] == []


def plan_document(api, w):
    plan, token = create_plan(api, w)
    return plan, token, api.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token)).content


@pytest.mark.parametrize("bad_id", ["a b", "plan;x", "plán", "a=b", "x" * 65])
def test_a_plan_import_whose_id_is_no_cookie_name_is_refused_and_stores_nothing(api, bad_id):
    w = api.create_workshop()
    plan, _, document = plan_document(api, w)
    data = json.loads(document)
    data["id"] = bad_id
    url = f"/api/plans/import?workshop_id={w['id']}"
    r = api.http.post(url, content=json.dumps(data), headers=auth(w["facilitator_token"]))
    assert r.status_code == 422 and error_of(r)["field"] == "id"
    data["id"] = "plan-ok-" + plan["id"]
    assert api.http.post(url, content=json.dumps(data), headers=auth(w["facilitator_token"])).status_code == 201
    data["id"] = bad_id
    r = api.http.post(url, content=json.dumps(data), headers=auth(w["facilitator_token"]))
    assert r.status_code == 422  # never a 409: nothing was stored the first time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unhandled_error_is_json_and_the_connection_stays_usable():
    async def boom(request):
        raise RuntimeError("a bug")

    async def fine(request):
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/boom", boom), Route("/fine", fine)], middleware=[Middleware(UnhandledErrors)])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            for _ in range(3):
                r = client.get("/boom")
                assert r.status_code == 500 and error_of(r)["code"] == "internal_error"
                assert client.get("/fine").text == "ok"  # same keep-alive connection
    finally:
        server.should_exit = True
        thread.join(10)


HOSTILE_VALUES = [
    "\ud800",
    1e300,
    2**64,
    -(2**63) - 1,
    None,
    True,
    [],
    {},
    json.loads("[" * 60 + "]" * 60),
    "x" * 5000,
    "\u202eevil",
    "",
]
RAW_BODIES = [b"", b"null", b"[]", b'"x"', b"{", b"\xff\xfe", b'{"a": NaN}', b"1e99999"]


def plausible(name, spec, ids):
    """A value the route would likely accept, so that one hostile field
    beside it gets past the others' validation."""
    if name in ids:
        return ids[name]
    if name == "join_code":
        return ids["code"]
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return {"boolean": True, "integer": 1, "number": 1, "array": [], "object": {}}.get(kind, "Texto válido")


def refusal_shape(path: str, r: httpx.Response) -> bool:
    """An API refusal is ``{"error": …}``; a page described in the OpenAPI
    (the public plan page) refuses with the app's HTML error page."""
    if not path.startswith("/api/"):
        return r.headers.get("content-type", "").startswith("text/html")
    return "error" in r.json()


def test_hostile_values_on_every_route_never_give_a_5xx(api):
    """Walk every operation of the OpenAPI description with hostile bodies,
    as the facilitator of a real workshop and the editor of a real plan."""
    w = api.create_workshop()
    plan, plan_token, _ = plan_document(api, w)
    spec = api.http.get("/openapi.json").json()
    ids = {"workshop_id": w["id"], "plan_id": plan["id"], "format": "json", "code": w["join_code"]}
    tokens = {"/api/plans/{plan_id}": plan_token}
    seen = 0
    failures = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            url = path
            for name in [p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"]:
                url = url.replace("{" + name + "}", ids.get(name, "x"))
            token = next((t for prefix, t in tokens.items() if path.startswith(prefix)), w["facilitator_token"])
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            properties = schema.get("properties", {}) or {"id": {}, "text": {}, "nodes": {}}
            valid = {name: plausible(name, spec, ids) for name, spec in properties.items()}
            bodies = [
                json.dumps(body).encode()
                for value in HOSTILE_VALUES
                for body in (dict.fromkeys(valid, value), *({**valid, name: value} for name in valid))
            ] + RAW_BODIES
            if method in ("get", "delete"):
                bodies = [b""]
            for body in bodies:
                r = api.http.request(method.upper(), url, content=body, headers=auth(token))
                seen += 1
                if r.status_code >= 500 or (r.status_code >= 400 and not refusal_shape(path, r)):
                    failures.append((method, url, body[:80], r.status_code, r.text[:200]))
    assert not failures, failures[:10]
    assert seen > 1000
    assert api.http.get("/healthz").status_code == 200


HOSTILE_SEGMENTS = ["%ED%A0%80", "%FF", "%00", "x" * 3000, "%E2%80%AE"]
PAGES = {
    "/w/{workshop_id}": ["get"],
    "/w/{workshop_id}/identity": ["post"],
    "/planes/{plan_id}/identity": ["post"],
    "/planes/{plan_id}/seguimiento": ["get"],
    "/j/{code}": ["get"],
}


def test_hostile_path_segments_queries_and_cookies_never_give_a_5xx(api):
    w = api.create_workshop()
    spec = api.http.get("/openapi.json").json()
    operations = {path: list(ops) for path, ops in spec["paths"].items()} | PAGES | {"/planes/{plan_id}": ["get"]}
    failures = []
    for path, methods in operations.items():
        for segment in HOSTILE_SEGMENTS:
            url = re.sub(r"\{[a-z_]+\}", segment, path)
            jar = {"cocrea_s_": "%ff", "cocrea_p_": "x", "cocrea_prev_": "y", "cocrea_pprev_": "z", "cocrea_f_": "f"}
            cookies = {"Cookie": "; ".join(f"{prefix}{segment}={value}" for prefix, value in jar.items())}
            for method in methods:
                for headers in (auth(w["facilitator_token"]), cookies):
                    r = api.http.request(method.upper(), url, headers=headers)
                    if r.status_code >= 500:
                        failures.append((method, url[:80], r.status_code))
    for query in ("?lang=%FF", "?key=%ED%A0%80", "?key=" + "x" * 5000, "?clave=%ff"):
        for page in (f"/w/{w['id']}", "/planes/x", "/"):
            if api.http.get(page + query).status_code >= 500:
                failures.append(("get", page + query[:30]))
    assert not failures, failures[:10]


# -- 10: a private link never silently replaces a session ---------------------


def test_a_private_link_asks_before_replacing_the_browsers_session(api):
    w = api.create_workshop(facilitator_name="Fátima")
    eve = api.join(w, name="Eva")
    origin = {"Origin": api.server.url}
    with httpx.Client(base_url=api.server.url, timeout=10) as browser:
        assert browser.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=True).status_code == 200
        r = browser.get(f"/w/{w['id']}?key={eve['token']}", follow_redirects=False)
        assert r.status_code == 200 and "set-cookie" not in r.headers
        assert "Fátima" in r.text and "Eva" in r.text and r.headers["cache-control"] == "no-store"
        assert browser.cookies[cookie(w)] == w["facilitator_token"]
        # Only an explicit, same-origin POST switches (a cross-site form cannot).
        for headers in ({}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            r = browser.post(f"/w/{w['id']}/identity", data={"key": eve["token"]}, headers=headers)
            assert r.status_code == 403 and "set-cookie" not in r.headers
        r = browser.post(f"/w/{w['id']}/identity", data={"key": eve["token"]}, headers=origin, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/w/{w['id']}"
        assert browser.cookies[cookie(w)] == eve["token"]
        assert browser.cookies[f"cocrea_prev_{w['id']}"] == w["facilitator_token"]
        # The room offers to become Fátima again; that swaps the two.
        page = browser.get(f"/w/{w['id']}").text
        assert '"name": "Eva"' in page and 'value="restore"' in page and "Fátima" in page
        r = browser.post(f"/w/{w['id']}/identity", data={"action": "restore"}, headers=origin, follow_redirects=False)
        assert r.status_code == 303
        assert browser.cookies[cookie(w)] == w["facilitator_token"]
        assert browser.cookies[f"cocrea_prev_{w['id']}"] == eve["token"]
        assert '"role": "facilitator"' in browser.get(f"/w/{w['id']}").text


def test_a_private_link_in_a_browser_without_a_session_just_signs_in(api):
    w = api.create_workshop()
    r = api.http.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=False)
    assert r.status_code == 303 and r.cookies.get(cookie(w)) == w["facilitator_token"]
    with api.browser_like({cookie(w): w["facilitator_token"]}) as browser:
        same = browser.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=False)
        assert same.status_code == 303  # the same person: nothing to ask


# -- 14a: rate limits against guessing and flooding ---------------------------


def test_failed_join_code_guesses_are_limited_per_address(make_server, make_api):
    api = make_api(make_server(join_guesses_per_minute=5))
    w = api.create_workshop()
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        assert api.http.get(f"/api/join/{guess}").status_code == 404
    wrong = {"join_code": "ZZZZZZ", "name": "Eve", "sector": "ciudadania"}
    for _ in range(2):
        assert api.http.post(f"/api/workshops/{w['id']}/participants", json=wrong).status_code == 403
    for url in ("/api/join/DDDDDD", f"/api/join/{w['join_code']}"):  # even a right guess: no oracle
        r = api.http.get(url)
        assert r.status_code == 429 and error_of(r)["code"] == "too_many_requests"
        assert 1 <= int(r.headers["retry-after"]) <= 60
    assert api.http.get(f"/j/{w['join_code']}").status_code == 429
    right = {"join_code": w["join_code"], "name": "Ana", "sector": "ciudadania"}
    assert api.http.post(f"/api/workshops/{w['id']}/participants", json=right).status_code == 429


def test_a_venue_behind_one_address_joins_whatever_the_limit(make_server, make_api):
    api = make_api(make_server(join_guesses_per_minute=5))
    w = api.create_workshop()
    started = time.monotonic()
    for i in range(300):
        if i % 100 == 0:  # a few typos on the way
            assert api.http.get("/api/join/AAAAAA").status_code == 404
        assert api.http.get(f"/api/join/{w['join_code']}").status_code == 200
        api.join(w, name=f"Persona {i}")
    assert time.monotonic() - started < 60
    r = api.http.get(f"/api/workshops/{w['id']}/participants", headers=auth(w["facilitator_token"]))
    assert len(r.json()["participants"]) == 301


def test_workshop_creation_floods_are_limited_per_address(make_server, make_api):
    api = make_api(make_server(workshops_per_hour=3))
    for _ in range(3):
        api.create_workshop()
    r = api.http.post("/api/workshops", json={"title": "T", "problem_statement": "P", "entity": "E"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


# -- 14b: cookie writes need our Origin ---------------------------------------


def test_cookie_writes_need_a_matching_origin_or_same_origin_fetch(api):
    w = api.create_workshop()
    url = f"/api/workshops/{w['id']}/phase"
    wrong_scheme = api.server.url.replace("http://", "https://")
    with api.browser_like({cookie(w): w["facilitator_token"]}) as browser:
        for headers in ({}, {"Origin": wrong_scheme}, {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"}):
            r = browser.put(url, json={"phase": "cierre"}, headers=headers)
            assert r.status_code == 403 and error_of(r)["code"] == "bad_origin", headers
        assert browser.put(url, json={"phase": "cierre"}, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
        assert browser.put(url, json={"phase": "cierre"}, headers={"Origin": api.server.url}).status_code == 200
    assert api.set_phase(w, "alternativas").status_code == 200  # Bearer: no Origin needed
    # Joining sets a cookie: refused when a browser says it is cross-site.
    body = {"join_code": w["join_code"], "name": "Eve", "sector": "ciudadania"}
    r = api.http.post(f"/api/workshops/{w['id']}/participants", json=body, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and "set-cookie" not in r.headers


# -- 14c: cookie expiry and revocation ----------------------------------------


async def test_the_facilitator_revokes_a_participant_and_their_sockets_close(api):
    w = api.create_workshop()
    ana, bea = api.join(w, name="Ana"), api.join(w, name="Bea")
    url = f"/api/workshops/{w['id']}/participants/{ana['participant_id']}/revoke"
    client = await YClient(api.ws(w), ana["token"]).connect()
    await client.wait_synced()
    assert api.http.post(url, headers=auth(bea["token"])).status_code == 403
    r = api.http.post(url, headers=auth(w["facilitator_token"]))
    assert r.status_code == 200 and r.json()["revoked"] is True
    assert await client.wait_closed() == CloseCode.UNAUTHORIZED
    r = api.http.get(f"/api/workshops/{w['id']}", headers=auth(ana["token"]))
    assert r.status_code == 401 and error_of(r)["code"] == "revoked"
    again = await YClient(api.ws(w), ana["token"]).connect()
    assert await again.wait_closed() == CloseCode.UNAUTHORIZED
    assert api.http.get(f"/api/workshops/{w['id']}", headers=auth(bea["token"])).status_code == 200
    people = api.http.get(f"/api/workshops/{w['id']}/participants", headers=auth(w["facilitator_token"])).json()
    assert {p["name"]: p["revoked"] for p in people["participants"]} == {
        "Facilitación": False,
        "Ana": True,
        "Bea": False,
    }
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=auth(w["facilitator_token"])).json()
    assert [e["kind"] for e in events["events"]].count("participant_revoked") == 1
    me = f"/api/workshops/{w['id']}/participants/{people['participants'][0]['id']}/revoke"
    assert api.http.post(me, headers=auth(w["facilitator_token"])).status_code == 422


def test_session_cookies_expire_after_the_configured_days(make_server, make_api):
    api = make_api(make_server(session_cookie_days=2))
    r = api.http.post("/api/workshops", json={"title": "T", "problem_statement": "P", "entity": "E"})
    assert "Max-Age=172800" in r.headers["set-cookie"]


# -- 14d: no tokens in HTTP URLs ----------------------------------------------


def test_a_token_in_the_query_string_is_ignored_by_the_http_api(api):
    w = api.create_workshop()
    r = api.http.get(f"/api/workshops/{w['id']}?token={w['facilitator_token']}")
    assert r.status_code == 401


# -- 14e: the Host header ------------------------------------------------------


def test_an_unknown_host_is_refused_and_known_ones_build_links(make_server, make_api):
    server = make_server(allowed_hosts="mesa.example.org")
    api = make_api(server)
    r = api.http.post(
        "/api/workshops", json={"title": "T", "problem_statement": "P", "entity": "E"}, headers={"Host": "evil.example"}
    )
    assert r.status_code == 400 and error_of(r)["code"] == "bad_host"
    r = api.http.get("/healthz", headers={"Host": f"localhost:{server.port}"})
    assert r.status_code == 200
    r = api.http.post(
        "/api/workshops",
        json={"title": "T", "problem_statement": "P", "entity": "E"},
        headers={"Host": "mesa.example.org"},
    )
    assert r.status_code == 201 and r.json()["join_url"].startswith("http://mesa.example.org/j/")


def test_with_a_public_url_the_room_page_uses_it_whatever_the_host(make_server, make_api):
    api = make_api(make_server(public_url="https://cocrea.example.org"))
    w = api.create_workshop()
    with api.browser_like({cookie(w): w["facilitator_token"]}) as browser:
        page = browser.get(f"/w/{w['id']}", headers={"Host": "other.example"}).text
    assert '"ws_url": "wss://cocrea.example.org/ws"' in page


# -- 14f, 14g: names and silent coercion --------------------------------------


def test_invisible_characters_are_removed_from_names(api):
    w = api.create_workshop(facilitator_name="Fa\u200bti\u202ema", entity="Tolu\u2066ca")
    me = api.http.get(f"/api/workshops/{w['id']}", headers=auth(w["facilitator_token"])).json()
    assert me["me"]["name"] == "Fatima" and me["entity"] == "Toluca"
    p = api.join(w, name="\u202eanA\u200d", organization="Org\ufeff A\u2069")
    people = api.http.get(f"/api/workshops/{w['id']}/participants", headers=auth(p["token"])).json()
    assert {(x["name"], x["organization"]) for x in people["participants"]} >= {("anA", "Org A")}
    body = {"join_code": w["join_code"], "name": "\u200b\u200e", "sector": "ciudadania"}
    r = api.http.post(f"/api/workshops/{w['id']}/participants", json=body)
    assert r.status_code == 422 and error_of(r)["field"] == "name"


def test_an_alternative_description_is_refused_rather_than_coerced(api):
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    url = f"/api/workshops/{w['id']}/alternatives"
    for description, reason in ((42, "texto"), ({"a": 1}, "texto"), ("x" * 4001, "4000")):
        r = api.http.post(url, json={"title": "A", "description": description}, headers=auth(w["facilitator_token"]))
        assert r.status_code == 422 and error_of(r)["field"] == "description" and reason in error_of(r)["message"]
    listed = api.http.get(url, headers=auth(w["facilitator_token"])).json()
    assert listed["alternatives"] == [] if isinstance(listed, dict) else listed == []
    r = api.http.post(url, json={"title": "A", "description": "y" * 4000}, headers=auth(w["facilitator_token"]))
    assert r.status_code == 201 and r.json()["description"] == "y" * 4000


# -- 14h, 14i: headers and the banner -----------------------------------------


def test_every_response_says_nosniff_and_private_ones_are_not_stored(api):
    w = api.create_workshop()
    for url in ("/healthz", "/", f"/j/{w['join_code']}", "/api/join/AAAAAA", "/openapi.json"):
        assert api.http.get(url).headers["x-content-type-options"] == "nosniff", url
    base = f"/api/workshops/{w['id']}"
    for url in (base, f"{base}/participants", f"{base}/events"):
        r = api.http.get(url, headers=auth(w["facilitator_token"]))
        assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff", url
    r = api.http.post("/api/workshops", json={"title": "T", "problem_statement": "P", "entity": "E"})
    assert r.headers["cache-control"] == "no-store"  # it carries the facilitator's token


def test_the_startup_banner_names_the_real_port(make_server, tmp_path):
    server = make_server(seed_demo="true")
    log = Path(server.log_path).read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{server.port}/j/" in log and ":8000/" not in log
