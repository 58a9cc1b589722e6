"""Below the faces (cli/ and tui/), a module imports at the top; an import inside a function says
why in a comment on its line or the line above (docs/architecture.md, Start-up time)."""

import ast
from pathlib import Path

import massnahmen

PACKAGE = Path(massnahmen.__file__).parent
FACES = ("cli", "tui")


def function_imports(source: str) -> list[tuple[int, bool]]:
    """(line, has a reason) of each import inside a function of the source."""
    lines = source.splitlines()
    found = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)) and in_function:
                own = lines[child.lineno - 1:child.end_lineno]
                above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
                found.append((child.lineno, any("#" in line for line in own) or above.startswith("#")))
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    walk(ast.parse(source), False)
    return found


def test_the_check_sees_a_bare_import_in_a_function():
    source = ("import os\n\n\ndef f():\n    import json\n\n    # a reason\n    import csv\n"
              "    from re import compile  # a reason\n")
    assert function_imports(source) == [(5, False), (8, True), (9, True)]


def test_every_import_in_a_function_below_the_faces_has_its_reason():
    bare = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in FACES:
            continue
        for line, reasoned in function_imports(path.read_text(encoding="utf-8")):
            checked += 1
            if not reasoned:
                bare.append(f"{rel}:{line}")
    assert checked > 10  # the heavy libraries are imported where they are used
    assert not bare, "imports inside functions without a reason (move them to the top or say why): " + ", ".join(bare)
