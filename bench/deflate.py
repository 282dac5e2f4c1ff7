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
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import websockets
from pycrdt import Doc, Map, MapEvent, TransactionEvent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.sync.protocol import (  # noqa: E402
    MessageType,
    SyncType,
    parse_frame,
    sync_step1,
    sync_step2,
    update_message,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Server:
    def __init__(self, deflate: bool, workdir: Path) -> None:
        self.deflate = deflate
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("COCREA_")}
        env["COCREA_DATABASE_URL"] = f"sqlite:///{workdir}/bench-{'on' if deflate else 'off'}.db"
        if deflate:
            command = [sys.executable, "-c", DEFLATE_LAUNCHER, str(self.port)]
        else:
            command = [sys.executable, "-m", "server", "--port", str(self.port)]
        with open(workdir / f"server-{'on' if deflate else 'off'}.log", "wb") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/healthz", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# -- clients ------------------------------------------------------------------


@dataclass(eq=False)
class Client:
    url: str
    key: str
    doc: Doc = field(default_factory=Doc)
    ws: websockets.ClientConnection | None = None
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    deliveries: int = 0
    latencies_ns: list[int] = field(default_factory=list)
    writes: int = 0
    measuring: bool = False
    _arrival_ns: int = 0
    _reader: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.values = self.doc.get("bench", type=Map)
        self.values.observe(self._on_change)
        self._local_updates: list[bytes] = []
        self._remote = False
        self.doc.observe(self._on_transaction)

    def _on_transaction(self, event: TransactionEvent) -> None:
        # What y-websocket sends: the transaction's own update (not
        # get_update(state), which would carry the whole delete set).
        if not self._remote:
            self._local_updates.append(event.update)

    async def connect(self) -> None:
        # compression="deflate" is the default: offered, used if accepted.
        self.ws = await websockets.connect(self.url, max_size=None, compression="deflate")
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(sync_step1(self.doc.get_state()))

    @property
    def compressed(self) -> bool:
        assert self.ws is not None and self.ws.response is not None
        return "permessage-deflate" in self.ws.response.headers.get("Sec-WebSocket-Extensions", "")

    def _on_change(self, event: MapEvent) -> None:
        if not self.measuring:
            return
        for key, change in event.keys.items():
            if key != self.key and "newValue" in change:
                self.latencies_ns.append(self._arrival_ns - int(change["newValue"]))

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for data in self.ws:
                if isinstance(data, str):
                    continue
                self._arrival_ns = time.monotonic_ns()
                frame = parse_frame(data)
                if frame.type != MessageType.SYNC:
                    continue
                if frame.sync_type == SyncType.STEP1:
                    await self.ws.send(sync_step2(self.doc.get_update(frame.payload)))
                    continue
                self._remote = True
                try:
                    self.doc.apply_update(frame.payload)
                finally:
                    self._remote = False
                if frame.sync_type == SyncType.STEP2:
                    self.synced.set()
                elif self.measuring:
                    self.deliveries += 1
        except websockets.ConnectionClosed:
            pass

    async def write(self, rate: float, seconds: float) -> None:
        """``rate`` updates/s for ``seconds``, each carrying its send time."""
        assert self.ws is not None
        period = 1 / rate
        await asyncio.sleep(random.uniform(0, period))
        next_at = time.monotonic()
        end = next_at + seconds
        while next_at < end:
            self.values[self.key] = str(time.monotonic_ns())
            for update in self._local_updates:
                await self.ws.send(update_message(update))
            self._local_updates.clear()
            self.writes += 1
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))


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


async def until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


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
        first = Client(url, "c0")
        await first.connect()
        await asyncio.wait_for(first.synced.wait(), 10)
        await asyncio.sleep(0.5)
        rss_before = rss_kib(pid)
        clients = [first] + [Client(url, f"c{i}") for i in range(1, clients_n)]
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

    latencies = sorted(ns / 1e6 for c in clients for ns in c.latencies_ns)
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
