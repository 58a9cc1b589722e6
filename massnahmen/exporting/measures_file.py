"""A measures export as a file, shared by the command line (`export -o`) and the TUI („Exportieren“):
the format from a name's ending, what an earlier export looks like, the writer per format and the
atomic write (store.files)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from massnahmen.domain.clock import today
from massnahmen.exporting import csv_format, ics, json_format, xlsx_format
from massnahmen.exporting.csv_format import write_csv
from massnahmen.exporting.ics import write_ics
from massnahmen.exporting.json_format import write_json
from massnahmen.exporting.xlsx_format import write_xlsx
from massnahmen.store import files  # files.atomic_write is looked up at each call (a test may replace it)
from massnahmen.store.catalog import get_concept

FORMATS = ("csv", "xlsx", "json", "ics")
FORMAT_BY_SUFFIX = {".csv": "csv", ".json": "json", ".ics": "ics", ".xlsx": "xlsx"}
OTHER_SPREADSHEETS = (".xls", ".ods", ".xlsm")  # endings an Excel export (always .xlsx) must not get

# (rows, stream, bom) → number written; the stream is a text one, a binary one for xlsx
RowWriter = Callable[[list[dict], Any, bool], int]


def ending_conflict(fmt: str, path: Path) -> str | None:
    """Why a file name does not fit export format fmt, for both faces to put in their words: the
    format its ending means (a .csv name for xlsx: "csv"), or for xlsx the ending of another
    spreadsheet (".ods"); None when it fits."""
    suffix = path.suffix.lower()
    by_suffix = FORMAT_BY_SUFFIX.get(suffix)
    if by_suffix not in (None, fmt):
        return by_suffix
    if fmt == "xlsx" and suffix in OTHER_SPREADSHEETS:
        return suffix
    return None


def output_kind(fmt: str):
    """What an earlier export of this format looks like (store.files decides about overwriting)."""
    if fmt == "xlsx":
        return xlsx_format._kind()

    return {"csv": csv_format, "json": json_format, "ics": ics}[fmt]._kind()


def row_writer(fmt: str, store, *, skipped: list[str] | None = None) -> RowWriter:
    """The writer for fmt; for ICS, the codes of measures left out (no valid Wiedervorlage) are
    appended to skipped."""
    if fmt == "xlsx":
        return lambda rows, stream, bom: write_xlsx(rows, stream)
    if fmt == "csv":
        return lambda rows, stream, bom: write_csv(rows, stream, bom=bom)
    if fmt == "json":
        return lambda rows, stream, bom: write_json(rows, stream)

    concept = get_concept(store).name  # part of every event's UID
    left_out = skipped if skipped is not None else []
    return lambda rows, stream, bom: write_ics(rows, stream, today=today(), concept=concept, skipped=left_out)


def write_measures_file(
    writer: RowWriter,
    rows: list[dict],
    path: str | os.PathLike,
    fmt: str,
    *,
    force: bool = False,
    protected: Iterable[str | os.PathLike] = (),
) -> int:
    """Written completely under a temporary name beside the target, then renamed (store.files);
    CSV as UTF-8 with BOM (for Excel), xlsx binary. Returns the number of measures written."""

    binary = fmt == "xlsx"
    with files.atomic_write(Path(path), output_kind(fmt), force=force, protected=protected, binary=binary) as stream:
        return writer(rows, stream, fmt == "csv")


def written_text(written: int, fmt: str) -> str:
    """„12 Maßnahmen“ / „3 Wiedervorlagen offener Maßnahmen“ for the message after an export."""
    what = ("Wiedervorlage{} offener Maßnahmen" if fmt == "ics" else "Maßnahme{}").format("" if written == 1 else "n")
    return f"{written} {what}"
