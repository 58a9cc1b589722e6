"""Checking the cells of each record with the domain's parsers, so that the import refuses the same
values with the same German words as the CLI and the TUI, and names line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from massnahmen.domain.attributes import BY_KEY, MAX_TEXT, import_columns
from massnahmen.domain.contacts import email_problem
from massnahmen.domain.csv_contract import unprotect
from massnahmen.domain.dates import iso, parse_date
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold, fold_key, one_line
from massnahmen.importing.headers import KNOWN_IGNORED, HeaderMatch, key_for, label
from massnahmen.importing.reading import JsonLiteral, Source

CONTACT_PARTS = ("contact", *(part.key for part in BY_KEY["contact"].parts))
# the longest text each column may hold (the registry's limit, which the domain parser enforces)
LIMITS = {a.key: a.max_len for a in import_columns() if a.max_len}
CACHED = ("status", "assessment", "priority", "start", "end", "review_date")
_LONG_QUOTE = re.compile(r"„([^“]{80})[^“]{10,}“")


def shorten(message: str) -> str:
    """Quoted values in messages are cut after 80 characters (a 1 MB cell is not repeated)."""
    return _LONG_QUOTE.sub(lambda m: f"„{m.group(1)}…“", message)


@dataclass
class Problem:
    line: int | None
    column: str | None
    message: str
    unit: str = "Zeile"  # "Eintrag" for JSON
    column_word: str = "Spalte"

    def text(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        if self.column:
            where.append(f"{self.column_word} „{column_name(self.column)}“")
        return (", ".join(where) + ": " if where else "") + shorten(self.message)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": column_name(self.column) if self.column else self.column,
            "message": shorten(self.message),
            "text": self.text(),
        }


def column_name(name: str, width: int = 80) -> str:
    """A column's name as messages quote it: on one line, a 10 MB header cell cut to width."""

    return one_line(name[: width * 4], width) if len(name) > width or "\n" in name else name


@dataclass(slots=True)
class Row:
    line: int
    values: dict[str, str | None]  # attribute key → checked value (present columns only)
    contact: dict[str, str | None] | None  # contact parts present in the file, None without any
    raw: list[str] | dict[str, Any]  # the original cells (CSV) or object (JSON), for the rejects file
    problems: list[Problem] = field(default_factory=list)
    code: str | None = None  # the checked Nr.


class CellChecker:
    """Parses cells with the domain parsers; repeated values (dates, statuses) are parsed once."""

    def __init__(self, unit: str, column_word: str, may_be_empty: frozenset[str] = frozenset()) -> None:
        self.unit = unit
        self.column_word = column_word
        self.may_be_empty = may_be_empty  # required keys whose empty cell is None (numbering, --field)
        self._cache: dict[str, dict[str, tuple[bool, str | None]]] = {k: {} for k in CACHED}

    def problem(self, line: int, column: str | None, message: str) -> Problem:
        return Problem(line, column, message, self.unit, self.column_word)

    def check(self, row: Row, key: str, raw: str, column: str) -> None:
        if len(raw) > MAX_TEXT:
            row.problems.append(
                self.problem(row.line, column, f"ist zu lang ({len(raw)} Zeichen, höchstens {MAX_TEXT})")
            )
            return
        if key in CONTACT_PARTS:
            text = " ".join(raw.split()) if key != "contact" else raw.strip()
            value = text or None
            problem = email_problem(value) if key == "email" else None
            if problem:
                row.problems.append(self.problem(row.line, column, problem))
                return
            if value and len(value) > LIMITS[key]:
                row.problems.append(
                    self.problem(row.line, column, f"ist zu lang ({len(value)} Zeichen, höchstens {LIMITS[key]})")
                )
                return
            assert row.contact is not None
            row.contact[key] = value
            return
        if key == "status" and not raw.strip():
            row.values["status"] = None  # a new measure starts as geplant; an existing one refuses
            return
        if key in self.may_be_empty and not raw.strip():
            row.values[key] = None
            return
        cache = self._cache.get(key)
        if cache is not None:
            hit = cache.get(raw)
            if hit is None:
                try:
                    hit = (True, BY_KEY[key].parse(raw))
                except InvalidValue as exc:
                    hit = (False, exc.detail)
                cache[raw] = hit
            if hit[0]:
                row.values[key] = hit[1]
            else:
                row.problems.append(self.problem(row.line, column, hit[1] or ""))
            return
        try:
            row.values[key] = BY_KEY[key].parse(raw)
        except InvalidValue as exc:
            row.problems.append(self.problem(row.line, column, exc.detail))


