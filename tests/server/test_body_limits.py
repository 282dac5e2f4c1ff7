"""Request bodies are bounded while they stream, on every route, before
authentication (server/body_limits.py), against a real server over raw
sockets: the client sees when the server stops reading."""

from __future__ import annotations

import json
import re
import select
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from starlette.routing import Route

from server import api, api_plans, api_tree, plans
from server.app import create_app
from server.body_limits import BODY_LIMITS, JSON_BYTES, PLAN_IMPORT_BYTES, TEMPLATE_BYTES, TREE_IMPORT_BYTES
from server.openapi import OPENAPI
from tests.server.test_render_pool import rss_mib

CHUNK = 64 * 1024
STREAMED = 100 * 1024 * 1024  # what a hostile client offers
# What may sit in the kernel's socket buffers between the client and a
# server that has stopped reading (loopback buffers grow to a few MiB).
BUFFERED = 16 * 1024 * 1024


def connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)
    return sock


def read_response(sock: socket.socket, deadline: float = 10) -> tuple[int, dict[str, str], bytes]:
    sock.settimeout(deadline)
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        if not part:
            break
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    length = int(headers.get("content-length", 0))
    while len(body) < length:
        part = sock.recv(65536)
        if not part:
            break
        body += part
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def head(method: str, path: str, **headers: str) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def stream_until_answered(server, method: str, path: str, total: int) -> tuple[int, bytes, int]:
    """Send a chunked body of ``total`` bytes unless the server answers
    first; the status, body and how many bytes were sent."""
    sock = connect(server)
    sock.sendall(head(method, path, Transfer_Encoding="chunked", Content_Type="application/json"))
    sent, chunk = 0, f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n"
    try:
        while sent < total:
            readable, writable, _ = select.select([sock], [sock], [], 10)
            if readable:
                break
            if writable:
                sent += sock.send(chunk)
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    status, _, body = read_response(sock)
    sock.close()
    return status, body, sent


def test_a_streamed_body_is_refused_as_it_passes_the_limit_without_being_read(make_server):
    server = make_server()
    assert server.proc is not None
    before = rss_mib(server.proc.pid)
    # The review's attack: six bodies of 100 MB at once to an unauthenticated route.
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: stream_until_answered(server, "POST", "/api/workshops", STREAMED), range(6)))
    for status, body, sent in answers:
        assert status == 413, body
        error = json.loads(body)["error"]
        assert error["code"] == "too_large" and error["limit"] == JSON_BYTES
        assert error["message"] == "El cuerpo de la petición supera el máximo de 64 KiB."
        assert sent < BUFFERED, f"the server read {sent} bytes before refusing"
    sent = max(a[2] for a in answers)
    grown = rss_mib(server.proc.pid) - before
    print(f"6 bodies refused after at most {sent // 1024} KiB of 100 MiB each; server memory {grown:+.0f} MiB")
    assert grown < 32, f"the server grew by {grown:.0f} MiB"
    # Then it serves as ever.
    sock = connect(server)
    sock.sendall(head("GET", "/healthz"))
    assert read_response(sock)[0] == 200
    sock.close()


def test_a_declared_length_past_the_limit_is_refused_before_the_body(make_server):
    server = make_server()
    sock = connect(server)
    started = time.monotonic()
    # Only the head: the server must answer without waiting for 100 MB.
    sock.sendall(head("POST", "/api/workshops", Content_Length=str(STREAMED), Content_Type="application/json"))
    status, headers, body = read_response(sock)
    assert status == 413 and json.loads(body)["error"]["limit"] == JSON_BYTES
    assert headers.get("connection") == "close"
    assert time.monotonic() - started < 10
    sock.close()


def route_paths():
    app = create_app()
    for route in app.routes:
        if isinstance(route, Route):
            path = re.sub(r"\{\w+\}", "x1", route.path)
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                yield method, route.path, path


def test_every_route_refuses_a_body_past_its_limit_before_authentication(make_server):
    server = make_server()
    limits = {(method, path): limit for method, path, limit, _ in BODY_LIMITS}
    checked = 0
    for method, template, path in [*route_paths(), ("POST", "/no/such/route", "/no/such/route")]:
        limit = limits.get((method, template), JSON_BYTES)
        for declared, refused in ((limit + 1, True), (limit, False)):
            sock = connect(server)
            sock.sendall(head(method, path, Content_Length=str(declared)))
            if refused:
                status, _, body = read_response(sock)
                assert status == 413, (method, template, body)
                assert json.loads(body)["error"]["limit"] == limit
            elif select.select([sock], [], [], 0.2)[0]:
                # Within the limit: a route that answers without the body (or
                # before it arrives) answers anything but 413.
                assert read_response(sock)[0] != 413, (method, template)
            sock.close()
        checked += 1
    assert checked > 50


def test_a_template_past_its_limit_is_refused_in_words_people_use(api):
    r = api.http.put(
        "/api/plans/x1/template",
        content=b"PK" + b"\0" * TEMPLATE_BYTES,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert r.status_code == 413
    assert r.json()["error"]["message"] == "La plantilla supera el máximo de 5 MiB."


def test_a_body_at_the_limit_is_read_as_ever(api):
    body = json.dumps({"title": "Mesa", "problem_statement": "Un problema público", "entity": "Toluca"})
    padded = body[:-1] + " " * (JSON_BYTES - len(body)) + "}"
    assert len(padded.encode()) == JSON_BYTES
    r = api.http.post("/api/workshops", content=padded, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    r = api.http.post("/api/workshops", content=padded + " ", headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_the_routes_limits_are_the_table_and_the_openapi_says_each():
    assert api.MAX_JSON_BYTES == JSON_BYTES
    assert api_tree.MAX_IMPORT_BYTES == TREE_IMPORT_BYTES
    assert api_plans.MAX_IMPORT_BYTES == PLAN_IMPORT_BYTES
    assert plans.MAX_TEMPLATE_BYTES == TEMPLATE_BYTES
    described = 0
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                limit = {(m, p): n for m, p, n, _ in BODY_LIMITS}.get((method.upper(), path), JSON_BYTES)
                text = operation["responses"]["413"]["description"]
                size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"
                assert size in text, (method, path, text)
                described += 1
    assert described > 20
