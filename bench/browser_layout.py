"""How long the browser takes to lay out and draw a 300-node problem tree.

Starts the real server (``python -m server`` on a free port, a SQLite file in a
temporary directory, ``COCREA_*`` settings in its environment only), creates a
workshop and puts a tree of ``--nodes`` ideas in it through the import route
(one central problem, causes and effects in three levels, Spanish texts of
realistic length). Then opens the room as the facilitator in headless Chromium
on the outline, and switches to *Grafo* ``--runs`` times, measuring in the page
from the click to the first frame painted after every box is in the DOM
(``performance.now()`` around the switch, two animation frames at the end).
The first switch also downloads and parses the graph chunk ("cold"); the
others reuse it ("warm").

With ``window.__cocreaMeasure = true`` set before the app starts (an init
script here; nothing sets it in normal use) the graph editor also records
``__cocreaLayoutMs`` (tree-layout.js + scene, per layout) and
``__cocreaGraphMountMs`` (its first render to the DOM commit); the script
reports those, and the layout time when one text is edited (the graph lays the
tree out again on every keystroke).

For comparison it also times switching to *Esquema* and to *Objetivos* (the
outline and the objectives view of the same 300 ideas).

Run: ``.venv/bin/python bench/browser_layout.py [--nodes 300] [--runs 7]``
(after ``cd static && npm run build``). ``BENCH_ROOT=/path/to/other/checkout``
serves another checkout's server and build instead, to compare two versions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}
LEVELS = 3
CAUSE_SHARE = 0.6
EDITS = 10

SUBJECTS = (
    "Desconocimiento de los mecanismos de participación",
    "Baja respuesta a las solicitudes de información",
    "Desconfianza en las autoridades municipales",
    "Poca difusión de las convocatorias",
    "Opacidad en el uso de los recursos públicos",
    "Rotación frecuente del personal",
    "Trámites largos y costosos",
    "Información pública incompleta y desactualizada",
)
WHO = (
    "de la ciudadanía",
    "de las personas jóvenes",
    "de los sujetos obligados",
    "de las organizaciones de la sociedad civil",
    "de los comités vecinales",
)
WHERE = ("en los municipios", "en Toluca", "en las zonas rurales", "en el Estado de México", "")
PROBLEM = (
    "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
    "de más mecanismos de participación ciudadana en los municipios"
)


def build_tree(size: int, seed: int) -> dict[str, Any]:
    """A ``cocrea.tree/1`` document: the problem, causes and effects in three levels."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [{"id": "problem", "kind": "problem", "text": PROBLEM}]
    edges: list[dict[str, str]] = []
    causes = round((size - 1) * CAUSE_SHARE)
    for kind, count in (("cause", causes), ("effect", size - 1 - causes)):
        weights = [1, 3, 9][:LEVELS]
        sizes = [max(1, count * w // sum(weights)) for w in weights]
        sizes[-1] = count - sum(sizes[:-1])
        previous = ["problem"]
        for level, level_size in enumerate(sizes, 1):
            current = []
            for i in range(level_size):
                node_id = f"{kind}-{level}-{i}"
                text = " ".join(filter(None, (rng.choice(SUBJECTS), rng.choice(WHO), rng.choice(WHERE))))
                nodes.append({"id": node_id, "kind": kind, "text": text, "created_at": 1_700_000_000_000 + len(nodes)})
                parent = rng.choice(previous)
                source, target = (node_id, parent) if kind == "cause" else (parent, node_id)
                edges.append({"id": f"edge-{node_id}", "source": source, "target": target})
                current.append(node_id)
            previous = current
    return {"schema": "cocrea.tree/1", "nodes": nodes, "edges": edges}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCREA_")}
    env["COCREA_DATABASE_URL"] = f"sqlite:///{workdir}/bench.db"
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 (kept open for the child's life)
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {(workdir / 'server.log').read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def seed_workshop(url: str, tree: dict[str, Any]) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=30) as http:
        r = http.post(
            "/api/workshops", json={"title": "Banco de pruebas", "entity": "Toluca", "problem_statement": PROBLEM}
        )
        if r.status_code != 201:
            raise SystemExit(f"creating the workshop failed: {r.status_code} {r.text}")
        workshop = dict(r.json())
        r = http.post(
            f"/api/workshops/{workshop['id']}/tree/import",
            content=json.dumps(tree),
            headers={"Authorization": f"Bearer {workshop['facilitator_token']}", "Content-Type": "application/json"},
        )
        if r.status_code != 200:
            raise SystemExit(f"importing the tree failed: {r.status_code} {r.text}")
        return workshop


# Switches the view and waits in the page (not through the driver) until
# `selector` matches `count` elements, then for the next frame to be painted.
SWITCH_AND_WAIT = """async ([view, selector, count]) => {
    const button = [...document.querySelectorAll('.view-switch-button')].find(b => b.textContent.trim() === view);
    const frame = () => new Promise(r => requestAnimationFrame(r));
    const start = performance.now();
    button.click();
    while (document.querySelectorAll(selector).length !== count) await frame();
    const built = performance.now() - start;
    await frame();
    await frame();
    return [performance.now() - start, built];
}"""


def summary(values: list[float]) -> str:
    if not values:
        return "—"
    return f"median {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if not (ROOT / "static" / "dist" / "room.js").exists():
        raise SystemExit("build the browser app first: cd static && npm run build")

    tree = build_tree(args.nodes, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            workshop = seed_workshop(url, tree)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                ctx = browser.new_context(viewport=VIEWPORT)
                token = workshop["facilitator_token"]
                ctx.add_cookies([{"name": f"cocrea_s_{workshop['id']}", "value": token, "url": url}])
                ctx.add_init_script(
                    "window.__cocreaMeasure = true; localStorage.setItem('cocrea.treeView', 'outline');"
                )
                page = ctx.new_page()
                page.goto(f"{url}/w/{workshop['id']}")
                page.get_by_text("Conectado", exact=True).wait_for()
                page.locator('[role="treeitem"]').nth(args.nodes - 1).wait_for(timeout=60_000)
                switches = []
                built = []
                outlines = []
                objectives = []
                for _ in range(args.runs):
                    painted, ready = page.evaluate(SWITCH_AND_WAIT, ["Grafo", ".gnode", args.nodes])
                    switches.append(painted)
                    built.append(ready)
                    outlines.append(page.evaluate(SWITCH_AND_WAIT, ["Esquema", '[role="treeitem"]', args.nodes])[0])
                    objectives.append(page.evaluate(SWITCH_AND_WAIT, ["Objetivos", ".obj-row", args.nodes])[0])
                    page.evaluate(SWITCH_AND_WAIT, ["Esquema", '[role="treeitem"]', args.nodes])
                layouts = page.evaluate("() => window.__cocreaLayoutMs || []")
                mounts = page.evaluate("() => window.__cocreaGraphMountMs || []")

                # One idea edited: each keystroke lays the whole tree out again.
                page.evaluate(SWITCH_AND_WAIT, ["Grafo", ".gnode", args.nodes])
                before = len(page.evaluate("() => window.__cocreaLayoutMs"))
                field = page.locator(".gnode--problem textarea")
                field.click()
                for _ in range(EDITS):
                    page.keyboard.type("x")
                    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                edits = page.evaluate("() => window.__cocreaLayoutMs")[before:]
                version = browser.version
                browser.close()
        finally:
            proc.kill()
            proc.wait()

    size = f"{VIEWPORT['width']}×{VIEWPORT['height']}"
    print(f"Chromium {version} headless, {size}, {args.nodes} nodes, {len(tree['edges'])} links")
    print(f"switch to Grafo → painted, cold (chunk load): {switches[0]:7.1f} ms")
    print(f"switch to Grafo → painted, warm             : {summary(switches[1:])}")
    print(f"switch to Grafo → all boxes in the DOM, warm: {summary(built[1:])}")
    print(f"layout + scene (tree-layout.js)             : {summary(layouts)}")
    print(f"graph first render → DOM commit             : {summary(mounts)}")
    print(f"layout again per keystroke                  : {summary(edits)}")
    print(f"(for comparison) switch to Esquema → painted: {summary(outlines)}")
    print(f"(for comparison) Objetivos → painted        : {summary(objectives[1:])}  cold {objectives[0]:.1f} ms")


if __name__ == "__main__":
    main()
