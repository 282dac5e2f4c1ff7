"""Honest edit latency while one participant floods presence from several
sockets (issue 11, item 3).

Starts ``python -m server`` on a fresh SQLite file, puts 3 honest clients
(each writing R timestamped updates/s) in one room, measures delivery
latency p50/p95/max for S seconds without a flood, then for S seconds while
``tests/support/presence_flood.py`` (its own process) sends presence changes
as fast as its sockets take them, from one participant's F sockets.
Prints deliveries received vs expected, the flood's frame count and the
server's CPU.

Run: ``.venv/bin/python bench/presence_flood.py [--seconds 10] [--rate 5] [--sockets 4]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from bench_kit import ROOT, Client, ServerProcess, cpu_seconds, free_port, server_env, until


def figures(clients: list[Client], label: str, expected: int) -> None:
    latencies = sorted(ns / 1e6 for c in clients for ns in c.same_ns)
    got = sum(c.deliveries for c in clients)
    if not latencies:
        print(f"{label}: no deliveries")
        return
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"{label}: deliveries {got}/{expected}, latency p50 {statistics.median(latencies):.1f} ms,"
        f" p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
    )


async def phase(clients: list[Client], rate: float, seconds: float) -> int:
    for c in clients:
        c.same_ns.clear()
        c.deliveries = 0
        c.measuring = True
    writes_before = sum(c.writes for c in clients)
    await asyncio.gather(*(c.write(rate, seconds) for c in clients))
    writes = sum(c.writes for c in clients) - writes_before
    expected = writes * (len(clients) - 1)
    await until(lambda: sum(c.deliveries for c in clients) >= expected, 10)
    for c in clients:
        c.measuring = False
    return expected


async def main(seconds: float, rate: float, sockets: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = server_env(COCREA_DATABASE_URL=f"sqlite:///{tmp}/bench.db")
        server = ServerProcess([sys.executable, "-m", "server", "--port", str(port)], env, Path(tmp) / "s.log", port)
        try:
            server.wait_ready()
            http = httpx.Client(base_url=server.url, timeout=10)
            w = http.post("/api/workshops", json={"title": "Bench", "problem_statement": "p", "entity": "e"}).json()
            joined = http.post(
                f"/api/workshops/{w['id']}/participants",
                json={"join_code": w["join_code"], "name": "Eve", "sector": "academia"},
            ).json()
            ws = f"ws://127.0.0.1:{port}/ws/{w['id']}/tree"
            clients = [Client(f"{ws}?token={w['facilitator_token']}", f"k{i}") for i in range(3)]
            for c in clients:
                await c.connect()
                await c.synced.wait()
            cpu = cpu_seconds(server.proc.pid)
            figures(clients, "no flood", await phase(clients, rate, seconds))
            print(f"  server CPU {cpu_seconds(server.proc.pid) - cpu:.2f} s")
            flood = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.support.presence_flood",
                f"{ws}?token={joined['token']}",
                str(sockets),
                cwd=ROOT,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            assert flood.stdin is not None and flood.stdout is not None
            await asyncio.sleep(1.0)  # the flood is on
            cpu = cpu_seconds(server.proc.pid)
            expected = await phase(clients, rate, seconds)
            flood.stdin.close()
            lines = (await flood.stdout.read()).decode().splitlines()
            result = json.loads(lines[-1])
            figures(clients, f"presence flood from {sockets} sockets", expected)
            print(f"  flood: {result['sent']} presence frames sent, sockets closed with {result['codes']}")
            print(f"  server CPU {cpu_seconds(server.proc.pid) - cpu:.2f} s")
            print(f"  honest sockets still open: {sum(1 for c in clients if c.ws and c.ws.close_code is None)}/3")
        finally:
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=5)
    parser.add_argument("--sockets", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.rate, args.sockets))
