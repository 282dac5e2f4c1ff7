"""The minuta's draft as a Yjs document (``<workshop>/minuta``, layout in
``workshops/document_schema.py``): reading its passages and acuerdos,
writing a regeneration into it, and applying an accepted amendment.

Reading is tolerant: whatever a client put there reads as a draft (wrong
types as empty); only the server adds or removes passages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pycrdt import Array, Doc, Map, Text

from workshops.document_schema import (
    ACUERDO_BY,
    ACUERDO_WHAT,
    ACUERDO_WHO,
    MINUTA_ACUERDOS,
    MINUTA_ASIDE,
    MINUTA_PASSAGES,
    PASSAGE_AT,
    PASSAGE_GENERATED,
    PASSAGE_N,
    PASSAGE_TEXT,
)
from workshops.minuta_draft import Acuerdo, Passage, Regeneration, clean_acuerdos

from .commitments import _splice


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Text) else value


def read_passages(doc: Doc[Any]) -> dict[str, Passage]:
    out: dict[str, Passage] = {}
    for key, item in doc.get(MINUTA_PASSAGES, type=Map).items():
        if not isinstance(item, Map):
            continue
        text, generated = _plain(item.get(PASSAGE_TEXT)), item.get(PASSAGE_GENERATED)
        n, at = item.get(PASSAGE_N), item.get(PASSAGE_AT)
        out[str(key)] = Passage(
            str(key),
            int(n) if isinstance(n, int | float) else 0,
            at if isinstance(at, str) else "",
            text if isinstance(text, str) else "",
            generated if isinstance(generated, str) else "",
        )
    return out


def read_acuerdos(doc: Doc[Any]) -> tuple[Acuerdo, ...]:
    rows = []
    for item in doc.get(MINUTA_ACUERDOS, type=Array):
        if isinstance(item, Map):
            rows.append({k: _plain(item.get(k)) for k in (ACUERDO_WHO, ACUERDO_WHAT, ACUERDO_BY)})
    return clean_acuerdos(rows)


def read_aside(doc: Doc[Any]) -> list[dict[str, Any]]:
    out = []
    for key, value in doc.get(MINUTA_ASIDE, type=Map).items():
        if isinstance(value, Mapping):
            out.append({"id": str(key), "at": value.get("at", ""), "text": value.get("text", "")})
    return sorted(out, key=lambda a: (str(a["at"]), a["id"]))


def read_draft(doc: Doc[Any]) -> tuple[dict[str, Passage], tuple[Acuerdo, ...], list[dict[str, Any]]]:
    return read_passages(doc), read_acuerdos(doc), read_aside(doc)


def write_regeneration(doc: Doc[Any], result: Regeneration) -> None:
    """Write only what the regeneration changed: new passages, the log's new
    wording where nobody edited, the new ``generated`` under a kept edit,
    places in the order; passages whose event is gone leave (an edited one to
    ``aside``)."""
    passages = doc.get(MINUTA_PASSAGES, type=Map)
    aside = doc.get(MINUTA_ASIDE, type=Map)
    for p in result.set_aside:
        aside[p.id] = {"at": p.at, "text": p.text, "generated": p.generated}
    for key in (*result.dropped, *(p.id for p in result.set_aside)):
        if key in passages:
            del passages[key]
    for p in result.passages:
        item = passages.get(p.id)
        if not isinstance(item, Map):
            passages[p.id] = Map(
                {PASSAGE_TEXT: Text(p.text), PASSAGE_AT: p.at, PASSAGE_N: p.n, PASSAGE_GENERATED: p.generated}
            )
            continue
        text = item.get(PASSAGE_TEXT)
        if not isinstance(text, Text):
            item[PASSAGE_TEXT] = Text(p.text)
        elif str(text) != p.text:
            _splice(text, str(text), p.text)
        for key, value in ((PASSAGE_AT, p.at), (PASSAGE_N, p.n), (PASSAGE_GENERATED, p.generated)):
            if item.get(key) != value:
                item[key] = value


def set_passage_text(doc: Doc[Any], passage_id: str, text: str) -> None:
    item = doc.get(MINUTA_PASSAGES, type=Map).get(passage_id)
    if isinstance(item, Map):
        current = item.get(PASSAGE_TEXT)
        if isinstance(current, Text):
            _splice(current, str(current), text)
        else:
            item[PASSAGE_TEXT] = Text(text)
