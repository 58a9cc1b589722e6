"""Below the faces (domain, store, importing, exporting, reports, demo) messages carry data and
never name a command-line option; the faces phrase the option (cli.hints) or the key (tui.hints)."""

import ast
import re
from pathlib import Path

import pytest

import massnahmen
from massnahmen.cli import hints as cli_hints
from massnahmen.domain.errors import MassnahmenError, TargetRefused, UsageProblem
from massnahmen.tui import hints as tui_hints

BELOW_THE_FACES = ("domain", "store", "importing", "exporting", "reports", "demo")
PACKAGE = Path(massnahmen.__file__).parent
OPTION = re.compile(r"--[A-Za-z]")


def _modules() -> list[Path]:
    return sorted(p for layer in BELOW_THE_FACES for p in (PACKAGE / layer).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def _strings(path: Path):
    """Every string constant of a module (f-string parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def _keywords(name: str):
    """(module, line, value) of every `name="constant"` keyword argument below the faces."""
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == name and isinstance(kw.value, ast.Constant):
                        yield path.relative_to(PACKAGE), node.lineno, kw.value.value


def test_the_walk_sees_every_layer_and_finds_an_option():
    modules = _modules()
    assert {p.relative_to(PACKAGE).parts[0] for p in modules} == set(BELOW_THE_FACES)
    assert len(modules) > 50
    sample = ast.parse('"""Docstring with --force."""\nx = f"mit --force {y}"\n')
    found = [n.value for n in ast.walk(sample) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and id(n) not in _docstrings(sample) and OPTION.search(n.value)]
    assert found == ["mit --force "]


def test_no_string_below_the_faces_names_an_option():
    named = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
             for path in _modules() for line, text in _strings(path) if OPTION.search(text)]
    assert named == []


def test_every_remedy_below_the_faces_is_phrased_by_the_command_line():
    used = list(_keywords("remedy"))
    assert {value for _p, _l, value in used} >= {"force", "never", "map_code", "map_ignore", "create_new"}
    unphrased = [(str(p), line, value) for p, line, value in used
                 if value not in cli_hints.REMEDIES and value != "never"]
    assert unphrased == []


def test_every_parameter_of_a_usage_problem_is_an_option_of_the_command_line():
    used = {value for _p, _l, value in _keywords("param")}
    for param in ("rejects", "maps", "fields", "since", "statuses", "assessments", "on_error", "sheet"):
        assert param in used
        assert cli_hints.OPTIONS[param].startswith("--")
        exc = UsageProblem("„x“ ist unbekannt", param=param)
        assert cli_hints.message(exc) == f"{cli_hints.OPTIONS[param]} „x“ ist unbekannt"
        assert exc.message == "„x“ ist unbekannt"  # what the TUI shows


@pytest.mark.parametrize("remedy", sorted(cli_hints.REMEDIES))
def test_the_tui_never_shows_the_command_lines_way_out(remedy):
    exc = MassnahmenError("Etwas ging nicht.", hint="Einen anderen Dateinamen wählen.", remedy=remedy)
    assert "--" in cli_hints.hint(exc) or "massnahmen " in cli_hints.hint(exc)
    assert tui_hints.hint(exc) == "Einen anderen Dateinamen wählen."


def test_a_file_never_replaced_says_so_of_force_on_the_command_line_only():
    exc = TargetRefused("„a.db“ ist die geöffnete Datenbank und wird nie überschrieben.", remedy="never",
                        hint="Bitte einen anderen Dateinamen wählen.")
    assert cli_hints.message(exc) == "„a.db“ ist die geöffnete Datenbank und wird nie überschrieben, auch nicht mit --force."
    assert "--" not in str(exc) and "--" not in (tui_hints.hint(exc) or "")
