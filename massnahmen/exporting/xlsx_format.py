"""Writing the CSV contract's columns as an Excel workbook (XlsxWriter): one sheet „Maßnahmen“,
real date cells shown as 31.12.2026, a frozen header row with an autofilter, column widths from
the content, drop-down lists for Status and Ampel. Every text is a string cell (a title beginning
with „=“ stays text, never a formula), so the import reads the file back unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

from massnahmen.domain.attributes import BY_KEY, VOCABULARY
from massnahmen.domain.csv_contract import COLUMNS, DATE_KEYS, HEADER
from massnahmen.domain.text import line_breaks
from massnahmen.store.files import OutputKind, workbook_of

SHEET = "Maßnahmen"
PROPERTY_VALUE = "export"  # custom document property „massnahmen“ (store.files.workbook_property)
DATE_FORMAT = "dd.mm.yyyy"
MIN_WIDTH, MAX_WIDTH = 6, 60
WIDTH_SAMPLE = 2000  # rows looked at for the column widths
_VOCABULARIES = {a.row_key: a.vocabulary for a in BY_KEY.values() if a.kind == VOCABULARY and a.vocabulary}


def workbook_options() -> dict:
    """Text stays text: no formulas, numbers or URLs made of strings."""
    return {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "constant_memory": True,
    }


def _width(texts: Iterable[str], header: str) -> float:
    longest = len(header) + 3  # room for the filter button
    for text in texts:
        if text:
            longest = max(longest, max(len(line) for line in text.split("\n")))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 1)))


def write_xlsx(rows: Iterable[dict], stream: BinaryIO) -> int:
    """Write rows of store.measures.query_measures as a workbook to a binary stream; returns the
    number of rows."""
    import xlsxwriter  # XlsxWriter ≈ 70 ms: only when a workbook is written

    rows = list(rows)
    book = xlsxwriter.Workbook(stream, workbook_options())
    book.set_custom_property("massnahmen", PROPERTY_VALUE)
    book.set_properties({"title": "Maßnahmen", "comments": "massnahmen export"})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": DATE_FORMAT, "valign": "top"})
    text = book.add_format({"valign": "top"})
    keys = [key for _header, key in COLUMNS]
    dates = [key in DATE_KEYS for key in keys]
    vocab = [_VOCABULARIES.get(key) for key in keys]
    sample = rows[:WIDTH_SAMPLE]
    for index, (header, key) in enumerate(COLUMNS):
        if dates[index]:
            width = 11.0
        elif (vocabulary := vocab[index]) is not None:
            width = _width([t.label for t in vocabulary.terms], header)
        else:
            width = _width((str(r.get(key) or "") for r in sample), header)
        sheet.set_column(index, index, width, day if dates[index] else text)
    sheet.set_row(0, None, bold)
    for index, header in enumerate(HEADER):
        sheet.write_string(0, index, header, bold)
    sheet.freeze_panes(1, 0)
    write_string, write_datetime = sheet.write_string, sheet.write_datetime
    from_iso = date.fromisoformat
    n = 0
    for n, row in enumerate(rows, start=1):
        for index, key in enumerate(keys):
            value = row.get(key)
            if value is None or value == "":
                continue
            if dates[index]:
                try:
                    write_datetime(n, index, from_iso(str(value)[:10]), day)
                except ValueError:
                    write_string(n, index, str(value))
            elif (vocabulary := vocab[index]) is not None:
                write_string(n, index, vocabulary.label(value))
            else:
                value = str(value)
                write_string(
                    n,
                    index,
                    line_breaks(value)
                    if "\r" in value or "\x85" in value or "\u2028" in value or "\u2029" in value
                    else value,
                )
    last = max(n, 1)
    sheet.autofilter(0, 0, last, len(keys) - 1)
    for index, vocabulary in enumerate(vocab):
        if vocabulary is None:
            continue
        sheet.data_validation(
            1,
            index,
            max(last, 1000),
            index,
            {
                "validate": "list",
                "source": [t.label for t in vocabulary.terms],
                "error_title": BY_KEY_LABEL.get(keys[index], ""),
                "error_message": "Bitte einen Wert aus der Liste wählen.",
                "error_type": "warning",
            },
        )
    book.close()
    return n


BY_KEY_LABEL = {a.row_key: a.label for a in BY_KEY.values()}


def _kind():
    """An earlier xlsx export: the workbook's custom property (store.files decides about overwriting)."""

    return OutputKind("Excel-Export", example="massnahmen.xlsx", recognise_file=workbook_of(PROPERTY_VALUE))
