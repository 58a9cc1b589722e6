"""Reading a spreadsheet (.xlsx, .xlsm, .xls, .ods) into the same Source as a CSV file: a header row
and records of text cells with the row numbers the spreadsheet shows.

python-calamine reads all four formats (cached values of formula cells, dates as dates). Cells
become the text a CSV export of the sheet would hold: dates as 31.12.2026, whole numbers without
„.0“. A Nr. the spreadsheet turned into a number is not guessed at: 1.10 became 1.1, so such a
cell is a problem of its row (a whole number such as 3 is read as „3“ with a note)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from massnahmen.domain.errors import MassnahmenError, UsageProblem
from massnahmen.domain.request_form import MARKER, MARKER_SHEET, SHEET, TO_FILL
from massnahmen.domain.text import fold_key
from massnahmen.importing import sheet_limits
from massnahmen.store.files import read_head

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
HEADER_SEARCH_ROWS = 10
_RESAVE = "In der Tabellenkalkulation öffnen und neu speichern, oder als CSV speichern."  # hint on a file not read
NUMBERS_AS_NUMBERS = "Nr. stehen als Zahl in der Tabelle"  # the remark on whole numbers in the Nr. column
FORMATS = {
    ".xlsx": "Excel-Arbeitsmappe",
    ".xlsm": "Excel-Arbeitsmappe mit Makros",
    ".xls": "Excel 97–2003",
    ".ods": "OpenDocument-Tabelle",
    ".xlsb": "Excel-Binärarbeitsmappe",
}


class ImportRefused(MassnahmenError):
    """The spreadsheet cannot be imported at all (importing.reading raises it as its own
    ImportRefused, so callers catch one class)."""


@dataclass
class Sheet:
    """What was read from one sheet: the same parts as a CSV Source."""

    path: Path
    name: str
    format_label: str
    header: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cell_problems: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


def is_spreadsheet(path: Path, head: bytes | None = None) -> bool:
    """By the name, or by the first bytes for a renamed file (a zip or an old Office file)."""
    if Path(path).suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    if head is None:
        try:
            head = read_head(Path(path), 8)  # only a regular file is opened
        except OSError:
            return False
    return head.startswith((ZIP_MAGIC, OLE_MAGIC))


def open_workbook(path: Path):
    """The calamine workbook; ImportRefused for a file it cannot read."""
    import python_calamine as pc  # the spreadsheet library: only when a workbook is opened (a CSV import does without)

    path = Path(path)
    if not path.exists():
        raise UsageProblem(f"Die Datei „{path}“ gibt es nicht.")
    if path.is_dir():
        raise UsageProblem(f"„{path}“ ist ein Ordner, keine Datei.")
    check_claims(path)
    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise ImportRefused(
            f"„{path.name}“ ist mit einem Kennwort geschützt.",
            hint="In der Tabellenkalkulation ohne Kennwort speichern.",
        ) from None
    except Exception as exc:  # calamine raises several kinds for broken or foreign files
        raise ImportRefused(
            f"„{path.name}“ lässt sich nicht als Tabelle lesen ({_short(exc)}).",
            hint="Als .xlsx, .ods oder CSV speichern und erneut versuchen.",
        ) from None


_CHECKED: dict = {}  # the last file found within the limits: {"key": (path, mtime, size)}


def check_claims(path: Path) -> None:
    """What the file claims (sizes, sheet extent, cell references) is checked before the reader
    allocates anything for it (importing.sheet_limits); ImportRefused with the German reason. A
    file looked at before it is imported is checked once."""

    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise ImportRefused(f"„{path.name}“ lässt sich nicht lesen ({exc.strerror or exc}).") from None
    if _CHECKED.get("key") == key:
        return
    try:
        sheet_limits.check_spreadsheet(path)
    except sheet_limits.TooLarge as exc:
        raise ImportRefused(
            f"„{path.name}“ wird nicht gelesen: {exc}",
            hint="Nur das Blatt mit den Maßnahmen in eine neue Datei kopieren, leere Zeilen und "
            "Spalten am Ende löschen, oder als CSV speichern.",
        ) from None
    except sheet_limits.Malformed as exc:
        raise ImportRefused(f"„{path.name}“ lässt sich nicht als Tabelle lesen: {exc}", hint=_RESAVE) from None
    except OSError as exc:
        raise ImportRefused(f"„{path.name}“ lässt sich nicht lesen ({exc.strerror or exc}).") from None
    _CHECKED["key"] = key


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] + ("…" if len(text) > 120 else "")


def sheet_names(book, visible_only: bool = True) -> list[str]:
    names = []
    for meta in book.sheets_metadata:
        if visible_only and "Visible" not in str(meta.visible):
            continue
        if "WorkSheet" not in str(meta.typ):
            continue
        names.append(meta.name)
    return names


def german_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", ",")


def cell_text(value) -> str:
    """A cell as the text a CSV export would hold."""
    cls = value.__class__
    if cls is str:
        return value
    if cls is float:
        return german_number(value)
    if cls is bool:
        return "WAHR" if value else "FALSCH"
    if cls is int:
        return str(value)
    if cls is _dt.date:
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if cls is _dt.datetime:
        day = f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        return day if not (value.hour or value.minute or value.second) else f"{day} {value:%H:%M}"
    if cls is _dt.time:
        return f"{value:%H:%M}"
    if value is None:
        return ""
    return str(value)


class _LoadedSheet:
    """A sheet's cells, loaded once: calamine reads a whole sheet at a time, and a file that is
    looked at before it is imported (is it a Sachstand history?) is not read twice."""

    __slots__ = ("name", "first", "cells")

    def __init__(self, name: str, first: int, cells: list) -> None:
        self.name, self.first, self.cells = name, first, cells


_LAST: dict = {}  # the last sheet loaded: {"key": (path, mtime, size, name), "sheet": _LoadedSheet}


def load_sheet(book, path: Path, name: str) -> _LoadedSheet:
    try:
        stat = Path(path).stat()
        key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size, name)
    except OSError:
        key = None
    if key is not None and _LAST.get("key") == key:
        return _LAST["sheet"]
    try:
        sheet = book.get_sheet_by_name(name)
        loaded = _LoadedSheet(name, sheet.start[0] if sheet.start else 0, list(sheet.iter_rows()))
    except Exception as exc:  # calamine's errors for a damaged sheet (a cell reference without column …)
        raise ImportRefused(
            f"Das Blatt „{name}“ in „{Path(path).name}“ lässt sich nicht lesen ({_short(exc)}).", hint=_RESAVE
        ) from None
    _LAST.clear()
    if key is not None:
        _LAST.update(key=key, sheet=loaded)
    return loaded


def _rows(sheet: _LoadedSheet):
    """(spreadsheet row number, raw cells) of a sheet."""
    first = sheet.first
    for index, cells in enumerate(sheet.cells):
        yield first + index + 1, cells


def _header_in(sheet, is_header) -> tuple[int, list] | None:
    """The first row among the first non-empty ones that is a header (holds the Nr.)."""
    seen = 0
    for number, cells in _rows(sheet):
        texts = [cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if is_header(texts):
            return number, texts
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            return None
    return None


def choose_sheet(book, path: Path, sheet: str | None, is_header):
    """(sheet object, note or None). --sheet by name (case and umlauts forgiven); without it the
    first visible sheet with a header row, else the first visible sheet."""
    names = sheet_names(book, visible_only=False)
    visible = sheet_names(book) or names
    if not names:
        raise ImportRefused(f"„{path.name}“ enthält kein Tabellenblatt.")
    if sheet is not None:
        wanted = [n for n in names if n == sheet] or [n for n in names if fold_key(n) == fold_key(sheet)]
        if not wanted:
            raise UsageProblem(
                f"ein Blatt „{sheet}“ gibt es in „{path.name}“ nicht; vorhanden: "
                + ", ".join(f"„{n}“" for n in visible),
                param="sheet",
            )
        return load_sheet(book, path, wanted[0]), None
    for name in visible:
        found = load_sheet(book, path, name)
        if _header_in(found, is_header) is not None:
            if len(visible) > 1:
                return found, (
                    f"Blatt „{name}“ gelesen (das erste mit einer Kopfzeile mit „Nr“); ein anderes "
                    "lässt sich mit seinem Namen wählen."
                )
            return found, None
    return load_sheet(book, path, visible[0]), None


def refuse_request_form(book, path: Path, header: list[str]) -> None:
    """A workbook of a Sachstandsabfrage is never read as a table of measures or Sachstände: with
    its hidden sheet it is an answer (importing.answers reads it); without one (or with a marker
    that is not ours), a sheet with „Neuer Sachstand“ beside „Nr.“ would overwrite titles, status
    and Wiedervorlagen with what the office sent out and drop the partner's Sachstand."""

    keys = {fold_key(h) for h in header}
    has_form_columns = fold_key(TO_FILL[0]) in keys and fold_key("Nr.") in keys
    marked = MARKER_SHEET in sheet_names(book, visible_only=False)
    if marked and _first_cell(book, MARKER_SHEET) == MARKER:
        raise ImportRefused(
            f"„{path.name}“ ist eine ausgefüllte Sachstandsabfrage; sie wird als Antwort "
            "eingelesen, nicht als Tabelle von Maßnahmen."
        )
    if marked or has_form_columns:
        raise ImportRefused(
            f"„{path.name}“ hat die Form einer Sachstandsabfrage (Blatt „{SHEET}“ mit „{TO_FILL[0]}“), aber keine "
            "gültige Kennzeichnung einer Abfrage dieser Datenbank; sie wird weder als Antwort noch als Tabelle "
            "von Maßnahmen übernommen.",
            hint="Die Antwort in der Datei einlesen, die mit der Abfrage verschickt wurde (mit ihrem "
            "unsichtbaren Blatt), oder die Werte in eine eigene Tabelle kopieren.",
        )


