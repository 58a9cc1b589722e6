"""The CSV format shared by export and import (DESIGN.md §4): `;`, German header, German dates,
and cells protected against formula injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from massnahmen.domain.dates import german
from massnahmen.domain.text import line_breaks
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS

# (header, row key) in the order of the contract
COLUMNS: list[tuple[str, str]] = [
    ("Nr", "code"),
    ("Maßnahme", "title"),
    ("Beschreibung", "description"),
    ("Handlungsfeld", "field"),
    ("Ziel", "goal"),
    ("Zuständig", "contact_name"),
    ("Organisation", "contact_organisation"),
    ("E-Mail", "contact_email"),
    ("Telefon", "contact_phone"),
    ("Partner", "partners"),
    ("Status", "status"),
    ("Ampel", "assessment"),
    ("Priorität", "priority"),
    ("Beginn", "start"),
    ("Ende", "end"),
    ("Wiedervorlage", "review_date"),
    ("Finanzierung", "funding"),
    ("Indikator", "indicator"),
    ("Herkunft", "source"),
    ("Notizen", "notes"),
]
HEADER = [h for h, _ in COLUMNS]
DATE_KEYS = {"start", "end", "review_date"}
INJECTION_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect(text: str) -> str:
    """OWASP CSV injection: a cell a spreadsheet would run as a formula gets a leading '.

    A text that itself begins with ' before such a character gets one more, so that
    unprotect(protect(x)) == x for every text."""
    return "'" + text if text.lstrip("'").startswith(INJECTION_STARTS) else text


def unprotect(text: str) -> str:
    """Strip exactly the prefix protect() adds."""
    if text[:1] == "'" and text.lstrip("'").startswith(INJECTION_STARTS):
        return text[1:]
    return text


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
        elif key == "status":
            out.append(STATUS.label(value))
        elif key == "assessment":
            out.append(ASSESSMENT.label(value))
        elif key == "priority":
            out.append(PRIORITY.label(value))
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
    from massnahmen.store.files import OutputKind, first_line_is

    return OutputKind("CSV-Export", first_line_is(";".join(HEADER)), example="massnahmen.csv")
