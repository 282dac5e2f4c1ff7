"""The method checks of the problem tree as they were written first, plainly:
networkx for cycles and reach, each text normalised whole by regular
expressions, every pair of texts compared for likely duplicates. The oracle
the fast ``workshops.tree_check.check_tree`` is compared with
(tests/workshops/test_tree_checks_fast.py): the same findings, in the same
order, on any tree.

Copied from workshops/problem_tree.py (whose checks are now in
workshops/tree_check.py) and workshops/tree_text.py before they were made
fast (commit 92306db); what was not changed for speed (the dataclasses, the
messages' facts, the compound-statement heuristic, what makes two texts
alike) is imported, not copied. A rule changed there must be changed here
too.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from workshops.document_schema import (
    EDGE_SOURCE,
    EDGE_TARGET,
    KIND_CAUSE,
    KIND_EFFECT,
    KIND_PROBLEM,
    NODE_CREATED_AT,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_KINDS,
    NODE_MERGED_FROM,
    NODE_OBJECTIVE,
    NODE_OUT_OF_SCOPE,
    NODE_TEXT,
    TREE_EDGES,
    TREE_NODES,
)
from workshops.problem_tree import MAX_TIMESTAMP_MS, Edge, Node, ProblemTree, central_problem
from workshops.tree_check import (
    _SEVERITY_ORDER,
    MAX_CYCLES_REPORTED,
    MAX_TEXT_LENGTH,
    Check,
    Severity,
)
from workshops.tree_text import (
    _DUPLICATE_PAIR_COST,
    _STOP_WORDS,
    ABSENCE_OF_SOLUTION_OPENINGS,
    ABSENCE_OF_SOLUTION_PHRASES,
    DUPLICATE_CONTAINED_JACCARD,
    INVISIBLE,
    MAX_DUPLICATE_PAIRS_REPORTED,
    MAX_DUPLICATE_WORK,
    _look_alike,
    _singular,
    _typo_partners,
    is_compound_statement,
)

# --- texts (workshops/tree_text.py) -------------------------------------------


def plain_normalise_text(text: str) -> str:
    bare = _COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(_NON_WORD.sub(" ", bare).split())


_COMBINING_MARK = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD = re.compile(r"[\W_]+")
_ABSENCE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in ABSENCE_OF_SOLUTION_PHRASES) + r")\b")


def plain_absence_of_solution(normalised: str) -> str | None:
    first_word = normalised.split(" ", 1)[0]
    if first_word in ABSENCE_OF_SOLUTION_OPENINGS:
        return first_word
    match = _ABSENCE_RE.search(normalised)
    return match.group(1) if match else None


def plain_duplicate_pairs(normalised_texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """Equal texts paired with the first of them, then every pair of the
    others compared, in the order the indexed version finds them."""
    by_text: dict[str, list[str]] = {}
    for node_id in sorted(normalised_texts):
        if normalised_texts[node_id]:
            by_text.setdefault(normalised_texts[node_id], []).append(node_id)
    pairs = [(ids[0], other) for ids in by_text.values() for other in ids[1:]]
    if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
        return pairs[:MAX_DUPLICATE_PAIRS_REPORTED]
    texts, _ = plain_content_words([(ids[0], normalised) for normalised, ids in by_text.items()])
    for i, (node_id, words) in enumerate(texts):
        for other_id, other_words in texts[:i]:
            if _look_alike(other_words, words):
                first, second = sorted((other_id, node_id))
                pairs.append((first, second))
                if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
                    return pairs
    return pairs


def plain_indexed_duplicate_pairs(
    normalised_texts: Mapping[str, str], max_work: int = MAX_DUPLICATE_WORK
) -> list[tuple[str, str]]:
    """The indexed search as first written (prefix filtering, a budget of work)."""
    by_text: dict[str, list[str]] = {}
    for node_id in sorted(normalised_texts):
        if normalised_texts[node_id]:
            by_text.setdefault(normalised_texts[node_id], []).append(node_id)
    pairs = [(ids[0], other) for ids in by_text.values() for other in ids[1:]]
    if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
        return pairs[:MAX_DUPLICATE_PAIRS_REPORTED]

    texts, frequency = plain_content_words([(ids[0], normalised) for normalised, ids in by_text.items()])
    index: dict[str, list[int]] = {}
    work = 0
    for i, (node_id, words) in enumerate(texts):
        rarest_first = sorted(words, key=lambda w: (frequency[w], w))
        prefix = rarest_first[: len(words) - math.ceil(DUPLICATE_CONTAINED_JACCARD * len(words) - 1e-9) + 1]
        postings = [index.get(w, []) for w in prefix]
        work += sum(map(len, postings))
        for j in sorted(set(itertools.chain.from_iterable(postings))):
            other_id, other_words = texts[j]
            work += _DUPLICATE_PAIR_COST + min(len(words), len(other_words))
            if work > max_work:
                return pairs
            if _look_alike(other_words, words):
                first, second = sorted((other_id, node_id))
                pairs.append((first, second))
                if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
                    return pairs
        for w in prefix:
            index.setdefault(w, []).append(i)
    return pairs


def plain_content_words(texts: list[tuple[str, str]]) -> tuple[list[tuple[str, frozenset[str]]], Counter[str]]:
    """Each text's content words: no stop words, singular, typos replaced by
    the more frequent word they are one typo away from. Texts left without
    words are dropped. Also how many texts hold each word (near enough: only
    the order of the counts matters)."""
    singular: dict[str, str] = {}
    plain = []
    for node_id, normalised in texts:
        words = set(normalised.split())
        words -= _STOP_WORDS
        for word in words - singular.keys():
            singular[word] = _singular(word)
        if words:
            plain.append((node_id, frozenset(map(singular.__getitem__, words))))
    frequency = Counter(w for _, words in plain for w in words)
    closest = {
        word: max((word, *others), key=lambda w: (frequency[w], w))
        for word, others in _typo_partners(frequency).items()
    }
    # Follow chains (a typo of a typo) to the most frequent word: every step
    # goes to a word of higher (frequency, word), so it ends.
    canonical: dict[str, str] = {}
    for word in closest:
        path = []
        target = word
        while closest.get(target, target) != target and target not in canonical:
            path.append(target)
            target = closest[target]
        target = canonical.get(target, target)
        canonical.update((w, target) for w in path)
    if not canonical:
        return plain, frequency
    for word, replacement in canonical.items():
        frequency[replacement] += frequency.pop(word)
    return [
        (node_id, words if words.isdisjoint(canonical) else frozenset(canonical.get(w, w) for w in words))
        for node_id, words in plain
    ], frequency


# --- the tree (workshops/problem_tree.py) ---------------------------------------


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _timestamp(value: object) -> int | None:
    # Yjs numbers arrive as floats; booleans, NaN and infinities are not times.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if not 0 <= value <= MAX_TIMESTAMP_MS:
        return None
    return int(value)


def plain_tree_from_document(doc: Mapping[str, Any]) -> ProblemTree:
    """Build a ``ProblemTree`` from the ``to_py()`` form of the tree document."""
    raw_nodes = doc.get(TREE_NODES) or {}
    raw_edges = doc.get(TREE_EDGES) or {}
    nodes = []
    for node_id, value in sorted(raw_nodes.items()) if isinstance(raw_nodes, Mapping) else []:
        if not isinstance(value, Mapping):
            value = {}
        created_by = value.get(NODE_CREATED_BY)
        created_at = value.get(NODE_CREATED_AT)
        merged = value.get(NODE_MERGED_FROM)
        nodes.append(
            Node(
                id=str(node_id),
                kind=_str(value.get(NODE_KIND)),
                text=_str(value.get(NODE_TEXT)),
                objective=_str(value.get(NODE_OBJECTIVE)),
                created_by=created_by if isinstance(created_by, str) else None,
                created_at=_timestamp(created_at),
                out_of_scope=value.get(NODE_OUT_OF_SCOPE) is True,
                merged_from=tuple(dict(m) for m in merged if isinstance(m, Mapping))
                if isinstance(merged, list)
                else (),
            )
        )
    edges = []
    for edge_id, value in sorted(raw_edges.items()) if isinstance(raw_edges, Mapping) else []:
        if not isinstance(value, Mapping):
            value = {}
        edges.append(Edge(id=str(edge_id), source=_str(value.get(EDGE_SOURCE)), target=_str(value.get(EDGE_TARGET))))
    return ProblemTree(nodes=tuple(nodes), edges=tuple(edges))


# --- the checks (workshops/tree_check.py) ----------------------------------------


def plain_check_tree(tree: ProblemTree) -> list[Check]:
    """Every check of the Marco Lógico method on ``tree``: errors first, then
    warnings, each group by rule and node ids. Never raises on anything
    ``tree_from_document`` produces."""
    # The text heuristics read the beginning only: a longer text is reported by
    # ``text_too_long`` anyway.
    normalised = {n.id: plain_normalise_text(n.text[:MAX_TEXT_LENGTH]) for n in tree.nodes}
    checks = [
        *_structure_checks(tree),
        *_reach_checks(tree),
        *_isolated_node_checks(tree),
        *_text_checks(tree, normalised),
        *_likely_duplicate_checks(normalised),
    ]
    return sorted(checks, key=lambda c: (_SEVERITY_ORDER[c.severity], c.rule, c.node_ids, c.message))


# --- structure --------------------------------------------------------------


def _structure_checks(tree: ProblemTree) -> list[Check]:
    checks: list[Check] = []
    ids = {n.id for n in tree.nodes}

    for n in tree.nodes:
        if n.kind not in NODE_KINDS:
            checks.append(
                Check(
                    "unknown_kind",
                    Severity.ERROR,
                    (n.id,),
                    "Este elemento no es causa, problema central ni efecto. Indica qué es o bórralo.",
                )
            )

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

    for e in tree.edges:
        if e.source not in ids or e.target not in ids:
            present = tuple(x for x in (e.source, e.target) if x in ids)
            checks.append(
                Check(
                    "edge_to_missing_node",
                    Severity.ERROR,
                    present,
                    "Este vínculo apunta a un elemento que ya no existe. Bórralo o únelo a otro elemento.",
                )
            )
        elif e.source == e.target:
            checks.append(
                Check(
                    "self_loop",
                    Severity.ERROR,
                    (e.source,),
                    "Un elemento no puede causarse a sí mismo. Borra este vínculo.",
                )
            )

    # Built in sorted order and each cycle starting at its smallest id, so the
    # cycles reported (at most MAX_CYCLES_REPORTED) do not depend on the order
    # of the document's maps.
    g = nx.DiGraph()
    g.add_nodes_from(sorted(ids))
    g.add_edges_from(
        sorted((e.source, e.target) for e in tree.edges if e.source != e.target and e.source in g and e.target in g)
    )
    for cycle in itertools.islice(nx.simple_cycles(g), MAX_CYCLES_REPORTED):
        start = cycle.index(min(cycle))
        checks.append(
            Check(
                "no_cycles",
                Severity.ERROR,
                (*cycle[start:], *cycle[:start]),
                "Estos elementos forman un círculo: una causa termina siendo su propio efecto. "
                "Quita uno de sus vínculos.",
            )
        )

    kinds = {n.id: n.kind for n in tree.nodes}
    for e in tree.edges:
        if e.source in kinds and e.target in kinds and not _is_valid_link(kinds[e.source], kinds[e.target]):
            checks.append(
                Check(
                    "link_direction",
                    Severity.ERROR,
                    (e.source, e.target),
                    "Este vínculo va en la dirección equivocada: las causas van hacia el problema central "
                    "y el problema va hacia sus efectos.",
                )
            )
    return checks


_VALID_LINKS = {
    (KIND_CAUSE, KIND_CAUSE),
    (KIND_CAUSE, KIND_PROBLEM),
    (KIND_PROBLEM, KIND_EFFECT),
    (KIND_EFFECT, KIND_EFFECT),
}


def _is_valid_link(source_kind: str, target_kind: str) -> bool:
    return (source_kind, target_kind) in _VALID_LINKS


def _reach_checks(tree: ProblemTree) -> list[Check]:
    """Causes must lead to the problem through causes; effects must follow
    from it through effects. A path through a wrongly directed link does not
    count: that link is reported by ``link_direction``."""
    problem = central_problem(tree)
    if problem is None:
        return []
    causes = {n.id for n in tree.nodes if n.kind == KIND_CAUSE}
    effects = {n.id for n in tree.nodes if n.kind == KIND_EFFECT}
    cause_side = _graph_among(tree, causes | {problem.id})
    effect_side = _graph_among(tree, effects | {problem.id})
    reaching = nx.ancestors(cause_side, problem.id)
    reached = nx.descendants(effect_side, problem.id)
    checks = [
        Check(
            "cause_reaches_problem",
            Severity.ERROR,
            (c,),
            "Esta causa no llega al problema central. Únela al problema o a otra causa que sí llegue a él.",
        )
        for c in causes - reaching
    ]
    checks += [
        Check(
            "effect_from_problem",
            Severity.ERROR,
            (e,),
            "Este efecto no sale del problema central. Únelo desde el problema o desde otro efecto que sí salga de él.",
        )
        for e in effects - reached
    ]
    return checks


def _graph_among(tree: ProblemTree, ids: set[str]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from((e.source, e.target) for e in tree.edges if e.source in ids and e.target in ids)
    return g


def _isolated_node_checks(tree: ProblemTree) -> list[Check]:
    """A node is isolated when no link joins it to another existing node (a
    self-loop or a link to a missing node does not join it to anything)."""
    if len(tree.nodes) == 1 and tree.nodes[0].kind == KIND_PROBLEM:
        return []  # a tree just started: its central problem and nothing else yet
    ids = {n.id for n in tree.nodes}
    linked: set[str] = set()
    for e in tree.edges:
        if e.source != e.target and e.source in ids and e.target in ids:
            linked.update((e.source, e.target))
    return [
        Check(
            "isolated_node",
            Severity.WARNING,
            (node_id,),
            "Este elemento está suelto: no tiene ningún vínculo. Únelo al árbol o bórralo si ya no hace falta.",
        )
        for node_id in ids - linked
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
            phrase = plain_absence_of_solution(normalised[n.id])
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
        for pair in plain_duplicate_pairs(normalised)
    ]
