"""The public routes of a published plan over HTTP, end to end: a real
server (SQLite), a plan of 20 commitments × 10 activities imported, published
and reported through the real routes (11 monthly reports and one asking for
verification per activity, the odd activities verified), then each public
route asked ``--runs`` times, each time right after a write (the stored state
read, turned into the exporters' input (server/follow_up_public.py), the view
built and the output written, as a reader gets it), then again (the output
kept for the plan's version, server/public_cache.py) and then with its ETag
(304). ``bench/public_plan.py`` times the exporters alone.

Run: ``.venv/bin/python bench/public_plan_http.py [--runs 5] [--commitments 20]
[--activities 10] [--months 12]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.plan_json import export_plan_json  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402
from tests.workshops.test_plan import seeded_plan  # noqa: E402


def plan_document(commitments: int, activities: int) -> dict:
    """The seeded INFOEM plan with ``commitments`` commitments of ``activities`` activities each."""
    document = json.loads(export_plan_json(seeded_plan(commitments)))
    document["id"] = "bench-publico"
    for c in document["commitments"]:
        first = c["roadmap"]["activities"][0]
        c["roadmap"]["activities"] = [
            {k: v for k, v in copy.deepcopy(first).items() if k != "id"}
            | {"description": f"Actividad {n + 1}: {first['description']}", "weight": 100 / activities}
            for n in range(activities)
        ]
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commitments", type=int, default=20)
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(f"sqlite:///{tmp}/bench.db", Path(tmp) / "server.log").start()
        try:
            run(server, args)
        finally:
            server.kill()


def run(server: LiveServer, args: argparse.Namespace) -> None:
    http = httpx.Client(base_url=server.url, timeout=120)
    workshop = http.post(
        "/api/workshops", json={"title": "Banco", "problem_statement": "Un problema", "entity": "Toluca"}
    ).json()
    r = http.post(
        f"/api/plans/import?workshop_id={workshop['id']}",
        content=json.dumps(plan_document(args.commitments, args.activities)).encode(),
        headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
    )
    r.raise_for_status()
    body = r.json()
    plan_id = body["plan"]["id"]
    editor = {"Authorization": f"Bearer {body['editor_url'].split('clave=', 1)[1]}"}
    http.post(f"/api/plans/{plan_id}/publish", headers=editor).raise_for_status()
    started, writes = time.perf_counter(), 0
    for c in body["plan"]["commitments"]:
        base = f"/api/plans/{plan_id}/commitments/{c['commitment']['id']}/activities"
        for n, activity in enumerate(c["roadmap"]["activities"]):
            for month in range(args.months):
                status = "por_verificar" if month == args.months - 1 else "iniciada"
                update = {"status": status, "note": f"Avance del mes {month + 1}.", "links": ["https://example.org/a"]}
                http.post(f"{base}/{activity['id']}/updates", json=update, headers=editor).raise_for_status()
                writes += 1
            if n % 2:
                decision = {"decision": "verificada", "reason": "Evidencia suficiente."}
                http.put(f"{base}/{activity['id']}/verification", json=decision, headers=editor).raise_for_status()
                writes += 1
    elapsed = time.perf_counter() - started
    print(
        f"plan: {args.commitments} commitments × {args.activities} activities; {writes} reports and "
        f"verifications written in {elapsed:.1f} s ({elapsed / writes * 1000:.1f} ms each)"
    )
    first = body["plan"]["commitments"][0]["commitment"]["id"]
    routes = {
        "page (HTML)": f"/publico/planes/{plan_id}",
        "JSON": f"/api/public/plans/{plan_id}",
        "progress.csv": f"/api/public/plans/{plan_id}/progress.csv",
        "feed.atom": f"/api/public/plans/{plan_id}/feed.atom",
        "calendar.ics": f"/api/public/plans/{plan_id}/calendar.ics",
        "informe final (PDF, 1 commitment)": f"/api/plans/{plan_id}/commitments/{first}/report/pdf",
    }
    # Any write gives the plan a new version (server/public_cache.py): a
    # reporter link is one that leaves the public outputs' content as it was.
    reporters = f"/api/plans/{plan_id}/commitments/{first}/reporters"
    link = {"role": "responsable", "name": "Banco"}
    print(
        f"{'route':36} {'after a write':>14} {'kept':>8} {'304':>8} {'bytes':>11} {'sent (gzip)':>12}"
        "   (median ms of --runs)"
    )
    for name, path in routes.items():
        size = len(http.get(path, headers={"Accept-Encoding": "identity"}).content)
        rendered, kept, revalidated, sent = [], [], [], 0
        for _ in range(args.runs):
            http.post(reporters, json=link, headers=editor).raise_for_status()
            for times in (rendered, kept):
                start = time.perf_counter()
                with http.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
                    response.raise_for_status()
                    sent = sum(len(chunk) for chunk in response.iter_raw())
                times.append(time.perf_counter() - start)
            start = time.perf_counter()
            answer = http.get(path, headers={"If-None-Match": response.headers["etag"]})
            revalidated.append(time.perf_counter() - start)
            assert answer.status_code == 304, answer.status_code
        medians = [statistics.median(t) * 1000 for t in (rendered, kept, revalidated)]
        print(f"{name:36} {medians[0]:14.1f} {medians[1]:8.1f} {medians[2]:8.1f} {size:11,} {sent:12,}")
    http.close()


if __name__ == "__main__":
    main()
