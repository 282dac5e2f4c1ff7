"""Per-message deflate on the sync socket: what it costs the server.

Starts the real server twice, as ``python -m server`` (deflate off, our
default) and as the same app with uvicorn's ``ws_per_message_deflate=True``,
and for each puts N clients in one room, every client writing 5 updates/s.
Clients offer compression (the websockets default), so they use it whenever
the server accepts it. Measured, per run:

- server CPU (utime+stime from /proc/<pid>/stat) per delivered update;
- server RSS (VmRSS) added per connection, once every client has synced;
- delivery latency p50/p95: each update carries its writer's
  ``time.monotonic_ns()``, read by the receivers (one machine, one clock).

Run: ``.venv/bin/python bench/deflate.py [--clients 30] [--seconds 10]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kit import Client, ServerProcess, cpu_seconds, free_port, server_env, until

DEFLATE_LAUNCHER = """\
import logging, sys
import uvicorn
from server.__main__ import uvicorn_options
from server.app import create_app
from server.settings import Settings

logging.basicConfig(level=logging.WARNING)
settings = Settings.from_env()
options = {**uvicorn_options(settings), "ws_per_message_deflate": True}
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", **options)
"""


# -- the server process -------------------------------------------------------


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Server(ServerProcess):
    def __init__(self, deflate: bool, workdir: Path) -> None:
        port = free_port()
        name = "on" if deflate else "off"
        env = server_env(COCREA_DATABASE_URL=f"sqlite:///{workdir}/bench-{name}.db")
        if deflate:
            command = [sys.executable, "-c", DEFLATE_LAUNCHER, str(port)]
        else:
            command = [sys.executable, "-m", "server", "--port", str(port)]
        super().__init__(command, env, workdir / f"server-{name}.log", port)


# -- one run ------------------------------------------------------------------


@dataclass
class Result:
    mode: str
    clients: int
    writes: int
    deliveries: int
    expected: int
    cpu_us_per_delivery: float
    cpu_percent: float
    rss_base_mib: float
    rss_per_connection_kib: float
    p50_ms: float
    p95_ms: float
    client_cpu_percent: float


async def run(deflate: bool, clients_n: int, seconds: float, rate: float, workdir: Path) -> Result:
    server = Server(deflate, workdir)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=10) as http:
            r = http.post("/api/workshops", json={"title": "Banco", "problem_statement": "Carga", "entity": "Bench"})
            r.raise_for_status()
            workshop = r.json()
        url = f"ws://127.0.0.1:{server.port}/ws/{workshop['id']}/tree?token={workshop['facilitator_token']}"
        pid = server.proc.pid

        # Warm the room (and the code paths) with one client, then measure
        # the memory the other connections add.
        first = Client(url, "c0", compression="deflate")
        await first.connect()
        await asyncio.wait_for(first.synced.wait(), 10)
        await asyncio.sleep(0.5)
        rss_before = rss_kib(pid)
        clients = [first] + [Client(url, f"c{i}", compression="deflate") for i in range(1, clients_n)]
        await asyncio.gather(*(c.connect() for c in clients[1:]))
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), 30)
        await asyncio.sleep(0.5)
        rss_after = rss_kib(pid)
        if any(c.compressed != deflate for c in clients):
            raise RuntimeError(f"compression negotiated {clients[0].compressed}, expected {deflate}")

        for c in clients:
            c.measuring = True
        cpu_before, client_before, wall_before = cpu_seconds(pid), time.process_time(), time.monotonic()
        await asyncio.gather(*(c.write(rate, seconds) for c in clients))
        writes = sum(c.writes for c in clients)
        expected = writes * (clients_n - 1)
        await until(lambda: sum(c.deliveries for c in clients) >= expected, 10)
        cpu_after, client_after, wall_after = cpu_seconds(pid), time.process_time(), time.monotonic()
        deliveries = sum(c.deliveries for c in clients)
        for c in clients:
            assert c.ws is not None
            await c.ws.close()
    finally:
        server.stop()

    latencies = sorted(ns / 1e6 for c in clients for ns in c.same_ns)
    wall = wall_after - wall_before
    cpu = cpu_after - cpu_before
    return Result(
        mode="deflate on" if deflate else "deflate off",
        clients=clients_n,
        writes=writes,
        deliveries=deliveries,
        expected=expected,
        cpu_us_per_delivery=cpu / max(deliveries, 1) * 1e6,
        cpu_percent=cpu / wall * 100,
        rss_base_mib=rss_before / 1024,
        rss_per_connection_kib=(rss_after - rss_before) / (clients_n - 1),
        p50_ms=statistics.median(latencies),
        p95_ms=latencies[int(len(latencies) * 0.95)],
        client_cpu_percent=(client_after - client_before) / wall * 100,
    )


def print_table(results: list[Result], rate: float, seconds: float) -> None:
    print(f"\nOne room, {results[0].clients} clients, {rate:g} updates/s each for {seconds:g} s")
    header = (
        f"{'mode':<12}{'writes':>7}{'delivered':>14}{'CPU/delivery':>14}{'server CPU':>12}"
        f"{'RSS/conn':>10}{'p50':>10}{'p95':>10}{'client CPU':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        delivered = f"{r.deliveries}/{r.expected}" if r.deliveries != r.expected else str(r.deliveries)
        print(
            f"{r.mode:<12}{r.writes:>7}{delivered:>14}{r.cpu_us_per_delivery:>11.1f} µs{r.cpu_percent:>11.1f}%"
            f"{r.rss_per_connection_kib:>7.1f} KB{r.p50_ms:>7.2f} ms{r.p95_ms:>7.2f} ms{r.client_cpu_percent:>11.1f}%"
        )
    print(f"(server RSS before the measured connections: {', '.join(f'{r.rss_base_mib:.1f} MiB' for r in results)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=5.0, help="updates per second per client")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cocrea-bench-") as tmp:
        results = [
            asyncio.run(run(deflate, args.clients, args.seconds, args.rate, Path(tmp))) for deflate in (False, True)
        ]
    print_table(results, args.rate, args.seconds)


if __name__ == "__main__":
    main()
