"""Values at the edges and input that could grow with the square of its size: the German message,
the exit code (2 wrong call, 1 refused data), no traceback, and the database unchanged where
nothing was to be written. How long the huge inputs take is measured in benchmarks/huge_values."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import file_digest

HEADER = "Nr;Maßnahme;Handlungsfeld;Status;Wiedervorlage"
RANGE = "liegt außerhalb des erlaubten Bereichs (01.01.1900 bis 31.12.2199)"
HINT = "für unbefristet das Feld leer lassen"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the domain decides the ranges once -----------------------------------------------------------
def test_dates_outside_1900_to_2199_are_refused_with_the_range_and_a_hint():
    from massnahmen.domain.dates import parse_date
    from massnahmen.domain.errors import InvalidValue

    assert parse_date("01.01.1900") == date(1900, 1, 1)
    assert parse_date("31.12.2199") == date(2199, 12, 31)
    for raw, period in [("31.12.9999", None), ("2200-01-01", None), ("9999", "end"), ("Q4/9999", "end"),
                        ("12/9999", "end")]:
        with pytest.raises(InvalidValue) as exc:
            parse_date(raw, label="Wiedervorlage", period=period)
        assert exc.value.message == f"Wiedervorlage: „{raw}“ {RANGE}; {HINT}"
    for raw, period in [("31.12.1899", None), ("0000", "start"), ("01/0000", "start"), ("Q1/0000", "start")]:
        with pytest.raises(InvalidValue) as exc:
            parse_date(raw, label="Beginn", period=period)
        assert exc.value.message == f"Beginn: „{raw}“ {RANGE}"
    with pytest.raises(InvalidValue):
        parse_date(date(9999, 12, 31), label="Wiedervorlage")


def test_day_counts_and_versions_have_their_ranges():
    from massnahmen.domain.bounds import MAX_DAYS, MAX_VERSION, check_days, check_version
    from massnahmen.domain.errors import InvalidValue

    assert check_days(0, "--within") == 0 and check_days(MAX_DAYS, "--within") == MAX_DAYS
    assert check_version(1) == 1 and check_version(MAX_VERSION) == 2**63 - 1
    for bad in (-1, MAX_DAYS + 1, 99999999999):
        with pytest.raises(InvalidValue, match="0 bis 36 500 Tage"):
            check_days(bad, "--within")
    for bad in (0, 2**63, -5):
        with pytest.raises(InvalidValue, match="1 bis 9223372036854775807"):
            check_version(bad, "--expect-version")


def test_bounded_lists_name_the_first_few_and_count_the_rest():
    from massnahmen.domain.bounds import some_of

    assert some_of([1, 2, 3]) == "1, 2, 3"
    assert some_of(list(range(2, 10_002))) == "2, 3, 4, 5, 6 und 9 995 weitere"


def test_one_line_cuts_a_huge_cell():
    """How long it takes: benchmarks/huge_values."""
    from massnahmen.domain.text import MAX_CELL, one_line

    cut = one_line("Lang " * 2_000_000)
    assert len(cut) == MAX_CELL and cut.endswith("…")
    assert one_line("kurz") == "kurz"


# -- 31.12.9999 as a Wiedervorlage ---------------------------------------------------------------
def test_far_future_review_date_is_refused_by_edit_add_and_review(cli, small_db):
    before = file_digest(small_db)
    r = cli(small_db, "edit", "1.1.1", "--review-date", "31.12.9999")
    assert r.exit_code == 1
    assert f"Wiedervorlage: „31.12.9999“ {RANGE}; {HINT}" in r.stderr
    r = cli(small_db, "add", "--code", "9.9", "--title", "Neu", "--field", "1", "--end", "9999")
    assert r.exit_code == 1 and f"Ende: „9999“ {RANGE}; {HINT}" in r.stderr
    r = cli(small_db, "review", "1.1.1", "--note", "x", "--next", "31.12.9999")
    assert r.exit_code == 1 and f"Nächste Wiedervorlage: „31.12.9999“ {RANGE}" in r.stderr
    assert file_digest(small_db) == before


def test_far_future_review_date_in_a_file_is_refused_with_line_and_column(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "a.csv", f"{HEADER}\n1.1.1;Sprachcafé;1;geplant;31.12.9999\n"
                                     f"7.1;Neu;1;geplant;01.01.0000\n")
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 1
    assert f"Zeile 2, Spalte „Wiedervorlage“: „31.12.9999“ {RANGE}; {HINT}" in r.stderr
    assert "Zeile 3, Spalte „Wiedervorlage“: „01.01.0000“ ist kein gültiges Datum" in r.stderr or \
        f"Zeile 3, Spalte „Wiedervorlage“: „01.01.0000“ {RANGE}" in r.stderr
    assert file_digest(small_db) == before


def test_ics_export_skips_a_stored_date_no_calendar_can_hold(cli, small_db, tmp_path):
    """Another SQLite tool wrote 9999-12-31 and some text: the calendar is written without them,
    and no temporary file is left behind."""
    conn = sqlite3.connect(small_db)
    conn.execute("UPDATE measures SET review_date = '9999-12-31' WHERE code = '1.1.1'")
    conn.execute("UPDATE measures SET review_date = 'kaputt' WHERE code = '5.1'")
    conn.execute("UPDATE measures SET status = 'geplant' WHERE code = '5.1'")
    conn.commit()
    conn.close()
    target = tmp_path / "out" / "wv.ics"
    target.parent.mkdir()
    r = cli(small_db, "export", "--format", "ics", "-o", str(target))
    assert r.exit_code == 0, r.output
    assert "2 Wiedervorlagen ohne gültiges Datum (01.01.1900 bis 31.12.2199) nicht im Kalender: 1.1.1, 5.1" \
        in r.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == ["wv.ics"]
    from icalendar import Calendar

    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]).split(":")[0] for e in events] == ["Wiedervorlage 1.1.2"]


# -- dates and numbers given as options: a wrong call, exit 2 ------------------------------------
@pytest.mark.parametrize("args,message", [
    (["status", "--today", "31.12.9999"], f"--today: „31.12.9999“ {RANGE}"),
    (["due", "--today", "31.12.9999"], f"--today: „31.12.9999“ {RANGE}"),
    (["report", "--today", "31.12.9999"], f"--today: „31.12.9999“ {RANGE}"),
    (["changes", "--since", "01.01.2026", "--today", "31.12.9999"], f"--today: „31.12.9999“ {RANGE}"),
    (["changes", "--since", "01.01.0001"], f"--since: „01.01.0001“ {RANGE}"),
    (["report", "--since", "31.12.1899"], f"--since: „31.12.1899“ {RANGE}"),
    (["review", "1.1.1", "--note", "x", "--date", "31.12.9999"], f"--date: „31.12.9999“ {RANGE}"),
    (["due", "--within", "99999999999"], "--within: „99999999999“ liegt außerhalb des erlaubten Bereichs "
                                         "(0 bis 36 500 Tage)"),
    (["list", "--due-within", "99999999999"], "--due-within: „99999999999“ liegt außerhalb"),
    (["export", "--due-within", "-1"], "--due-within: „-1“ liegt außerhalb"),
    (["edit", "1.1.1", "--title", "x", "--expect-version", "9223372036854775808"],
     "--expect-version: „9223372036854775808“ liegt außerhalb des erlaubten Bereichs (1 bis 9223372036854775807)"),
    (["edit", "1.1.1", "--title", "x", "--expect-version", "0"], "--expect-version: „0“ liegt außerhalb"),
    (["import", "x.csv", "--encoding", "rot13"], "--encoding „rot13“ ist keine Textkodierung; erlaubt sind "
                                                 "Textkodierungen wie utf-8"),
    (["import", "x.csv", "--encoding", "base64"], "--encoding „base64“ ist keine Textkodierung"),
    (["import", "x.csv", "--encoding", "gibtsnicht"], "--encoding „gibtsnicht“ ist unbekannt"),
])
def test_option_out_of_range_is_a_usage_error(cli, small_db, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "x.csv", f"{HEADER}\n1.1.1;Sprachcafé;1;geplant;\n")
    before = file_digest(small_db)
    r = cli(small_db, *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert HINT not in r.stderr  # the hint is for fields, not for options
    assert file_digest(small_db) == before


def test_fast_status_path_refuses_the_far_future_too(small_db, capsys):
    from massnahmen.cli import main
    import sys

    argv = sys.argv
    sys.argv = ["massnahmen", "--db", str(small_db), "status", "--today", "31.12.9999"]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = argv
    assert exc.value.code == 2
    assert f"--today: „31.12.9999“ {RANGE}" in capsys.readouterr().err


def test_the_edges_of_the_ranges_are_accepted(cli, small_db):
    assert cli(small_db, "due", "--within", "36500", "--today", "31.12.2199").exit_code == 0
    assert cli(small_db, "status", "--today", "01.01.1900").exit_code == 0
    r = cli(small_db, "edit", "1.1.2", "--review-date", "31.12.2199")
    assert r.exit_code == 0, r.output
    r = cli(small_db, "export", "--format", "ics")
    assert r.exit_code == 0 and "DTEND;VALUE=DATE:22000101" in r.stdout


# -- JSON at the edges ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,messages", [
    ("[" * 1000 + "]" * 1000, ["ist zu tief verschachtelt (höchstens 10 Ebenen"]),
    ('[{"code": "9.1", "title": "x", "field": "1", "notes": ' + "[" * 5000 + "]" * 5000 + "}]",
     ["ist zu tief verschachtelt"]),
    ('[{"code": ' + "9" * 5000 + ', "title": "x", "field": "1"}]',
     ["Eintrag 1, Feld „code“: erwartet Text, nicht die Zahl 99999999999999999999…(5000 Zeichen)"]),
    ('[{"code": NaN, "title": "x", "field": "1"}, {"code": "9.2", "title": Infinity, "field": "1"},'
     ' {"code": "9.3", "title": true, "field": "1"}, {"code": 1.10, "title": "y", "field": -Infinity},'
     ' {"code": "9.5", "title": "z", "field": "1", "contact": {"name": false}}]',
     ["Eintrag 1, Feld „code“: erwartet Text, nicht NaN", "Eintrag 2, Feld „title“: erwartet Text, nicht Infinity",
      "Eintrag 3, Feld „title“: erwartet Text, nicht true", "Eintrag 4, Feld „code“: erwartet Text, nicht die Zahl 1.10",
      "Eintrag 4, Feld „field“: erwartet Text, nicht -Infinity",
      "Eintrag 5, Feld „contact.name“: erwartet Text, nicht false"]),
])
def test_json_at_the_edges_is_refused_with_entry_and_field(cli, small_db, tmp_path, text, messages):
    path = write(tmp_path / "m.json", text)
    before = file_digest(small_db)
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 1, r.output
    for message in messages:
        assert message in r.stderr
    assert file_digest(small_db) == before


def test_json_whole_numbers_are_read_as_text(cli, small_db, tmp_path):
    path = write(tmp_path / "m.json", '[{"code": 77, "title": "Zahl als Nr.", "field": 1}]')
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 0, r.output
    assert cli(small_db, "show", "77").exit_code == 0


def test_rejects_of_json_literals_are_written(cli, small_db, tmp_path):
    path = write(tmp_path / "m.json", '[{"code": "9.1", "title": NaN, "field": "1"}, '
                                      '{"code": "9.2", "title": "gut", "field": "1"}]')
    rejects = tmp_path / "fehler.json"
    r = cli(small_db, "import", str(path), "--on-error", "skip", "--rejects", str(rejects))
    assert r.exit_code == 0, r.output
    data = json.loads(rejects.read_text(encoding="utf-8"))
    assert data[0]["title"] == "NaN" and "erwartet Text, nicht NaN" in data[0]["fehler"]


# -- input that grows with the square of its size ------------------------------------------------
def test_the_same_nr_on_thousands_of_rows_gives_bounded_messages(cli, small_db, tmp_path):
    rows = "".join("7.7.7;Titel;1;geplant;01.01.2027\n" for _ in range(3000))
    path = write(tmp_path / "dup.csv", f"{HEADER}\n{rows}")
    before = file_digest(small_db)
    r = cli(small_db, "import", str(path), "--dry-run", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert len(data["problems"]) == 3000
    assert data["problems"][0]["text"] == "Zeile 2, Spalte „Nr“: „7.7.7“ kommt mehrfach vor (Zeilen 2, 3, 4, 5, 6 " \
                                          "und 2 995 weitere)"
    assert len(r.stdout) < 3000 * 400  # proportional to the file, not to its square
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 1 and len(r.output) < 30_000
    assert "… und 2940 weitere Fehler" in r.stderr
    assert file_digest(small_db) == before


def test_megabytes_of_blank_lines_after_the_header_are_not_kept(tmp_path):
    from massnahmen.importing.reading import read_csv_text

    text = f"{HEADER}\n1.1;Titel;1;;\n" + "\n" * 2_000_000 + "1.2;Titel;1;;\n" + ";;;;\n" * 100_000
    _d, _h, _header, rows = read_csv_text(text, None, lambda cells: cells[:1] == ["Nr"])
    assert rows == [(2, ["1.1", "Titel", "1", "", ""]), (2_000_003, ["1.2", "Titel", "1", "", ""])]


def test_thousands_of_new_fields_goals_and_contacts_are_created(cli, empty_db, tmp_path):
    """That the time grows linearly with the rows: benchmarks/huge_values."""
    n = 2000
    path = write(tmp_path / "neu.csv", "Nr;Maßnahme;Handlungsfeld;Ziel;Zuständig\n" + "".join(
        f"N{i}.1;Titel {i};Neues Feld {i};Ziel {i};Person {i}, Org {i}\n" for i in range(n)))
    r = cli(empty_db, "import", str(path), "--dry-run", "--format", "json")
    assert r.exit_code == 0, r.output
    counts = json.loads(r.stdout)["counts"]
    assert (counts["created_fields"], counts["created_goals"], counts["created_contacts"]) == (n, n, n)
    r = cli(empty_db, "import", str(path))
    assert r.exit_code == 0, r.output
    conn = sqlite3.connect(empty_db)
    assert conn.execute("SELECT count(*) FROM fields").fetchone()[0] == 2002
    assert conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 2001
    conn.close()


def test_a_ten_megabyte_cell_does_not_widen_the_table(cli, small_db):
    conn = sqlite3.connect(small_db)
    conn.execute("UPDATE measures SET title = ? WHERE code = '1.1.1'", ("Lang " * 2_000_000,))
    conn.commit()
    conn.close()
    r = cli(small_db, "list")
    assert r.exit_code == 0
    assert len(r.stdout) < 5_000 and "Lang Lang…" in r.stdout
    r = cli(small_db, "history", "1.1.1")
    assert r.exit_code == 0 and len(r.stdout) < 5_000


def test_a_ten_megabyte_cell_is_cut_in_the_rich_table_too(small_db, monkeypatch, capsys):
    from massnahmen.cli import output
    from massnahmen.cli.measures import print_measure_table
    from massnahmen.store.db import Store
    from massnahmen.store.measures import query_measures

    conn = sqlite3.connect(small_db)
    conn.execute("UPDATE measures SET title = ? WHERE code = '1.1.1'", ("Lang " * 2_000_000,))
    conn.commit()
    conn.close()
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "160")
    with Store.open(small_db) as store:
        rows = query_measures(store)
    print_measure_table(rows)  # how long it takes: benchmarks/huge_values
    out = capsys.readouterr().out
    assert len(out) < 20_000 and "…" in out


def test_a_very_wide_header_gives_one_bounded_warning(cli, small_db, tmp_path):
    header = "Nr;Maßnahme;Handlungsfeld;" + ";".join(f"Extra {i}" for i in range(5000))
    path = write(tmp_path / "wide.csv", header + "\n1.1.1;Sprachcafé an der Volkshochschule;1\n")
    r = cli(small_db, "import", str(path), "--dry-run")
    assert r.exit_code == 0
    assert "5000 Spalten werden nicht importiert (unbekannt): „Extra 0“, „Extra 1“" in r.stderr
    assert len(r.output) < 5_000


def test_names_longer_than_their_limit_are_refused_before_anything_is_written(cli, small_db):
    before = file_digest(small_db)
    r = cli(small_db, "contacts", "add", "A" * 400)
    assert r.exit_code == 1 and "Name: ist zu lang (400 Zeichen, höchstens 300)" in r.stderr
    r = cli(small_db, "fields", "add", "9", "B" * 201)
    assert r.exit_code == 1 and "Handlungsfeld: ist zu lang (201 Zeichen, höchstens 200)" in r.stderr
    r = cli(small_db, "fields", "add-goal", "1", "C" * 501)
    assert r.exit_code == 1 and "Ziel: ist zu lang (501 Zeichen, höchstens 500)" in r.stderr
    r = cli(small_db, "review", "1.1.1", "--note", "D" * 100_001)
    assert r.exit_code == 1 and "Sachstand: ist zu lang (100001 Zeichen, höchstens 100000)" in r.stderr
    assert file_digest(small_db) == before


def test_a_period_reaching_9999_names_the_range(cli, small_db, tmp_path):
    path = write(tmp_path / "z.csv", "Nr;Maßnahme;Handlungsfeld;Zeitraum\n7.1;Neu;1;2026–9999\n")
    before = file_digest(small_db)
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 1
    assert f"Zeile 2, Spalte „Zeitraum“: „9999“ {RANGE}; {HINT}" in r.stderr
    assert file_digest(small_db) == before
