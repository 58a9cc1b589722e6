"""What a spreadsheet claims, checked before it is read: a measure table never needs a million rows,
hundreds of columns or a part of hundreds of MB, and a hostile file of 2 KB must not make the reader
allocate for empty space (a cell at XFD1048576 makes python-calamine reserve the whole rectangle
from A1; a string of 1 GiB packs into 1 MB).

- .xlsx/.xlsm/.xlsb/.ods (a zip): the size of the file, of every part as unpacked (counted while
  unpacking, not taken from the zip's directory: a part longer than it claims fails its check sum),
  and in the sheets every cell reference and row number (xlsx) or repeated rows and cells (ods): the
  rectangle from A1 to the farthest cell with content must stay within the limits below, and a cell
  reference must be one (A1 … XFD1048576; `r="2"` is none).
- .xls (an old Office file): only the size of the file (the format itself ends at 65 536 × 256).

Everything is read in blocks; nothing here grows with the file but the set of distinct row numbers
and column letters seen (at most a million and a few hundred)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk
MAX_PART_BYTES = 256 * 1024 * 1024  # one part of a zip, unpacked
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all parts together, unpacked
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_CELLS = 10_000_000  # rows × columns of the rectangle a reader allocates
EXCEL_COLUMNS = 16_384  # XFD
BLOCK = 4 * 1024 * 1024

_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
# a cell element with its attributes (<c …> or <x:c …>); <col>, <cfRule> … are no cells
_CELL = re.compile(rb"<" + _NAME + rb"c(?=[\s/>])([^>]*)>")
_ROW = re.compile(rb"<" + _NAME + rb"row(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")
_GOOD_R_ATTR = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([A-Z]{1,3})([1-9][0-9]{0,6})["']""")
# the form every writer uses: <c r="A1" …>; when every cell of a block has it, one search finds all
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_OTHER_C = re.compile(rb"<c(?! )")  # <c> <c/> <c\t … (and <col, <cfRule …, told apart below)
_PREFIXED_C = re.compile(rb":c[\s/>]")  # <x:c …
_DIMENSION = re.compile(rb"<" + _NAME + rb"""dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")


class TooLarge(Exception):
    """What the file claims is more than a measure table needs (message German, for the user)."""


class Malformed(Exception):
    """A part of the file is not what its format promises (message German)."""


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + (ord(ch) - 64)
    return number


def column_letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _check_extent(rows: int, columns: int, where: str) -> None:
    if rows > MAX_ROWS:
        raise TooLarge(
            f"{where} reicht bis Zeile {rows:,}".replace(",", ".")
            + f"; eine Maßnahmentabelle hat höchstens {MAX_ROWS:,} Zeilen.".replace(",", ".")
        )
    if columns > MAX_COLUMNS:
        raise TooLarge(
            f"{where} reicht bis Spalte {column_letters(min(columns, EXCEL_COLUMNS))} ({columns}. Spalte); "
            f"eine Maßnahmentabelle hat höchstens {MAX_COLUMNS} Spalten."
        )
    if rows * columns > MAX_CELLS:
        raise TooLarge(
            f"{where} umfasst {rows:,} Zeilen × {columns} Spalten".replace(",", ".")
            + f"; mehr als {MAX_CELLS:,} Zellen liest massnahmen nicht.".replace(",", ".")
        )


def check_spreadsheet(path: Path) -> None:
    """Raise TooLarge or Malformed (German messages) for a file no measure table needs; return
    quietly for anything else (a file that is no spreadsheet at all is left to the reader)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(
            f"Die Datei ist {size // (1024 * 1024)} MB groß; eine Maßnahmentabelle ist viel kleiner "
            f"(höchstens {MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise Malformed(f"Die Datei ist beschädigt ({_short(exc)}).") from None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:100] + ("…" if len(text) > 100 else "")


def _check_archive(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.file_size > MAX_PART_BYTES:
            raise TooLarge(
                f"Der Teil „{_shown(info.filename)}“ ist entpackt {info.file_size // (1024 * 1024)} MB "
                f"groß; mehr als {MAX_PART_BYTES // (1024 * 1024)} MB braucht keine Maßnahmentabelle."
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise TooLarge(
                f"Die Datei ist entpackt mehr als {MAX_TOTAL_BYTES // (1024 * 1024)} MB groß; so viel "
                "braucht keine Maßnahmentabelle."
            )
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename.lower()
        scan: _OdsScan | _XlsxScan | None
        if name.endswith("content.xml") and "/" not in name.strip("/"):
            scan = _OdsScan(info.filename)
        elif name.endswith(".xml") and "worksheets/" in name:
            scan = _XlsxScan(info.filename)
        else:
            scan = None
        _unpack(archive, info, scan)
        if scan is not None:
            scan.close()


def _shown(name: str) -> str:
    return name if len(name) <= 60 else name[:60] + "…"


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan) -> None:
    """Unpack one part in blocks (its check sum is tested at the end), counting its real size."""
    read = 0
    with archive.open(info) as stream:
        while True:
            block = stream.read(BLOCK)
            if not block:
                break
            read += len(block)
            if read > MAX_PART_BYTES:
                raise TooLarge(
                    f"Der Teil „{_shown(info.filename)}“ ist entpackt größer als "
                    f"{MAX_PART_BYTES // (1024 * 1024)} MB; das braucht keine Maßnahmentabelle."
                )
            if scan is not None:
                scan.feed(block)


class _XlsxScan:
    """The rows and cell references of an .xlsx sheet, read with regular expressions in blocks."""

    def __init__(self, name: str) -> None:
        self.where = f"Ein Tabellenblatt ({_shown(name.rsplit('/', 1)[-1])})"
        self.rest = b""
        self.max_row = 0
        self.max_column = 0
        self.rows_without_ref = 0  # rows and cells without r: their place follows the one before
        self.cells_without_ref = 0
        self.dimension_seen = False

    def feed(self, block: bytes) -> None:
        data = self.rest + block
        end = data.rfind(b">") + 1
        if end == 0:
            self.rest = data[-BLOCK:]  # a tag longer than a block is cut short, not kept growing
            return
        data, self.rest = data[:end], data[end:][-BLOCK:]
        if not self.dimension_seen:
            m = _DIMENSION.search(data)
            if m:
                self.dimension_seen = True
                self._dimension(m.group(1))
        if self._plain(data):
            return
        rows_attrs = _ROW.findall(data)
        for attrs in rows_attrs:  # a row per record: a few per block
            m = _R_ATTR.search(attrs)
            if m is None:
                self.rows_without_ref += 1
                continue
            value = m.group(1)
            if not value.isdigit() or not 0 < len(value) <= 7 or int(value) == 0:
                raise Malformed(
                    f"{self.where}: die Zeilennummer „{value[:20].decode(errors='replace')}“ ist "
                    "keine (beschädigte Datei)."
                )
            self.max_row = max(self.max_row, int(value))
        cells = _CELL.findall(data)
        if not cells:
            return
        joined = b"\x00".join(cells)
        refs = _GOOD_R_ATTR.findall(joined)
        given = _R_ATTR.findall(joined)
        if len(given) != len(refs):
            bad = next(r for r in given if _REF.fullmatch(r) is None)
            raise Malformed(
                f"{self.where}: „{bad[:20].decode(errors='replace')}“ ist kein Zellbezug wie "
                "A1 (beschädigte oder bearbeitete Datei)."
            )
        self.cells_without_ref += len(cells) - len(refs)
        if refs:
            letters = {ref[0] for ref in refs}
            self.max_column = max(self.max_column, max(column_number(x) for x in letters))
            self.max_row = max(self.max_row, max(int(x) for x in {ref[1] for ref in refs}))
        self._check()

    def _plain(self, data: bytes) -> bool:
        """The fast way for a block in which every cell starts <c r="A1": True when it was enough.
        A row's own number does not matter then: every cell says where it is."""
        if _PREFIXED_C.search(data):
            return False
        for m in _OTHER_C.finditer(data):
            follows = data[m.end() : m.end() + 1]
            if not follows.isalpha():  # <c>, <c/>, <c\t: a cell in another form
                return False
        refs = _PLAIN_REF.findall(data)
        if len(refs) != data.count(b"<c "):
            return False
        if refs:
            self.max_column = max(self.max_column, max(column_number(x) for x in {ref[0] for ref in refs}))
            self.max_row = max(self.max_row, max(int(x) for x in {ref[1] for ref in refs}))
        self._check()
        return True

    def _dimension(self, ref: bytes) -> None:
        corners = ref.split(b":")
        found = [_REF.fullmatch(c.replace(b"$", b"")) for c in corners]
        if len(corners) > 2 or not all(found):
            raise Malformed(
                f"{self.where}: der Bereich „{ref[:30].decode(errors='replace')}“ ist keiner wie A1:K20 "
                "(beschädigte oder bearbeitete Datei)."
            )
        matches = [m for m in found if m is not None]  # all of them (checked above)
        rows = max(int(m.group(2)) for m in matches)
        columns = max(column_number(m.group(1)) for m in matches)
        _check_extent(rows, columns, f"{self.where} (laut Angabe der Datei)")

    def _check(self) -> None:
        _check_extent(self.max_row + self.rows_without_ref, self.max_column + self.cells_without_ref, self.where)

    def close(self) -> None:
        self._check()


class _OdsScan:
    """The table rows and cells of an OpenDocument content.xml, with their repetitions: the farthest
    cell with content (an empty cell repeated to the end of the sheet is no content)."""

    TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

    def __init__(self, name: str) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.name = name
        self.table = ""
        self.row = 0  # rows before the current one in this table
        self.row_repeat = 1
        self.column = 0  # cells before the current one in this row
        self.cell_repeat = 1
        self.cell_content = False
        self.depth_in_cell = 0
        self.in_cell = False

    def feed(self, block: bytes) -> None:
        try:
            self.parser.Parse(block, False)
        except expat.ExpatError as exc:
            raise Malformed(f"„{self.name}“ ist kein lesbares XML ({_short(exc)}).") from None

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise Malformed(f"„{self.name}“ ist kein lesbares XML ({_short(exc)}).") from None

    def _doctype(self, *args) -> None:
        raise Malformed(f"„{self.name}“ enthält eine DTD; das schreibt keine Tabellenkalkulation.")

    def _repeat(self, attrs: dict, key: str) -> int:
        value = attrs.get(f"{self.TABLE} {key}", "1")
        if not value.isdigit() or len(value) > 9:
            raise Malformed(f"„{self.name}“: „{value[:20]}“ ist keine Anzahl (beschädigte Datei).")
        return max(int(value), 1)

    def _start(self, name: str, attrs: dict) -> None:
        if self.in_cell:
            self.depth_in_cell += 1
            self.cell_content = True  # a paragraph, an annotation …: the cell is not empty
            return
        if name == f"{self.TABLE} table":
            self.table = attrs.get(f"{self.TABLE} name", "")
            self.row = 0
        elif name == f"{self.TABLE} table-row":
            self.row_repeat = self._repeat(attrs, "number-rows-repeated")
            self.column = 0
        elif name in (f"{self.TABLE} table-cell", f"{self.TABLE} covered-table-cell"):
            self.cell_repeat = self._repeat(attrs, "number-columns-repeated")
            self.cell_content = f"{self.OFFICE} value-type" in attrs or f"{self.TABLE} formula" in attrs
            self.in_cell = True
            self.depth_in_cell = 0

    def _end(self, name: str) -> None:
        if self.in_cell:
            if self.depth_in_cell:
                self.depth_in_cell -= 1
                return
            self.in_cell = False
            self.column += self.cell_repeat
            if self.cell_content:
                where = f"Das Blatt „{_shown(self.table)}“"
                _check_extent(self.row + self.row_repeat, self.column, where)
            return
        if name == f"{self.TABLE} table-row":
            self.row += self.row_repeat
