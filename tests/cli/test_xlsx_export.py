"""massnahmen export --format xlsx: the workbook's form, text stays text, and the round trip."""

import json
import zipfile
from datetime import datetime

import openpyxl

from massnahmen.domain.csv_contract import HEADER
from tests.conftest import file_digest


def test_workbook_form(cli, small_db, tmp_path):
    target = tmp_path / "massnahmen.xlsx"
    assert cli(small_db, "edit", "1.1.2", "--title", "=HYPERLINK(\"http://x\")").exit_code == 0
    result = cli(small_db, "export", "-o", str(target))  # the extension picks the format
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    sheet = book["Maßnahmen"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    title = HEADER.index("Maßnahme")
    assert rows["1.1.2"][title] == '=HYPERLINK("http://x")'  # a string, not a formula
    assert sheet.cell(row=3, column=title + 1).data_type == "s"
    review = HEADER.index("Wiedervorlage")
    assert rows["1.1.1"][review] == datetime(2026, 11, 1)
    assert sheet.cell(row=2, column=review + 1).number_format == "dd.mm.yyyy"
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    status_col = openpyxl.utils.get_column_letter(HEADER.index("Status") + 1)
    assert "in Umsetzung" in validations[f"{status_col}2"]
    assert any("grün" in f for f in validations.values())
    assert 6 <= sheet.column_dimensions["B"].width <= 61


def test_round_trip_through_the_import(cli, demo_db, tmp_path):
    target = tmp_path / "alle.xlsx"
    assert cli(demo_db, "export", "--format", "xlsx", "-o", str(target)).exit_code == 0
    summary = json.loads(cli(demo_db, "import", str(target), "--dry-run", "--format", "json").stdout)
    assert summary["counts"]["failed"] == 0 and summary["new"] == [] and summary["changed"] == []
    assert summary["counts"]["unchanged"] > 50


def test_extension_and_format_must_agree(cli, small_db, tmp_path):
    result = cli(small_db, "export", "--format", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "passt nicht zu --format csv" in result.stderr
    result = cli(small_db, "export", "--format", "xlsx", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 2
    for ext, start in (("csv", b"\xef\xbb\xbfNr;"), ("json", b"["), ("ics", b"BEGIN:VCALENDAR"), ("xlsx", b"PK")):
        target = tmp_path / f"a.{ext}"
        assert cli(small_db, "export", "-o", str(target)).exit_code == 0
        assert target.read_bytes().startswith(start), ext


def test_an_earlier_export_is_replaced_a_foreign_workbook_not(cli, small_db, tmp_path):
    target = tmp_path / "m.xlsx"
    assert cli(small_db, "export", "-o", str(target)).exit_code == 0
    assert cli(small_db, "export", "-o", str(target)).exit_code == 0  # ours: replaced
    with zipfile.ZipFile(target) as archive:
        assert b"massnahmen" in archive.read("docProps/custom.xml")
    foreign = tmp_path / "fremd.xlsx"
    openpyxl.Workbook().save(foreign)
    before = foreign.read_bytes()
    result = cli(small_db, "export", "-o", str(foreign))
    assert result.exit_code == 1 and "kein früherer Excel-Export" in result.stderr
    assert foreign.read_bytes() == before
    assert cli(small_db, "export", "-o", str(foreign), "--force").exit_code == 0


def test_the_database_is_never_a_target(cli, small_db):
    before = file_digest(small_db)
    result = cli(small_db, "export", "--format", "xlsx", "-o", str(small_db), "--force")
    assert result.exit_code == 1 and "nie überschrieben" in result.stderr
    assert file_digest(small_db) == before
