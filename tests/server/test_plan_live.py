"""A plan's ``live`` document (``/ws/plans/<plan_id>/live``): after every
write to a plan or its follow-up, by anyone, the server bumps a topic's
version there, so every open page of the plan (its editors', the holders of
its follow-up links', the public's once published) reads it again. Written
by the server alone; readers are the plan's editors and link holders, and
anyone once the plan is published."""

from __future__ import annotations

from typing import Any

from pycrdt import Map

from server.live import read_live
from server.sync.protocol import CloseCode
from tests.conftest import Api
from tests.server.test_follow_up_api import Plan, import_plan, plan, server  # noqa: F401
from tests.server.test_scale_out import REDIS_URL, connected, drop_keys, new_prefix, shared_database  # noqa: F401
from tests.server.test_scale_out import WAIT as SCALED_WAIT
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient, eventually
from workshops.document_schema import (
    LIVE_TOPICS,
    PLAN_TOPIC_FOLLOW_UP,
    PLAN_TOPIC_HISTORY,
    PLAN_TOPIC_PLAN,
    PLAN_TOPIC_TEMPLATE,
)

WAIT = 10.0
REPORT = {"status": "por_verificar", "note": "Listo", "links": ["https://example.org/evidencia"]}


def live_url(shared: Plan, plan_id: str | None = None) -> str:
    return f"{shared.api.server.ws_url}/plans/{plan_id or shared.id}/live"


def versions(client: YClient) -> dict[str, Any]:
    return read_live(client.doc)[LIVE_TOPICS]


def version(client: YClient, topic: str) -> int:
    return int(versions(client).get(topic) or 0)


async def reader(shared: Plan, who: str | None) -> YClient:
    client = await YClient(live_url(shared), shared.tokens[who] if who else None).connect()
    await client.wait_synced(WAIT)
    return client


async def test_a_report_reaches_the_verifiers_open_page(plan):  # noqa: F811
    verifier = await reader(plan, "verifier")
    try:
        before = version(verifier, PLAN_TOPIC_FOLLOW_UP)
        history = version(verifier, PLAN_TOPIC_HISTORY)
        r = plan.send("POST", plan.update_path(), "responsable", json=REPORT)
        assert r.status_code == 201, r.text
        await eventually(lambda: version(verifier, PLAN_TOPIC_FOLLOW_UP) == before + 1, WAIT, str(versions(verifier)))
        assert version(verifier, PLAN_TOPIC_HISTORY) == history + 1
        # The verification, the measurement: each one more.
        body = {"decision": "verificada"}
        assert plan.send("PUT", plan.verification_path(), "editor", json=body).status_code == 200
        await eventually(lambda: version(verifier, PLAN_TOPIC_FOLLOW_UP) == before + 2, WAIT)
        measurement = {"period": "2026-01", "value": 3}
        r = plan.send("POST", plan.measurement_path(), "responsable", json=measurement)
        assert r.status_code == 201, r.text
        await eventually(lambda: version(verifier, PLAN_TOPIC_FOLLOW_UP) == before + 3, WAIT)
        # A refused report pushes nothing.
        assert plan.send("POST", plan.update_path("k-red"), "responsable", json=REPORT).status_code == 403
        assert version(verifier, PLAN_TOPIC_FOLLOW_UP) == before + 3
    finally:
        await verifier.close()


async def test_an_editors_change_reaches_the_other_editor(plan):  # noqa: F811
    other = await reader(plan, "editor")
    try:
        before = version(other, PLAN_TOPIC_PLAN)
        detail = plan.send("GET", "", "editor").json()
        order = [c["commitment"]["id"] for c in detail["commitments"]][::-1]
        assert plan.send("PUT", "/order", "editor", json={"order": order}).status_code == 200
        await eventually(lambda: version(other, PLAN_TOPIC_PLAN) == before + 1, WAIT, str(versions(other)))
        r = plan.send("PUT", "/commitments/k-red", "editor", json={"origin": "proactivo"})
        assert r.status_code == 200, r.text
        await eventually(lambda: version(other, PLAN_TOPIC_PLAN) == before + 2, WAIT)
        template = version(other, PLAN_TOPIC_TEMPLATE)
        assert plan.send("DELETE", "/template", "editor").status_code == 404  # none yet: nothing pushed
        assert plan.send("DELETE", "/commitments/k-red", "editor").status_code == 200
        await eventually(lambda: version(other, PLAN_TOPIC_PLAN) == before + 3, WAIT)
        assert version(other, PLAN_TOPIC_TEMPLATE) == template
    finally:
        await other.close()


