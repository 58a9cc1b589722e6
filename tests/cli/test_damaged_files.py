"""A damaged or incomplete file is refused up front, in German, before anything is written or drawn:
a dropped table or column (checked against schema.COLUMNS), a zeroed root page, a truncated file,
and – for backup, import and the TUI, which read every page first – a zeroed page anywhere."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import file_digest
from massnahmen.store.schema import COLUMNS, SCHEMA_VERSION, create_schema, expected_columns

ENGLISH = ("no such table", "no such column", "malformed", "database disk image", "not a database",
           "Traceback", "sqlite3.")
DAMAGED = "ist beschädigt oder unvollständig"


# -- making damaged files (plain SQL and plain file writes) --------------------------------------
def drop_table(db: Path, table: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    conn.close()


def drop_column(db: Path, table: str, column: str, *, version: int | None = None) -> None:
    """Rebuild the table without the column (as an old or hand-edited file would look)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != column]
    listed = ", ".join(columns)
    conn.execute("BEGIN")
    conn.execute(f"CREATE TABLE {table}_neu AS SELECT {listed} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}_neu RENAME TO {table}")
    if version is not None:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("COMMIT")
    conn.close()


def page_size(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def root_page(db: Path, name: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    finally:
        conn.close()


def zero_pages(db: Path, pages: list[int]) -> None:
    size = page_size(db)
    with open(db, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\0" * size)


def inner_page(db: Path) -> int:
    """The file's last page: a b-tree page that is no root (only a full read meets it)."""
    conn = sqlite3.connect(db)
    try:
        roots = {r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master")}
        last = conn.execute("PRAGMA page_count").fetchone()[0]
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    finally:
        conn.close()
    assert last not in roots
    return last


def assert_german_refusal(result, text: str = DAMAGED) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert text in result.stderr, result.stderr
    assert result.stderr.startswith("Fehler: ")
    for english in ENGLISH:
        assert english not in result.stdout + result.stderr, english


@pytest.fixture
def partner_csv(tmp_path) -> Path:
    path = tmp_path / "partner.csv"
    path.write_text("Nr;Maßnahme;Handlungsfeld\n1.9;Neue Maßnahme aus der AG;1\n", encoding="utf-8")
    return path


WRITERS = [
    ("edit", "1.1.1", "--title", "Neu"),
    ("add", "--code", "1.8", "--title", "Neu", "--field", "1"),
    ("review", "1.1.1", "--note", "Gespräch geführt"),
    ("contacts", "add", "Neue Person"),
    ("archive", "1.1.1"),
]
READERS = [("status",), ("list",), ("show", "1.1.1"), ("due",), ("export", "--format", "json")]


def _refused_everywhere(cli, db: Path, partner_csv: Path, text: str = DAMAGED) -> None:
    before = file_digest(db)
    for args in WRITERS + READERS + [("import", str(partner_csv)), ("backup",)]:
        result = cli(db, *args)
        assert_german_refusal(result, text)
        assert file_digest(db) == before, args
    assert not list(db.parent.glob("*sicherung*")), "no backup of a damaged file"


# -- the schema as promised by store/schema.py ---------------------------------------------------
def test_expected_columns_come_from_the_schema_itself():
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    created = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")}
               for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert created == expected_columns(SCHEMA_VERSION) == {t: set(c) for t, c in COLUMNS.items()}
    old = expected_columns(1)
    assert "priority" not in old["measures"] and "context" not in old["changes"]


def test_dropped_table_is_refused_before_edit_add_import_and_backup(cli, small_db, partner_csv):
    drop_table(small_db, "reviews")
    _refused_everywhere(cli, small_db, partner_csv)
    result = cli(small_db, "edit", "1.1.1", "--title", "Neu")
    assert "Tabelle „reviews“" in result.stderr


def test_dropped_column_is_refused(cli, small_db, partner_csv):
    drop_column(small_db, "measures", "priority")
    _refused_everywhere(cli, small_db, partner_csv)
    assert "Spalte „measures.priority“" in cli(small_db, "list").stderr


def test_old_version_without_the_later_columns_is_migrated_not_refused(cli, small_db):
    drop_column(small_db, "measures", "priority")
    drop_column(small_db, "changes", "context", version=1)
    result = cli(small_db, "edit", "1.1.1", "--priority", "hoch")
    assert result.exit_code == 0, result.stderr
    assert list(small_db.parent.glob("*schema1-sicherung*"))


def test_old_version_missing_a_table_is_refused_before_the_migration(cli, small_db):
    drop_column(small_db, "changes", "context", version=1)
    drop_table(small_db, "reviews")
    before = file_digest(small_db)
    assert_german_refusal(cli(small_db, "list"))
    assert file_digest(small_db) == before
    assert not list(small_db.parent.glob("*sicherung*"))


def test_zeroed_root_page_is_refused_by_the_cheap_check(cli, demo_db, partner_csv):
    zero_pages(demo_db, [root_page(demo_db, "reviews")])
    _refused_everywhere(cli, demo_db, partner_csv)


def test_zeroed_index_root_is_refused(cli, demo_db, partner_csv):
    zero_pages(demo_db, [root_page(demo_db, "idx_measures_code")])
    _refused_everywhere(cli, demo_db, partner_csv)


def test_truncated_file_is_refused(cli, demo_db, partner_csv):
    os.truncate(demo_db, demo_db.stat().st_size // 2)
    _refused_everywhere(cli, demo_db, partner_csv)


def test_zeroed_first_page_is_no_database(cli, demo_db, partner_csv):
    zero_pages(demo_db, [1])
    _refused_everywhere(cli, demo_db, partner_csv, text="keine massnahmen-Datenbank")


def test_zeroed_inner_page_backup_and_import_read_every_page(cli, demo_db, partner_csv):
    zero_pages(demo_db, [inner_page(demo_db)])
    before = file_digest(demo_db)
    assert_german_refusal(cli(demo_db, "backup"))
    assert_german_refusal(cli(demo_db, "import", str(partner_csv)))
    assert file_digest(demo_db) == before
    assert not list(demo_db.parent.glob("*sicherung*"))
    # everything else: a German message or a correct answer, never an English one or a traceback
    for args in WRITERS + READERS:
        result = cli(demo_db, *args)
        assert result.exit_code in (0, 1), args
        if result.exit_code == 1:
            assert_german_refusal(result)


# -- the TUI: the message instead of the first screen ----------------------------------------------
@pytest.fixture
def no_tui(monkeypatch):
    """Fail if the app would be started."""
    import massnahmen.tui.runtime.app

    started = []
    monkeypatch.setattr(massnahmen.tui.runtime.app, "run_tui", lambda *a, **k: started.append(a))
    return started


@pytest.mark.parametrize("damage", ["table", "column", "root", "inner", "truncated"])
def test_tui_exits_with_the_german_message_before_its_first_screen(cli, demo_db, no_tui, damage):
    if damage == "table":
        drop_table(demo_db, "reviews")
    elif damage == "column":
        drop_column(demo_db, "contacts", "email")
    elif damage == "root":
        zero_pages(demo_db, [root_page(demo_db, "measures")])
    elif damage == "inner":
        zero_pages(demo_db, [inner_page(demo_db)])
    else:
        os.truncate(demo_db, demo_db.stat().st_size * 2 // 3)
    before = file_digest(demo_db)
    result = cli(demo_db)
    assert_german_refusal(result)
    assert no_tui == []
    assert file_digest(demo_db) == before


def test_tui_reads_every_page_only_of_a_concept_sized_file(cli, demo_db, no_tui, monkeypatch):
    """A zeroed inner page stops the start of an ordinary file; a file above the limit (a
    benchmark's 100 000 measures) starts after the cheap checks, without a second's full read."""
    import massnahmen.cli.tui_entry as tui_entry

    zero_pages(demo_db, [inner_page(demo_db)])
    assert_german_refusal(cli(demo_db))
    assert no_tui == []
    monkeypatch.setattr(tui_entry, "FULL_CHECK_MAX_BYTES", demo_db.stat().st_size - 1)
    result = cli(demo_db)
    assert result.exit_code == 0, result.stderr
    assert len(no_tui) == 1


def test_tui_starts_on_a_healthy_file(cli, small_db, no_tui):
    result = cli(small_db)
    assert result.exit_code == 0, result.stderr
    assert len(no_tui) == 1


def test_fast_status_path_gives_the_german_message(demo_db, capsys, monkeypatch):
    import sys

    from massnahmen.cli import main

    drop_table(demo_db, "changes")
    monkeypatch.setattr(sys, "argv", ["massnahmen", "--db", str(demo_db), "status"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert DAMAGED in err and "Tabelle „changes“" in err


def test_stray_sqlite_error_in_a_command_is_german(cli, small_db, monkeypatch):
    import massnahmen.store.measures as measures

    def broken(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(measures, "query_measures", broken)
    assert_german_refusal(cli(small_db, "list"))