_OPEN_ENDED = {
    "laufend",
    "fortlaufend",
    "dauerhaft",
    "daueraufgabe",
    "standig",
    "kontinuierlich",
    "offen",
    "unbefristet",
    "regelmassig",
}
_RANGE = re.compile(r"^(.+?)\s*(?:–|—|\bbis\b|\s-\s)\s*(.+)$", re.I)
_YEARS = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_KEEP = object()  # "laufend": the end is cleared, the start stays as it is


def parse_period(raw: str) -> tuple[object, object]:
    """A „Zeitraum“ cell → (start, end) as ISO text: '2026', '2026–2027', '03/2026 - 12/2027',
    'Q1/2026 bis Q2/2027', 'ab 2026', 'seit 03/2025', 'bis 2027', 'laufend'. Empty clears both."""

    text = " ".join(raw.split())
    if not text:
        return None, None
    if fold_key(text) in _OPEN_ENDED:
        return _KEEP, None

    def day(part: str, which: str) -> str | None:
        label = "Beginn" if which == "start" else "Ende"
        return iso(parse_date(part.strip(" .,"), label=label, period=which))

    words = fold(text).split(" ", 1)
    try:
        if words[0] in ("ab", "seit", "von") and len(words) == 2:
            return day(text.split(" ", 1)[1], "start"), None
        if words[0] == "bis" and len(words) == 2:
            return None, day(text.split(" ", 1)[1], "end")
        m = _YEARS.match(text) or _RANGE.match(text)
        if m:
            start, end = day(m.group(1), "start"), day(m.group(2), "end")
        else:
            start, end = day(text, "start"), day(text, "end")
    except InvalidValue as exc:
        if "außerhalb des erlaubten Bereichs" in exc.detail:  # a real date, but beyond domain.bounds
            raise InvalidValue("Zeitraum", exc.detail) from None
        if exc.detail.endswith("ist kein gültiges Datum"):  # name the impossible date, not just the cell
            raise InvalidValue("Zeitraum", f"{exc.detail} (im Zeitraum „{text}“)") from None
        raise InvalidValue(
            "Zeitraum",
            f"„{text}“ ist kein gültiger Zeitraum (erwartet z. B. 2026, 2026–2027, "
            "03/2026–12/2027, ab 2026, bis 2027 oder laufend)",
        ) from None
    if start and end and start > end:
        raise InvalidValue("Zeitraum", f"„{text}“: der Beginn liegt nach dem Ende")
    return start, end


_FAILED = object()


