"""A spreadsheet of a few KB must not kill the process: what the file claims (sizes of its parts,
the sheet's dimension, cell references, repeated rows and cells of an .ods) is checked before the
reader allocates anything (massnahmen/importing/sheet_limits.py). Each hostile file is built here
by hand and imported in a child process with a memory limit, so that a reader that allocates for
empty space fails the test instead of the test run."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, file_digest

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 2 * 1024 ** 3

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                 'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/'
                 'sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                 'sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
                 'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Nr.</t></is></c><c r="B1" t="inlineStr"><is><t>Titel'
              '</t></is></c><c r="C1" t="inlineStr"><is><t>Handlungsfeld</t></is></c></row>'
              '<row r="2"><c r="A2" t="inlineStr"><is><t>1.1.9</t></is></c><c r="B2" t="inlineStr"><is><t>Neu'
              '</t></is></c><c r="C2" t="inlineStr"><is><t>1</t></is></c></row>')


def cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(path: Path, rows: str = "", *, dimension: str = "A1:C2", strings: str = "") -> Path:
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{HEADER_ROW}{rows}</sheetData>'
             '</worksheet>')
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
              f'2006/main" count="1" uniqueCount="1"><si><t>{strings or "a"}</t></si></sst>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def claim_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the unpacked size the zip's headers give for member (the data stays as it is)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[start + name_at:start + name_at + length]) == name:
                struct.pack_into("<I", data, start + size_at, size)
            start += 4
    path.write_bytes(bytes(data))
    return path


ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def ods(path: Path, rows: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
               'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="Tabelle1"><table:table-row>'
               '<table:table-cell office:value-type="string"><text:p>Nr.</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>Titel</text:p></table:table-cell>'
               f'</table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(db: Path, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "MASSNAHMEN_TODAY": FIXED_TODAY, "MASSNAHMEN_USER": "tester",
           "MASSNAHMEN_BUSY_TIMEOUT": "0.3"}
    env.pop("MASSNAHMEN_DB", None)
    return subprocess.run([sys.executable, "-m", "massnahmen", "--db", str(db), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          preexec_fn=_limit_memory if os.name == "posix" else None)


def hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, what the refusal says)."""
    far = "<row r=\"1048576\">" + cell("XFD1048576") + "</row>"
    wide = "<row r=\"3\">" + cell("A3", "1.1.8") + cell("HZ3") + "</row>"
    rows_only = "<row r=\"1000001\">" + cell("A1000001") + "</row>"
    return {
        "far-cell": (xlsx(tmp_path / "weit.xlsx", far), "bis Zeile 1.048.576"),
        "dimension": (xlsx(tmp_path / "bereich.xlsx", dimension="A1:XFD1048576"), "laut Angabe der Datei"),
        "wide": (xlsx(tmp_path / "breit.xlsx", wide), "höchstens 200 Spalten"),
        "rows": (xlsx(tmp_path / "lang.xlsx", rows_only), "höchstens 1.000.000 Zeilen"),
        "no-column": (xlsx(tmp_path / "ohne_spalte.xlsx", "<row r=\"3\">" + cell("2") + "</row>"),
                      "„2“ ist kein Zellbezug"),
        "no-row": (xlsx(tmp_path / "ohne_zeile.xlsx", "<row r=\"3\">" + cell("B") + "</row>"),
                   "„B“ ist kein Zellbezug"),
        "lowercase": (xlsx(tmp_path / "klein.xlsx", "<row r=\"3\">" + cell("a3") + "</row>"),
                      "„a3“ ist kein Zellbezug"),
        "bad-dimension": (xlsx(tmp_path / "bereich2.xlsx", dimension="1:2"), "der Bereich „1:2“"),
        "huge-string": (claim_size(xlsx(tmp_path / "text.xlsx"), "xl/sharedStrings.xml", 2 ** 30),
                        "entpackt 1024 MB"),
        "longer-than-claimed": (claim_size(xlsx(tmp_path / "mehr.xlsx", strings="a" * 200_000),
                                           "xl/sharedStrings.xml", 300), "beschädigt"),
        "ods-repeated": (ods(tmp_path / "wiederholt.ods",
                             '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
                             'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
                             '</table:table-cell></table:table-row>'), "bis Zeile 1.048.576"),
        "ods-wide": (ods(tmp_path / "breit.ods",
                         '<table:table-row><table:table-cell table:number-columns-repeated="300" '
                         'office:value-type="float" office:value="1"/></table:table-row>'), "höchstens 200 Spalten"),
    }


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_hostile_spreadsheets_are_refused_before_reading(small_db, tmp_path, dry_run):
    files = hostile(tmp_path)
    before = file_digest(small_db)
    for name, (path, says) in files.items():
        result = run(small_db, "import", *(["--dry-run"] if dry_run else []), path)
        assert "Traceback" not in result.stderr and "panicked" not in result.stderr, (name, result.stderr)
        assert result.returncode == 1, (name, result.returncode, result.stderr)
        assert says in result.stderr, (name, result.stderr)
        assert "wird nicht gelesen" in result.stderr or "lässt sich nicht" in result.stderr, (name, result.stderr)
    assert file_digest(small_db) == before
    assert not [p for p in tmp_path.iterdir() if "sicherung" in p.name]


