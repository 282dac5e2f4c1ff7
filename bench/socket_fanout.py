"""The sync socket against the Node reference server, in one run.

Wraps the shared fan-out harness (``../shared/bench-fanout/``, its README):
copies it to a temporary directory (the shared one may be read-only), runs
``npm ci`` there, then ``run.sh`` with ``SERVERS="node_ref cocrea=ours"``, our
server started as ``python -m server`` (the Procfile's command) from this
checkout, or from ``--checkout`` (another version, the same script). Every
cell restarts both servers; the harness prints its Markdown tables.

Then it prints what the issue asks about, from the run's ``fanout.jsonl``
and ``conns.jsonl``, with the Node figure of the SAME run beside ours:

- server CPU per delivered update (server CPU seconds / deliveries), per cell;
- delivery latency p50/p99 (over every update × receiver);
- RSS per idle synced connection at each step, and the idle process.

The machine is shared: each row carries the other load the harness saw
(``other %``, CPU used by neither server nor load generator, % of one core)
and the generator's event-loop use (``gen ELU``; >= 0.9 means the clients,
not the server, set the latency). Compare ratios from one run.

Run::

    .venv/bin/python bench/socket_fanout.py                  # ~7-12 min
    .venv/bin/python bench/socket_fanout.py --quick          # ~1-2 min
    .venv/bin/python bench/socket_fanout.py --checkout /tmp/other-version
    CLIENTS=100 WRITERS=10 SKIP_CONNS=1 .venv/bin/python bench/socket_fanout.py
    .venv/bin/python bench/socket_fanout.py --summary results/<stamp>   # only the summary

Other harness knobs (``CLIENTS``, ``WRITERS``, ``CONN_STEPS``...) pass through
the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT.parent / "shared" / "bench-fanout"


def run_harness(harness: Path, checkout: Path, quick: bool) -> Path:
    work = Path(tempfile.mkdtemp(prefix="socket-fanout-"))
    copy = work / "bench-fanout"
    shutil.copytree(harness, copy, ignore=shutil.ignore_patterns("node_modules", "results"))
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=copy, check=True)
    env = dict(os.environ)
    env.setdefault("SERVERS", "node_ref cocrea=ours")
    env["SERVER_CWD"] = str(checkout)
    env["SERVER_CMD"] = ".venv/bin/python -m server --host 127.0.0.1 --port {PORT}"
    env.setdefault("COCREA_MAX_CLIENTS_PER_ROOM", "5000")
    subprocess.run(["bash", str(copy / "run.sh")] + (["--quick"] if quick else []), cwd=copy, env=env, check=True)
    results = sorted((copy / "results").iterdir())
    return results[-1]


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def summary(results: Path) -> str:
    out = [f"results: {results}", ""]
    fan = [r for r in _rows(results / "fanout.jsonl") if r.get("mode") == "fanout"]
    # The harness may rerun a cell under other load: keep the last try.
    cells: dict[tuple[str, int, int], dict] = {}
    for r in fan:
        cells[(r["label"], r["clients"], r["writers"])] = r
    out.append(
        "| clients × writers | server | µs CPU / delivery | × node | p50 ms | p99 ms | × node p99 "
        "| delivered % | other % | gen ELU |"
    )
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for (label, clients, writers), r in sorted(
        cells.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0] != "node_ref")
    ):
        node = cells.get(("node_ref", clients, writers))
        us = _us_per_delivery(r)
        ratio = p99_ratio = ""
        if node is not None and label != "node_ref":
            node_us = _us_per_delivery(node)
            ratio = f"{us / node_us:.2f}" if node_us else ""
            node_p99 = node["latency_ms"]["p99"]
            p99_ratio = f"{r['latency_ms']['p99'] / node_p99:.2f}" if node_p99 else ""
        lat = r["latency_ms"]
        out.append(
            f"| {clients} × {writers} | {label} | {us:.1f} | {ratio} | {lat['p50']:.1f} | {lat['p99']:.1f} "
            f"| {p99_ratio} "
            f"| {r['delivered_pct']} | {r.get('host_other_cpu_pct', 0):.0f} | {r['gen'].get('max_proc_elu', 0):.2f} |"
        )
    conns = _rows(results / "conns.jsonl")
    if conns:
        out += ["", "| server | idle RSS MB | connections | synced | RSS MB | RSS/conn KB | probe max ms |"]
        out.append("|---|--:|--:|--:|--:|--:|--:|")
        for r in conns:
            idle = (r.get("server_base") or {}).get("rss_mb")
            for step in r.get("steps", []):
                out.append(
                    f"| {r.get('label')} | {_num(idle)} | {step.get('target')} | {step.get('synced')} "
                    f"| {_num(step.get('server_rss_mb'))} | {_num(step.get('server_rss_per_conn_kb'))} "
                    f"| {_num(step.get('probe_max_ms'))} |"
                )
    return "\n".join(out)


def _us_per_delivery(r: dict) -> float:
    return (r.get("server_cpu_s") or 0.0) / max(1, r.get("delivered") or 0) * 1e6


def _num(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--harness", type=Path, default=HARNESS, help="the fan-out harness (default ../shared/bench-fanout)"
    )
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose server to run (with .venv)")
    parser.add_argument("--quick", action="store_true", help="run.sh --quick (about a minute)")
    parser.add_argument("--summary", type=Path, help="only summarise an earlier results directory")
    args = parser.parse_args()
    results = args.summary or run_harness(args.harness, args.checkout.resolve(), args.quick)
    print(summary(results))


if __name__ == "__main__":
    sys.exit(main())
