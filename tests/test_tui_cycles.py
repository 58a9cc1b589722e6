"""The TUI's modules import each other without cycles: neither at the top of a module nor inside
a function (an import inside a function only hides a cycle until the function runs)."""

import ast
import graphlib
from pathlib import Path

import massnahmen.tui

PACKAGE = "massnahmen.tui"
ROOT = Path(massnahmen.tui.__file__).parent


def module_names() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join((PACKAGE, *parts))] = path
    return names


def imported(tree: ast.AST, name: str, is_package: bool, modules: set[str]) -> set[str]:
    """The package's modules that the module imports anywhere in its body."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # "a.b.c" names module a.b when c is an attribute
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = imported(tree, name, path.name == "__init__.py", set(modules))
    return graph


def test_graph_sees_top_level_and_function_level_imports():
    graph = import_graph()
    assert "massnahmen.tui.formbase" in graph["massnahmen.tui.forms"]  # at the top
    assert "massnahmen.tui.forms" in graph["massnahmen.tui.measures"]  # inside an action


def test_tui_package_has_no_import_cycles():
    graph = import_graph()
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError("import cycle: " + " → ".join(exc.args[1])) from None
    assert set(order) >= set(graph)
