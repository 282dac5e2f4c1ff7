"""A commitment's problem tree as a Plan de Acción keeps it: the tree's
structure (nodes with their kind, text, out-of-scope mark and creation time;
the edges between them), copied from the mesa when the commitment is
attached, so every plan document draws it with the room's own layout
(``tree_layout``) and no document has to guess which cause leads where.

Plans stored before the structure was kept (``cocrea.plan/1``) hold only the
text lists (``TreeSummary``: effects, central problem, causes). Such a tree
is ``text_only``: documents print its text with a note, never a figure,
since the links between its parts are not known.

Readers take the plan's ``FieldReader`` (as ``plan_annex`` does) so errors
name the field the way the rest of the plan does.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM, NODE_KINDS
from .errors import ValidationError
from .field_reader import ID_MAX, LONG_TEXT_MAX, FieldReader
from .messages import _
from .problem_tree import Edge, Node, ProblemTree
from .tree_layout import Layout, layout_tree

# As many as a tree document may hold (``exporters/tree_json.py``).
MAX_TREE_NODES = 5000
MAX_TREE_EDGES = 20000
MAX_TREE_ITEMS = 200  # each list of a text-only tree
MAX_CREATED_AT = 2**53  # ms since the epoch; what a JSON number carries exactly

TREE_KEYS = ("nodes", "edges", "text_only")
TEXT_ONLY_KEYS = ("effects", "problem", "causes")  # also the whole tree of a cocrea.plan/1 file
NODE_KEYS = ("id", "kind", "text", "out_of_scope", "created_at")
EDGE_KEYS = ("id", "source", "target")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class TreeSummary:
    """The problem tree as text lists: all a ``cocrea.plan/1`` plan kept."""

    effects: tuple[str, ...] = ()
    problem: str = ""
    causes: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.problem or self.effects or self.causes)


@dataclass(frozen=True)
class TreeNode:
    id: str
    kind: str  # one of NODE_KINDS
    text: str
    out_of_scope: bool = False
    created_at: int | None = None  # ms since the epoch: the layout's order among equals


@dataclass(frozen=True)
class TreeEdge:
    id: str
    source: str
    target: str


@dataclass(frozen=True)
class PlanTree:
    """Either the structure (``nodes``, ``edges``) or, for a plan stored
    before it was kept, ``text_only``; never both."""

    nodes: tuple[TreeNode, ...] = ()
    edges: tuple[TreeEdge, ...] = ()
    text_only: TreeSummary | None = None

    def is_empty(self) -> bool:
        return not self.nodes and (self.text_only is None or self.text_only.is_empty())

    def problem_tree(self) -> ProblemTree:
        """The structure as the layout and the tree exporters read it."""
        return ProblemTree(
            nodes=tuple(
                Node(n.id, n.kind, n.text, created_at=n.created_at, out_of_scope=n.out_of_scope) for n in self.nodes
            ),
            edges=tuple(Edge(e.id, e.source, e.target) for e in self.edges),
        )

    def central_problem(self) -> str:
        """The central problem's text: the one the figure puts in the middle
        (``tree_placement``'s rule: the problem with the most links)."""
        if self.text_only is not None:
            return self.text_only.problem
        problem_id = plan_layout(self).problem_id
        return next((n.text for n in self.nodes if n.id == problem_id), "")


@functools.lru_cache(maxsize=64)
def plan_layout(tree: PlanTree) -> Layout:
    """The room's layout of the tree; a plan's documents ask for it several
    times per commitment, and its commitments often share one tree."""
    return layout_tree(tree.problem_tree())


def plain_text(text: str) -> str:
    """Text from a live document made fit for the plan (never refused)."""
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()
    return text[:LONG_TEXT_MAX]


def _fits_as_id(value: str) -> bool:
    return (
        0 < len(value) <= ID_MAX
        and value == value.strip()
        and value == unicodedata.normalize("NFC", value)
        and not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)
    )