def _first_cell(book, name: str) -> str:
    try:
        rows = book.get_sheet_by_name(name).to_python(nrows=1)
        return cell_text(rows[0][0]).strip() if rows and rows[0] else ""
    except Exception:  # a damaged sheet has no marker
        return ""


def peek_header(path: Path, *, sheet: str | None = None, is_header=lambda cells: False) -> list[str]:
    """The header row of the sheet an import would read (the sheet stays loaded for that import);
    [] without one."""
    book = open_workbook(Path(path))
    try:
        chosen, _note = choose_sheet(book, Path(path), sheet, is_header)
        found = _header_in(chosen, is_header)
        return found[1] if found else []
    finally:
        book.close()


def read_spreadsheet(path: Path, *, sheet: str | None = None, is_header=lambda cells: False) -> Sheet:
    """The header and the text records of a spreadsheet's sheet."""
    path = Path(path)
    book = open_workbook(path)
    try:
        chosen, note = choose_sheet(book, path, sheet, is_header)
        name = chosen.name
        fmt = FORMATS.get(path.suffix.lower(), "Tabellendatei")
        source = Sheet(path=path, name=name, format_label=fmt)
        if note:
            source.notes.append(note)
        rows = _rows(chosen)
        header: list[str] | None = None
        first: tuple[int, list[str]] | None = None
        seen = 0
        for number, cells in rows:
            texts = [cell_text(c) for c in cells]
            if not any(t.strip() for t in texts):
                continue
            if first is None:
                first = (number, texts)
            if is_header(texts):
                header, source.header_line = texts, number
                break
            seen += 1
            if seen >= HEADER_SEARCH_ROWS:
                break
        if header is None:  # no Nr. column: the first row is the header (the caller names what is missing)
            if first is None:
                raise ImportRefused(f"Das Blatt „{name}“ in „{path.name}“ ist leer.")
            source.header_line, header = first
            rows = _rows(chosen)
            for number, _cells in rows:
                if number == source.header_line:
                    break
        # trailing empty header cells (a wide used range) are no columns
        while header and not header[-1].strip():
            header.pop()
        refuse_request_form(book, path, header)
        source.header = header
        code_columns = [i for i, h in enumerate(header) if h.strip() and is_header([h])]
        _read_records(source, rows, code_columns)
        if source.header_line > 1:
            source.notes.append(
                f"Kopfzeile in Zeile {source.header_line} erkannt; die Zeilen darüber werden nicht importiert."
            )
        return source
    finally:
        book.close()


