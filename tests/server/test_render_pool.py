"""Exports render off the event loop, in a bounded pool with a bounded
queue, within limits per format (server/render_pool.py), against a real server."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import statistics
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pypdf
import pytest

from exporters.plan_json import export_plan_json
from server.openapi import OPENAPI
from server.render_pool import EXPORT_PATHS, IMPORT_PATHS, INLINE_IMPORT_BYTES, LIMITS, SUBJECT_PLAN, SUBJECT_TREE
from tests.server.test_tree_export import auth, seeded
from tests.workshops.test_plan import seeded_plan

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The one timing assertion of issue 11: /healthz within 100 ms while the
# largest allowed export renders.
HEALTHZ_SECONDS = 0.1
PROBE_INTERVAL = 0.05


def tree_document(nodes: int, chars: int) -> bytes:
    """A problem tree of ``nodes`` elements and ``chars`` characters of text
    in all: causes below the problem and effects above it, several layers deep."""
    each, extra = divmod(chars, nodes)
    texts = ["falta de información pública útil en los municipios " * 50] * nodes
    out_nodes, edges = [], []
    for i in range(nodes):
        text = texts[i][: each + (1 if i < extra else 0)]
        text = text[:-1] + "." if text.endswith(" ") else text
        kind = "problem" if i == 0 else "cause" if i % 5 < 3 else "effect"
        out_nodes.append({"id": f"n{i}", "kind": kind, "text": text})
        if i:
            parent = f"n{max(0, i - 1 - i % 30)}" if i > 30 else "n0"
            source, target = (f"n{i}", parent) if kind == "cause" else (parent, f"n{i}")
            edges.append({"id": f"e{i}", "source": source, "target": target})
    return json.dumps({"schema": "cocrea.tree/1", "nodes": out_nodes, "edges": edges}).encode()


def workshop_with_tree(api, nodes: int, chars: int):
    w = seeded(api)
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=tree_document(nodes, chars),
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 200, r.text
    assert sum(len(n["text"]) for n in r.json()["nodes"]) == chars
    return w


def export_url(w, name: str) -> str:
    return f"/api/workshops/{w['id']}/tree/export/{name}"


def probed(server, request):
    """Run ``request()`` while probing ``/healthz``: its answer, the probes'
    latencies (sorted) and how long it took."""
    probes = httpx.Client(base_url=server.url, timeout=30)
    probes.get("/healthz")
    latencies = []
    with ThreadPoolExecutor(1) as pool:
        started = time.perf_counter()
        answer = pool.submit(request)
        while not answer.done():
            start = time.perf_counter()
            assert probes.get("/healthz").status_code == 200
            latencies.append(time.perf_counter() - start)
            time.sleep(PROBE_INTERVAL)  # the probes' pace, not a wait for a state
        result = answer.result()
        took = time.perf_counter() - started
    probes.close()
    return result, sorted(latencies), took


def big_plan_document(commitments: int, plan_id: str) -> bytes:
    """A plan of ``commitments`` commitments (the import's most is 500)."""
    data = json.loads(export_plan_json(dataclasses.replace(seeded_plan(2), id=plan_id)))
    first, other = data["commitments"]
    data["commitments"] = [first]
    for n in range(commitments - 1):
        entry = copy.deepcopy(other)
        entry["commitment"]["id"] = f"k-{n}"
        data["commitments"].append(entry)
    return json.dumps(data, ensure_ascii=False).encode()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


# It renders the largest allowed PNG, which takes long on a loaded machine.
@pytest.mark.timeout(600)
def test_the_server_answers_while_the_largest_allowed_png_renders_and_gets_its_memory_back(make_server, make_api):
    server = make_server()
    api = make_api(server)
    limit = LIMITS[SUBJECT_TREE]["png"]
    w = workshop_with_tree(api, limit.items, limit.chars)
    assert server.proc is not None
    before = rss_mib(server.proc.pid)
    r, latencies, took = probed(
        server, lambda: api.http.get(export_url(w, "png"), headers=auth(w["facilitator_token"]), timeout=300)
    )
    assert r.status_code == 200, r.text
    assert r.content.startswith(PNG_SIGNATURE)
    grown = rss_mib(server.proc.pid) - before
    print(
        f"PNG of {limit.items} elements, {limit.chars} characters: {took:.1f} s; {len(latencies)} /healthz probes, "
        f"median {statistics.median(latencies) * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms; "
        f"server memory {grown:+.0f} MiB"
    )
    assert len(latencies) >= 5, f"the render took {took:.2f} s: too quick to probe"
    # The median, so that one probe delayed by a loaded machine (2 cores
    # shared with the render itself) does not decide; before the pool it was
    # the whole render, seconds.
    assert statistics.median(latencies) < HEALTHZ_SECONDS, latencies
    # The render's memory went with its process.
    assert grown < 64, f"the server grew by {grown:.0f} MiB"


def test_a_big_import_is_read_off_the_event_loop(api, live_server):
    w = seeded(api)
    document = big_plan_document(500, f"plan-big-{w['id']}")
    url = f"/api/plans/import?workshop_id={w['id']}"
    r, latencies, took = probed(
        live_server, lambda: api.http.post(url, content=document, headers=auth(w["facilitator_token"]), timeout=300)
    )
    assert r.status_code == 201, r.text
    assert len(r.json()["plan"]["commitments"]) == 500
    print(f"import of {len(document) // 1024} KB: {took:.1f} s; slowest /healthz {latencies[-1] * 1000:.0f} ms")
    # Reading it takes seconds of pure Python; no probe waited for it.
    assert latencies and latencies[-1] < 1.0, latencies


def test_a_big_tree_import_is_read_in_the_pool_and_lands_whole(api):
    document = tree_document(3_000, 300_000)
    assert len(document) > INLINE_IMPORT_BYTES
    w = seeded(api)
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import", content=document, headers=auth(w["facilitator_token"]), timeout=120
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["nodes"]) == 3_000 and len(r.json()["edges"]) == 2_999