def _renumbered(ids: list[str], prefix: str) -> dict[str, str]:
    """Each (unique) id to itself, or to ``prefix-N`` when the plan could not
    read it back (too long, control characters, spaces around it)."""
    taken = {i for i in ids if _fits_as_id(i)}
    out = {}
    for index, old in enumerate(ids, 1):
        new = old
        if old not in taken:
            new = f"{prefix}-{index}"
            while new in taken:
                new += "-b"
            taken.add(new)
        out[old] = new
    return out


def plan_tree_from(tree: ProblemTree) -> PlanTree:
    """The structure of a mesa's tree as the plan keeps it: nodes of the
    three kinds and the edges between two of them (what the room draws of a
    well-formed tree). An id the plan could not read back is renumbered."""
    kept = [n for n in tree.nodes if n.kind in NODE_KINDS]
    links = [e for e in tree.edges if e.source != e.target]
    if len(kept) > MAX_TREE_NODES or len(links) > MAX_TREE_EDGES:
        raise ValidationError(
            _(
                "El árbol de problemas pasa de {max_tree_nodes} elementos o "
                "{max_tree_edges} vínculos: no cabe en el plan.",
                max_tree_nodes=MAX_TREE_NODES,
                max_tree_edges=MAX_TREE_EDGES,
            ),
            field="problem_tree",
        )
    ids = _renumbered([n.id for n in kept], "nodo")
    nodes = tuple(
        TreeNode(
            id=ids[n.id],
            kind=n.kind,
            text=plain_text(n.text),
            out_of_scope=n.out_of_scope,
            created_at=n.created_at if n.created_at is not None and 0 <= n.created_at <= MAX_CREATED_AT else None,
        )
        for n in kept
    )
    links = [e for e in links if e.source in ids and e.target in ids]
    edge_ids = _renumbered([e.id for e in links], "vinculo")
    edges = [TreeEdge(edge_ids[e.id], ids[e.source], ids[e.target]) for e in links]
    return PlanTree(nodes=nodes, edges=tuple(edges))


# ------------------------------------------------------------ dict form


def read_plan_tree(read: FieldReader, value: object, path: str, *, text_only: bool | None = None) -> PlanTree:
    """The plan's tree from its dict form. ``text_only``: ``True`` reads the
    ``cocrea.plan/1`` shape (``{effects, problem, causes}``), ``False`` the
    current one (``{nodes, edges, text_only}``), ``None`` whichever it is
    (a plan stored before the change has the first)."""
    if value is None:
        return PlanTree()
    if not isinstance(value, Mapping):
        raise ValidationError(_("«{name}» debe ser un objeto.", name=read.name(path)), field=path)
    old = any(k in value for k in TEXT_ONLY_KEYS)
    if text_only or (text_only is None and old):
        summary = _summary(read, read.mapping(value, path, TEXT_ONLY_KEYS), path)
        return PlanTree() if summary.is_empty() else PlanTree(text_only=summary)
    obj = read.mapping(value, path, TREE_KEYS)
    nodes = tuple(_node(read, item, p) for p, item in read.items(obj.get("nodes"), f"{path}.nodes", MAX_TREE_NODES))
    by_id: dict[str, TreeNode] = {}
    for i, node in enumerate(nodes):
        if node.id in by_id:
            raise ValidationError(
                _("El elemento «{id}» aparece dos veces en «{name}».", id=node.id, name=read.name(path)),
                field=f"{path}.nodes.{i}.id",
            )
        by_id[node.id] = node
    edges = tuple(
        _edge(read, item, p, by_id) for p, item in read.items(obj.get("edges"), f"{path}.edges", MAX_TREE_EDGES)
    )
    if len({e.id for e in edges}) != len(edges):
        raise ValidationError(
            _("Un vínculo aparece dos veces en «{name}».", name=read.name(path)), field=f"{path}.edges"
        )
    raw_summary = obj.get("text_only")
    if raw_summary is None:
        return PlanTree(nodes=nodes, edges=edges)
    if nodes or edges:
        raise ValidationError(
            _("«{name}» tiene estructura o solo texto, no ambos.", name=read.name(path)), field=f"{path}.text_only"
        )
    summary = _summary(read, read.mapping(raw_summary, f"{path}.text_only", TEXT_ONLY_KEYS), f"{path}.text_only")
    return PlanTree() if summary.is_empty() else PlanTree(text_only=summary)


