"""`massnahmen` without a subcommand opens the TUI, after refusing unusable files in German."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def test_entry_opens_the_app(cli, demo_db, monkeypatch):
    import massnahmen.tui.runtime.app as tui_app

    seen = {}
    monkeypatch.setattr(tui_app, "run_tui", lambda store, start=None: seen.setdefault("path", store.path))
    result = cli(demo_db)
    assert result.exit_code == 0, result.output
    assert seen["path"] == demo_db


def _newer(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("case, message", [
    ("missing", "gibt es nicht"),
    ("directory", "ist ein Ordner"),
    ("foreign", "keine massnahmen-Datenbank"),
    ("newer", "neueren Version"),
    ("locked", "gesperrt"),
])
def test_entry_refuses_bad_databases_before_start(cli, demo_db, tmp_path, case, message, monkeypatch):
    import massnahmen.tui.runtime.app as tui_app
    from tests.conftest import file_digest

    monkeypatch.setattr(tui_app, "run_tui", lambda store, start=None: pytest.fail("the app must not start"))
    holder = None
    if case == "missing":
        target = tmp_path / "fehlt.db"
    elif case == "directory":
        target = tmp_path
    elif case == "foreign":
        target = tmp_path / "fremd.db"
        target.write_bytes(b"Das ist keine SQLite-Datei, sondern Text." * 50)
    elif case == "newer":
        target = _newer(demo_db)
    else:
        target = demo_db
        holder = sqlite3.connect(target, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    before = file_digest(target) if target.is_file() else None
    try:
        result = cli(target)
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    assert result.exit_code == 1
    assert message in result.output  # refused, not crashed: the cli fixture checks every call (no_crash)
    if before is not None:
        assert file_digest(target) == before


def test_every_screen_of_the_app_is_a_start_screen():
    """One list of names: the settings' (help page, check) and the app's screens are the same."""
    from massnahmen.domain import settings
    from massnahmen.tui.runtime.app import SCREEN_NAMES

    assert tuple(SCREEN_NAMES) == settings.TUI_SCREENS
    assert settings.DEFAULT_TUI_SCREEN in settings.TUI_SCREENS


@pytest.mark.parametrize("name", ["overview", "measures", "contacts", "fields", "ideas"])
def test_tui_start_opens_the_named_screen(cli, demo_db, monkeypatch, name):
    import massnahmen.tui.runtime.app as tui_app

    seen = []
    monkeypatch.setattr(tui_app, "run_tui", lambda store, start=None: seen.append(start))
    monkeypatch.setenv("MASSNAHMEN_TUI_START", name)
    result = cli(demo_db)
    assert result.exit_code == 0, result.output
    assert seen == [name]


def test_tui_start_defaults_to_the_overview(cli, demo_db, monkeypatch):
    import massnahmen.tui.runtime.app as tui_app

    seen = []
    monkeypatch.setattr(tui_app, "run_tui", lambda store, start=None: seen.append(start))
    monkeypatch.delenv("MASSNAHMEN_TUI_START", raising=False)
    assert cli(demo_db).exit_code == 0
    assert seen == ["overview"]


def _allowed_in(text: str) -> bool:
    return "overview, measures, contacts, fields, ideas" in text


@pytest.mark.parametrize("value", ["archive", "Measures", "übersicht"])
def test_an_unknown_start_screen_is_a_usage_error_before_the_app(cli, demo_db, monkeypatch, value):
    """Once „archive“ opened the overview without a word; now the German message names the screens."""
    import massnahmen.tui.runtime.app as tui_app
    from tests.conftest import file_digest

    monkeypatch.setattr(tui_app, "run_tui", lambda store, start=None: pytest.fail("the app must not start"))
    monkeypatch.setenv("MASSNAHMEN_TUI_START", value)
    before = file_digest(demo_db)
    result = cli(demo_db)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Fehler: MASSNAHMEN_TUI_START=„{value}“ ist kein Bildschirm")
    assert _allowed_in(result.stderr)
    assert "Traceback" not in result.stderr
    assert file_digest(demo_db) == before


def test_an_unknown_start_screen_is_refused_on_the_fast_path_too(demo_db):
    """The plain start (without Typer) refuses it the same way, before the file is opened."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MASSNAHMEN_TUI_START": "archive"}
    done = subprocess.run([sys.executable, "-c", "from massnahmen.cli import main; main()", "--db", str(demo_db)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("Fehler: MASSNAHMEN_TUI_START=„archive“") and _allowed_in(done.stderr)


def test_the_help_lists_exactly_the_start_screens(cli):
    text = " ".join(cli(None, "--help").stdout.split())
    line = text.partition("MASSNAHMEN_TUI_START: ")[2].partition("(Standard")[0]
    assert line == "Startbildschirm der Arbeitsoberfläche: overview, measures, contacts, fields, ideas "
