"""A tree node carrying the optional document fields ``created_at`` and
``out_of_scope``: the exporters read them when the domain's nodes carry them."""

from __future__ import annotations

from dataclasses import dataclass

from workshops.problem_tree import Node


@dataclass(frozen=True)
class ScopedNode(Node):
    created_at: int | float | None = None
    out_of_scope: bool = False
