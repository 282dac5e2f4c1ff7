"""Ballots cast all at once, through one process and through two sharing a
Redis: what serializing authoritative changes across processes costs.

For each deployment (one process without Redis; two processes on one
PostgreSQL database and one Redis, voters split between them), starts
``python -m server``, makes a mesa with N participants and an approval round,
then every participant sends a ballot at the same moment (one HTTP request
each, all concurrent). Prints the wall time until the last answer, the
latency p50/p95/max of a ballot, ballots per second, and checks that the
close's tally counts every accepted ballot (exactly N).

Needs PostgreSQL and Redis on 127.0.0.1 (``make services``).
Run: ``.venv/bin/python bench/ballots.py [--voters 200]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_out import POSTGRES_SERVER_URL, REDIS_URL, Server, create_database, drop_database


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def mesa(http: httpx.AsyncClient, urls: list[str], voters: int) -> tuple[str, str, str, list[str], str]:
    r = await http.post(
        f"{urls[0]}/api/workshops",
        json={"title": "Banco de votos", "problem_statement": "Un problema público", "entity": "Toluca"},
    )
    r.raise_for_status()
    w = r.json()
    base, fac = f"/api/workshops/{w['id']}", bearer(w["facilitator_token"])
    (await http.put(f"{urls[0]}{base}/phase", json={"phase": "alternativas"}, headers=fac)).raise_for_status()
    tokens = []
    for i in range(voters):
        body = {
            "join_code": w["join_code"],
            "name": f"Persona {i}",
            "sector": "sociedad_civil",
            "accept_privacy_notice": True,
            "accept_code_of_conduct": True,
        }
        r = await http.post(f"{urls[i % len(urls)]}{base}/participants", json=body)
        r.raise_for_status()
        tokens.append(r.json()["token"])
    options = []
    for title in ("Uno", "Dos"):
        r = await http.post(f"{urls[0]}{base}/alternatives", json={"title": title}, headers=bearer(tokens[0]))
        r.raise_for_status()
        options.append(r.json()["id"])
    (await http.put(f"{urls[0]}{base}/phase", json={"phase": "votacion"}, headers=fac)).raise_for_status()
    r = await http.post(f"{urls[0]}{base}/rounds", json={"method": "approval", "options": options}, headers=fac)
    r.raise_for_status()
    return base, w["facilitator_token"], r.json()["id"], tokens, options[0]


async def cast(http: httpx.AsyncClient, url: str, token: str, option: str) -> tuple[int, float]:
    started = time.perf_counter()
    r = await http.put(url, json={"approve": [option]}, headers=bearer(token))
    return r.status_code, time.perf_counter() - started


async def run(label: str, servers: list[Server], voters: int) -> None:
    urls = [s.url for s in servers]
    limits = httpx.Limits(max_connections=voters, max_keepalive_connections=voters)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        base, fac, round_id, tokens, option = await mesa(http, urls, voters)
        ballot = f"{base}/rounds/{round_id}/ballot"
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(cast(http, f"{urls[i % len(urls)]}{ballot}", t, option) for i, t in enumerate(tokens))
        )
        wall = time.perf_counter() - started
        r = await http.post(f"{urls[-1]}{base}/rounds/{round_id}/close", headers=bearer(fac))
        r.raise_for_status()
    accepted = sum(status == 200 for status, _ in answers)
    tally = r.json()["results"]["totals"][option]
    ms = sorted(seconds * 1000 for _, seconds in answers)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(
        f"{label:<28} {voters:>6} {accepted:>8} {tally:>6} {wall:>8.2f} {voters / wall:>9.0f} "
        f"{statistics.median(ms):>8.0f} {p95:>8.0f} {ms[-1]:>8.0f}"
    )
    if accepted != voters or tally != voters:
        raise SystemExit(f"{label}: {accepted} accepted, {tally} counted of {voters}")


async def deployment(label: str, processes: int, redis_url: str, voters: int, workdir: Path) -> None:
    name = await create_database()
    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    servers = [
        Server(i, f"{POSTGRES_SERVER_URL}/{name}", prefix, workdir, redis_url=redis_url) for i in range(processes)
    ]
    try:
        for server in servers:
            server.wait_ready()
        await run(label, servers, voters)
    finally:
        for server in servers:
            server.stop()
        await drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=200)
    args = parser.parse_args()
    print(f"{'deployment':<28} {'voters':>6} {'accepted':>8} {'tally':>6} {'wall s':>8} {'ballots/s':>9} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="cocrea-bench-") as tmp:
        asyncio.run(deployment("1 process, no Redis", 1, "", args.voters, Path(tmp)))
        asyncio.run(deployment("2 processes, Redis locks", 2, REDIS_URL, args.voters, Path(tmp)))


if __name__ == "__main__":
    main()
