"""The SQL of a search: a typed word is found in a stored search text (folded by
domain.text.search_fold) in any of its folded forms (domain.text.search_forms).

A search text stored before search_fold existed may still hold an e after a, o or u ("steuer");
then the word's plain fold is looked for too. Whether a table has such texts is asked once per
file and table (search_fold never leaves such an e), so a file written since pays one look-up
per word, not two."""

from __future__ import annotations

import sqlite3

from massnahmen.domain.text import search_forms

_STORED_BEFORE: dict[tuple[str, str], bool] = {}


def stored_before(conn: sqlite3.Connection, table: str) -> bool:
    """Whether some search text of the table was stored before search_fold (cached per file)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    key = (path, table)
    if not path or key not in _STORED_BEFORE:
        found = conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE instr(search, 'ue') > 0 "
            "OR instr(search, 'ae') > 0 OR instr(search, 'oe') > 0)"
        ).fetchone()[0]
        if not path:
            return bool(found)
        _STORED_BEFORE[key] = bool(found)
    return _STORED_BEFORE[key]


def word_clauses(column: str, text: str | None, *, stored_before: bool = True) -> list[tuple[str, list[str]]]:
    """Per typed word (SQL that is true when the column holds the word, its parameters);
    stored_before=False: the table holds only texts folded by search_fold."""
    out = []
    for forms in search_forms(text):
        forms = forms if stored_before else forms[:1]
        out.append(("(" + " OR ".join([f"instr({column}, ?) > 0"] * len(forms)) + ")", list(forms)))
    return out
