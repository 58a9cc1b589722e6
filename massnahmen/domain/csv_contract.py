"""The CSV contract shared by export and import: `;` as separator, the
German header in the order of the attribute registry, German dates, and cells protected against
formula injection."""

from __future__ import annotations

from massnahmen.domain.attributes import DATE, PERIOD_DATE, csv_columns

# (header, row key) in the order of the contract
COLUMNS: list[tuple[str, str]] = [(a.header, a.row_key) for a in csv_columns()]
HEADER = [h for h, _ in COLUMNS]
DATE_KEYS = {a.row_key for a in csv_columns() if a.kind in (DATE, PERIOD_DATE)}
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
