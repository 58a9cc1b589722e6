"""The layers of the package (domain → store → importing, exporting, reports → cli, tui),
checked in fresh interpreters (what a test process already imported does not count)."""

import json
import subprocess
import sys
from pathlib import Path

import massnahmen

PACKAGE = Path(massnahmen.__file__).parent


def _modules_under(*packages: str) -> list[str]:
    names = []
    for package in packages:
        for path in sorted((PACKAGE / package).rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_domain_and_store_load_neither_textual_nor_typer():
    modules = _modules_under("domain", "store")
    assert "massnahmen.store.measures" in modules and "massnahmen.domain.models" in modules
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert "textual" not in loaded
    assert "typer" not in loaded
    assert "rich" not in loaded


def test_middle_layers_do_not_load_textual_or_typer():
    modules = _modules_under("importing", "exporting", "reports", "demo") if (PACKAGE / "reports").exists() else \
        _modules_under("exporting")
    modules = [m for m in modules if (PACKAGE.parent / (m.replace(".", "/") + ".py")).exists()
               or (PACKAGE.parent / m.replace(".", "/") / "__init__.py").exists()]
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert "textual" not in loaded
    assert "typer" not in loaded


def test_cli_loads_textual_only_to_open_the_tui(tmp_path):
    db = tmp_path / "x.db"
    code = (
        "from typer.testing import CliRunner\n"
        "from massnahmen.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['--db', {str(db)!r}, 'init'])\n"
        "assert r.exit_code == 0, r.output\n"
        f"r = CliRunner().invoke(app, ['--db', {str(db)!r}, 'list', '--format', 'json'])\n"
    )
    loaded = _loaded_after(code)
    assert "typer" in loaded
    assert "textual" not in loaded


def test_the_tuis_first_frame_needs_no_pydantic():
    """What `massnahmen` imports before the overview is drawn: the app with its root callback, the
    TUI and the overview, no pydantic; nor does the Maßnahmen screen, which reads plain records
    (pydantic checks what comes in)."""
    loaded = _loaded_after("import massnahmen.cli.app, massnahmen.cli.tui_entry, massnahmen.tui.runtime.app, "
                           "massnahmen.tui.screens.overview, massnahmen.tui.screens.overview_data")
    assert "textual" in loaded and "typer" in loaded
    assert "pydantic" not in loaded
    assert "pydantic" not in _loaded_after("import massnahmen.tui.screens.measures")


def test_reading_and_showing_a_measure_loads_no_pydantic(small_db):
    """`show` and `list` read plain records: pydantic is loaded only where values come in."""
    for command in ("['show', '1.1.1']", "['list', '--overdue']"):
        loaded = _loaded_after(
            "import sys\nfrom typer.testing import CliRunner\nfrom massnahmen.cli.app import app\n"
            f"r = CliRunner().invoke(app, ['--db', {str(small_db)!r}, *{command}])\n"
            "assert r.exit_code == 0, r.output")
        assert "pydantic" not in loaded, command
    loaded = _loaded_after(
        "from typer.testing import CliRunner\nfrom massnahmen.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['--db', {str(small_db)!r}, 'contacts', 'add', 'Neu'])\n"
        "assert r.exit_code == 0, r.output")
    assert "pydantic" in loaded  # a new contact is checked
