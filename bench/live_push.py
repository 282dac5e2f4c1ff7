"""How fast a change made by the facilitator reaches every open page.

Starts the real server (``python -m server`` on a free port, SQLite in a
temporary directory), makes a workshop with two alternatives, joins
``--clients`` participants (100 by default) and connects each to the
workshop's ``live`` document (``/ws/<workshop_id>/live``) over real
WebSockets, syncing it with pycrdt like a browser would with y-websocket.
The clients are spread over ``--processes`` worker processes (4): pages are
separate processes, and one Python loop holding a hundred of them queues
their frames behind each other and measures itself (seconds, not the
server).
Then the facilitator, through the HTTP API:

- changes the phase (``--phases`` times, between «Alternativas» and «Votación»);
- opens a voting round and closes it (``--rounds`` times each);
- and participants cast ballots (``--ballots``), which push the count.

For each change it measures, per client, the time from just before the HTTP
request is sent to the arrival of the frame after which that client's
document shows the change (the new phase, the round open or closed, the
ballot counted). One machine, one clock. Prints p50/p95/p99 and the maximum
per kind of change and overall (target: p95 ≤ 300 ms with 100 clients).

Run: ``.venv/bin/python bench/live_push.py [--clients 100] [--verbose]``.

Measured (2 cores shared with other test suites, load average ≈ 15; SQLite;
``--settle 2``): 4,000 deliveries, p50 39 ms, p95 134 ms, p99 186 ms, max
238 ms (phase p95 102 ms, round opened 174 ms, round closed 99 ms, ballot
counted 90 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import websockets
from bench_kit import ROOT, ServerProcess, free_port, server_env
from pycrdt import Doc, Map

sys.path.insert(0, str(ROOT))

from server.sync.protocol import MessageType, SyncType, parse_frame, sync_step1, sync_step2
from workshops.document_schema import LIVE_STATE

VERBOSE = "--verbose" in sys.argv
# What a client waits for: ("phase", name) | ("opened", ids seen before) | ("round", id, status, voted or None).
Spec = tuple[Any, ...]


def satisfied(spec: Spec, doc: Doc) -> bool:
    """Whether the live document shows what ``spec`` awaits (reading only what it needs)."""
    shown = doc.get(LIVE_STATE, type=Map)
    if spec[0] == "phase":
        state = shown.get("phase") if "phase" in shown else None
        return isinstance(state, dict) and state.get("phase") == spec[1]
    rounds = shown.get("rounds") if "rounds" in shown else None
    for item in (rounds or {}).get("shown") or []:
        if spec[0] == "opened" and item.get("status") == "open" and item.get("id") not in spec[1]:
            return True
        if spec[0] == "round" and item.get("id") == spec[1] and item.get("status") == spec[2]:
            return spec[3] is None or item.get("voted") == spec[3]
    return False


class LiveClient:
    """A page's view of the live document: notes when it first shows what is awaited."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.doc = Doc()
        self.synced = asyncio.Event()
        self.awaited: Spec | None = None
        self.seen_ns = 0
        self.seen = asyncio.Event()
        self.ws: Any = None

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, max_size=None, compression=None, open_timeout=60)
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(sync_step1(self.doc.get_state()))

    def expect(self, spec: Spec) -> None:
        self.awaited, self.seen_ns = spec, 0
        self.seen.clear()

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                if isinstance(data, str):
                    continue
                arrival = time.monotonic_ns()
                frame = parse_frame(data)
                if frame.type != MessageType.SYNC:
                    continue
                if frame.sync_type == SyncType.STEP1:
                    await self.ws.send(sync_step2(self.doc.get_update(frame.payload)))
                    continue
                self.doc.apply_update(frame.payload)
                if frame.sync_type == SyncType.STEP2:
                    self.synced.set()
                if self.awaited is not None and not self.seen.is_set() and satisfied(self.awaited, self.doc):
                    self.seen_ns = arrival
                    self.seen.set()
        except websockets.ConnectionClosed:
            pass

    async def close(self) -> None:
        await self.ws.close()


