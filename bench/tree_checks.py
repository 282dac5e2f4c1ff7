"""How long ``check_tree`` takes on realistic problem trees.

Builds trees of 50, 500 and 5,000 nodes the way a mesa de cocreación does:
one central problem, causes in three levels below it (direct, indirect, root)
and effects in three levels above it, Spanish texts from the vocabulary of
open-government workshops, about 5 % written as "Falta de…" and about 5 %
near-duplicates of another text (accents dropped, different case, a typo, a
plural). Each tree goes through ``check_tree(tree_from_document(doc))``
several times; the table shows the first time (texts not seen before: the
checks keep normalised texts, so later runs are what an edit costs), median
and worst wall-clock time, median CPU time (steadier when other processes
share the machine) and what was found.

Run: ``.venv/bin/python bench/tree_checks.py [--runs 7] [--seed 2024] [--sizes 50 500 5000] [--distinct]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshops.problem_tree import tree_from_document  # noqa: E402
from workshops.tree_check import check_tree  # noqa: E402

SIZES = (50, 500, 5000)
CAUSE_SHARE = 0.6
LEVELS = 3
ABSENCE_SHARE = 0.05
NEAR_DUPLICATE_SHARE = 0.05

SITUATIONS = (
    "Baja participación",
    "Desconocimiento de los mecanismos de transparencia",
    "Desconfianza",
    "Poca coordinación",
    "Respuestas tardías a las solicitudes de información",
    "Desinterés",
    "Opacidad en el uso de los recursos públicos",
    "Limitada rendición de cuentas",
    "Escasa capacitación en gobierno abierto",
    "Resistencia al cambio",
    "Información pública incompleta y desactualizada",
    "Trámites largos y costosos",
    "Inactividad de los comités ciudadanos",
    "Rotación frecuente del personal",
    "Desarticulación de las agendas",
)
ABSENCES = (
    "Falta de",
    "Carencia de",
    "No existen",
    "Ausencia de",
    "Insuficiencia de",
)
ABSENT_THINGS = (
    "presupuesto para la participación ciudadana",
    "personal capacitado en transparencia",
    "mecanismos de seguimiento",
    "datos abiertos municipales",
    "espacios de diálogo con la sociedad civil",
    "lineamientos de archivo",
)
POPULATIONS = (
    "de la ciudadanía",
    "de las personas jóvenes",
    "de las mujeres indígenas",
    "de los sujetos obligados",
    "de las organizaciones de la sociedad civil",
    "de las personas servidoras públicas",
    "de los comités vecinales",
    "de las personas con discapacidad",
    "de las y los comerciantes",
    "de las comunidades rurales",
)
PLACES = (
    "en los municipios",
    "en Toluca",
    "en Ecatepec",
    "en Nezahualcóyotl",
    "en las zonas rurales",
    "en el Estado de México",
    "en las alcaldías",
    "en la región oriente",
    "en los ayuntamientos",
    "en las colonias populares",
)
DETAILS = (
    "",
    "durante el último año",
    "al solicitar información",
    "en los procesos de presupuesto participativo",
    "en las sesiones de cabildo abierto",
    "por el horario de las convocatorias",
    "por la falta de difusión en lenguas originarias",
    "desde el cambio de administración",
)
PROBLEM = (
    "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
    "de más mecanismos de participación ciudadana en los municipios."
)


def build_document(size: int, rng: random.Random, distinct: bool = False) -> dict[str, Any]:
    """A ``to_py()`` tree document of ``size`` nodes: problem, causes, effects.
    ``distinct``: no two texts the same (the near-duplicates stay), so the
    duplicate search cannot stop early at its 50 pairs of equal texts."""
    nodes: dict[str, dict[str, str]] = {"problem": {"kind": "problem", "text": PROBLEM}}
    edges: dict[str, dict[str, str]] = {}
    texts: list[str] = []
    used: set[str] = set()
    causes = round((size - 1) * CAUSE_SHARE)
    for kind, count in (("cause", causes), ("effect", size - 1 - causes)):
        levels = _level_sizes(count)
        previous = ["problem"]
        for level, level_size in enumerate(levels, 1):
            current = []
            for i in range(level_size):
                node_id = f"{kind}-{level}-{i}"
                text = _text(rng, texts)
                while distinct and text in used:
                    text = _text(rng, texts)
                used.add(text)
                texts.append(text)
                nodes[node_id] = {"kind": kind, "text": text}
                parent = rng.choice(previous)
                source, target = (node_id, parent) if kind == "cause" else (parent, node_id)
                edges[f"edge-{node_id}"] = {"source": source, "target": target}
                current.append(node_id)
            previous = current
    return {"nodes": nodes, "edges": edges}


def _level_sizes(count: int) -> list[int]:
    """Few direct causes or effects, more at every level further from the problem."""
    weights = [1, 3, 9][:LEVELS]
    sizes = [max(1, count * w // sum(weights)) for w in weights]
    sizes[-1] = max(0, count - sum(sizes[:-1]))
    return [s for s in sizes if s]


def _text(rng: random.Random, earlier: list[str]) -> str:
    roll = rng.random()
    if earlier and roll < NEAR_DUPLICATE_SHARE:
        return _near_duplicate(rng.choice(earlier), rng)
    if roll < NEAR_DUPLICATE_SHARE + ABSENCE_SHARE:
        return f"{rng.choice(ABSENCES)} {rng.choice(ABSENT_THINGS)} {rng.choice(PLACES)}"
    parts = [rng.choice(SITUATIONS), rng.choice(POPULATIONS), rng.choice(PLACES), rng.choice(DETAILS)]
    return " ".join(p for p in parts if p) + "."


def _near_duplicate(text: str, rng: random.Random) -> str:
    way = rng.randrange(4)
    if way == 0:  # accents dropped, as typed on a phone
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if way == 1:
        return text.upper().rstrip(".")
    if way == 2:  # a typo: two neighbouring letters swapped in the longest word
        word = max(text.split(), key=len)
        k = rng.randrange(len(word) - 1)
        return text.replace(word, word[:k] + word[k + 1] + word[k] + word[k + 2 :], 1)
    return text.rstrip(".") + " y sus consecuencias"


def measure(size: int, runs: int, seed: int, distinct: bool = False) -> dict[str, Any]:
    doc = build_document(size, random.Random(seed + size), distinct)
    times = []
    cpu_times = []
    checks = []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        checks = check_tree(tree_from_document(doc))
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    return {
        "nodes": len(doc["nodes"]),
        "edges": len(doc["edges"]),
        "first_ms": times[0],
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "cpu_median_ms": statistics.median(cpu_times),
        "checks": len(checks),
        "by_rule": Counter(c.rule for c in checks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="tree sizes, in nodes")
    parser.add_argument("--distinct", action="store_true", help="no two texts the same")
    args = parser.parse_args()
    columns = ("nodes", 6), ("edges", 6), ("first ms", 9), ("median ms", 10), ("max ms", 8), ("cpu ms", 7)
    print(" ".join(f"{name:>{width}}" for name, width in columns), f"{'checks':>7}  by rule")
    for size in args.sizes:
        r = measure(size, args.runs, args.seed, args.distinct)
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(r["by_rule"].items()))
        print(
            f"{r['nodes']:>6} {r['edges']:>6} {r['first_ms']:>9.1f} {r['median_ms']:>10.1f} {r['max_ms']:>8.1f} "
            f"{r['cpu_median_ms']:>7.1f} {r['checks']:>7}  {by_rule}"
        )


if __name__ == "__main__":
    main()