async def test_nobody_writes_it_and_it_holds_no_private_state(plan):  # noqa: F811
    client = await reader(plan, "editor")
    try:
        link = plan.ok("POST", "/verifiers", "editor", json={"name": "Otra persona", "organization": "INFOEM"})
        await eventually(lambda: version(client, PLAN_TOPIC_FOLLOW_UP) >= 1, WAIT)
        data = client.doc.get_update()
        for secret in (link["token"], *plan.tokens.values(), b"Otra persona"):
            assert (secret if isinstance(secret, bytes) else secret.encode()) not in data
        assert client.server_state()["editable_by"] == []
        client.doc.get(LIVE_TOPICS, type=Map)[PLAN_TOPIC_PLAN] = 1000
        assert await client.wait_closed(WAIT) == CloseCode.FORBIDDEN
        assert "solo lectura" in client.close_reason
    finally:
        await client.close()


async def test_who_may_read_it_before_and_after_publishing(plan):  # noqa: F811
    for who in ("editor", "responsable", "corresponsable", "verifier"):
        client = await reader(plan, who)
        await client.close()
    refusals = (
        (None, CloseCode.UNAUTHORIZED),
        ("not-a-token", CloseCode.UNAUTHORIZED),
        (plan.tokens["other_plan"], CloseCode.FORBIDDEN),
    )
    for token, code in refusals:
        async with YClient(live_url(plan), token) as client:
            assert await client.wait_closed(WAIT) == code, client.close_reason
    async with YClient(live_url(plan, "no-such-plan"), plan.tokens["editor"]) as client:
        assert await client.wait_closed(WAIT) == CloseCode.NOT_FOUND
    # Published: anyone reads it, and sees what changes next.
    plan.ok("POST", "/publish", "editor")
    public = await reader(plan, None)
    try:
        before = version(public, PLAN_TOPIC_FOLLOW_UP)
        assert plan.send("POST", plan.update_path(), "responsable", json=REPORT).status_code == 201
        await eventually(lambda: version(public, PLAN_TOPIC_FOLLOW_UP) == before + 1, WAIT)
    finally:
        await public.close()
    # A wrong token is still refused, published or not.
    async with YClient(live_url(plan), "not-a-token") as client:
        assert await client.wait_closed(WAIT) == CloseCode.UNAUTHORIZED


async def test_a_report_through_one_process_reaches_a_reader_of_the_other(shared_database, tmp_path):  # noqa: F811
    prefix = new_prefix()
    servers = [
        LiveServer(shared_database, tmp_path / f"server-{i}.log", redis_url=REDIS_URL, redis_prefix=prefix)
        for i in range(2)
    ]
    apis: list[Api] = []
    try:
        for one in servers:
            one.start(timeout=90)
            apis.append(Api(one))
        shared = import_plan(apis[0], tmp_path / "unused.db")
        link = shared.ok("POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "A"})
        shared.tokens["responsable"] = link["token"]
        url = f"{servers[1].ws_url}/plans/{shared.id}/live"
        async with connected(url, shared.tokens["editor"]) as client:
            before = version(client, PLAN_TOPIC_FOLLOW_UP)
            assert shared.send("POST", shared.update_path(), "responsable", json=REPORT).status_code == 201
            await eventually(lambda: version(client, PLAN_TOPIC_FOLLOW_UP) == before + 1, SCALED_WAIT)
    finally:
        for api in apis:
            api.http.close()
        for one in servers:
            one.kill()
        drop_keys(prefix)