def test_empty_repeated_cells_of_an_ods_are_no_content(small_db, tmp_path):
    """LibreOffice writes the empty rest of a sheet as one repeated row of repeated empty cells."""
    path = ods(tmp_path / "leer.ods",
               '<table:table-row><table:table-cell office:value-type="string"><text:p>1.1.9</text:p>'
               '</table:table-cell><table:table-cell office:value-type="string"><text:p>Neu</text:p>'
               '</table:table-cell><table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
               'table:number-columns-repeated="16384"/></table:table-row>')
    result = run(small_db, "import", "--dry-run", path)
    assert "wird nicht gelesen" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_ordinary_workbook_is_read(small_db, tmp_path):
    result = run(small_db, "import", "--dry-run", xlsx(tmp_path / "gut.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "1.1.9" in result.stdout + result.stderr


def test_an_answer_with_a_far_cell_is_refused(tmp_path):
    """The answer import reads the same way: a request workbook with one cell at XFD1048576."""
    db = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", db)
    out = tmp_path / "a"
    out.mkdir()
    created = run(db, "--user", "Amt", "request", "create", "--contact", "Zahra Ahmadi", "-o", out)
    assert created.returncode == 0, created.stderr
    sent = next(out.glob("*Zahra*.xlsx"))
    answer = tmp_path / "antwort.xlsx"
    with zipfile.ZipFile(sent) as source, zipfile.ZipFile(answer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x'
                                                     b'</t></is></c></row></sheetData>')
            target.writestr(info, data)
    before = file_digest(db)
    for args in (["import", answer], ["import", "--dry-run", answer]):
        result = run(db, *args)
        assert "Traceback" not in result.stderr and "panicked" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stderr
        assert "bis Zeile 1.048.576" in result.stderr
    assert file_digest(db) == before


HOSTILE_REFS = ["XFD1048576", "2", "A0", "a1", "$A$1", "AAAA1", "A99999999", "", " A1", "A1 ", "GS1", "A1000001",
                "ZZ9", "A-1", "Ａ1", "A١"]


def test_fuzz_cell_references_and_sheet_shapes(cli, small_db, tmp_path):
    """Cells at drawn places (ordinary ones near A1, hostile ones from the list, or any text), with
    or without r, rows with odd numbers, a drawn dimension: the import answers in German (exit 0 or 1)
    and never allocates for empty space. Hostile places are refused before the reader runs (else this
    test's process would die, which fails it as well)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    small = st.builds(lambda c, r: f"{chr(65 + c)}{r}", st.integers(0, 25), st.integers(1, 60))
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"<>&'), max_size=12)
    ref = st.one_of(small, st.sampled_from(HOSTILE_REFS), text)
    cells = st.lists(st.tuples(st.one_of(ref, st.none()), st.sampled_from(["", "1.1.9", "Neu", "x" * 40])),
                     max_size=8)
    rows = st.lists(st.tuples(st.one_of(st.integers(1, 60), st.sampled_from(["1048576", "0", "x", ""]),
                                        st.none()), cells), max_size=4)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rows=rows, dimension=st.one_of(st.just("A1:C2"), ref.map(lambda r: f"A1:{r}")))
    def run_one(rows, dimension):
        xml = ""
        for number, row_cells in rows:
            attrs = f' r="{number}"' if number is not None else ""
            body = "".join(f'<c{f" r={chr(34)}{r}{chr(34)}" if r is not None else ""} t="inlineStr"><is><t>{v}</t>'
                           f"</is></c>" for r, v in row_cells)
            xml += f"<row{attrs}>{body}</row>"
        path = xlsx(tmp_path / "fuzz.xlsx", xml, dimension=dimension)
        before = file_digest(small_db)
        result = cli(small_db, "import", "--dry-run", path)
        assert result.exit_code in (0, 1), result.output
        assert file_digest(small_db) == before

    run_one()