def test_a_big_import_that_is_wrong_is_refused_with_the_field_at_fault(api):
    w = seeded(api)
    data = json.loads(big_plan_document(100, f"plan-bad-{w['id']}"))
    data["commitments"][99]["roadmap"]["start"] = "no es fecha"
    document = json.dumps(data).encode()
    assert len(document) > INLINE_IMPORT_BYTES  # read in the pool
    r = api.http.post(
        f"/api/plans/import?workshop_id={w['id']}", content=document, headers=auth(w["facilitator_token"]), timeout=120
    )
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["field"] == "commitments.99.roadmap.start" and error["message"].startswith("Compromiso 100")


def test_a_full_queue_answers_429_with_retry_after_and_a_waiting_request_gets_the_render(make_server, make_api):
    server = make_server(render_workers=1, render_queue=1)
    api = make_api(server)
    # Any PNG takes a second or more: the three requests arrive within it.
    w = workshop_with_tree(api, 40, 4_000)
    headers = auth(w["facilitator_token"])
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: api.http.get(export_url(w, "png"), headers=headers, timeout=180), range(3)))
    answers.sort(key=lambda r: r.status_code)
    assert [r.status_code for r in answers] == [200, 200, 429], [r.text[:200] for r in answers]
    # One rendered; one waited its turn and was served the same render; one was refused.
    assert answers[0].content == answers[1].content
    busy = answers[2]
    retry_after = int(busy.headers["Retry-After"])
    assert 1 <= retry_after <= 300
    assert busy.json()["error"]["code"] == "render_busy"
    assert busy.json()["error"]["retry_after"] == retry_after
    # The refusal changed nothing: the pool is free again.
    assert api.http.get(export_url(w, "svg"), headers=headers).status_code == 200


