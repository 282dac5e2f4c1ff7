"""Two server processes serve one room through Redis: what it costs.

Starts ``python -m server`` twice on one PostgreSQL database (a fresh one,
dropped afterwards) and one Redis (a key prefix of its own), puts N clients
in one room, half on each process, every client writing R updates/s, and
measures:

- delivery latency p50/p95 from writer to receiver, split into receivers on
  the writer's process and receivers on the other process (each update
  carries its writer's ``time.monotonic_ns()``: one machine, one clock);
- deliveries received vs expected (every write reaches every other client);
- server CPU (utime+stime from /proc/<pid>/stat) per process;
- Redis commands per accepted update (INFO commandstats deltas), and the
  round trips the bridges made (each process logs its count when it stops:
  a pipeline of pending XADDs is one, an XREAD of its reader is one; the
  count includes joining the room, a few dozen).

Needs PostgreSQL and Redis on 127.0.0.1 (``make services``).
Run: ``.venv/bin/python bench/scale_out.py [--clients 20] [--seconds 10] [--rate 5]``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kit import Client, ServerProcess, cpu_seconds, free_port, server_env, until

POSTGRES_SERVER_URL = "postgresql://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_COMMANDS = ("xadd", "xread", "pexpire", "publish", "xrange", "evalsha", "xtrim", "xinfo|stream", "ping")


class Server(ServerProcess):
    def __init__(self, index: int, database_url: str, prefix: str, workdir: Path, redis_url: str = REDIS_URL) -> None:
        port = free_port()
        env = server_env(COCREA_DATABASE_URL=database_url, COCREA_REDIS_URL=redis_url, COCREA_REDIS_PREFIX=prefix)
        command = [sys.executable, "-m", "server", "--port", str(port)]
        super().__init__(command, env, workdir / f"server-{index}.log", port)


def command_calls(client: redis.Redis) -> dict[str, int]:
    stats = client.info("commandstats")
    return {name: int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in REDIS_COMMANDS}


def percentiles(values_ns: list[int]) -> tuple[float, float]:
    values = sorted(ns / 1e6 for ns in values_ns)
    if not values:
        return float("nan"), float("nan")
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.95))]


async def run(clients_n: int, seconds: float, rate: float, database_url: str, workdir: Path) -> None:
    prefix = f"cocrea-bench:{uuid.uuid4().hex[:8]}:"
    servers = [Server(i, database_url, prefix, workdir) for i in range(2)]
    stats_client = redis.Redis.from_url(REDIS_URL)
    clients: list[Client] = []
    try:
        for server in servers:
            server.wait_ready()
        with httpx.Client(base_url=servers[0].url, timeout=10) as http:
            r = http.post("/api/workshops", json={"title": "Banco", "problem_statement": "Carga", "entity": "Bench"})
            r.raise_for_status()
            workshop = r.json()
            token = workshop["facilitator_token"]
        for i in range(clients_n):
            process = i % 2
            url = f"ws://127.0.0.1:{servers[process].port}/ws/{workshop['id']}/tree?token={token}"
            clients.append(Client(url, f"c{i}", process))
        await asyncio.gather(*(c.connect() for c in clients))
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), 30)
        await asyncio.sleep(1.0)

        for c in clients:
            c.measuring = True
        calls_before = command_calls(stats_client)
        cpu_before = [cpu_seconds(s.proc.pid) for s in servers]
        wall_before, client_before = time.monotonic(), time.process_time()
        await asyncio.gather(*(c.write(rate, seconds) for c in clients))
        writes = sum(c.writes for c in clients)
        expected = writes * (clients_n - 1)
        await until(lambda: sum(c.deliveries for c in clients) >= expected, 15)
        wall = time.monotonic() - wall_before
        client_cpu = (time.process_time() - client_before) / wall * 100
        cpu = [cpu_seconds(s.proc.pid) - before for s, before in zip(servers, cpu_before, strict=True)]
        calls = {k: v - calls_before[k] for k, v in command_calls(stats_client).items()}
        for c in clients:
            assert c.ws is not None
            await c.ws.close()
    finally:
        for server in servers:
            server.stop()
        keys = list(stats_client.scan_iter(match=prefix + "*"))
        if keys:
            stats_client.delete(*keys)
        stats_client.close()

    deliveries = sum(c.deliveries for c in clients)
    same = percentiles([ns for c in clients for ns in c.same_ns])
    cross = percentiles([ns for c in clients for ns in c.cross_ns])
    print(f"\nOne room, {clients_n} clients over 2 processes, {rate:g} updates/s each for {seconds:g} s")
    print(f"writes {writes}, delivered {deliveries}/{expected}")
    print(f"{'receivers':<22}{'deliveries':>12}{'p50':>11}{'p95':>11}")
    print(f"{'same process':<22}{sum(len(c.same_ns) for c in clients):>12}{same[0]:>8.2f} ms{same[1]:>8.2f} ms")
    print(f"{'other process':<22}{sum(len(c.cross_ns) for c in clients):>12}{cross[0]:>8.2f} ms{cross[1]:>8.2f} ms")
    for i, seconds_used in enumerate(cpu):
        print(f"server {i}: CPU {seconds_used / wall * 100:.1f}% of one core")
    print(f"clients (this process): CPU {client_cpu:.1f}% of one core (near 100%: the clients are the bottleneck)")
    per = {k: v / max(writes, 1) for k, v in calls.items() if v}
    print("Redis commands per update: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(per.items())))
    trips = sum(round_trips(workdir / f"server-{i}.log") for i in range(2))
    print(f"Redis round trips per update, both processes: {trips / max(writes, 1):.2f}")
    print("(commandstats are global to the Redis: other users of it during the run count too)")


def round_trips(log: Path) -> int:
    """What the bridge logged when its process stopped."""
    match = re.search(r"Redis bridge \S+ stops after (\d+) round trips", log.read_text(errors="replace"))
    if match is None:
        raise RuntimeError(f"no round-trip count in {log}")
    return int(match.group(1))


async def create_database() -> str:
    name = f"cocrea_bench_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(f"{POSTGRES_SERVER_URL}/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_database(name: str) -> None:
    conn = await asyncpg.connect(f"{POSTGRES_SERVER_URL}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=5.0, help="updates per second per client")
    args = parser.parse_args()
    name = asyncio.run(create_database())
    try:
        with tempfile.TemporaryDirectory(prefix="cocrea-bench-") as tmp:
            asyncio.run(run(args.clients, args.seconds, args.rate, f"{POSTGRES_SERVER_URL}/{name}", Path(tmp)))
    finally:
        asyncio.run(drop_database(name))


if __name__ == "__main__":
    main()
