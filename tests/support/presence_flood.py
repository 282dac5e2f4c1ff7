"""A presence flood in its own process (so it does not starve the test's
event loop): ``python -m tests.support.presence_flood URL SOCKETS``.

Opens SOCKETS sync sockets to URL, each sending presence changes as fast as
the socket takes them (reading what comes back, as a browser does), until
stdin closes; then prints one JSON line: frames sent, and each socket's close
code (null while it was still open)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from typing import Any

import websockets
from pycrdt import Encoder

from server.sync.protocol import awareness_message


def presence(client_id: int, clock: int, state: dict[str, Any] | None) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(1)
    encoder.write_var_uint(client_id)
    encoder.write_var_uint(clock)
    encoder.write_var_string(json.dumps(state))
    return awareness_message(encoder.to_bytes())


async def flood(url: str, client_id: int, stop: asyncio.Event, sent: list[int]) -> str | None:
    async with websockets.connect(url, max_size=None, compression=None) as ws:
        reader = asyncio.create_task(discard(ws))
        clock = 0
        with contextlib.suppress(websockets.ConnectionClosed):
            while not stop.is_set() and not reader.done():
                clock += 1
                await ws.send(presence(client_id, clock, {"cursor": {"x": clock, "pad": "p" * 300}}))
                sent[0] += 1
                if clock % 20 == 0:
                    await asyncio.sleep(0)
        closed = reader.done()
        reader.cancel()
        return f"{ws.close_code} {ws.close_reason}" if closed else None


async def discard(ws: Any) -> None:
    with contextlib.suppress(websockets.ConnectionClosed):
        async for _ in ws:
            pass


async def main(url: str, sockets: int) -> None:
    stop, sent = asyncio.Event(), [0]
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    stdin_closed.add_done_callback(lambda _: stop.set())
    tasks = [asyncio.create_task(flood(url, 900_000 + i, stop, sent)) for i in range(sockets)]

    async def report_progress() -> None:
        while not stop.is_set():
            print(json.dumps({"sent": sent[0]}), flush=True)
            await asyncio.sleep(0.2)

    progress = asyncio.create_task(report_progress())
    codes = await asyncio.gather(*tasks, return_exceptions=True)
    progress.cancel()
    print(
        json.dumps({"sent": sent[0], "codes": [c if isinstance(c, int | None) else repr(c) for c in codes]}), flush=True
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