def test_a_tree_too_big_for_png_is_refused_naming_the_limit_and_the_formats_that_take_it(api):
    limit = LIMITS[SUBJECT_TREE]["png"]
    w = workshop_with_tree(api, limit.items + 1, limit.items + 1)
    r = api.http.get(export_url(w, "png"), headers=auth(w["facilitator_token"]))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "too_large_to_render"
    assert error["limit"] == {"items": limit.items, "chars": limit.chars}
    assert error["formats"] == ["json", "svg"]
    assert f"{limit.items:,}" in error["message"] and "JSON, SVG" in error["message"]
    assert api.http.get(export_url(w, "svg"), headers=auth(w["facilitator_token"])).status_code == 200


def imported_plan(api, commitments: int):
    """A seeded plan of ``commitments`` imported from a mesa, and its editor's token."""
    w = seeded(api)
    plan = dataclasses.replace(seeded_plan(commitments), id=f"plan-{w['id']}")
    r = api.http.post(
        f"/api/plans/import?workshop_id={w['id']}", content=export_plan_json(plan), headers=auth(w["facilitator_token"])
    )
    assert r.status_code == 201, r.text
    return plan, r.json()["editor_url"].split("clave=", 1)[1]


def test_a_plan_too_big_for_pdf_is_refused_and_its_other_formats_work(api):
    limit = LIMITS[SUBJECT_PLAN]["pdf"]
    plan, token = imported_plan(api, limit.items + 1)
    r = api.http.get(f"/api/plans/{plan.id}/export/pdf", headers=auth(token))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "too_large_to_render" and error["limit"]["items"] == limit.items
    assert {"json", "csv", "md"} <= set(error["formats"]) and "pdf" not in error["formats"]
    for name in ("json", "md"):
        assert api.http.get(f"/api/plans/{plan.id}/export/{name}", headers=auth(token)).status_code == 200


def test_a_plan_at_the_pdf_limit_prints(api):
    """The PDF's limit is what its render holds in memory (some 440 MiB at
    50 commitments, bench/export.py), and a plan that size prints whole."""
    limit = LIMITS[SUBJECT_PLAN]["pdf"]
    assert limit.items >= 50
    plan, token = imported_plan(api, limit.items)
    r = api.http.get(f"/api/plans/{plan.id}/export/pdf", headers=auth(token), timeout=120)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")
    # Each commitment's chapter starts a page: more pages than commitments.
    assert len(pypdf.PdfReader(io.BytesIO(r.content)).pages) > limit.items


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_plan_at_the_word_processor_limit_exports_whole(api, fmt):
    """DOCX and ODT take a 200-commitment plan (some 6 s of CPU and under
    300 MiB since issue 15, bench/export.py), every commitment in the file."""
    limit = LIMITS[SUBJECT_PLAN][fmt]
    assert limit.items >= 200
    plan, token = imported_plan(api, limit.items)
    r = api.http.get(f"/api/plans/{plan.id}/export/{fmt}", headers=auth(token), timeout=300)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as package:
        body = package.read("word/document.xml" if fmt == "docx" else "content.xml").decode()
    for entry in plan.commitments:
        assert entry.commitment.sheet["title"] in body, entry.commitment.id


def test_a_render_past_its_time_is_stopped_with_503_and_the_server_carries_on(make_server, make_api):
    server = make_server(render_timeout_seconds=0.2)
    api = make_api(server)
    w = workshop_with_tree(api, 40, 4_000)
    r = api.http.get(export_url(w, "png"), headers=auth(w["facilitator_token"]), timeout=60)
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "render_failed"
    assert api.http.get(export_url(w, "json"), headers=auth(w["facilitator_token"])).status_code == 200


def test_the_openapi_describes_the_pools_answers_on_every_route_that_uses_it():
    for path in (*EXPORT_PATHS, *IMPORT_PATHS):
        operations = OPENAPI["paths"][path]
        assert operations, path
        for operation in operations.values():
            responses = operation["responses"]
            assert "Retry-After" in responses["429"]["headers"] and "503" in responses, path
            if path in EXPORT_PATHS:
                assert "too_large_to_render" in responses["422"]["description"]
