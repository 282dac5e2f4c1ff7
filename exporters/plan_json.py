"""The Plan de Acción as open data: JSON, versioned (``cocrea.plan/3``),
described by ``docs/plan-schema.json`` (JSON Schema 2020-12), and its strict
import. A file this module writes reads back as an equal plan.

The document is ``{"schema": "cocrea.plan/2", ...plan_to_dict(plan)}``:
dates ``AAAA-MM-DD``, times ISO 8601 with their zone, missing values
``null`` or empty. Import trusts nothing: ``plan_from_dict`` checks every
field and names the one at fault with its dotted path.

Version 2 keeps each problem tree's structure (nodes, edges, out-of-scope
marks: ``workshops.plan_tree``); version 1 kept its text lists only. A
version 1 file (``docs/plan-schema-1.json``) still imports: its trees are
text only, printed without a figure. Version 3 gives each activity and
indicator of a hoja de ruta its stable ``id`` (the follow-up's records name
them); a version 2 file (``docs/plan-schema-2.json``) still imports, its
activities and indicators getting ids derived from the commitment and their
position (``workshops.plan.derived_id``).
"""

from __future__ import annotations

import json
import re

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.plan import Plan
from workshops.plan_serialization import plan_from_dict, plan_to_dict

from .strict_json import ROOT_FIELD, load_strict_json

SCHEMA = "cocrea.plan/3"
SCHEMA_FAMILY = "cocrea.plan/"
# What each version this module reads calls its trees: text only (1) or the structure (2).
TEXT_ONLY_TREES = {"cocrea.plan/1": True, "cocrea.plan/2": False, SCHEMA: False}
MEDIA_TYPE = "application/json"
MAX_BYTES = 64 * 1024 * 1024
# In a Python str, a surrogate code point is always an unpaired one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def export_plan_json(plan: Plan) -> bytes:
    """UTF-8 JSON of the plan, keys in a fixed order, ending in a newline."""
    document = {"schema": SCHEMA, **plan_to_dict(plan)}
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
    # Only text that bypassed the domain's checks can hold lone surrogates.
    return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def parse_plan_json(data: bytes) -> Plan:
    """Read a ``cocrea.plan/3`` (or ``/2``, ``/1``) file; raise ``ValidationError`` on anything wrong."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("El archivo pasa de {max_bytes} MiB.", max_bytes=MAX_BYTES // (1024 * 1024)), field=ROOT_FIELD
        )
    document = load_strict_json(data)
    if not isinstance(document, dict):
        raise ValidationError("El archivo debe contener un objeto JSON.", field=ROOT_FIELD)
    schema = document.pop("schema", None)
    if schema not in TEXT_ONLY_TREES:
        known = " o ".join(f"«{s}»" for s in TEXT_ONLY_TREES)
        if isinstance(schema, str) and schema.startswith(SCHEMA_FAMILY):
            message = f"Versión de esquema no compatible: «{schema}»; esta versión de Cocrea lee {known}."
        else:
            message = f"El campo «schema» debe ser {known}: este archivo no es un Plan de Acción de Cocrea."
        raise ValidationError(message, field="schema")
    return plan_from_dict(document, text_only_trees=TEXT_ONLY_TREES[schema])
