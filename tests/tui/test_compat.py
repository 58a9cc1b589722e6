"""The Textual internals the TUI still uses (tui/runtime/compat.py) exist in the installed Textual:
a release that renames one fails here, not at an officer's desk."""

from __future__ import annotations

import importlib
import inspect

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen

from massnahmen.tui.runtime import compat

# classes whose private names are instance attributes too: an instance made without a running app
INSTANCES = {"textual.app.App": App, "textual.screen.Screen": Screen,
             "textual.command.CommandPalette": CommandPalette}


def _owner(where: str):
    try:
        return importlib.import_module(where)
    except ModuleNotFoundError:
        module, _, name = where.rpartition(".")
        return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("where", "name"), sorted(compat.PRIVATE))
def test_every_private_name_of_the_compat_list_exists(where, name):
    owner = _owner(where)
    found = hasattr(owner, name) or (where in INSTANCES and hasattr(INSTANCES[where](), name))
    assert found, f"Textual has no {where}.{name} any more: see tui/runtime/compat.py ({compat.PRIVATE[(where, name)]})"


def test_every_entry_carries_its_reason():
    assert all(len(reason) > 20 for reason in compat.PRIVATE.values())


def test_the_replaced_palette_countdown_keeps_textuals_signature():
    """GermanCommandPalette overrides the countdown: Textual must still call it with the search text."""
    ours = inspect.signature(compat.GermanCommandPalette._start_no_matches_countdown)
    theirs = inspect.signature(CommandPalette._start_no_matches_countdown)
    assert list(ours.parameters) == list(theirs.parameters)


def test_the_private_names_compat_uses_are_all_listed():
    """Every `_name` the compat module's code reads on a Textual object is in PRIVATE."""
    import ast

    tree = ast.parse(inspect.getsource(compat))
    used = {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")}
    used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and (node.module or "").startswith("textual") and "._" in "." + (node.module or "")
             for alias in node.names}
    listed = {name for _where, name in compat.PRIVATE}
    assert used <= listed, used - listed
