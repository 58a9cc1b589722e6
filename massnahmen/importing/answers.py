"""Answers to a Sachstandsabfrage (a request workbook filled in by a partner)."""

from __future__ import annotations

from pathlib import Path

MARKER_SHEET = "massnahmen"
MARKER = "massnahmen-sachstandsabfrage"


def is_answer_file(path: Path) -> bool:
    """Does the spreadsheet carry the hidden marker of a request workbook?"""
    from massnahmen.importing.spreadsheet import open_workbook

    try:
        book = open_workbook(Path(path))
    except Exception:
        return False
    try:
        if MARKER_SHEET not in book.sheet_names:
            return False
        rows = book.get_sheet_by_name(MARKER_SHEET).to_python()
        return bool(rows) and bool(rows[0]) and rows[0][0] == MARKER
    finally:
        book.close()
