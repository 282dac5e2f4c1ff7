"""How long the Plan de Acción takes to export, in every registered format.

The plan: 20 commitments (each from its own mesa, with its own problem tree,
so every tree figure is drawn) of 10 activities and 5 indicators each, the
eight fields of the hoja de ruta filled, a decision, attendance by sector and
30 minutes. Every format in ``PLAN_FORMATS`` exports it ``--runs`` times;
then one export of a 200-commitment plan per format. Each run is a fresh
process, as a render in the render pool is, so its memory is its own: the
table shows median and worst time, the median CPU time of the process
(user + system, all its threads: the fairer figure on a busy machine), the
output's size, the resident memory before exporting (imports and plan) and
the worst peak while exporting (``ru_maxrss``).

Run: ``.venv/bin/python bench/export.py [--runs 5] [--commitments 20] [--large 200]
[--formats json csv md html docx odt pdf]``; ``--minuta`` for the minuta.

``--trees``: the problem tree's SVG and PNG instead, once each in a fresh
process, at the limits of the render pool (``server/render_pool.py``) and
past them: elements, characters of text in all, time, size and memory.

``--minuta``: a sealed minuta (``exporters/minuta_export.py``) in each of its
formats, ``--runs`` times each in a fresh process: ``MINUTA_ENTRIES`` entries
of relatoría, ``MINUTA_AMENDMENTS`` amendments answered, attendance of every
sector, ten acuerdos.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.formats import TREE_FORMATS, ExportContext  # noqa: E402
from exporters.minuta_export import MINUTA_FORMATS, render_minuta  # noqa: E402
from exporters.plan_formats import PLAN_FORMATS  # noqa: E402
from workshops.plan import Plan  # noqa: E402
from workshops.plan_serialization import plan_from_dict  # noqa: E402
from workshops.problem_tree import ProblemTree, tree_from_document  # noqa: E402

# (elements, characters in all) of the trees of ``--trees``.
TREE_SIZES = ((50, 5_000), (200, 30_000), (300, 30_000), (500, 60_000), (5_000, 500_000))

MINUTA_ENTRIES = 300
MINUTA_AMENDMENTS = 40
ACTIVITIES = 10
INDICATORS = 5
MINUTES = 30
START = dt.date(2026, 1, 15)
SECTORS = ("sociedad_civil", "servicio_publico", "organismo_garante", "academia", "ciudadania")


def tree(n: int) -> dict[str, Any]:
    """A problem tree with two levels of causes and effects, one cause out of scope."""
    problem = f"Problema {n}: la información pública municipal no responde a lo que la ciudadanía necesita."
    nodes = [{"id": "p", "kind": "problem", "text": problem}]
    nodes += [
        {"id": f"e{e}", "kind": "effect", "text": f"Efecto {e} del problema {n}: desconfianza en el gobierno."}
        for e in range(1, 4)
    ]
    nodes += [
        {"id": f"c{c}", "kind": "cause", "text": f"Causa {c} del problema {n}: datos dispersos y sin formato abierto."}
        for c in range(1, 5)
    ]
    nodes[-1]["out_of_scope"] = True
    links = [("c1", "p"), ("c2", "p"), ("c3", "c1"), ("c4", "c2"), ("p", "e1"), ("e1", "e2"), ("e1", "e3")]
    edges = [{"id": f"l{i}", "source": s, "target": t} for i, (s, t) in enumerate(links)]
    return {"nodes": nodes, "edges": edges, "text_only": None}


def commitment(n: int) -> dict[str, Any]:
    """The ``n``-th commitment of the plan, every part filled."""
    institution = f"Dirección de Gobierno Abierto del Ayuntamiento {n}"
    activities = [
        {
            "description": f"Actividad {a} del compromiso {n}: realizar mesas de trabajo con la ciudadanía "
            f"y publicar sus resultados en datos abiertos en el micrositio municipal.",
            "responsible": institution,
            "start": (START + dt.timedelta(days=30 * a)).isoformat(),
            "end": (START + dt.timedelta(days=30 * a + 20)).isoformat(),
            "products": [f"Informe de la actividad {a}", "Base de datos abierta"],
            "verification": ["Minuta firmada", f"Publicación en el micrositio (actividad {a})"],
            "weight": 10,
        }
        for a in range(1, ACTIVITIES + 1)
    ]
    indicators = [
        {
            "name": f"Indicador {i}: porcentaje de solicitudes atendidas en tiempo",
            "definition": "Mide la proporción de solicitudes de información atendidas dentro del plazo legal.",
            "method": "(Solicitudes atendidas en plazo / solicitudes recibidas) × 100",
            "unit": "Porcentaje",
            "frequency": "Trimestral",
            "baseline": {"value": 40 + i, "year": 2025},
            "goal": 80 + i,
            "direction": "ascendente",
            "verification": ["Reporte trimestral de la Unidad de Transparencia"],
        }
        for i in range(1, INDICATORS + 1)
    ]
    return {
        "origin": "co_creado",
        "commitment": {
            "id": f"k-{n}",
            "workshop_id": f"w-{n}",
            "alternative_id": f"alt-{n}",
            "decision_id": f"dec-{n}",
            "created_at": "2025-11-30T17:00:00+00:00",
            "status": "definitivo",
            "sheet": {
                "title": f"Compromiso municipal {n}: información pública útil y participación en la gestión",
                "problem": "La ciudadanía no encuentra información útil sobre obras y servicios del municipio.",
                "description": "Publicar la información de obras y servicios en formatos abiertos con la ciudadanía.",
                "how_it_helps": "Da a la ciudadanía la información que pidió en la mesa y un canal de seguimiento.",
                "gender_perspective": "Paridad en las mesas de seguimiento; datos desagregados por sexo.",
                "assumptions": "El cabildo aprueba el presupuesto de la plataforma.",
                "other_actors": "Colectivos vecinales; universidad pública estatal.",
                "ogp_values": ["transparencia", "participacion", "rendicion_de_cuentas"],
                "sdgs": [11, 16],
            },
        },
        "roadmap": {
            "responsible": {"name": f"Persona responsable {n}", "position": "Directora", "institution": institution},
            "organizations": [{"name": "Observatorio Ciudadano", "contact": "Coordinación"}],
            "activities": activities,
            "result": "Información de obras y servicios publicada y usada por la ciudadanía.",
            "products": ["Plataforma de datos abiertos", "Informe final"],
            "indicators": indicators,
            "verification": ["Informe final publicado en el micrositio"],
            "start": START.isoformat(),
            "end": "2026-12-15",
            "agreed_at": "2025-12-01T18:30:00+00:00",
            "agreed_by": "f-1",
        },
        "problem_tree": tree(n),
        "decision": {
            "kind": "consensus",
            "method": "consent",
            "date": "2025-11-30",
            "participation": [{"sector": s, "eligible": 5, "voted": 4} for s in SECTORS[:3]],
        },
        "mesa": {"title": f"Mesa {n}", "date": "2025-11-30", "entity": "Municipio de Metepec"},
        "attendance": [
            {"sector": s, "people": 4 + i, "organizations": [f"Organización {s} {j}" for j in range(3)]}
            for i, s in enumerate(SECTORS)
        ],
        "minutes": [
            {"at": f"2025-11-30T{16 + m // 12:02d}:{m * 5 % 60:02d}:00+00:00", "text": f"Acontecimiento {m}."}
            for m in range(MINUTES)
        ],
    }


def bench_plan(commitments: int) -> Plan:
    return plan_from_dict(
        {
            "id": "pam-bench",
            "title": "Plan de Acción Municipal de Gobierno Abierto (banco de pruebas)",
            "entity": "Municipio de Metepec",
            "type": "municipal",
            "guarantor": "Instituto de Transparencia del Estado",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "approved_on": "2025-12-15",
            "secretariat": [
                {"name": "Persona del Secretariado", "organization": "Observatorio Ciudadano", "sector": s}
                for s in SECTORS
            ],
            "commitments": [commitment(n) for n in range(1, commitments + 1)],
        }
    )


def bench_tree(nodes: int, chars: int) -> ProblemTree:
    """A tree of ``nodes`` elements and about ``chars`` characters: the
    problem, causes below and effects above, several layers deep."""
    text = "falta de información pública útil en los municipios y sus obras " * 40
    each = max(1, chars // nodes)
    doc_nodes: dict[str, Any] = {}
    doc_edges: dict[str, Any] = {}
    for i in range(nodes):
        kind = "problem" if i == 0 else "cause" if i % 5 < 3 else "effect"
        doc_nodes[f"n{i}"] = {"kind": kind, "text": text[:each].strip() or "x", "created_at": i}
        if i:
            parent = f"n{max(0, i - 1 - i % 30)}" if i > 30 else "n0"
            source, target = (f"n{i}", parent) if kind == "cause" else (parent, f"n{i}")
            doc_edges[f"e{i}"] = {"source": source, "target": target}
    return tree_from_document({"nodes": doc_nodes, "edges": doc_edges})


def tree_child(name: str, nodes: int, chars: int) -> dict[str, Any]:
    fmt = TREE_FORMATS.get_format(name)
    tree = bench_tree(nodes, chars)
    base = rss_mib()
    start = time.perf_counter()
    size = len(fmt.render(tree, ExportContext(title="Árbol de problemas (banco de pruebas)")))
    return {"times": [(time.perf_counter() - start) * 1000], "size": size, "base": base, "peak": rss_mib()}


def trees() -> None:
    print(f"{'format':<6} {'elem.':>6} {'chars':>8} {'ms':>8} {'size KB':>9} {'base MiB':>8} {'peak MiB':>8}")
    for nodes, chars in TREE_SIZES:
        for name in ("svg", "png"):
            script = [sys.executable, __file__, "--tree-child", name, str(nodes), str(chars)]
            out = subprocess.run(script, check=True, capture_output=True, text=True, cwd=ROOT)
            r = json.loads(out.stdout)
            print(
                f"{name:<6} {nodes:>6} {chars:>8} {r['times'][0]:>8.0f} {r['size'] / 1024:>9.0f} "
                f"{r['base']:>8.0f} {r['peak']:>8.0f}",
                flush=True,
            )


def bench_minuta_view() -> dict[str, Any]:
    """A sealed minuta of a long mesa: what ``--minuta`` renders."""
    from exporters.minuta_view import Acuerdo, ApprovalTally, Attendee, MesaIdentity, minuta_view
    from workshops.minuta import Minuta, approval_closed, decide_amendment, open_approval, propose_amendment, seal
    from workshops.plan_annex import MinuteEntry, SectorAttendance
    from workshops.roles import Role

    at = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)
    minuta = Minuta()
    for n in range(MINUTA_AMENDMENTS):
        data = {"passage": f"Pasaje {n}", "text": "Decir «30 días» y no «un mes». " * 4, "reason": "Así se acordó."}
        minuta = propose_amendment(
            minuta, data, role=Role.PARTICIPANT, attended=True, author_id=f"p{n % 15}", sector=SECTORS[n % 5],
            amendment_id=f"e{n}", now=at,
        )  # fmt: skip
        minuta = decide_amendment(
            minuta, f"e{n}", ("accepted", "rejected")[n % 2], "Razón de la respuesta.", role=Role.FACILITATOR
        )
    minuta = open_approval(minuta, role=Role.FACILITATOR, round_id="r")
    minuta = approval_closed(minuta, round_id="r", quorum_met=True, objections=0)
    minuta = seal(minuta, {"bench": True}, role=Role.FACILITATOR, now=at)
    entries = [
        MinuteEntry(at + dt.timedelta(minutes=m), f"Acontecimiento {m}: la mesa votó y decidió por consenso. " * 2)
        for m in range(MINUTA_ENTRIES)
    ]
    return minuta_view(
        minuta,
        mesa=MesaIdentity("Mesa de banco de pruebas", "Municipio de Metepec", at.date(), "Sala de Cabildo"),
        relatoria=entries,
        attendance=[SectorAttendance(s, 5, tuple(f"Organización {s} {j}" for j in range(5))) for s in SECTORS],
        attendees=[Attendee(f"Persona {n}", SECTORS[n % 5], named=n % 2 == 0) for n in range(25)],
        acuerdos=[Acuerdo("Dirección de Movilidad", f"Acuerdo {n}", at.date()) for n in range(10)],
        approval=ApprovalTally(agree=20, can_live_with=3, eligible=25, quorum_met=True, reservations=("Reserva.",)),
        public_url="https://cocrea.example.mx",
    )


def minuta_child(name: str) -> dict[str, Any]:
    view = bench_minuta_view()
    base = rss_mib()
    cpu, start = cpu_seconds(), time.perf_counter()
    size = len(render_minuta(view, name)[0])
    elapsed = (time.perf_counter() - start) * 1000
    return {"time": elapsed, "cpu": (cpu_seconds() - cpu) * 1000, "size": size, "base": base, "peak": rss_mib()}


def minutas(runs: int) -> None:
    print(f"minuta: {MINUTA_ENTRIES} entries of relatoría, {MINUTA_AMENDMENTS} amendments")
    print(f"{'format':<6} {'':>5} {'runs':>4} {'median ms':>10} {'max ms':>8} {'CPU ms':>8} {'size KB':>9} "
          f"{'base MiB':>8} {'peak MiB':>8}")  # fmt: skip
    for name in MINUTA_FORMATS.names():
        results = []
        for _ in range(runs):
            script = [sys.executable, __file__, "--minuta-child", name]
            out = subprocess.run(script, check=True, capture_output=True, text=True, cwd=ROOT)
            results.append(json.loads(out.stdout))
        r = {
            "times": [x["time"] for x in results],
            "cpu": [x["cpu"] for x in results],
            "size": results[-1]["size"],
            "base": statistics.median(x["base"] for x in results),
            "peak": max(x["peak"] for x in results),
        }
        print(row(name, 1, r), flush=True)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(name: str, commitments: int) -> dict[str, Any]:
    """Runs in the child process: export once, report figures."""
    fmt = PLAN_FORMATS.get_format(name)
    plan = bench_plan(commitments)
    context = ExportContext(title=plan.title)
    base = rss_mib()
    cpu, start = cpu_seconds(), time.perf_counter()
    size = len(fmt.render(plan, context))
    elapsed = (time.perf_counter() - start) * 1000
    return {"time": elapsed, "cpu": (cpu_seconds() - cpu) * 1000, "size": size, "base": base, "peak": rss_mib()}


def measure(name: str, commitments: int, runs: int) -> dict[str, Any]:
    """``runs`` exports, each in a fresh process."""
    script = [sys.executable, __file__, "--child", name, "--commitments", str(commitments)]
    results = []
    for _ in range(runs):
        out = subprocess.run(script, check=True, capture_output=True, text=True, cwd=ROOT)
        results.append(json.loads(out.stdout))
    return {
        "times": [r["time"] for r in results],
        "cpu": [r["cpu"] for r in results],
        "size": results[-1]["size"],
        "base": statistics.median(r["base"] for r in results),
        "peak": max(r["peak"] for r in results),
    }


def row(name: str, commitments: int, r: dict[str, Any]) -> str:
    timing = f"{statistics.median(r['times']):>10.0f} {max(r['times']):>8.0f} {statistics.median(r['cpu']):>8.0f}"
    memory = f"{r['base']:>8.0f} {r['peak']:>8.0f}"
    return f"{name:<6} {commitments:>5} {len(r['times']):>4} {timing} {r['size'] / 1024:>9.0f} {memory}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commitments", type=int, default=20)
    parser.add_argument("--large", type=int, default=200, help="commitments of the one-run export (0: none)")
    parser.add_argument("--formats", nargs="+", default=list(PLAN_FORMATS.names()))
    parser.add_argument("--trees", action="store_true", help="the tree's SVG and PNG instead")
    parser.add_argument("--minuta", action="store_true", help="the minuta's formats instead")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--minuta-child", help=argparse.SUPPRESS)
    parser.add_argument("--tree-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tree_child:
        name, nodes, chars = args.tree_child
        print(json.dumps(tree_child(name, int(nodes), int(chars))))
        return
    if args.minuta_child:
        print(json.dumps(minuta_child(args.minuta_child)))
        return
    if args.trees:
        trees()
        return
    if args.minuta:
        minutas(args.runs)
        return
    if args.child:
        print(json.dumps(child(args.child, args.commitments)))
        return
    print(f"{ACTIVITIES} activities, {INDICATORS} indicators and {MINUTES} minutes per commitment")
    print(f"{'format':<6} {'comm.':>5} {'runs':>4} {'median ms':>10} {'max ms':>8} {'CPU ms':>8} {'size KB':>9} "
          f"{'base MiB':>8} {'peak MiB':>8}")  # fmt: skip
    for name in args.formats:
        print(row(name, args.commitments, measure(name, args.commitments, args.runs)), flush=True)
    if args.large:
        for name in args.formats:
            print(row(name, args.large, measure(name, args.large, 1)), flush=True)


if __name__ == "__main__":
    main()
