"""The Marco Lógico method's checks of a problem tree and their findings.

``check_tree`` reports, one ``Check`` per finding, with a message that says
what to do. Errors (the tree is not a problem tree yet): ``unknown_kind``,
``one_central_problem``, ``edge_to_missing_node``, ``self_loop``,
``no_cycles``, ``link_direction``, ``cause_reaches_problem``,
``effect_from_problem``. Warnings (the tree is one, but CONEVAL's advice is
not followed, or something looks off): ``isolated_node``, ``empty_text``,
``text_too_long``, ``absence_of_solution``, ``compound_problem``,
``likely_duplicate``. The tree itself is ``problem_tree``'s.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM, NODE_KINDS
from .problem_tree import Node, ProblemTree, central_problem
from .tree_text import (
    INVISIBLE,
    absence_of_solution,
    duplicate_pairs,
    is_compound_statement,
    normalise_text,
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Check:
    rule: str
    severity: Severity
    node_ids: tuple[str, ...]
    message: str
    # The facts the message states (a count, a length, the phrase found), so
    # a client can say it in another language.
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "node_ids": list(self.node_ids),
            "message": self.message,
            "params": dict(self.params),
        }


# Limits of what the checks report, so a 5,000-node tree stays fast to check
# and its answer small.
MAX_TEXT_LENGTH = 2000
MAX_CYCLES_REPORTED = 10
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def check_tree(tree: ProblemTree) -> list[Check]:
    """Every check of the Marco Lógico method on ``tree``: errors first, then
    warnings, each group by rule and node ids. Never raises on anything
    ``tree_from_document`` produces."""
    # The text heuristics read the beginning only: a longer text is reported by
    # ``text_too_long`` anyway.
    normalised = {n.id: normalise_text(n.text[:MAX_TEXT_LENGTH]) for n in tree.nodes}
    links = _Links(tree)
    checks = [
        *links.checks,
        *_kind_checks(tree),
        *_cycle_checks(links),
        *_reach_checks(tree, links),
        *_isolated_node_checks(tree, links),
        *_text_checks(tree, normalised),
        *_likely_duplicate_checks(normalised),
    ]
    return sorted(checks, key=lambda c: (_SEVERITY_ORDER[c.severity], c.rule, c.node_ids, c.message))


# --- structure --------------------------------------------------------------
#
# At every edit of a 5,000-node tree: one pass over the links builds what the
# structure checks read, each check a pass over nodes or those lists.


class _Links:
    """The links between existing nodes (self-loops aside) as lists of
    successors and predecessors, and the checks of single links:
    ``edge_to_missing_node``, ``self_loop``, ``link_direction``."""

    def __init__(self, tree: ProblemTree) -> None:
        self.kinds = kinds = {n.id: n.kind for n in tree.nodes}
        self.successors: defaultdict[str, list[str]] = defaultdict(list)
        self.predecessors: defaultdict[str, list[str]] = defaultdict(list)
        self.checks: list[Check] = []
        for e in tree.edges:
            source, target = e.source, e.target
            source_kind, target_kind = kinds.get(source), kinds.get(target)
            if source_kind is None or target_kind is None:
                self.checks.append(
                    Check(
                        "edge_to_missing_node",
                        Severity.ERROR,
                        tuple(x for x in (source, target) if x in kinds),
                        "Este vínculo apunta a un elemento que ya no existe. Bórralo o únelo a otro elemento.",
                    )
                )
                continue
            if source == target:
                self.checks.append(
                    Check(
                        "self_loop",
                        Severity.ERROR,
                        (source,),
                        "Un elemento no puede causarse a sí mismo. Borra este vínculo.",
                    )
                )
            else:
                self.successors[source].append(target)
                self.predecessors[target].append(source)
            if (source_kind, target_kind) not in _VALID_LINKS:
                self.checks.append(
                    Check(
                        "link_direction",
                        Severity.ERROR,
                        (source, target),
                        "Este vínculo va en la dirección equivocada: las causas van hacia el problema central "
                        "y el problema va hacia sus efectos.",
                    )
                )

    def cyclic_core(self) -> set[str]:
        """The nodes left after peeling off, again and again, those no
        remaining link points to, then those that point to no remaining node
        (Kahn, both ways): empty when there is no cycle, and every node of a
        cycle when there is one."""
        left = _peel(self.kinds, self.predecessors, self.successors, every_link=True)
        return _peel(left, self.successors, self.predecessors) if left else left

    def graph(self, ids: Iterable[str]) -> nx.DiGraph:
        """The links among ``ids``, built in sorted order."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(sorted(ids))
        g.add_edges_from(sorted((s, t) for s, targets in self.successors.items() for t in targets if s in g and t in g))
        return g

    def reachable(self, start: str, neighbours: Mapping[str, list[str]], kinds: frozenset[str]) -> set[str]:
        """Every node reached from ``start`` (itself included) through
        ``neighbours`` and nodes of ``kinds`` only."""
        seen = {start}
        stack = [start]
        while stack:
            for other in neighbours.get(stack.pop(), ()):
                if other not in seen and self.kinds[other] in kinds:
                    seen.add(other)
                    stack.append(other)
        return seen


