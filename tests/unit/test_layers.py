"""The layers import only downwards (README, "Architecture"): a module that breaks the rule fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP = {"core", "models", "loaders", "resolvers", "tasks", "schema", "webhooks", "app", "cli", "bench"}
# What each layer may import of ours (besides itself). Lower layers know nothing of the higher ones.
ALLOWED = {
    "core": set(),
    "models": {"core"},
    "loaders": {"core", "models"},
    "resolvers": {"core", "models", "loaders", "tasks"},
    "tasks": {"core", "models", "loaders", "resolvers"},
    "schema": {"core", "models", "loaders", "resolvers"},
    # The REST shim is a boundary beside the schema: it shares the schema's input rules only.
    "webhooks": {"core", "models", "resolvers", "tasks", "schema.input_limits"},
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    allowed = ALLOWED[layer] | {layer}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for line, name in imports_of(path)
        if name.split(".")[0] in TOP and not any(name == a or name.startswith(a + ".") for a in allowed)
    ]
    assert wrong == []


def test_no_module_imports_inside_a_function_to_dodge_a_cycle_in_the_payments_package() -> None:
    late = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "resolvers" / "payments").rglob("*.py"))
        for function in ast.walk(ast.parse(path.read_text()))
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert late == []
