from __future__ import annotations

import re
from pathlib import Path

from server import pages
from server.log_redaction import CREDENTIAL_PARAMS, redact
from tests.server.test_plans_api import create_plan
from tests.support.yclient import YClient

SERVER_DIR = Path(__file__).resolve().parents[2] / "server"
# Query parameters the server reads that carry no credential.
PLAIN_PARAMS = {"lang", "layout", "workshop_id", "filename"}


async def test_tokens_never_reach_the_log(api, live_server):
    w = api.create_workshop()
    api.http.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=False)
    async with YClient(api.ws(w), w["facilitator_token"]) as client:
        await client.wait_synced()
    log = live_server.log()
    assert f"/ws/{w['id']}/tree?token=[redacted]" in log
    assert f"/w/{w['id']}?key=[redacted]" in log
    assert w["facilitator_token"] not in log


def test_no_credential_reaches_the_log_on_any_page_route(api, live_server):
    w = api.create_workshop()
    plan, plan_key = create_plan(api, w)
    secrets = {"key": w["facilitator_token"], "clave": plan_key, "token": w["facilitator_token"] + "x"}
    values = {"code": w["join_code"], "workshop_id": w["id"], "plan_id": plan["id"]}
    paths = [re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], route.path) for route in pages.routes]
    assert len(paths) == len(pages.routes) >= 4
    for path in paths:
        for name, secret in secrets.items():
            # As sent, behind another parameter, and with the name percent-encoded.
            encoded = f"{name[0]}%{ord(name[1]):02X}{name[2:]}"
            for query in (f"?{name}={secret}", f"?lang=en&{name}={secret}", f"?{encoded}={secret}"):
                r = api.http.get(path + query, follow_redirects=False)
                assert r.status_code < 500, (path, r.text)
    log = live_server.log_path.read_text(errors="replace")
    for secret in secrets.values():
        assert secret not in log
    assert f"/planes/{plan['id']}?clave=[redacted]" in log


def test_every_query_parameter_the_server_reads_is_known_secret_or_plain():
    read = set()
    for source in SERVER_DIR.rglob("*.py"):
        read |= set(re.findall(r"query_params\.get\(\s*\"(\w+)\"", source.read_text()))
    assert read, "no query parameter found: the pattern is out of date"
    assert read <= CREDENTIAL_PARAMS | PLAIN_PARAMS, read - CREDENTIAL_PARAMS - PLAIN_PARAMS


def test_redaction_keeps_everything_else():
    line = '127.0.0.1:5 - "GET /planes/p1?lang=en&clave=abc.def-1&x=2 HTTP/1.1" 303'
    assert redact(line) == '127.0.0.1:5 - "GET /planes/p1?lang=en&clave=[redacted]&x=2 HTTP/1.1" 303'
    assert redact("/w/1?KEY=s3cret") == "/w/1?KEY=[redacted]"
    assert redact("/w/1?monkey=banana") == "/w/1?monkey=banana"