_VALID_LINKS = {
    (KIND_CAUSE, KIND_CAUSE),
    (KIND_CAUSE, KIND_PROBLEM),
    (KIND_PROBLEM, KIND_EFFECT),
    (KIND_EFFECT, KIND_EFFECT),
}


def _kind_checks(tree: ProblemTree) -> list[Check]:
    checks = [
        Check(
            "unknown_kind",
            Severity.ERROR,
            (n.id,),
            "Este elemento no es causa, problema central ni efecto. Indica qué es o bórralo.",
        )
        for n in tree.nodes
        if n.kind not in NODE_KINDS
    ]
    problems = tuple(n.id for n in tree.nodes if n.kind == KIND_PROBLEM)
    if not problems:
        checks.append(
            Check(
                "one_central_problem",
                Severity.ERROR,
                (),
                "Falta el problema central. Escribe uno: la situación negativa que vive la población afectada.",
                {"count": 0},
            )
        )
    elif len(problems) > 1:
        checks.append(
            Check(
                "one_central_problem",
                Severity.ERROR,
                tuple(sorted(problems)),
                f"Debe haber un solo problema central y hay {len(problems)}. Elijan juntos el principal "
                "y conviertan los demás en causas o efectos.",
                {"count": len(problems)},
            )
        )
    return checks


def _peel(
    nodes: Collection[str], into: Mapping[str, list[str]], out_of: Mapping[str, list[str]], every_link: bool = False
) -> set[str]:
    """``nodes`` left after taking away, again and again, one that no link
    ``into`` it from the nodes left reaches (``out_of`` lists the links the
    other way; ``every_link``: all of them are among ``nodes``)."""
    if every_link:
        incoming = {node_id: len(into.get(node_id, ())) for node_id in nodes}
    else:
        incoming = {node_id: sum(other in nodes for other in into.get(node_id, ())) for node_id in nodes}
    ready = [node_id for node_id, count in incoming.items() if not count]
    while ready:
        for other in out_of.get(ready.pop(), ()):
            if other in incoming:
                incoming[other] -= 1
                if not incoming[other]:
                    ready.append(other)
    return {node_id for node_id, count in incoming.items() if count}


def _cycle_checks(links: _Links) -> list[Check]:
    core = links.cyclic_core()
    if not core:
        return []  # most trees: listing cycles (networkx) is not needed
    import networkx as nx

    # Built in sorted order and each cycle starting at its smallest id, so the
    # cycles reported (at most MAX_CYCLES_REPORTED) do not depend on the order
    # of the document's maps. Every cycle is within the core: when there are
    # no more cycles than reported, listing them there finds them all; when
    # there are more, the whole graph is searched, for the same first ones.
    cycles = list(itertools.islice(nx.simple_cycles(links.graph(core)), MAX_CYCLES_REPORTED + 1))
    if len(cycles) > MAX_CYCLES_REPORTED:
        cycles = list(itertools.islice(nx.simple_cycles(links.graph(links.kinds)), MAX_CYCLES_REPORTED))
    return [
        Check(
            "no_cycles",
            Severity.ERROR,
            (*cycle[start:], *cycle[:start]),
            "Estos elementos forman un círculo: una causa termina siendo su propio efecto. Quita uno de sus vínculos.",
        )
        for cycle in cycles
        for start in (cycle.index(min(cycle)),)
    ]


