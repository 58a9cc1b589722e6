"""Cheap and thorough checks that a file is a whole massnahmen database: the tables and columns
its schema version promises, the root page of every table and index, and (thorough) every page."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from massnahmen.domain.errors import DatabaseProblem
from massnahmen.store.problems import damaged, translate_error
from massnahmen.store.schema import expected_columns

_BTREE_PAGE_TYPES = {2, 5, 10, 13}


def check_columns(conn: sqlite3.Connection, db_path: Path, version: int, tables: set[str]) -> None:
    """Refuse a file that lacks a table or column its schema version promises (schema.COLUMNS)."""
    expected = expected_columns(version)
    try:
        rows = conn.execute(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
            f"WHERE m.type = 'table' AND m.name IN ({','.join('?' * len(expected))})",
            list(expected),
        ).fetchall()
    except sqlite3.Error as exc:
        raise translate_error(exc, db_path) from None
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    missing = [f"Tabelle „{t}“" for t in expected if t not in tables]
    missing += [
        f"Spalte „{t}.{c}“" for t in expected if t in tables for c in sorted(expected[t] - present.get(t, set()))
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (f" und {len(missing) - 5} weitere" if len(missing) > 5 else "")
        raise damaged(db_path, "fehlend: " + shown)


def check_root_pages(conn: sqlite3.Connection, db_path: Path, roots: list[int]) -> None:
    """Each table's and index's root page must be a b-tree page; a zeroed or overwritten one is
    found here, without reading the rest of the file (a page read each, from the OS cache).

    In WAL mode the newest pages may live in the -wal file, so the file itself says nothing; then
    SQLite's own checks (and verify_pages) are what is left."""
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        with open(db_path, "rb") as handle:
            header = handle.read(100)
            if len(header) < 100 or header[18] == 2:  # empty, or WAL
                return
            size = os.fstat(handle.fileno()).st_size
            for root in sorted({r for r in roots if r and r > 0}):
                offset = (root - 1) * page_size + (100 if root == 1 else 0)
                if offset >= size:
                    raise damaged(db_path, "die Datei ist abgeschnitten")
                handle.seek(offset)
                kind = handle.read(1)
                if not kind or kind[0] not in _BTREE_PAGE_TYPES:
                    raise damaged(db_path, f"Seite {root} ist unlesbar")
    except OSError as exc:
        raise DatabaseProblem(f"„{db_path}“ lässt sich nicht lesen ({exc.strerror or exc}).") from None
    except sqlite3.Error as exc:
        raise translate_error(exc, db_path) from None


def verify_pages(conn: sqlite3.Connection, db_path: Path) -> None:
    """Read every page and check the b-tree structure (PRAGMA quick_check)."""
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as exc:
        raise translate_error(exc, db_path) from None
    if not result or result[0] != "ok":
        raise damaged(db_path, "die Prüfung aller Seiten fand Fehler")
