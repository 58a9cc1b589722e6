"""Reading an import file: encoding, delimiter and header line, records with spreadsheet line numbers.

Forgiving about form: UTF-8 with or without BOM, else Windows-1252 (Excel's "CSV" in Germany);
`;`, `,` or tab, detected from the header line; CRLF or LF; quoted cells with delimiters, quotes
and line breaks; blank lines; a title line or two above the header."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from massnahmen.domain.errors import MassnahmenError, UsageProblem
from massnahmen.importing import spreadsheet
from massnahmen.store.files import is_regular

DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
_DELIMITER_WORDS = {
    "tab": "\t",
    "\\t": "\t",
    "tabulator": "\t",
    "semikolon": ";",
    "semicolon": ";",
    "komma": ",",
    "comma": ",",
}
MAX_FIELD = 64 * 1024 * 1024  # the csv module's limit; the cell checks refuse far smaller cells
HEADER_SEARCH_LINES = 10
_FIRST_VISIBLE = re.compile(r"\S")
_EXOTIC_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # line ends for str.splitlines, not for csv


class ImportRefused(MassnahmenError):
    """The file as a whole cannot be imported (missing, empty, binary, no Nr. column …)."""


@dataclass
class Source:
    """What was read: the form of the file and its records."""

    path: Path
    kind: str  # "csv" or "json"
    encoding: str  # codec name used for reading (and for writing rejects)
    encoding_label: str
    encoding_detected: bool
    bom: bool = False
    delimiter: str = ";"
    header: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)
    objects: list[tuple[int, dict]] = field(default_factory=list)  # JSON: (entry number, object)
    notes: list[str] = field(default_factory=list)
    apostrophe: bool = True  # False: no cell can begin with ' (the text has none), nothing to unprotect
    sheet: str | None = None  # a spreadsheet's sheet (importing.spreadsheet); None for CSV and JSON
    # spreadsheet cells refused while reading (a Nr. stored as a number): line → [(column index, message)]
    cell_problems: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def delimiter_label(self) -> str:
        if self.sheet is not None:
            return ""
        return DELIMITER_NAMES.get(self.delimiter, f"„{self.delimiter}“")

    @property
    def unit(self) -> str:
        """How messages name a record's place: „Zeile 7“, in a spreadsheet „Blatt „X“, Zeile 7“."""
        return f"Blatt „{self.sheet}“, Zeile" if self.sheet is not None else "Zeile"


def parse_delimiter(value: str | None) -> str | None:
    """--delimiter: one character, or a word like 'tab'."""
    if value is None:
        return None
    if value in DELIMITERS:
        return value
    word = value.strip().lower()
    if word in _DELIMITER_WORDS:
        return _DELIMITER_WORDS[word]
    if len(value) == 1 and value not in '"\r\n':
        return value
    raise UsageProblem(f"„{value}“ ist kein einzelnes Trennzeichen; erlaubt z. B. ; , tab", param="delimiter")


def check_encoding(value: str | None) -> str | None:
    """--encoding: a text encoding Python knows (not a codec such as rot13, base64 or zip)."""
    if not value:
        return None
    try:
        name = codecs.lookup(value.strip()).name
        "".encode(name)
        b"".decode(name)  # bytes ↔ bytes or str ↔ str codecs refuse these with LookupError
    except (LookupError, ValueError, TypeError):
        known = False
        try:
            codecs.lookup(value.strip())
            known = True
        except (LookupError, ValueError, TypeError):
            pass
        what = "ist keine Textkodierung" if known else "ist unbekannt"
        raise UsageProblem(
            f"„{value}“ {what}; erlaubt sind Textkodierungen wie utf-8, cp1252 (Windows), latin-1, utf-16",
            param="encoding",
        ) from None
    return name