async def _worker(urls: list[str], commands: Any, answers: Any) -> None:
    loop = asyncio.get_running_loop()
    clients = [LiveClient(url) for url in urls]
    for batch in range(0, len(clients), 10):
        await asyncio.gather(*(c.connect() for c in clients[batch : batch + 10]))
    await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), timeout=120)
    answers.put("synced")
    while (command := await loop.run_in_executor(None, commands.get)) is not None:
        for client in clients:
            client.expect(command)
        answers.put("ready")
        await asyncio.wait_for(asyncio.gather(*(c.seen.wait() for c in clients)), timeout=60)
        answers.put([c.seen_ns for c in clients])
    for client in clients:
        await client.close()


def worker(urls: list[str], commands: Any, answers: Any) -> None:
    """A process holding some of the clients (one Python loop cannot hold a
    hundred pages without queueing their frames behind each other)."""
    asyncio.run(_worker(urls, commands, answers))


class Pages:
    """The clients, spread over worker processes."""

    def __init__(self, urls: list[str], processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.channels = []
        self.procs = []
        for i in range(processes):
            commands, answers = context.Queue(), context.Queue()
            proc = context.Process(target=worker, args=(urls[i::processes], commands, answers), daemon=True)
            proc.start()
            self.channels.append((commands, answers))
            self.procs.append(proc)

    async def _all(self, what: str) -> list[Any]:
        loop = asyncio.get_running_loop()
        return list(await asyncio.gather(*(loop.run_in_executor(None, a.get, True, 120) for _, a in self.channels)))

    async def synced(self) -> None:
        await self._all("synced")

    async def measure(self, spec: Spec, act: Callable[[], Any]) -> list[float]:
        """Milliseconds from just before ``act`` to each client showing ``spec``."""
        for commands, _ in self.channels:
            commands.put(spec)
        await self._all("ready")
        start = time.monotonic_ns()
        await act()
        answered = (time.monotonic_ns() - start) / 1e6
        values = [(ns - start) / 1e6 for seen in await self._all("seen") for ns in seen]
        if VERBOSE:
            print(f"  answered {answered:6.1f} ms  first {min(values):6.1f} ms  last {max(values):6.1f} ms")
        return values

    def close(self) -> None:
        for commands, _ in self.channels:
            commands.put(None)
        for proc in self.procs:
            proc.join(10)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(name: str, values: list[float]) -> None:
    print(
        f"{name:<16} n={len(values):>5}  p50 {percentile(values, 50):7.1f} ms  p95 {percentile(values, 95):7.1f} ms"
        f"  p99 {percentile(values, 99):7.1f} ms  max {max(values):7.1f} ms  mean {statistics.fmean(values):6.1f} ms"
    )


async def run(args: argparse.Namespace, base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        r = await http.post(
            "/api/workshops",
            json={"title": "Banco de pruebas", "problem_statement": "Un problema público", "entity": "Toluca"},
        )
        r.raise_for_status()
        w = r.json()
        wid, fac = w["id"], {"Authorization": f"Bearer {w['facilitator_token']}"}

        async def set_phase(phase: str) -> None:
            (await http.put(f"/api/workshops/{wid}/phase", json={"phase": phase}, headers=fac)).raise_for_status()

        await set_phase("alternativas")
        sectors = ["sociedad_civil", "servicio_publico", "academia", "organismo_garante", "ciudadania"]
        people = []
        for i in range(args.clients):
            body = {
                "name": f"Persona {i}",
                "sector": sectors[i % len(sectors)],
                "accept_privacy_notice": True,
                "accept_code_of_conduct": True,
                "join_code": w["join_code"],
            }
            r = await http.post(f"/api/workshops/{wid}/participants", json=body)
            r.raise_for_status()
            people.append(r.json())
        options = []
        for person, title in zip(people, ("Red de enlaces", "Portal de datos"), strict=False):
            r = await http.post(
                f"/api/workshops/{wid}/alternatives",
                json={"title": title},
                headers={"Authorization": f"Bearer {person['token']}"},
            )
            r.raise_for_status()
            options.append(r.json()["id"])

        ws_base = base.replace("http://", "ws://") + f"/ws/{wid}/live"
        started = time.monotonic()
        pages = Pages([f"{ws_base}?token={p['token']}" for p in people], args.processes)
        await pages.synced()
        print(
            f"{len(people)} clients (in {args.processes} processes) synced the live document"
            f" in {time.monotonic() - started:.1f} s"
        )
        await asyncio.sleep(args.settle)

        results: dict[str, list[float]] = {"phase": [], "round opened": [], "round closed": [], "ballot counted": []}
        phase = "alternativas"
        for _ in range(args.phases):
            phase = "votacion" if phase == "alternativas" else "alternativas"
            results["phase"] += await pages.measure(("phase", phase), lambda p=phase: set_phase(p))
            await asyncio.sleep(0.2)
        if phase != "votacion":
            await set_phase("votacion")
        ballots_left = args.ballots
        seen_rounds: set[str] = set()
        for n in range(args.rounds):
            opened: dict[str, str] = {}

            async def open_round(opened: dict[str, str] = opened) -> None:
                r = await http.post(
                    f"/api/workshops/{wid}/rounds", json={"method": "approval", "options": options}, headers=fac
                )
                r.raise_for_status()
                opened["id"] = r.json()["id"]

            # The id is known only from the answer: await an open round not seen before.
            results["round opened"] += await pages.measure(("opened", tuple(seen_rounds)), open_round)
            round_id = opened["id"]
            seen_rounds.add(round_id)
            await asyncio.sleep(0.2)
            per_round = ballots_left // (args.rounds - n)
            for voter in people[:per_round]:
                voted = people.index(voter) + 1

                async def cast(voter: dict[str, Any] = voter, round_id: str = round_id) -> None:
                    r = await http.put(
                        f"/api/workshops/{wid}/rounds/{round_id}/ballot",
                        json={"approve": options[:1]},
                        headers={"Authorization": f"Bearer {voter['token']}"},
                    )
                    r.raise_for_status()

                results["ballot counted"] += await pages.measure(("round", round_id, "open", voted), cast)
                await asyncio.sleep(0.1)
            ballots_left -= per_round

            async def close_round(round_id: str = round_id) -> None:
                (await http.post(f"/api/workshops/{wid}/rounds/{round_id}/close", headers=fac)).raise_for_status()

            results["round closed"] += await pages.measure(("round", round_id, "closed", None), close_round)
            await asyncio.sleep(0.2)

        print(f"\nTime from the facilitator's request to each of {len(people)} clients seeing the change:")
        everything: list[float] = []
        for name, values in results.items():
            if values:
                report(name, values)
                everything += values
        report("all", everything)
        pages.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--processes", type=int, default=4, help="client processes (pages are separate processes)")
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ballots", type=int, default=20)
    parser.add_argument("--settle", type=float, default=0.0, help="seconds to wait after every client synced")
    parser.add_argument("--server-log", help="copy the server's log to this file")
    parser.add_argument("--verbose", action="store_true", help="print each change's first and last arrival")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = server_env(COCREA_DATABASE_URL=f"sqlite:///{tmp}/bench.db")
        server = ServerProcess(
            [sys.executable, "-m", "server", "--port", str(port)], env, Path(tmp) / "server.log", port
        )
        try:
            server.wait_ready()
            asyncio.run(run(args, server.url))
        finally:
            server.stop()
            if args.server_log:
                Path(args.server_log).write_bytes((Path(tmp) / "server.log").read_bytes())


if __name__ == "__main__":
    main()
