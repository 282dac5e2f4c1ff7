"""The Plan de Acción as Markdown (CommonMark with GFM tables): the same
chapters as the HTML page, for repositories, wikis and plain-text readers.

The template (``templates/plan.md.j2``, not autoescaped) receives
``plan_document.document_view(plan)`` with every string already escaped here: the
characters Markdown gives a meaning (``\\ ` * _ [ ] < > | ~ &`` and ``#``,
``>``, ``-``, ``+``, ``=``, ``1.`` at the start of a text) get a backslash, and
line breaks become spaces, so whatever people typed stays text, inside a
table cell or a list item alike.
"""

from __future__ import annotations

import re
from typing import Any

from workshops.plan import Plan

from .plan_document import document_view
from .templates_env import environment

MEDIA_TYPE = "text/markdown; charset=utf-8"
TEMPLATE = "plan.md.j2"

_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
_BLOCK_START = re.compile(r"^([#>+=-]|\d+[.)])")
_SPACES = re.compile(r"\s+")
# Ids the template builds links from: left as they are.
_RAW_KEYS = frozenset({"anchor", "lang", "origin_code", "code"})


def escape_markdown(text: str) -> str:
    """One line of literal text in Markdown."""
    line = _INLINE.sub(r"\\\1", _SPACES.sub(" ", text).strip())
    return _BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], line)


def markdown_view(value: Any, key: str = "") -> Any:
    """``value`` with every string escaped for Markdown (ids excepted)."""
    if isinstance(value, str):
        return value if key in _RAW_KEYS else escape_markdown(value)
    if isinstance(value, dict):
        return {k: markdown_view(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [markdown_view(v, key) for v in value]
    return value


def export_plan_markdown(plan: Plan) -> bytes:
    return environment.get_template(TEMPLATE).render(markdown_view(document_view(plan))).encode("utf-8")
