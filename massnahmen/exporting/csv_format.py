"""Writing the CSV contract (domain.csv_contract): `;`, German header, German dates, and cells
protected against formula injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from massnahmen.domain.attributes import BY_KEY, VOCABULARY
from massnahmen.domain.csv_contract import COLUMNS, DATE_KEYS, HEADER, protect
from massnahmen.domain.dates import german
from massnahmen.domain.text import line_breaks
from massnahmen.store.files import OutputKind, first_line_is

# the vocabulary of each row key that holds a term (status, Ampel, priority)
_VOCABULARIES = {a.row_key: a.vocabulary for a in BY_KEY.values() if a.kind == VOCABULARY and a.vocabulary}


def cells(row: dict) -> list[str]:
    """The row's cells; NEL, U+2028 and U+2029 become plain line breaks (quoted by the writer), so a
    spreadsheet and the import see the same lines as the terminal."""
    out = []
    for _header, key in COLUMNS:
        value = row.get(key)
        if value is None or value == "":
            out.append("")
        elif key in DATE_KEYS:
            out.append(german(value))
        elif key in _VOCABULARIES:
            out.append(_VOCABULARIES[key].label(value))
        else:
            out.append(protect(line_breaks(str(value))))
    return out


def write_csv(rows: Iterable[dict], stream: TextIO, *, bom: bool = True) -> int:
    """Write rows of store.measures.query_measures; returns the number of rows."""
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADER)
    n = 0
    for row in rows:
        writer.writerow(cells(row))
        n += 1
    return n


def _kind():
    """What an earlier export of this format looks like (store.files decides about overwriting)."""

    return OutputKind("CSV-Export", first_line_is(";".join(HEADER)), example="massnahmen.csv")