def _read_records(source: Sheet, rows, code_columns: list[int]) -> None:
    out = source.rows
    whole_numbers: list[str] = []
    date_cls, datetime_cls = _dt.date, _dt.datetime
    for number, cells in rows:
        texts = [c if c.__class__ is str else cell_text(c) for c in cells]
        if not any(texts) or not "".join(texts).strip():
            continue  # empty rows (also the many a used range drags along) are no records
        for index in code_columns:
            if index >= len(cells):
                continue
            value = cells[index]
            if value.__class__ is int:
                whole_numbers.append(texts[index])
            elif value.__class__ is float:
                if value.is_integer():
                    whole_numbers.append(texts[index])
                else:
                    written = repr(value)
                    texts[index] = written
                    source.cell_problems.setdefault(number, []).append(
                        (
                            index,
                            (
                                f"„{written}“ steht als Zahl in der Tabelle, nicht als Text – aus einer Nr. wie "
                                f"„{written}0“ macht die Tabellenkalkulation „{written}“. Bitte die Spalte als Text "
                                "formatieren und die Nr. prüfen; die Zeile wird nicht zugeordnet."
                            ),
                        )
                    )
            elif value.__class__ in (date_cls, datetime_cls):
                source.cell_problems.setdefault(number, []).append(
                    (
                        index,
                        (
                            f"„{texts[index]}“ steht als Datum in der Tabelle, nicht als Nr. – bitte die Spalte als "
                            "Text formatieren und die Nr. eintragen."
                        ),
                    )
                )
        out.append((number, texts))
    if whole_numbers:
        shown = ", ".join(f"„{w}“" for w in whole_numbers[:5]) + (" …" if len(whole_numbers) > 5 else "")
        source.notes.append(
            f"{len(whole_numbers)} {NUMBERS_AS_NUMBERS} und werden als ganze Zahl "
            f"gelesen ({shown}); als Text formatieren, wenn etwas anderes gemeint war."
        )
