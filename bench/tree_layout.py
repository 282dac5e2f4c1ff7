"""Time to lay out a problem tree, in Python and in Node.

Builds seeded random trees (60 % causes, 40 % effects, each hanging from one
of the 30 latest nodes of its side, so layers run deep and wide), lays each out
with ``workshops.tree_layout.layout_graph`` and, in one Node process, with
``static/src/tree-layout.js``; prints the best and median of ``--repeat`` runs
(Node's after a warm-up run, as in a browser that has laid out once).

Run: ``.venv/bin/python bench/tree_layout.py [--sizes 300 3000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshops.tree_layout import layout_graph  # noqa: E402

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
import { layoutTree } from %s;
const { trees, repeat } = JSON.parse(readFileSync(0, "utf8"));
const out = trees.map(({ nodes, edges }) => {
  layoutTree(nodes, edges);
  const ms = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = performance.now();
    layoutTree(nodes, edges);
    ms.push(performance.now() - start);
  }
  return ms;
});
process.stdout.write(JSON.stringify(out));
"""


def random_tree(size: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [{"id": "p", "kind": "problem", "text": "Problema central", "created_at": 0}]
    edges = []
    causes, effects = ["p"], ["p"]
    for i in range(1, size):
        words = " ".join(rng.choice(["falta", "de", "participación", "ciudadana", "municipios"]) for _ in range(12))
        if rng.random() < 0.6:
            parent, node_id = rng.choice(causes[-30:]), f"c{i}"
            causes.append(node_id)
            nodes.append({"id": node_id, "kind": "cause", "text": words, "created_at": i})
            edges.append({"id": f"e{i}", "source": node_id, "target": parent})
        else:
            parent, node_id = rng.choice(effects[-30:]), f"f{i}"
            effects.append(node_id)
            nodes.append({"id": node_id, "kind": "effect", "text": words, "created_at": i})
            edges.append({"id": f"e{i}", "source": parent, "target": node_id})
    return {"nodes": nodes, "edges": edges}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    trees = [random_tree(size, seed=size) for size in args.sizes]

    python_ms = []
    for tree in trees:
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            layout_graph(tree["nodes"], tree["edges"])
            runs.append((time.perf_counter() - start) * 1000)
        python_ms.append(runs)

    module = json.dumps((ROOT / "static" / "src" / "tree-layout.js").as_uri())
    result = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT % module],
        input=json.dumps({"trees": trees, "repeat": args.repeat}),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    node_ms = json.loads(result.stdout)

    print(f"{'nodes':>6} | {'Python best / median ms':>24} | {'Node best / median ms':>22}")
    for size, py, js in zip(args.sizes, python_ms, node_ms, strict=True):
        print(
            f"{size:>6} | {min(py):>11.1f} / {statistics.median(py):>10.1f} | "
            f"{min(js):>10.1f} / {statistics.median(js):>9.1f}"
        )


if __name__ == "__main__":
    main()
