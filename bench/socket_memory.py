"""Where an idle synced connection's memory goes (tracemalloc), by what
allocated it.

Runs our server (``python -m server``'s uvicorn options) in this process
with ``tracemalloc`` on, prepares one workshop with N participants over
HTTP and opens N idle synced ``y-websocket`` clients with the shared
fan-out harness (``../shared/bench-fanout/``, ``fanout.mjs --mode conns``,
copied to a temporary directory and ``npm ci``-ed there). It snapshots the
heap when the first client is in the room and again when all N are, and
prints the difference per connection: in total, by kind (the handshake and
the protocol object; the ASGI task's coroutines; the endpoint's objects;
the database's threads) and its largest allocation sites.

Run::

    .venv/bin/python bench/socket_memory.py --harness /work/shared/bench-fanout      # 500 clients, ~1 min
    .venv/bin/python bench/socket_memory.py --clients 300 --top 40

tracemalloc counts Python allocations only (not the allocator's slack, the
kernel's socket buffers or pycrdt's Rust heap); the harness's RSS per
connection (``bench/socket_fanout.py``) is the figure the goal is about.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HARNESS = ROOT.parent / "shared" / "bench-fanout"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def kind(frames: list[str]) -> str:
    joined = " ".join(frames)
    if "run_asgi" in joined or "create_task" in joined:
        return "ASGI task (coroutines)"
    if "threading.py" in joined:
        return "database threads"
    if "h11_impl.py" in joined or "selector_events.py" in joined:
        return "handshake, protocol, transport"
    return "endpoint and room objects"


async def measure(args: argparse.Namespace, harness: Path, work: Path) -> None:
    import uvicorn

    from server.__main__ import listen_url, uvicorn_options
    from server.app import create_app
    from server.settings import Settings

    port = free_port()
    os.environ.update(
        COCREA_DATABASE_URL=f"sqlite:///{work}/cocrea.db",
        COCREA_SECRET_KEY=os.urandom(16).hex(),
        COCREA_MAX_CLIENTS_PER_ROOM=str(args.clients + 10),
    )
    settings = Settings.from_env()
    app = create_app(settings, listen_url=listen_url("127.0.0.1", port))
    options = {**uvicorn_options(settings), "log_config": None, "log_level": "warning", "access_log": False}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))  # type: ignore[arg-type]
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    tokens = work / "tokens.json"
    base_url = f"http://127.0.0.1:{port}"
    setup = await asyncio.create_subprocess_exec(
        "node",
        "cocrea_setup.mjs",
        "--base",
        base_url,
        "--n",
        str(args.clients),
        "--out",
        str(tokens),
        cwd=harness,
        stdout=subprocess.DEVNULL,
    )
    await setup.wait()
    conns = await asyncio.create_subprocess_exec(
        "node", "fanout.mjs", "--mode", "conns", "--url", f"ws://127.0.0.1:{port}/ws", "--steps", str(args.clients),
        "--procs", "2", "--step-timeout-s", "90", "--max-s", "180", "--schema", "cocrea-tree",
        "--tokens-file", str(tokens), "--quiet", "1", cwd=harness, stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def clients() -> int:
        return sum(len(r.clients) for r in app.state.cocrea.rooms.rooms.values())

    while clients() < 1:
        await asyncio.sleep(0.02)
    gc.collect()
    before = tracemalloc.take_snapshot()
    while clients() < args.clients and conns.returncode is None:
        await asyncio.sleep(0.02)
    count = clients()
    gc.collect()
    after = tracemalloc.take_snapshot()
    await conns.wait()
    server.should_exit = True
    await serving
    n = max(1, count - 1)
    diff = after.compare_to(before, "traceback")
    total = sum(d.size_diff for d in diff)
    kinds: collections.Counter[str] = collections.Counter()
    for d in diff:
        kinds[kind([f"{f.filename}:{f.lineno}" for f in d.traceback])] += d.size_diff
    print(f"{count} idle synced connections; Python heap per connection: {total / n / 1024:.1f} KB")
    for name, size in kinds.most_common():
        print(f"  {size / n:8.0f} B  {name}")
    print("\nlargest allocation sites (bytes per connection, objects per connection, innermost frames):")
    for d in after.compare_to(before, "traceback")[: args.top]:
        frames = [f"{Path(f.filename).name}:{f.lineno}" for f in d.traceback][-4:]
        print(f"  {d.size_diff / n:7.0f} {d.count_diff / n:5.2f}  " + " <- ".join(reversed(frames)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--harness", type=Path, default=HARNESS, help="the fan-out harness")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--top", type=int, default=25, help="allocation sites to list")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="socket-memory-"))
    copy = work / "bench-fanout"
    shutil.copytree(args.harness, copy, ignore=shutil.ignore_patterns("node_modules", "results"))
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=copy, check=True, stdout=subprocess.DEVNULL)
    tracemalloc.start(12)
    try:
        asyncio.run(measure(args, copy, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
