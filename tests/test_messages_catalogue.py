"""Every message the server words for a person is Spanish in the code and has
an English wording in ``server/locales/messages/en.json`` (workshops/messages.py,
server/i18n.py ``translate``). Read from the code's syntax tree: a refusal
built from an f-string (which no catalogue can hold) fails here, and so does
a Spanish template without its English one, or an English one whose
``{placeholders}`` differ."""

from __future__ import annotations

import ast
import json
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("workshops", "server", "exporters")
CATALOGUE = ROOT / "server" / "locales" / "messages" / "en.json"

# Calls whose argument at this position (or keyword ``message``) is a message to a person.
MESSAGE_CALLS = {
    "WorkshopError": 0,
    "ValidationError": 0,
    "NotAllowedError": 0,
    "PhaseError": 0,
    "ConflictError": 0,
    "NotFoundError": 0,
    "ApiError": 2,
    "Forbidden": 0,
    "Unauthorized": 0,
    "NotFound": 0,
    "RenderFailed": 0,
    "BodyTooLarge": 1,
    "TooManyRequests": 1,
    "Closing": 1,
    "_close": 2,
    "close_reason": 0,
    "OneOf": 1,
}
# Helpers whose argument (position or keyword) becomes part of a message:
# a bare literal there would stay Spanish, so it goes through ``_()``.
FRAGMENT_CALLS = {
    "check_facilitator": (1, "action"),
    "check_phase": (2, "what"),
    "check_round_phase": (1, "what"),
    "_check_tree_open": (1, "what"),
    "_check_phase": (2, "what"),
    "_enum": (3, "what"),
    "bounded_int": (None, "what"),
    "parse_addresses": (None, "outside"),
}


@dataclass(frozen=True)
class Found:
    templates: dict[str, str]  # template -> where
    problems: list[str]


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _built_from_pieces(node: ast.expr) -> bool:
    """An f-string with values, or ``+`` over strings: text assembled in place."""
    if isinstance(node, ast.JoinedStr):
        return any(not isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    return isinstance(node, ast.Call) and _name(node.func) == "format"


def _imports_translator(tree: ast.Module) -> bool:
    """Whether ``_`` is the message function here: imported, or defined
    (workshops/messages.py, whose ``format_date`` writes messages too)."""
    return any(
        (
            isinstance(n, ast.ImportFrom)
            and (n.module or "").endswith("messages")
            and any(a.name == "_" and a.asname is None for a in n.names)
        )
        or (isinstance(n, ast.FunctionDef) and n.name == "_")
        for n in tree.body
    )


def scan() -> Found:
    templates: dict[str, str] = {}
    problems: list[str] = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            rel = path.relative_to(ROOT)
            translator = _imports_translator(tree)
            for node in ast.walk(tree):
                where = f"{rel}:{getattr(node, 'lineno', 0)}"
                if translator and isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                    problems.append(f"{where}: `_` is the message function here; name the variable")
                if not isinstance(node, ast.Call):
                    continue
                name = _name(node.func)
                if name == "_" and translator:
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        templates.setdefault(first.value, where)
                    else:
                        problems.append(f"{where}: _() takes a literal template")
                elif name in MESSAGE_CALLS:
                    arg = _argument(node, MESSAGE_CALLS[name], "message")
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        templates.setdefault(arg.value, where)
                    elif arg is not None and _built_from_pieces(arg):
                        problems.append(f"{where}: {name}'s message is assembled in place; use _(template, **params)")
                elif name in FRAGMENT_CALLS:
                    arg = _argument(node, *FRAGMENT_CALLS[name])
                    if isinstance(arg, ast.Constant | ast.JoinedStr) or (arg is not None and _built_from_pieces(arg)):
                        problems.append(f"{where}: {name}'s text becomes part of a message; wrap it in _()")
    return Found(templates, problems)


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}


@pytest.fixture(scope="module")
def found() -> Found:
    return scan()


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    data: dict[str, str] = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return data


def test_no_message_is_assembled_outside_a_template(found: Found) -> None:
    assert found.problems == []


def test_every_message_has_an_english_wording(found: Found, english: dict[str, str]) -> None:
    missing = {t: where for t, where in found.templates.items() if not english.get(t, "").strip()}
    assert missing == {}, "add them to server/locales/messages/en.json (docs/api.md, «Messages»)"


def test_english_keeps_the_placeholders(english: dict[str, str]) -> None:
    differ = {es: en for es, en in english.items() if placeholders(es) != placeholders(en)}
    assert differ == {}


def test_the_catalogue_holds_only_messages_in_the_code(found: Found, english: dict[str, str]) -> None:
    assert sorted(english.keys() - found.templates.keys()) == []


def test_the_catalogue_is_sorted_json() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_the_scan_sees_what_it_should_refuse(tmp_path: Path) -> None:
    """The checks themselves: an f-string refusal and a bare fragment are found."""
    code = (
        "from .messages import _\n"
        "def f(n):\n"
        "    raise ValidationError(f'Van {n} de 3.', field='x')\n"
        "def g(role):\n"
        "    check_facilitator(role, 'abre la mesa')\n"
        "def h(n):\n"
        "    raise ConflictError(_('Van {n}.', n=n))\n"
    )
    tree = ast.parse(code)
    assert _imports_translator(tree)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    error = next(c for c in calls if _name(c.func) == "ValidationError")
    assert _built_from_pieces(_argument(error, 0, "message"))  # type: ignore[arg-type]
    fragment = next(c for c in calls if _name(c.func) == "check_facilitator")
    assert isinstance(_argument(fragment, *FRAGMENT_CALLS["check_facilitator"]), ast.Constant)
    assert placeholders("Van {n} de {total:,}.") == {"n", "total"}


def test_phase_names_read_as_the_interface_names_them(english: dict[str, str]) -> None:
    """A refusal names a phase as the phase bar does (server/locales/en.json)."""
    from server.i18n import messages
    from workshops.phases import PHASE_LABELS_ES, Phase

    interface = messages("en")
    assert {str(p): english[PHASE_LABELS_ES[p]] for p in Phase} == {str(p): interface[f"phase.{p}"] for p in Phase}
