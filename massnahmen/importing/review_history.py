"""Importing Sachstände of earlier years, from a CSV file or a spreadsheet, in one of two layouts:

- long: one row per entry, `Nr.; Datum; Sachstand` (and optionally `Ampel`, `Status`);
- wide: one row per measure, a column per period: `Sachstand 2023`, `Stand 03/2026`, `Sachstand
  Q2/2025` or `Stand 15.03.2026` – the entry's date is the period's last day.

Such a file is recognised by its header. The measures must exist (matched by Nr.); a Sachstand that
is already there (same measure, date and text) is not added again, so importing twice changes
nothing. The measures' status, Ampel and Wiedervorlage stay as they are: these are past entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from massnahmen.domain.dates import german, iso, parse_date
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.importing.headers import key_for
from massnahmen.importing.reading import Source

DATE_HEADERS = {"datum", "standam", "date", "sachstandvom", "datumdessachstands", "sachstandsdatum", "vom"}
NOTE_HEADERS = {"sachstand", "sachstandsbericht", "sachstandstext", "note", "bericht", "fortschritt"}
_PERIOD_HEADER = re.compile(r"^\s*(?:sachstand|stand)\b\s*[:\-–]?\s*(.+?)\s*$", re.I)


@dataclass
class Layout:
    kind: str  # "long" or "wide"
    code: int
    date: int | None = None
    note: int | None = None
    status: int | None = None
    assessment: int | None = None
    periods: list[tuple[int, date, str]] = field(default_factory=list)  # (column, day, header)
    ignored: list[str] = field(default_factory=list)  # other columns, not imported


def period_day(header: str) -> date | None:
    """„Sachstand 2023“ → 31.12.2023, „Stand 03/2026“ → 31.03.2026; None for other headers."""
    m = _PERIOD_HEADER.match(header or "")
    if not m:
        return None
    try:
        return parse_date(m.group(1), label=header, period="end")
    except InvalidValue:
        return None


def layout(header: list[str], maps: dict[str, str] | None = None) -> Layout | None:
    """The history layout of a header row, None if it is no Sachstand history."""
    maps = maps or {}
    keys = []
    for cell in header:
        folded = fold_key(cell)
        keys.append(maps.get(folded) or key_for(cell))
    if "code" not in keys:
        return None
    code = keys.index("code")
    folded = [fold_key(h) for h in header]
    dates = [i for i, f in enumerate(folded) if f in DATE_HEADERS]
    notes = [i for i, f in enumerate(folded) if f in NOTE_HEADERS]
    if dates and notes:
        found = Layout("long", code, date=dates[0], note=notes[0])
        for i, key in enumerate(keys):
            if key == "status" and found.status is None and i not in (found.date, found.note):
                found.status = i
            elif key == "assessment" and found.assessment is None:
                found.assessment = i
        used = {code, found.date, found.note, found.status, found.assessment}
    else:
        periods = [(i, day, header[i]) for i, day in ((i, period_day(h)) for i, h in enumerate(header)) if day]
        if not periods:
            return None
        found = Layout("wide", code, periods=periods)
        used = {code, *(i for i, _d, _h in periods)}
    found.ignored = [h for i, h in enumerate(header) if h.strip() and i not in used
                     and key_for(h) not in ("title", "field")]
    return found


def peek_header(path: Path, *, encoding: str | None, delimiter: str | None, sheet: str | None,
                is_header) -> tuple[list[str], Source | None]:
    """The header row of a file, cheaply: a CSV file's first lines, a spreadsheet's first rows (its
    sheet stays loaded for the import that follows). (header, None) – the second part is kept for
    a reader that has the whole file at hand."""
    from massnahmen.importing import reading, spreadsheet

    path = Path(path)
    if not path.is_file():
        return [], None
    if spreadsheet.is_spreadsheet(path):
        try:
            return spreadsheet.peek_header(path, sheet=sheet, is_header=is_header), None
        except Exception:  # the import itself says what is wrong with the file
            return [], None
    try:
        with path.open("rb") as handle:
            data = handle.read(256 * 1024)
    except OSError:
        return [], None
    try:
        text = reading.decode(data, path, encoding)[0]
    except Exception:  # the import itself says what is wrong with the file
        return [], None
    if text.lstrip()[:1] in ("[", "{"):
        return [], None
    lines = text.splitlines()
    index, delim = reading.detect_header(text, delimiter, is_header)
    if index >= len(lines):
        return [], None
    return reading._split(lines[index], delim), None


@dataclass
class Entry:
    line: int
    code: str
    day: date
    note: str
    status: str | None = None
    assessment: str | None = None
    column: str = ""


@dataclass
class HistoryResult:
    file: str
    layout: str
    entries: list[Entry] = field(default_factory=list)
    new: list[Entry] = field(default_factory=list)
    existing: int = 0
    problems: list[str] = field(default_factory=list)
    failed_lines: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None
    refused: bool = False


def read_entries(source: Source, found: Layout) -> HistoryResult:
    from massnahmen.domain.csv_contract import unprotect

    result = HistoryResult(source.path.name, found.kind)
    unit = source.unit
    header = source.header

    def problem(line: int, column: int, message: str) -> None:
        result.problems.append(f"{unit} {line}, Spalte „{header[column]}“: {message}")
        result.failed_lines.add(line)

    def cell(cells: list[str], index: int | None) -> str:
        if index is None or index >= len(cells):
            return ""
        value = cells[index].strip()
        return unprotect(value) if source.apostrophe and value[:1] == "'" else value

    for line, cells in source.rows:
        code = cell(cells, found.code)
        for index, message in source.cell_problems.get(line, ()):
            if index == found.code:
                problem(line, index, message)
        if line in result.failed_lines:
            continue
        if not code:
            if any(c.strip() for c in cells):
                problem(line, found.code, "fehlt (die Nr. der Maßnahme)")
            continue
        if found.kind == "long":
            note, raw_day = cell(cells, found.note), cell(cells, found.date)
            if not note and not raw_day:
                continue
            if not note:
                problem(line, found.note, "ist leer")
                continue
            try:
                day = parse_date(raw_day, label=header[found.date])
            except InvalidValue as exc:
                problem(line, found.date, exc.detail)
                continue
            if day is None:
                problem(line, found.date, "fehlt (das Datum des Sachstands)")
                continue
            entry = Entry(line, code, day, note, column=header[found.note])
            for index, vocab, attr in ((found.status, STATUS, "status"), (found.assessment, ASSESSMENT, "assessment")):
                text = cell(cells, index)
                if text:
                    try:
                        setattr(entry, attr, vocab.parse(text, label=header[index]))
                    except InvalidValue as exc:
                        problem(line, index, exc.detail)
            if line not in result.failed_lines:
                result.entries.append(entry)
        else:
            for index, day, title in found.periods:
                note = cell(cells, index)
                if note:
                    result.entries.append(Entry(line, code, day, note, column=title))
    if found.kind == "wide":
        result.notes.append("Sachstände je Zeitraum: " + ", ".join(f"„{h}“ → {german(d)}" for _i, d, h in found.periods)
                            + " (das Ende des Zeitraums ist das Datum).")
    if found.ignored:
        result.notes.append("Beim Import von Sachständen nicht übernommen: "
                            + ", ".join(f"„{h}“" for h in found.ignored[:10]) + ".")
    return result


def import_history(store, source: Source, found: Layout, *, dry_run: bool, on_error: str) -> HistoryResult:
    """Check every entry, then (unless dry run or refused) write the new ones after a backup."""
    from massnahmen.store import past_reviews
    from massnahmen.store.backups import KEEP_IMPORT_BACKUPS, backup_before_import
    from massnahmen.store.db import busy_timeout

    result = read_entries(source, found)
    ids = past_reviews.measure_ids(store, sorted({e.code for e in result.entries}))
    unit = source.unit
    for entry in result.entries:
        if entry.code not in ids:
            result.problems.append(f"{unit} {entry.line}, Spalte „{source.header[found.code]}“: die Maßnahme "
                                   f"„{entry.code}“ gibt es nicht")
            result.failed_lines.add(entry.line)
    have = past_reviews.existing(store, sorted(set(ids.values())))
    seen: set[tuple[int, str, str]] = set()
    for entry in result.entries:
        if entry.line in result.failed_lines:
            continue
        key = (ids[entry.code], iso(entry.day), entry.note)
        if key in have or key in seen:
            result.existing += 1
            continue
        seen.add(key)
        result.new.append(entry)
    result.refused = bool(result.failed_lines) and on_error == "abort"
    if dry_run or result.refused or not result.new:
        return result
    result.backup = backup_before_import(Path(store.path), keep=KEEP_IMPORT_BACKUPS, busy_timeout=busy_timeout())
    past_reviews.add_past_reviews(store, [
        past_reviews.PastReview(ids[e.code], iso(e.day), e.note, e.status, e.assessment) for e in result.new
    ], context=f"Import {source.path.name}")
    result.written = True
    return result
