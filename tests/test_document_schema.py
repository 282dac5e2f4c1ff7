"""The Yjs key names in Python and JavaScript are the same."""

from __future__ import annotations

import re
from pathlib import Path

from workshops import document_schema

JS = Path(__file__).resolve().parent.parent / "static" / "src" / "document-schema.js"


def js_constants() -> dict[str, object]:
    text = JS.read_text(encoding="utf-8")
    found: dict[str, object] = {}
    for name, value in re.findall(r"^export const (\w+) = (.+?);$", text, flags=re.M):
        if value.startswith("["):
            found[name] = tuple(re.findall(r"\w+", value))
        elif value.startswith('"'):
            found[name] = value.strip('"')
        else:
            found[name] = int(value)
    return found


def py_constants() -> dict[str, object]:
    return {k: v for k, v in vars(document_schema).items() if k.isupper()}


def test_python_and_javascript_schema_modules_agree():
    js = js_constants()
    py = py_constants()
    # Lists in JS name other constants; resolve them to their values.
    resolved = {k: tuple(js.get(x, x) for x in v) if isinstance(v, tuple) else v for k, v in js.items()}
    assert resolved == py
