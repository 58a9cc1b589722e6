"""Importing Sachstände of earlier years, from a CSV file or a spreadsheet, in one of two layouts:

- long: one row per entry, `Nr.; Datum; Sachstand` (and optionally `Ampel`, `Status`);
- wide: one row per measure, a column per period: `Sachstand 2023`, `Stand 03/2026`, `Sachstand
  Q2/2025` or `Stand 15.03.2026` – the entry's date is the period's last day.

Such a file is recognised by its header. The measures must exist (matched by Nr.); a Sachstand that
is already there (same measure, date and text) is not added again, so importing twice changes
nothing. The measures' status, Ampel and Wiedervorlage stay as they are: these are past entries."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from massnahmen.domain.clock import today as clock_today
from massnahmen.domain.csv_contract import unprotect
from massnahmen.domain.dates import german, iso, parse_date
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.periods import period_end, titled_period
from massnahmen.domain.reviews import check_review_day, is_placeholder
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.importing import reading, spreadsheet
from massnahmen.importing.headers import IGNORE, PERIOD, key_for
from massnahmen.importing.reading import Source
from massnahmen.store import past_reviews
from massnahmen.store.backups import KEEP_IMPORT_BACKUPS, backup_before_import
from massnahmen.store.db import busy_timeout

DATE_HEADERS = {"datum", "standam", "date", "sachstandvom", "datumdessachstands", "sachstandsdatum", "vom"}
NOTE_HEADERS = {"sachstand", "sachstandsbericht", "sachstandstext", "note", "bericht", "fortschritt"}
_ASSESSMENT_OF_PERIOD = re.compile(r"^\s*(?:ampel|bewertung)\b\s*[:\-–]?\s*(.+?)\s*$", re.IGNORECASE)
# columns that are about the measure, not its past: with one of them the file updates the measures too
_MEASURE_KEYS_BESIDE = {"code", "title"}


@dataclass
class Layout:
    kind: str  # "long" or "wide"
    code: int
    date: int | None = None
    note: int | None = None
    status: int | None = None
    assessment: int | None = None
    periods: list[tuple[int, datetime.date, str]] = field(default_factory=list)  # (column, day, header)
    ignored: list[str] = field(default_factory=list)  # other columns, not imported
    undated: list[str] = field(default_factory=list)  # look like a Sachstand of a period, name no date
    period_assessments: dict[int, int] = field(default_factory=dict)  # period column → its Ampel column
    measures: bool = False  # wide: the file has columns of the measures beside Nr. and Maßnahme
    describe_periods: bool = True  # say which day each period column gives (a tree says it itself)

    @property
    def history_columns(self) -> set[int]:
        """The columns that hold Sachstände of periods (and their Ampel), not values of the measure."""
        return {i for i, _d, _h in self.periods} | set(self.period_assessments.values())


def period_day(header: str) -> date | None:
    """„Sachstand 2023“ → 31.12.2023, „Stand 03/2026“ → 31.03.2026 (domain.periods); None for
    other headers and for a period that cannot be dated."""
    return titled_period(header)[1]


def layout(header: list[str], maps: dict[str, str] | None = None) -> Layout | None:
    """The history layout of a header row, None if it is no Sachstand history. --map may date a
    column („Sachstand Frühjahr=30.04.2025“: a PERIOD target) or leave it out."""
    maps = maps or {}
    keys: list[str | None] = []
    for cell in header:
        folded = fold_key(cell)
        keys.append(maps.get(folded) or key_for(cell))
    if "code" not in keys:
        return None
    code = keys.index("code")
    folded_header = [fold_key(h) for h in header]
    dates = [i for i, f in enumerate(folded_header) if f in DATE_HEADERS and f not in maps]
    notes = [i for i, f in enumerate(folded_header) if f in NOTE_HEADERS and f not in maps]
    if dates and notes:
        found = Layout("long", code, date=dates[0], note=notes[0])
        for i, key in enumerate(keys):
            if key == "status" and found.status is None and i not in (found.date, found.note):
                found.status = i
            elif key == "assessment" and found.assessment is None:
                found.assessment = i
        used = {code, found.date, found.note, found.status, found.assessment}
    else:
        periods, undated = [], []
        for i, title in enumerate(header):
            mapped = maps.get(folded_header[i])
            if mapped and mapped.startswith(PERIOD):
                periods.append((i, date.fromisoformat(mapped[len(PERIOD) :]), title))
                continue
            if mapped:  # mapped onto a value of the measure, or left out
                continue
            looks, day = titled_period(title)
            if day is not None:
                periods.append((i, day, title))
            elif looks:
                undated.append(title)
        if not periods and not undated:
            return None
        found = Layout("wide", code, periods=periods, undated=undated)
        days = {day: i for i, day, _h in periods}
        for i, title in enumerate(header):
            m = _ASSESSMENT_OF_PERIOD.match(title)
            if m and folded_header[i] not in maps and (day := period_end(m.group(1))) in days:
                found.period_assessments.setdefault(days[day], i)
        used = {code, *found.history_columns}
        found.measures = any(
            key and not key.startswith(PERIOD) and key != IGNORE and key not in _MEASURE_KEYS_BESIDE
            for i, key in enumerate(keys)
            if i not in used
        )
    found.ignored = [
        h
        for i, h in enumerate(header)
        if h.strip() and i not in used and key_for(h) not in ("title", "field") and h not in found.undated
    ]
    return found


def peek_header(
    path: Path, *, encoding: str | None, delimiter: str | None, sheet: str | None, is_header
) -> tuple[list[str], Source | None]:
    """The header row of a file, cheaply: a CSV file's first lines, a spreadsheet's first rows (its
    sheet stays loaded for the import that follows). (header, None) – the second part is kept for
    a reader that has the whole file at hand."""

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
    placeholders: int = 0  # cells such as „Kein neuer Sachstand“ or „–“, not taken as Sachstände
    future_columns: list[str] = field(default_factory=list)  # periods that end after today
    problems: list[str] = field(default_factory=list)
    failed_lines: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None
    refused: bool = False


def undated_problem(found: Layout) -> str | None:
    """The columns that look like a Sachstand of a period but name no date (the import refuses the
    file: its texts would otherwise be lost in silence)."""
    if not found.undated:
        return None
    names = ", ".join(f"„{h}“" for h in found.undated)
    one = len(found.undated) == 1
    return (
        f"{'Die Spalte' if one else 'Die Spalten'} {names} {'sieht' if one else 'sehen'} nach Sachständen aus, "
        f"aber kein Datum ist daraus zu erkennen (erkannt werden z. B. „Sachstand 2016“, „Sachstand 2015/2016“, "
        f"„Sachstand 2. Hj. 2025“, „Sachstand Q3/2026“, „Sachstand 03/2026“, „Stand 15.03.2026“)."
    )


def read_entries(
    source: Source, found: Layout, *, today: date | None = None, skip_lines: set[int] | frozenset[int] = frozenset()
) -> HistoryResult:
    """The Sachstände of the file's rows (placeholders counted, not taken); rows in skip_lines
    (refused as measures) give none. A Sachstand may not be dated after today."""

    today = today or clock_today()
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

    future: dict[int, list[int]] = {}  # period column dated after today → lines with a Sachstand there
    for line, cells in source.rows:
        if line in skip_lines:
            continue
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
            note_column, date_column = found.note, found.date
            assert note_column is not None and date_column is not None  # a long layout has both (layout())
            note, raw_day = cell(cells, note_column), cell(cells, date_column)
            if not note and not raw_day:
                continue
            if not note:
                problem(line, note_column, "ist leer")
                continue
            if is_placeholder(note):
                result.placeholders += 1
                continue
            try:
                day = parse_date(raw_day, label=header[date_column])
                if day is not None:
                    check_review_day(day, today)
            except InvalidValue as exc:
                problem(line, date_column, exc.detail)
                continue
            if day is None:
                problem(line, date_column, "fehlt (das Datum des Sachstands)")
                continue
            entry = Entry(line, code, day, note, column=header[note_column])
            for column, vocab, attr in ((found.status, STATUS, "status"), (found.assessment, ASSESSMENT, "assessment")):
                text = cell(cells, column)
                if text and column is not None:
                    try:
                        setattr(entry, attr, vocab.parse(text, label=header[column]))
                    except InvalidValue as exc:
                        problem(line, column, exc.detail)
            if line not in result.failed_lines:
                result.entries.append(entry)
        else:
            for index, day, title in found.periods:
                note = cell(cells, index)
                if not note:
                    continue
                if is_placeholder(note):
                    result.placeholders += 1
                    continue
                if day > today:
                    future.setdefault(index, []).append(line)
                    continue
                entry = Entry(line, code, day, note, column=title)
                assessment_column = found.period_assessments.get(index)
                text = cell(cells, assessment_column)
                if text and assessment_column is not None:
                    try:
                        entry.assessment = ASSESSMENT.parse(text, label=header[assessment_column])
                    except InvalidValue as exc:
                        problem(line, assessment_column, exc.detail)
                        continue
                result.entries.append(entry)
    for index, lines in future.items():
        result.problems.append(
            f"Spalte „{header[index]}“: der Zeitraum endet am {german(_day_of(found, index))}, "
            f"das liegt in der Zukunft – ein Sachstand hält fest, was geschehen ist "
            f"({'1 Sachstand' if len(lines) == 1 else f'{len(lines)} Sachstände'}, "
            f"{unit} {', '.join(map(str, lines[:10]))}"
            f"{' …' if len(lines) > 10 else ''})."
        )
        result.failed_lines.update(lines)
        result.future_columns.append(header[index])
    if found.kind == "wide" and found.describe_periods:
        result.notes.append(
            "Sachstände je Zeitraum: "
            + ", ".join(f"„{h}“ → {german(d)}" for _i, d, h in found.periods)
            + " (das Ende des Zeitraums ist das Datum)."
        )
    if result.placeholders:
        result.notes.append(placeholder_note(result.placeholders))
    if found.ignored and not found.measures:
        result.notes.append(
            "Beim Import von Sachständen nicht übernommen: " + ", ".join(f"„{h}“" for h in found.ignored[:10]) + "."
        )
    return result


def placeholder_note(n: int) -> str:
    return (
        f"{n} Platzhalter übersprungen (z. B. „Kein neuer Sachstand“, „–“, "
        "„siehe oben“, „unverändert“): kein Sachstand."
    )


def _day_of(found: Layout, index: int) -> date:
    return next(day for i, day, _h in found.periods if i == index)


def check_entries(
    store, source: Source, found: Layout, result: HistoryResult, *, coming: set[str] | frozenset[str] = frozenset()
) -> dict[str, int]:
    """Sort the entries into new and existing (same measure, day and text). Measures must exist,
    or be among coming (made by the same import, not yet written). Returns Nr. → id of the stored ones."""

    ids = past_reviews.measure_ids(store, sorted({e.code for e in result.entries}))
    unit = source.unit
    for entry in result.entries:
        if entry.code not in ids and entry.code not in coming:
            result.problems.append(
                f"{unit} {entry.line}, Spalte „{source.header[found.code]}“: die Maßnahme „{entry.code}“ gibt es nicht"
            )
            result.failed_lines.add(entry.line)
    have = past_reviews.existing(store, sorted(set(ids.values())))
    seen: set[tuple[str, str, str]] = set()
    for entry in result.entries:
        if entry.line in result.failed_lines:
            continue
        key = (entry.code, iso(entry.day) or "", entry.note)
        if (entry.code in ids and (ids[entry.code], key[1], key[2]) in have) or key in seen:
            result.existing += 1
            continue
        seen.add(key)
        result.new.append(entry)
    return ids


def write_entries(store, conn, result: HistoryResult, context: str) -> None:
    """Write the new entries inside the caller's transaction (the measures exist by now)."""

    ids = past_reviews.measure_ids(store, sorted({e.code for e in result.new}))
    past_reviews.insert_past_reviews(
        store,
        conn,
        [past_reviews.PastReview(ids[e.code], iso(e.day) or "", e.note, e.status, e.assessment) for e in result.new],
        context=context,
    )
    result.written = bool(result.new)


def import_history(store, source: Source, found: Layout, *, dry_run: bool, on_error: str) -> HistoryResult:
    """Check every entry, then (unless dry run or refused) write the new ones after a backup."""

    result = read_entries(source, found)
    check_entries(store, source, found, result)
    result.refused = bool(result.failed_lines) and on_error == "abort"
    if dry_run or result.refused or not result.new:
        return result
    with store.write() as conn:
        result.backup = backup_before_import(Path(store.path), keep=KEEP_IMPORT_BACKUPS, busy_timeout=busy_timeout())
        write_entries(store, conn, result, context=source_context(source))
    return result


def source_context(source: Source) -> str:
    """How the import names itself in the Verlauf and as the author of the Sachstände it brings."""
    return f"Import {source.path.name}"
