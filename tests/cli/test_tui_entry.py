"""`massnahmen` without a subcommand opens the TUI, after refusing unusable files in German."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def test_entry_opens_the_app(cli, demo_db, monkeypatch):
    import massnahmen.tui.app as tui_app

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
    import massnahmen.tui.app as tui_app
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
