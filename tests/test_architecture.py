"""Layers go one way: server -> exporters -> workshops (STYLE.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = set(sys.stdlib_module_names)
WORKSHOPS_MAY_IMPORT = STDLIB | {"networkx", "workshops"}
FORBIDDEN = {
    "workshops": {"server", "exporters"},
    "exporters": {"server"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_upwards(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imports_of(path) & FORBIDDEN[package]) for path in modules(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_domain_uses_only_the_standard_library_and_networkx():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imports_of(path) - WORKSHOPS_MAY_IMPORT - {"__future__"})
        for path in modules("workshops")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_settings_reads_the_environment():
    readers = [
        str(path.relative_to(ROOT))
        for package in ("server", "workshops", "exporters")
        for path in modules(package)
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["server/settings.py"]


def test_nothing_is_named_utils():
    assert not [p for p in ROOT.glob("*/**/utils.py") if ".venv" not in p.parts and "node_modules" not in p.parts]