def _refuse(message: str, hint: str | None = None, remedy: str | None = None) -> ImportRefused:
    return ImportRefused(message, hint=hint, remedy=remedy)


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise UsageProblem(f"Die Datei „{path}“ gibt es nicht.")
    if path.is_dir():
        raise UsageProblem(f"„{path}“ ist ein Ordner, keine Datei.")

    if not is_regular(path):  # a FIFO or a device is never opened: reading it may never end
        raise UsageProblem(f"„{path}“ ist keine gewöhnliche Datei.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _refuse(f"„{path}“ lässt sich nicht lesen ({exc.strerror or exc}).") from None


def _looks_binary(data: bytes, path: Path) -> None:
    head = data[:8192]
    if head.startswith(b"PK\x03\x04"):
        raise _refuse(
            f"„{path.name}“ ist eine gepackte Datei (z. B. .xlsx oder .ods), keine CSV-Datei.",
            hint="In der Tabellenkalkulation „Speichern unter …“ → „CSV (Trennzeichen-getrennt)“ wählen.",
        )
    if head.startswith(b"SQLite format 3\x00"):
        raise _refuse(f"„{path.name}“ ist eine SQLite-Datenbank, keine CSV-Datei.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            f"„{path.name}“ ist eine alte Excel-Datei (.xls), keine CSV-Datei.",
            hint="In Excel „Speichern unter …“ → „CSV (Trennzeichen-getrennt)“ wählen.",
        )
    if b"\x00" in head:
        if head.count(b"\x00") > len(head) // 4:
            # every other byte zero: text in UTF-16 without a byte order mark
            zeros_odd = head[1::2].count(0) > len(head) // 4
            zeros_even = head[0::2].count(0) > len(head) // 4
            if zeros_odd != zeros_even:
                raise _refuse(
                    f"„{path.name}“ scheint in UTF-16 gespeichert zu sein.",
                    hint="Als UTF-16 einlesen (oder in der Tabellenkalkulation als „CSV UTF-8“ speichern).",
                    remedy="encoding_utf16",
                )
        raise _refuse(f"„{path.name}“ ist keine Textdatei (enthält Binärdaten) – bitte eine CSV-Datei wählen.")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if head and controls > max(8, len(head) // 20):
        raise _refuse(f"„{path.name}“ ist keine Textdatei (enthält Binärdaten) – bitte eine CSV-Datei wählen.")


def decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str, str, bool, bool]:
    """(text, codec, label, detected, bom)."""
    if encoding:
        bom = False
        codec = encoding
        if codec in ("utf-8", "utf-8-sig") and data.startswith(codecs.BOM_UTF8):
            codec, bom = "utf-8-sig", True
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            where = (
                f" (Byte 0x{data[exc.start]:02x} an Stelle {exc.start + 1})"
                if isinstance(exc.object, bytes) and exc.object is data and exc.start < len(data)
                else ""
            )
            raise _refuse(f"„{path.name}“ lässt sich nicht als {encoding} lesen{where}.") from None
        except (UnicodeError, ValueError, LookupError):  # codecs such as idna refuse in their own way
            raise _refuse(f"„{path.name}“ lässt sich nicht als {encoding} lesen.") from None
        if text.startswith("\ufeff"):
            text, bom = text[1:], True
        return text, codec, encoding, False, bom
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _refuse(
            f"„{path.name}“ ist in UTF-16 gespeichert („Unicode-Text“).",
            hint="Als UTF-16 einlesen (oder in der Tabellenkalkulation als „CSV UTF-8“ speichern).",
            remedy="encoding_utf16",
        )
    _looks_binary(data, path)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", "UTF-8 mit BOM", True, True
        except UnicodeDecodeError as exc:
            raise _refuse(
                f"„{path.name}“ beginnt wie UTF-8, enthält aber ungültige Bytes "
                f"(Byte 0x{data[exc.start + 3]:02x} an Stelle {exc.start + 4}).",
                hint="Die Kodierung angeben, z. B. cp1252",
                remedy="encoding",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8", "UTF-8", True, False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", "Windows-1252", True, False
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", "ISO-8859-1", True, False


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def detect_header(text: str, delimiter: str | None, is_header) -> tuple[int, str]:
    """Find the header among the first lines: (physical line index, delimiter).

    is_header(cells) says whether a line holds the Nr. column; the first such line wins. Without
    one, the first non-blank line is the header (and the caller reports the missing Nr.)."""
    lines = [line.rstrip("\r\n") for line in io.StringIO(text[:200_000], newline="").readlines()]
    lines = lines[: HEADER_SEARCH_LINES * 3]
    candidates = [(i, line) for i, line in enumerate(lines) if line.strip(" \t;,")][:HEADER_SEARCH_LINES]
    choices = (delimiter,) if delimiter else DELIMITERS
    for i, line in candidates:
        for d in choices:
            if _count_outside_quotes(line, d) and is_header(_split(line, d)):
                return i, d
    for i, line in candidates:
        if delimiter is None:
            counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])  # ties: ';' comes first
            return i, (best if counts[best] else ";")
        return i, delimiter
    return 0, delimiter or ";"