def _reach_checks(tree: ProblemTree, links: _Links) -> list[Check]:
    """Causes must lead to the problem through causes; effects must follow
    from it through effects. A path through a wrongly directed link does not
    count: that link is reported by ``link_direction``."""
    problem = central_problem(tree)
    if problem is None:
        return []
    reaching = links.reachable(problem.id, links.predecessors, _CAUSE_SIDE)
    reached = links.reachable(problem.id, links.successors, _EFFECT_SIDE)
    checks = [
        Check(
            "cause_reaches_problem",
            Severity.ERROR,
            (n.id,),
            "Esta causa no llega al problema central. Únela al problema o a otra causa que sí llegue a él.",
        )
        for n in tree.nodes
        if n.kind == KIND_CAUSE and n.id not in reaching
    ]
    checks += [
        Check(
            "effect_from_problem",
            Severity.ERROR,
            (n.id,),
            "Este efecto no sale del problema central. Únelo desde el problema o desde otro efecto que sí salga de él.",
        )
        for n in tree.nodes
        if n.kind == KIND_EFFECT and n.id not in reached
    ]
    return checks


_CAUSE_SIDE = frozenset({KIND_CAUSE, KIND_PROBLEM})
_EFFECT_SIDE = frozenset({KIND_EFFECT, KIND_PROBLEM})


def _isolated_node_checks(tree: ProblemTree, links: _Links) -> list[Check]:
    """A node is isolated when no link joins it to another existing node (a
    self-loop or a link to a missing node does not join it to anything)."""
    if len(tree.nodes) == 1 and tree.nodes[0].kind == KIND_PROBLEM:
        return []  # a tree just started: its central problem and nothing else yet
    return [
        Check(
            "isolated_node",
            Severity.WARNING,
            (node_id,),
            "Este elemento está suelto: no tiene ningún vínculo. Únelo al árbol o bórralo si ya no hace falta.",
        )
        for node_id in links.kinds
        if node_id not in links.successors and node_id not in links.predecessors
    ]


# --- texts ------------------------------------------------------------------


def _text_checks(tree: ProblemTree, normalised: Mapping[str, str]) -> list[Check]:
    checks: list[Check] = []
    for n in tree.nodes:
        if not n.text.strip(INVISIBLE):
            checks.append(
                Check(
                    "empty_text",
                    Severity.WARNING,
                    (n.id,),
                    "Este elemento no tiene texto. Escribe qué situación describe o bórralo.",
                )
            )
            continue
        if len(n.text) > MAX_TEXT_LENGTH:
            checks.append(
                Check(
                    "text_too_long",
                    Severity.WARNING,
                    (n.id,),
                    f"Este texto es muy largo ({len(n.text):,} caracteres). Resúmelo en una o dos frases; "
                    f"el máximo es de {MAX_TEXT_LENGTH:,} caracteres.",
                    {"length": len(n.text), "max": MAX_TEXT_LENGTH},
                )
            )
        if n.kind in (KIND_PROBLEM, KIND_CAUSE):
            phrase = absence_of_solution(normalised[n.id])
            if phrase is not None:
                checks.append(
                    Check(
                        "absence_of_solution",
                        Severity.WARNING,
                        (n.id,),
                        f"Este texto habla de lo que falta («{phrase}»), no de lo que le pasa a la gente. "
                        "Describe la situación negativa que vive la población afectada; por ejemplo, en vez de "
                        "«Falta de capacitación», escribe «Las solicitudes de información se responden tarde».",
                        {"phrase": phrase},
                    )
                )
        if n.kind == KIND_PROBLEM and is_compound_statement(n.text[:MAX_TEXT_LENGTH]):
            checks.append(
                Check(
                    "compound_problem",
                    Severity.WARNING,
                    (n.id,),
                    "El problema central parece juntar más de un problema. Elijan uno solo y pasen los demás "
                    "a causas o efectos.",
                )
            )
    return checks


def _likely_duplicate_checks(normalised: Mapping[str, str]) -> list[Check]:
    return [
        Check(
            "likely_duplicate",
            Severity.WARNING,
            pair,
            "Estos dos elementos parecen decir lo mismo. Si es así, júntenlos en uno solo.",
        )
        for pair in duplicate_pairs(normalised)
    ]


def find_likely_duplicates(nodes: Iterable[Node]) -> list[tuple[str, str]]:
    """Pairs of node ids (each pair sorted) whose texts look alike, at most
    MAX_DUPLICATE_PAIRS_REPORTED, in a deterministic order."""
    return duplicate_pairs({n.id: normalise_text(n.text[:MAX_TEXT_LENGTH]) for n in nodes})
