"""A tagged PDF's structure tree as pikepdf reads it (qpdf underneath): the
elements in document order, for the tests of every PDF the product exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element (a dictionary with ``/S``) below ``/StructTreeRoot``."""

    def walk(node: Any) -> Iterator[pikepdf.Dictionary]:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield node
            if "/K" in node:
                yield from walk(node.K)

    return walk(pdf.Root.StructTreeRoot.K)


def structure_kinds(pdf: pikepdf.Pdf) -> list[str]:
    """The elements' types (``/H1``, ``/Table``, ``/Figure``…), in order."""
    return [str(element.S) for element in structure_elements(pdf)]