def csv_rows(
    source: Source, match: HeaderMatch, *, progress=None, may_be_empty: frozenset[str] = frozenset()
) -> list[Row]:
    """Check the cells column by column (fast for 100 000 rows): each column's values go through
    the domain parser, a repeated value (date, status) only once. An empty cell of a key in
    may_be_empty is None instead of refused (Nr. when numbering, Handlungsfeld with --field)."""
    checker = CellChecker(source.unit, "Spalte", may_be_empty)
    columns = sorted(match.columns.items())
    width = match.width
    data = [(line, cells) for line, cells in source.rows if any(cells) and (cells[0].strip() or "".join(cells).strip())]
    total = len(data)
    if progress:
        progress("Prüfen", 0, total)
    problems: dict[int, list[Problem]] = {}
    for n, (line, cells) in enumerate(data):
        if len(cells) > width and "".join(cells[width:]).strip():
            extra = len(cells) - width
            while extra and not cells[width + extra - 1].strip():
                extra -= 1
            problems.setdefault(n, []).append(
                checker.problem(
                    line,
                    None,
                    f"{width + extra} Zellen, aber die Kopfzeile hat nur {width} Spalten – "
                    f"steht ein „{source.delimiter}“ in einer Zelle ohne Anführungszeichen?",
                )
            )
    if source.cell_problems:  # refused while reading a spreadsheet (a Nr. stored as a number)
        for n, (line, _cells) in enumerate(data):
            for index, message in source.cell_problems.get(line, ()):
                if index in match.columns:
                    problems.setdefault(n, []).append(checker.problem(line, match.names[match.columns[index]], message))
    value_keys: list[str] = []
    value_columns: list[list] = []
    contact_keys: list[str] = []
    contact_columns: list[list] = []
    for done, (index, key) in enumerate(columns):
        name = match.names[key]
        # one column of every row; a short row (Excel drops trailing separators) gives "" – never
        # padding every row to the longest one, which a single row of a million cells would make huge
        col = [cells[index] if index < len(cells) else "" for _line, cells in data]
        if source.apostrophe and "\x00'" in "\x00" + "\x00".join(col):  # a cell starts with ' (protected?)
            col = [unprotect(v) if v[:1] == "'" else v for v in col]
        if key == "period":
            starts, ends = _check_period(checker, name, col, data, problems)
            for k, v in (("start", starts), ("end", ends)):
                value_keys.append(k)
                value_columns.append(v)
            continue
        values = _check_column(checker, key, name, col, data, problems)
        if key in CONTACT_PARTS:
            contact_keys.append(key)
            contact_columns.append(values)
        else:
            value_keys.append(key)
            value_columns.append(values)
        if progress:
            progress("Prüfen", total * (done + 1) // len(columns), total)
    value_dicts = (
        [dict(zip(value_keys, t, strict=False)) for t in zip(*value_columns, strict=False)]
        if value_keys
        else [{} for _ in data]
    )
    if contact_keys:
        contact_dicts: list = [dict(zip(contact_keys, t, strict=False)) for t in zip(*contact_columns, strict=False)]
    else:
        contact_dicts = [None] * total
    if "period" in match.names:
        for row_values in value_dicts:
            if row_values.get("start") is _KEEP:
                del row_values["start"]
    return [
        Row(line, values, contact, cells, problems.get(n, []), values.get("code"))
        for n, ((line, cells), values, contact) in enumerate(zip(data, value_dicts, contact_dicts, strict=False))
    ]


def _check_period(checker: CellChecker, name: str, col: list[str], data, problems) -> tuple[list, list]:
    seen: dict[str, tuple | InvalidValue] = {}  # each distinct cell: (start, end) or why not
    for raw in set(col):
        try:
            limit = LIMITS["period"]
            seen[raw] = parse_period(raw) if len(raw) <= limit else parse_period("x" * (limit + 1))
        except InvalidValue as exc:
            seen[raw] = exc
    starts, ends = [], []
    for n, raw in enumerate(col):
        value = seen[raw]
        if isinstance(value, InvalidValue):
            problems.setdefault(n, []).append(checker.problem(data[n][0], name, value.detail))
            value = (None, None)
        starts.append(value[0])
        ends.append(value[1])
    return starts, ends


def _check_column(checker: CellChecker, key: str, name: str, col: list[str], data, problems) -> list:
    """Checked values of one column; a refused cell becomes None and a problem of its row."""

    def refuse(n: int, message: str) -> None:
        problems.setdefault(n, []).append(checker.problem(data[n][0], name, message))

    out: list = []
    if key in CACHED:
        seen: dict[str, object] = {}
        for raw in set(col):
            if len(raw) > MAX_TEXT:
                seen[raw] = InvalidValue(label(key), f"ist zu lang ({len(raw)} Zeichen, höchstens {MAX_TEXT})")
            elif key == "status" and not raw.strip():
                seen[raw] = None  # a new measure starts as geplant; an existing one refuses
            else:
                try:
                    seen[raw] = BY_KEY[key].parse(raw)
                except InvalidValue as exc:
                    seen[raw] = exc
        out = [seen[raw] for raw in col]
        if any(isinstance(v, InvalidValue) for v in seen.values()):
            for n, value in enumerate(out):
                if isinstance(value, InvalidValue):
                    refuse(n, value.detail)
                    out[n] = None
        return out
    if key in CONTACT_PARTS:
        if key == "contact":
            out = [v.strip() or None for v in col]
        else:
            out = [" ".join(v.split()) or None for v in col]
        for n, value in enumerate(out):
            if value is None:
                continue
            problem = email_problem(value) if key == "email" else None
            if len(value) > LIMITS[key]:
                refuse(n, f"ist zu lang ({len(value)} Zeichen, höchstens {LIMITS[key]})")
                out[n] = None
            elif problem:
                refuse(n, problem)
                out[n] = None
        return out
    parse = BY_KEY[key].parse
    limit = LIMITS[key]
    # what the parser would return anyway: stripped text without CR, not too long (a code on one line)
    if key == "code":
        out = [
            v if (v and len(v) <= limit and "\r" not in v and "\n" not in v) else _FAILED for v in map(str.strip, col)
        ]
    elif BY_KEY[key].required:
        out = [v if (v and len(v) <= limit and "\r" not in v) else _FAILED for v in map(str.strip, col)]
    else:  # an empty optional cell is simply None
        out = [(v if (len(v) <= limit and "\r" not in v) else _FAILED) if v else None for v in map(str.strip, col)]
    if key in checker.may_be_empty:  # an empty cell is None here, not refused
        out = [v if v is not _FAILED or col[n].strip() else None for n, v in enumerate(out)]
    if _FAILED not in out:
        return out
    for n, value in enumerate(out):
        if value is not _FAILED:
            continue
        raw = col[n]
        if len(raw) > MAX_TEXT:
            refuse(n, f"ist zu lang ({len(raw)} Zeichen, höchstens {MAX_TEXT})")
            out[n] = None
            continue
        try:
            out[n] = parse(raw)
        except InvalidValue as exc:
            refuse(n, exc.detail)
            out[n] = None
    return out


def json_rows(source: Source, may_be_empty: frozenset[str] = frozenset()) -> tuple[list[Row], list[str]]:
    """Rows of a JSON array; (rows, unknown keys)."""
    checker = CellChecker("Eintrag", "Feld", may_be_empty)
    unknown: dict[str, None] = {}  # in order of appearance, each found in constant time
    rows: list[Row] = []
    for number, obj in source.objects:
        row = Row(number, {}, None, obj)
        for name, value in obj.items():
            if name == "contact":
                row.contact = {}
                if value is None or value == "":
                    row.contact.update(contact=None, organisation=None)
                    continue
                if isinstance(value, str):
                    checker.check(row, "contact", value, "contact")
                    continue
                if not isinstance(value, dict):
                    row.problems.append(
                        checker.problem(number, name, "erwartet ein Objekt mit name, organisation, email, phone")
                    )
                    continue
                for part, part_key in (
                    ("name", "contact"),
                    ("organisation", "organisation"),
                    ("email", "email"),
                    ("phone", "phone"),
                ):
                    if part in value:
                        wrong = _json_type(value[part])
                        if wrong:
                            row.problems.append(
                                checker.problem(number, f"contact.{part}", f"erwartet Text, nicht {wrong}")
                            )
                            continue
                        checker.check(row, part_key, _as_text(value[part]), f"contact.{part}")
                continue
            key = key_for(name)
            if key is None or key in CONTACT_PARTS:
                if key is None and name.replace("_", "") not in KNOWN_IGNORED:
                    unknown[name] = None
                continue
            wrong = _json_type(value)
            if wrong:
                row.problems.append(checker.problem(number, name, f"erwartet Text, nicht {wrong}"))
                continue
            checker.check(row, key, _as_text(value), name)
        row.code = row.values.get("code")
        rows.append(row)
    return rows, list(unknown)


def _json_type(value: object) -> str | None:
    """Why a JSON value cannot be a measure's text (None: it can: text, null, a whole number)."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return None
    if isinstance(value, JsonLiteral):
        return f"die Zahl {value.text}" if value.text[-1:].isdigit() or "…" in value.text else value.text
    if isinstance(value, dict):
        return "ein Objekt"
    if isinstance(value, list):
        return "eine Liste"
    return type(value).__name__


def _as_text(value: object) -> str:
    return "" if value is None else str(value)