def _lines(text: str, block: int = 1 << 18):
    """text.splitlines(keepends=True), a block at a time (a list of every line would double the
    memory); blocks end after a LF, so CR LF stays one line end."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + block)
        end = size if end < 0 else end + 1
        yield from text[start:end].splitlines(keepends=True)
        start = end


def read_csv_text(
    text: str, delimiter: str | None, is_header
) -> tuple[str, int, list[str], list[tuple[int, list[str]]]]:
    """(delimiter, header line, header cells, [(line, cells)]) — line numbers as a spreadsheet
    counts rows: one per record, blank lines included, the header's row as it stands in the file."""
    header_index, delim = detect_header(text, delimiter, is_header)
    csv.field_size_limit(MAX_FIELD)
    if any(ch in text for ch in _EXOTIC_BREAKS):
        lines = io.StringIO(text, newline="")  # csv sees only CR and LF as line ends
    else:
        lines = _lines(text)  # the same lines, much faster
    reader = csv.reader(lines, delimiter=delim, strict=False)
    header: list[str] | None = None
    header_line = 1
    rows: list[tuple[int, list[str]]] = []
    records = enumerate(reader, start=1)
    try:
        for number, cells in records:
            if reader.line_num - 1 < header_index:
                continue
            header, header_line = cells, number
            break
        # the records after the header: (number, cells), numbered on; blank records are counted
        # but not kept (50 MB of empty lines must not become 50 million lists)
        rows = [
            (number, cells) for number, cells in records if cells and (cells[0].strip() or any(map(str.strip, cells)))
        ]
    except csv.Error as exc:
        raise _refuse(f"Zeile {reader.line_num}: die Datei ist kein lesbares CSV ({exc}).") from None
    if header is None:
        header = []
    return delim, header_line, header, rows