def _summary(read: FieldReader, obj: Mapping[str, object], path: str) -> TreeSummary:
    return TreeSummary(
        effects=read.texts(obj.get("effects"), f"{path}.effects", MAX_TREE_ITEMS, LONG_TEXT_MAX),
        problem=read.text(obj.get("problem"), f"{path}.problem", LONG_TEXT_MAX, multiline=True),
        causes=read.texts(obj.get("causes"), f"{path}.causes", MAX_TREE_ITEMS, LONG_TEXT_MAX),
    )


def _node(read: FieldReader, value: object, path: str) -> TreeNode:
    obj = read.mapping(value, path, NODE_KEYS)
    kind = obj.get("kind")
    if kind not in NODE_KINDS:
        raise ValidationError(
            _("Tipo desconocido en «{name}»; usa {list}.", name=read.name(path), list=", ".join(NODE_KINDS)),
            field=f"{path}.kind",
        )
    out_of_scope = obj.get("out_of_scope", False)
    if not isinstance(out_of_scope, bool):
        raise ValidationError(
            _("«{name}»: «out_of_scope» es true o false.", name=read.name(path)), field=f"{path}.out_of_scope"
        )
    created_at = read.number(obj.get("created_at"), f"{path}.created_at", low=0, high=MAX_CREATED_AT, integer=True)
    return TreeNode(
        id=read.text(obj.get("id"), f"{path}.id", ID_MAX, required=True),
        kind=str(kind),
        text=read.text(obj.get("text"), f"{path}.text", LONG_TEXT_MAX, multiline=True),
        out_of_scope=out_of_scope,
        created_at=None if created_at is None else int(created_at),
    )


def _edge(read: FieldReader, value: object, path: str, nodes: Mapping[str, TreeNode]) -> TreeEdge:
    obj = read.mapping(value, path, EDGE_KEYS)
    edge = TreeEdge(*(read.text(obj.get(k), f"{path}.{k}", ID_MAX, required=True) for k in EDGE_KEYS))
    for end in ("source", "target"):
        if getattr(edge, end) not in nodes:
            raise ValidationError(
                _("«{name}» une un elemento que no está en el árbol.", name=read.name(path)), field=f"{path}.{end}"
            )
    if edge.source == edge.target:
        raise ValidationError(
            _("«{name}» une un elemento consigo mismo.", name=read.name(path)), field=f"{path}.target"
        )
    return edge


def plan_tree_to_dict(tree: PlanTree) -> dict[str, Any]:
    s = tree.text_only
    return {
        "nodes": [
            {"id": n.id, "kind": n.kind, "text": n.text, "out_of_scope": n.out_of_scope, "created_at": n.created_at}
            for n in tree.nodes
        ],
        "edges": [{"id": e.id, "source": e.source, "target": e.target} for e in tree.edges],
        "text_only": None
        if s is None
        else {"effects": list(s.effects), "problem": s.problem, "causes": list(s.causes)},
    }


def summary_from(tree: ProblemTree) -> TreeSummary:
    """Effects, central problem and causes of a problem tree, as text (the
    text lists of ``cocrea.plan/1``; tests build old plans with it)."""
    problems = [n for n in tree.nodes if n.kind == KIND_PROBLEM]

    def texts(kind: str) -> tuple[str, ...]:
        found = (plain_text(n.text) for n in tree.nodes if n.kind == kind)
        return tuple(t for t in found if t)[:MAX_TREE_ITEMS]

    return TreeSummary(
        effects=texts(KIND_EFFECT),
        problem=plain_text(problems[0].text) if len(problems) == 1 else "",
        causes=texts(KIND_CAUSE),
    )
