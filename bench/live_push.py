"""How fast a change made by the facilitator reaches every open page.

Starts the real server (``python -m server`` on a free port, SQLite in a
temporary directory), makes a workshop with two alternatives, joins
``--clients`` participants (100 by default) and connects each to the
workshop's ``live`` document (``/ws/<workshop_id>/live``) over real
WebSockets, syncing it with pycrdt like a browser would with y-websocket.
Then the facilitator, through the HTTP API:

- changes the phase (``--phases`` times, between «Alternativas» and «Votación»);
- opens a voting round and closes it (``--rounds`` times each);
- and participants cast ballots (``--ballots``), which push the count.

For each change it measures, per client, the time from just before the HTTP
request is sent to the arrival of the frame after which that client's
document shows the change (the new phase, the round open or closed, the
ballot counted). One machine, one clock. Prints p50/p95/p99 and the maximum
per kind of change and overall (target: p95 ≤ 300 ms with 100 clients).

Run: ``.venv/bin/python bench/live_push.py [--clients 100]``.
"""

from __future__ import annotations

import argparse
import asyncio
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
from pycrdt import Doc

sys.path.insert(0, str(ROOT))

from server.live import read_live  # noqa: E402
from server.sync.protocol import MessageType, SyncType, parse_frame, sync_step1, sync_step2  # noqa: E402

Predicate = Callable[[dict[str, Any]], bool]


class LiveClient:
    """A page's view of the live document: notes when it first shows what is awaited."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.doc = Doc()
        self.synced = asyncio.Event()
        self.awaited: Predicate | None = None
        self.seen_ns = 0
        self.seen = asyncio.Event()
        self.ws: Any = None

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, max_size=None, compression=None, open_timeout=60)
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(sync_step1(self.doc.get_state()))

    def expect(self, predicate: Predicate) -> None:
        self.awaited, self.seen_ns = predicate, 0
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
                if self.awaited is not None and not self.seen.is_set() and self.awaited(read_live(self.doc)):
                    self.seen_ns = arrival
                    self.seen.set()
        except websockets.ConnectionClosed:
            pass

    async def close(self) -> None:
        await self.ws.close()


def phase_is(phase: str) -> Predicate:
    return lambda live: (live["state"].get("phase") or {}).get("phase") == phase


def round_is(round_id: str, status: str, voted: int | None = None) -> Predicate:
    def check(live: dict[str, Any]) -> bool:
        for shown in (live["state"].get("rounds") or {}).get("shown") or []:
            if shown.get("id") == round_id and shown.get("status") == status:
                return voted is None or shown.get("voted") == voted
        return False

    return check


async def measure(clients: list[LiveClient], predicate: Predicate, act: Callable[[], Any]) -> list[float]:
    """Milliseconds from just before ``act`` to each client showing ``predicate``."""
    for client in clients:
        client.expect(predicate)
    start = time.monotonic_ns()
    await act()
    await asyncio.wait_for(asyncio.gather(*(c.seen.wait() for c in clients)), timeout=30)
    return [(c.seen_ns - start) / 1e6 for c in clients]


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
        r = await http.post("/api/workshops", json={"title": "Banco de pruebas", "problem_statement": "Un problema"})
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
        clients = [LiveClient(f"{ws_base}?token={p['token']}") for p in people]
        started = time.monotonic()
        for batch in range(0, len(clients), 20):
            await asyncio.gather(*(c.connect() for c in clients[batch : batch + 20]))
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), timeout=60)
        print(f"{len(clients)} clients synced the live document in {time.monotonic() - started:.1f} s")

        results: dict[str, list[float]] = {"phase": [], "round opened": [], "round closed": [], "ballot counted": []}
        phase = "alternativas"
        for _ in range(args.phases):
            phase = "votacion" if phase == "alternativas" else "alternativas"
            results["phase"] += await measure(clients, phase_is(phase), lambda p=phase: set_phase(p))
            await asyncio.sleep(0.2)
        if phase != "votacion":
            await set_phase("votacion")
        ballots_left = args.ballots
        seen_rounds: set[str] = set()
        for n in range(args.rounds):
            opened: dict[str, str] = {}

            async def open_round() -> None:
                r = await http.post(
                    f"/api/workshops/{wid}/rounds", json={"method": "approval", "options": options}, headers=fac
                )
                r.raise_for_status()
                opened["id"] = r.json()["id"]

            # The id is known only from the answer: await an open round not seen before.
            def any_new_open(live: dict[str, Any], before: frozenset[str] = frozenset(seen_rounds)) -> bool:
                shown = (live["state"].get("rounds") or {}).get("shown") or []
                return any(s.get("status") == "open" and s.get("id") not in before for s in shown)

            results["round opened"] += await measure(clients, any_new_open, open_round)
            round_id = opened["id"]
            seen_rounds.add(round_id)
            await asyncio.sleep(0.2)
            per_round = ballots_left // (args.rounds - n)
            for voter in people[:per_round]:
                voted = people.index(voter) + 1

                async def cast(voter: dict[str, Any] = voter) -> None:
                    r = await http.put(
                        f"/api/workshops/{wid}/rounds/{round_id}/ballot",
                        json={"approve": options[:1]},
                        headers={"Authorization": f"Bearer {voter['token']}"},
                    )
                    r.raise_for_status()

                results["ballot counted"] += await measure(clients, round_is(round_id, "open", voted), cast)
                await asyncio.sleep(0.1)
            ballots_left -= per_round

            async def close_round(round_id: str = round_id) -> None:
                (await http.post(f"/api/workshops/{wid}/rounds/{round_id}/close", headers=fac)).raise_for_status()

            results["round closed"] += await measure(clients, round_is(round_id, "closed"), close_round)
            await asyncio.sleep(0.2)

        print(f"\nTime from the facilitator's request to each of {len(clients)} clients seeing the change:")
        everything: list[float] = []
        for name, values in results.items():
            if values:
                report(name, values)
                everything += values
        report("all", everything)
        for client in clients:
            await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ballots", type=int, default=20)
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


if __name__ == "__main__":
    main()