def read_source(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    is_header=lambda cells: False,
    sheet: str | None = None,
) -> Source:
    """Read a CSV file, the JSON array `export --format json` writes, or a spreadsheet's sheet
    (.xlsx, .xlsm, .xls, .ods: importing.spreadsheet)."""

    if Path(path).is_file() and spreadsheet.is_spreadsheet(path):
        try:
            read = spreadsheet.read_spreadsheet(Path(path), sheet=sheet, is_header=is_header)
        except spreadsheet.ImportRefused as exc:
            raise _refuse(exc.message, exc.hint) from None
        # text cells under a header, as from a CSV file; rejects are written as CSV (UTF-8 with BOM)
        return Source(
            path=Path(path),
            kind="csv",
            encoding="utf-8",
            encoding_label=f"{read.format_label}, Blatt „{read.name}“",
            encoding_detected=False,
            bom=True,
            delimiter=";",
            header=read.header,
            header_line=read.header_line,
            rows=read.rows,
            notes=read.notes,
            apostrophe=False,
            sheet=read.name,
            cell_problems=read.cell_problems,
        )
    if sheet is not None:
        raise UsageProblem(
            f"Ein Blatt gibt es nur in Tabellendateien (.xlsx, .xlsm, .xls, .ods), nicht in „{Path(path).name}“.",
            param="sheet",
        )
    data = read_bytes(path)
    if not data[:4096].strip() and not data.strip():
        raise _refuse(f"Die Datei „{path.name}“ ist leer.")
    text, codec, label, detected, bom = decode(data, path, encoding)
    del data  # the bytes are not needed beside the text (66 MB less while the rows are read)
    first = _FIRST_VISIBLE.search(text)
    if first is None:
        raise _refuse(f"Die Datei „{path.name}“ ist leer.")
    source = Source(path=path, kind="csv", encoding=codec, encoding_label=label, encoding_detected=detected, bom=bom)
    if first.group() in ("[", "{") and delimiter is None:
        try:
            return _json_source(source, load_json(text))
        except RecursionError:
            raise _refuse(
                f"„{path.name}“ ist zu tief verschachtelt (höchstens {MAX_JSON_DEPTH} Ebenen; "
                "erwartet wird, was der JSON-Export von massnahmen schreibt)."
            ) from None
        except json.JSONDecodeError as exc:
            if path.suffix.lower() == ".json" or first.group() == "{" or text.lstrip().startswith(("[{", "[\n", "[ ")):
                raise _refuse(
                    f"„{path.name}“ ist keine gültige JSON-Datei (Zeile {exc.lineno}, Spalte {exc.colno}: "
                    "unvollständig oder beschädigt)."
                ) from None
    source.delimiter, source.header_line, source.header, source.rows = read_csv_text(text, delimiter, is_header)
    source.apostrophe = "'" in text
    if source.header_line > 1:
        source.notes.append(
            f"Kopfzeile in Zeile {source.header_line} erkannt; die Zeilen darüber werden nicht importiert."
        )
    return source


MAX_JSON_DEPTH = 10  # our export nests three levels (list, measure, contact)
MAX_JSON_DIGITS = 30  # a number with more digits is no Nr. and no value of a measure


class JsonLiteral:
    """A JSON value that is kept as written and refused where text is expected: NaN, Infinity,
    a fraction (1.10 would become 1.1), a number of thousands of digits."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 40 else f"{text[:20]}…({len(text)} Zeichen)"

    def __repr__(self) -> str:
        return self.text


def _json_int(text: str) -> int | JsonLiteral:
    return int(text) if len(text.lstrip("-")) <= MAX_JSON_DIGITS else JsonLiteral(text)


def load_json(text: str):
    """json.loads that never converts a huge number (Python refuses 4 300 digits with a ValueError)
    nor NaN/Infinity/fractions into values, and refuses nesting deeper than MAX_JSON_DEPTH by
    raising RecursionError, as json.loads itself does for much deeper nesting."""
    data = json.loads(text, parse_int=_json_int, parse_float=JsonLiteral, parse_constant=JsonLiteral)
    stack = [(data, 1)]
    while stack:  # iterative: proportional to the data, never deeper than the Python stack
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise RecursionError("JSON nested too deeply")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return data


def _json_source(source: Source, data) -> Source:
    if isinstance(data, dict):
        data = data.get("measures", [data]) if "code" not in data else [data]
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise _refuse(
            f"„{source.path.name}“ ist JSON, aber keine Liste von Maßnahmen "
            "(erwartet wird, was der JSON-Export von massnahmen schreibt)."
        )
    source.kind = "json"
    source.delimiter = ""
    source.objects = list(enumerate(data, start=1))
    keys: dict[str, None] = {}  # in order of appearance, each found in constant time
    for obj in data:
        keys.update(dict.fromkeys(obj))
    source.header = list(keys)
    return source
