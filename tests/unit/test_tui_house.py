"""The TUI's house rules: Textual's private names are touched only in tui/runtime (its compat module
lists them with their reasons). Outside tui/runtime no module imports a private Textual module
(`textual.widgets._select`) and no code reads or overrides an attribute starting with `_` that
Textual defines (`app._screen_stacks`, `select._options`, `def _on_key`). Our own private names
(`self._gen`) are fine as long as Textual has no attribute of that name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import massnahmen.tui

TUI = Path(massnahmen.tui.__file__).parent
RUNTIME = TUI / "runtime"
OUTSIDE = sorted(p for p in TUI.rglob("*.py") if RUNTIME not in p.parents)


def textual_private_names() -> set[str]:
    """Every `_name` (not dunder) of the Textual classes the TUI builds on, on the class or set by
    its __init__."""
    from textual import containers, widgets
    from textual.app import App
    from textual.command import CommandPalette
    from textual.screen import ModalScreen, Screen
    from textual.scroll_view import ScrollView
    from textual.widget import Widget

    classes = [App, Screen, ModalScreen, ScrollView, Widget, CommandPalette]
    classes += [getattr(widgets, name) for name in widgets.__all__]
    classes += [v for v in vars(containers).values() if isinstance(v, type) and issubclass(v, Widget)]
    names: set[str] = set()
    for cls in classes:
        names |= set(dir(cls))
    for make in (App, Screen, Widget, lambda: widgets.Select([]), widgets.DataTable, widgets.Input,
                 widgets.TextArea, widgets.OptionList, widgets.Static, widgets.Checkbox, ScrollView):
        names |= set(vars(make()))
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def private_uses(path: Path, textual_names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
            parts = node.module.split(".") + [a.name for a in node.names]
            if any(p.startswith("_") for p in parts):
                found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "textual" and any(p.startswith("_") for p in alias.name.split(".")):
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in textual_names:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in textual_names:
            found.append(f"{node.lineno}: def {node.name}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in textual_names):
            found.append(f"{node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
    return found


@pytest.fixture(scope="module")
def textual_names() -> set[str]:
    return textual_private_names()


def test_the_check_knows_textuals_private_names(textual_names):
    assert {"_screen_stacks", "_installed_screens", "_get_screen", "_thread_id", "_options",
            "_css_update_count", "_on_key", "_on_mount"} <= textual_names


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(TUI)))
def test_no_private_textual_name_outside_the_runtime(path, textual_names):
    assert private_uses(path, textual_names) == []


def test_the_check_finds_each_kind_of_private_use(tmp_path, textual_names):
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.widgets._select import SelectOverlay\nimport textual._wait\n"
                   "def f(app, sel):\n    return app._screen_stacks, getattr(sel, '_options')\n"
                   "class T:\n    def _on_key(self, event):\n        pass\n", encoding="utf-8")
    assert len(private_uses(bad, textual_names)) == 5
