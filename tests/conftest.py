from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import settings

from server.openapi import OPENAPI
from tests.support.live_server import LiveServer
from tests.support.openapi_conformance import Collector, Conformance, install

# Property tests check what is true, not how fast: on a two-core machine
# running servers and browsers beside them, hypothesis' 200 ms deadline per
# example failed a correct test (DeadlineExceeded, then Flaky).
settings.register_profile("cocrea", deadline=None)
settings.load_profile("cocrea")

TESTS_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = TESTS_DIR.parent / "test-artifacts"
# Where every /api answer a test receives is checked against /openapi.json.
CONFORMANCE_CHECKED = (TESTS_DIR / "server",)
POSTGRES_SERVER_URL = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_CONNECT_TIMEOUT = 10


async def _admin(database_url: str, sql: str) -> None:
    conn = await asyncpg.connect(database_url, timeout=POSTGRES_CONNECT_TIMEOUT)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    # Unreachable PostgreSQL is an error here, never a skip: CI has one.
    name = f"cocrea_test_{uuid.uuid4().hex}"
    asyncio.run(_admin(f"{POSTGRES_SERVER_URL}/postgres", f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_SERVER_URL}/{name}"
    finally:
        asyncio.run(_admin(f"{POSTGRES_SERVER_URL}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    # A fresh schema per test gives PostgreSQL the same isolation as a SQLite
    # file in tmp_path; asyncpg passes unknown URL parameters as server settings.
    schema = f"t_{uuid.uuid4().hex}"
    asyncio.run(_admin(postgres_database, f'CREATE SCHEMA "{schema}"'))
    return f"{postgres_database}?search_path={schema}"


@pytest.fixture(scope="session")
def openapi_collector() -> Iterator[Collector]:
    collector = Collector(Conformance(OPENAPI))
    with install(collector):
        yield collector


@pytest.fixture(autouse=True)
def openapi_conformance(request: pytest.FixtureRequest, openapi_collector: Collector) -> Iterator[None]:
    """Fail the test that received an /api answer the OpenAPI description does
    not allow (an undescribed status, or a body outside the described schema).
    Opt out with ``@pytest.mark.openapi_unchecked(reason=...)`` only where the
    test means to receive something the description cannot describe."""
    checked = any(request.path.is_relative_to(d) for d in CONFORMANCE_CHECKED)
    opted_out = request.node.get_closest_marker("openapi_unchecked") is not None
    openapi_collector.active = checked and not opted_out
    openapi_collector.problems = []
    yield
    openapi_collector.active = False
    problems, openapi_collector.problems = openapi_collector.problems, []
    if problems:
        unique = list(dict.fromkeys(problems))
        pytest.fail("answers the OpenAPI description does not allow:\n" + "\n".join(unique), pytrace=False)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start real servers (each on its own SQLite file unless told otherwise)."""
    servers: list[LiveServer] = []

    def start(database_url: str | None = None, **settings: Any) -> LiveServer:
        url = database_url or f"sqlite:///{tmp_path}/cocrea-{len(servers)}.db"
        server = LiveServer(url, tmp_path / f"server-{len(servers)}.log", **settings)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.kill()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server shared by a module's tests (each test makes its own workshop)."""
    tmp = tmp_path_factory.mktemp("live")
    server = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=1)
    server.start()
    yield server
    server.kill()


# What the join page sends once the person ticks both boxes (the server
# refuses a join without them).
ACCEPTANCES = {"accept_privacy_notice": True, "accept_code_of_conduct": True}


class Api:
    """The HTTP contract, as a third-party client uses it."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        # Like a third-party client: no cookie jar, tokens in headers.
        self.http = httpx.Client(base_url=server.url, timeout=10, event_hooks={"response": [self._forget_cookies]})

    def _forget_cookies(self, response: httpx.Response) -> None:
        self.http.cookies.clear()

    def browser_like(self, cookies: dict[str, str]) -> httpx.Client:
        """A client that sends a session cookie, as the browser does."""
        return httpx.Client(base_url=self.server.url, timeout=10, cookies=cookies)

    def create_workshop(self, **fields: Any) -> dict[str, Any]:
        body = {"title": "Mesa de prueba", "problem_statement": "Un problema público", "entity": "Toluca", **fields}
        r = self.http.post("/api/workshops", json=body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def join(
        self, workshop: dict[str, Any], name: str = "Ana", sector: str = "sociedad_civil", **fields: Any
    ) -> dict[str, Any]:
        body = {"join_code": workshop["join_code"], "name": name, "sector": sector, **ACCEPTANCES, **fields}
        r = self.http.post(f"/api/workshops/{workshop['id']}/participants", json=body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def set_phase(self, workshop: dict[str, Any], phase: str, token: str | None = None) -> httpx.Response:
        return self.http.put(
            f"/api/workshops/{workshop['id']}/phase",
            json={"phase": phase},
            headers={"Authorization": f"Bearer {token or workshop['facilitator_token']}"},
        )

    def tree(self, workshop: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        r = self.http.get(
            f"/api/workshops/{workshop['id']}/tree",
            headers={"Authorization": f"Bearer {token or workshop['facilitator_token']}"},
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def ws(self, workshop: dict[str, Any], artifact: str = "tree") -> str:
        return f"{self.server.ws_url}/{workshop['id']}/{artifact}"


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[Api]:
    client = Api(live_server)
    yield client
    client.http.close()


@pytest.fixture
def make_api() -> Iterator[Callable[[LiveServer], Api]]:
    clients: list[Api] = []

    def make(server: LiveServer) -> Api:
        clients.append(Api(server))
        return clients[-1]

    yield make
    for client in clients:
        client.http.close()
