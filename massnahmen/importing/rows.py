"""Checking the cells of each record with the domain's parsers, so that the import refuses the same
values with the same German words as the CLI and the TUI, and names line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.fields import BY_KEY, MAX_TEXT
from massnahmen.exporting.csv_format import unprotect
from massnahmen.importing.headers import KNOWN_IGNORED, HeaderMatch, key_for, label
from massnahmen.importing.reading import Source

CONTACT_PARTS = ("contact", "organisation", "email", "phone")
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
            where.append(f"{self.column_word} „{self.column}“")
        return (", ".join(where) + ": " if where else "") + shorten(self.message)

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": shorten(self.message), "text": self.text()}


@dataclass
class Row:
    line: int
    values: dict[str, str | None]  # attribute key → checked value (present columns only)
    contact: dict[str, str | None] | None  # contact parts present in the file, None without any
    raw: object  # the original cells (CSV) or object (JSON), for --rejects
    problems: list[Problem] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.values.get("code")


class CellChecker:
    """Parses cells with the domain parsers; repeated values (dates, statuses) are parsed once."""

    def __init__(self, unit: str, column_word: str) -> None:
        self.unit = unit
        self.column_word = column_word
        self._cache: dict[str, dict[str, tuple[bool, str | None]]] = {k: {} for k in CACHED}

    def problem(self, line: int, column: str | None, message: str) -> Problem:
        return Problem(line, column, message, self.unit, self.column_word)

    def check(self, row: Row, key: str, raw: str, column: str) -> None:
        if len(raw) > MAX_TEXT:
            row.problems.append(self.problem(
                row.line, column, f"ist zu lang ({len(raw)} Zeichen, höchstens {MAX_TEXT})"))
            return
        if key in CONTACT_PARTS:
            text = " ".join(raw.split()) if key != "contact" else raw.strip()
            value = text or None
            if key == "email" and value and ("@" not in value or " " in value):
                row.problems.append(self.problem(row.line, column, f"„{value}“ ist keine gültige E-Mail-Adresse"))
                return
            if value and len(value) > 300:
                row.problems.append(self.problem(row.line, column, f"ist zu lang ({len(value)} Zeichen, höchstens 300)"))
                return
            assert row.contact is not None
            row.contact[key] = value
            return
        if key == "status" and not raw.strip():
            row.values["status"] = None  # a new measure starts as geplant; an existing one refuses
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


def csv_rows(source: Source, match: HeaderMatch, *, progress=None) -> list[Row]:
    checker = CellChecker("Zeile", "Spalte")
    columns = sorted(match.columns.items())
    width = match.width
    has_contact = any(k in CONTACT_PARTS for _i, k in columns)
    names = [(i, k, match.names[k]) for i, k in columns]
    rows: list[Row] = []
    total = len(source.rows)
    for n, (line, cells) in enumerate(source.rows):
        if progress and n % 5000 == 0:
            progress("Prüfen", n, total)
        if not any(c.strip() for c in cells):
            continue  # a blank line (or one with only separators)
        row = Row(line, {}, {} if has_contact else None, cells)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            extra = len(cells) - width
            while extra and not cells[width + extra - 1].strip():
                extra -= 1
            row.problems.append(checker.problem(
                line, None,
                f"{width + extra} Zellen, aber die Kopfzeile hat nur {width} Spalten – "
                f"steht ein „{source.delimiter}“ in einer Zelle ohne Anführungszeichen?"))
        count = len(cells)
        for index, key, name in names:
            raw = cells[index] if index < count else ""
            if raw[:1] == "'":
                raw = unprotect(raw)
            checker.check(row, key, raw, name)
        rows.append(row)
    if progress:
        progress("Prüfen", total, total)
    return rows


def json_rows(source: Source) -> tuple[list[Row], list[str]]:
    """Rows of a JSON array; (rows, unknown keys)."""
    checker = CellChecker("Eintrag", "Feld")
    unknown: list[str] = []
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
                    row.problems.append(checker.problem(number, name, "erwartet ein Objekt mit name, organisation, email, phone"))
                    continue
                for part, key in (("name", "contact"), ("organisation", "organisation"), ("email", "email"),
                                  ("phone", "phone")):
                    if part in value:
                        checker.check(row, key, _as_text(value[part]), f"contact.{part}")
                continue
            key = key_for(name)
            if key is None or key in CONTACT_PARTS:
                if key is None and name.replace("_", "") not in KNOWN_IGNORED and name not in unknown:
                    unknown.append(name)
                continue
            if isinstance(value, (dict, list)):
                row.problems.append(checker.problem(number, name, f"erwartet Text, nicht {type(value).__name__}"))
                continue
            checker.check(row, key, _as_text(value), name)
        rows.append(row)
    return rows, unknown


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def column_label(row_source_kind: str, key: str) -> str:
    return label(key)
