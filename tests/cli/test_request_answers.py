"""Nothing a partner's file can forge: an answer to a Sachstandsabfrage writes only its recipient's
Sachstände, under the recipient's name as the database has it; a workbook of the request's shape
without a valid marker is refused; tampered marker values are refused in German; the same answer
imported twice at the same time gives its Sachstände once; a request is recorded completely or shown
as incomplete and can be deleted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_request import ROOT, ZAHRA, codes_in, create, fill, reviews
from tests.conftest import FIXED_TODAY, file_digest

JOBCENTER = "Jobcenter Landkreis Musterhausen"
ANSWER = {2: {"Neuer Sachstand": "Kurs läuft", "Stand am": date(2026, 11, 15)},
          3: {"Neuer Sachstand": "Abgeschlossen", "Stand am": date(2026, 11, 14)}}


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    return path


@pytest.fixture
def sent(cli, sample, tmp_path) -> Path:
    """The folder of a request to Zahra Ahmadi and the Jobcenter."""
    out = tmp_path / "a"
    result = create(cli, sample, out, "--contact", "Zahra Ahmadi", "--contact", JOBCENTER)
    assert result.exit_code == 0, result.output
    return out


def jobcenter_file(out: Path) -> Path:
    return next(p for p in out.glob("*.xlsx") if "Jobcenter" in p.name)


def tamper(source: Path, target: Path, cells: dict[str, object] | None = None, *, rows: dict | None = None,
           drop_marker: bool = False, marker_rows: list[list] | None = None) -> Path:
    """A copy of a workbook with cells of the hidden sheet changed (A2 = …), answer rows filled in,
    the hidden sheet dropped or marker rows appended."""
    book = openpyxl.load_workbook(source)
    if drop_marker:
        del book["massnahmen"]
    else:
        marker = book["massnahmen"]
        for ref, value in (cells or {}).items():
            marker[ref] = value
        for values in marker_rows or []:
            marker.append(values)
    sheet = book["Abfrage"]
    header = [c.value for c in sheet[1]]
    for row, values in (rows or {}).items():
        for title, value in values.items():
            sheet.cell(row=row, column=header.index(title) + 1, value=value)
    book.save(target)
    return target


def marker_rows_of(path: Path) -> list[list]:
    rows = list(openpyxl.load_workbook(path)["massnahmen"].iter_rows(min_row=9, values_only=True))
    return [list(r[:4]) for r in rows if r[0]]


def authors(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT DISTINCT author FROM reviews")}
    finally:
        conn.close()


# -- bound to its recipient ------------------------------------------------------------------
def test_the_author_comes_from_the_database_not_from_a_cell(cli, sample, sent, tmp_path):
    answer = tamper(sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx", tmp_path / "antwort.xlsx", {"B5": "Landrat"},
                    rows=ANSWER)
    result = cli(sample, "import", answer)
    assert result.exit_code == 0, result.output
    codes = codes_in(sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx")
    assert reviews(sample, codes[0])[-1][:3] == ("2026-11-15", "Zahra Ahmadi", "Kurs läuft")
    assert "Landrat" not in authors(sample)


@pytest.mark.parametrize("attack", ["other-contact", "other-rows", "token", "stranger", "request"])
def test_a_forged_answer_is_refused_and_nothing_written(cli, sample, sent, tmp_path, attack):
    zahra = sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx"
    other = jobcenter_file(sent)
    other_contact = openpyxl.load_workbook(other)["massnahmen"]["B4"].value
    target = tmp_path / "antwort.xlsx"
    if attack == "other-contact":  # Zahra's file claims to be the Jobcenter's
        tamper(zahra, target, {"B4": other_contact}, rows=ANSWER)
        says = "Der Prüfwert von „antwort.xlsx“ passt nicht zur Sachstandsabfrage Nr. 1 an Jobcenter"
    elif attack == "other-rows":  # the Jobcenter's marker rows copied into Zahra's file
        tamper(zahra, target, rows=ANSWER, marker_rows=marker_rows_of(other))
        says = "nicht an Zahra Ahmadi ging; nichts übernommen"
    elif attack == "token":
        tamper(zahra, target, {"B3": "0" * 32}, rows=ANSWER)
        says = "Der Prüfwert von „antwort.xlsx“ passt nicht zur Sachstandsabfrage Nr. 1 an Zahra Ahmadi"
    elif attack == "stranger":  # a contact who got no file
        tamper(zahra, target, {"B4": "1"}, rows=ANSWER)
        says = "der die Sachstandsabfrage Nr. 1 nicht bekommen hat"
    else:
        tamper(zahra, target, {"B2": "7"}, rows=ANSWER)
        says = "Die Sachstandsabfrage Nr. 7 gibt es in dieser Datenbank nicht"
    before = file_digest(sample)
    for args in (["--dry-run"], []):
        result = cli(sample, "import", target, *args)
        assert result.exit_code == 1, result.output
        assert says in result.stderr, result.stderr
    assert file_digest(sample) == before
    assert not [p for p in tmp_path.glob("*sicherung*") if "schema" not in p.name]


def test_each_recipient_has_an_own_token(cli, sample, sent):
    tokens = {openpyxl.load_workbook(p)["massnahmen"]["B3"].value for p in sent.glob("*.xlsx")}
    assert len(tokens) == 2 and all(len(t) == 32 for t in tokens)


# -- the shape of a request without its marker ---------------------------------------------
@pytest.mark.parametrize("how", ["no-marker-sheet", "marker-a1-changed"])
def test_a_request_shaped_workbook_without_marker_is_refused(cli, sample, sent, tmp_path, how):
    zahra = sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx"
    target = tmp_path / "antwort.xlsx"
    if how == "no-marker-sheet":
        tamper(zahra, target, rows=ANSWER, drop_marker=True)
    else:
        tamper(zahra, target, {"A1": "etwas anderes"}, rows=ANSWER)
    before = file_digest(sample)
    for args in (["--dry-run"], [], ["--on-error", "skip"]):
        result = cli(sample, "import", target, *args)
        assert result.exit_code == 1, result.output
        assert "hat die Form einer Sachstandsabfrage" in result.stderr
        assert "geändert" not in result.stdout
    assert file_digest(sample) == before


# -- tampered marker values ------------------------------------------------------------------
TAMPERED = ["eins", "x", "99999999999999999999999", "²", "１", "-1", "1.5", "1e3", " ", "0x10", "٣"]


@pytest.mark.parametrize("value", TAMPERED)
@pytest.mark.parametrize("cell", ["B2", "B4", "B9", "C9", "D9"])
def test_tampered_marker_values_are_refused_in_german(cli, sample, sent, tmp_path, cell, value):
    answer = tamper(sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx", tmp_path / "antwort.xlsx", {cell: value},
                    rows=ANSWER)
    before = file_digest(sample)
    result = cli(sample, "import", answer)
    assert result.exit_code == 1, result.output
    assert "Kennzeichnung" in result.stderr or "gibt es in dieser Datenbank nicht" in result.stderr, result.stderr
    assert file_digest(sample) == before


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_marker_values_and_sheet_shapes(cli, sample, sent, tmp_path, data):
    """Any value in any marker cell, any of a few sheet shapes: a German answer, exit 0 or 1, and with
    exit 1 nothing written; never a traceback."""
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
    values = st.one_of(st.sampled_from(TAMPERED), text, st.integers(min_value=-10 ** 25,
                                                                                    max_value=10 ** 25),
                       st.floats(allow_nan=True), st.none())
    cells = data.draw(st.dictionaries(st.sampled_from(["A1", "B2", "B3", "B4", "B5", "A9", "B9", "C9", "D9",
                                                       "A10", "B10", "E9"]), values, max_size=3))
    shape = data.draw(st.sampled_from(["as-sent", "no-rows", "extra-marker-row", "no-abfrage", "header-cleared"]))
    source = sent / "Sachstandsabfrage-1-Zahra Ahmadi.xlsx"
    book = openpyxl.load_workbook(source)
    marker = book["massnahmen"]
    for ref, value in cells.items():
        marker[ref] = value
    sheet = book["Abfrage"]
    if shape == "extra-marker-row":
        marker.append([data.draw(text), data.draw(values), data.draw(values)])
    elif shape == "no-abfrage":
        sheet.title = "Umbenannt"
        for c in sheet[1]:
            c.value = None
    elif shape == "header-cleared":
        sheet["G1"] = None
    if shape != "no-rows":
        sheet["G2"] = "Läuft"
    target = tmp_path / "fuzz.xlsx"
    book.save(target)
    before = file_digest(sample)
    result = cli(sample, "import", target, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert file_digest(sample) == before
    if result.stdout.strip():
        json.loads(result.stdout)


# -- the same answer twice at the same time ----------------------------------------------------
def test_two_plans_of_the_same_answer_write_it_once(cli, sample, sent, tmp_path):
    """Both imports planned before either wrote (the race of two processes, made certain): the check
    inside the write transaction lets only the first write."""
    from massnahmen.importing.answers import apply_answer, plan_answer, read_answer
    from massnahmen.store.db import Store

    answer_file = fill(sent / ZAHRA, tmp_path / "antwort.xlsx", ANSWER)
    first_store, second_store = Store.open(sample), Store.open(sample)
    try:
        first = plan_answer(first_store, read_answer(answer_file, today=date(2026, 11, 21)), accept=[], skip=[])
        second = plan_answer(second_store, read_answer(answer_file, today=date(2026, 11, 21)), accept=[], skip=[])
        assert len(first.new) == len(second.new) == 2
        apply_answer(first_store, first)
        apply_answer(second_store, second)
    finally:
        first_store.close()
        second_store.close()
    assert first.written and not second.written
    assert len(second.duplicate) == 2 and not second.new
    codes = codes_in(sent / ZAHRA)
    assert [r[2] for r in reviews(sample, codes[0]) if r[1] == "Zahra Ahmadi"] == ["Kurs läuft"]
    assert [r[2] for r in reviews(sample, codes[1]) if r[1] == "Zahra Ahmadi"] == ["Abgeschlossen"]


def _env(**extra) -> dict:
    env = {**os.environ, "MASSNAHMEN_TODAY": FIXED_TODAY, "MASSNAHMEN_USER": "tester", **extra}
    env.pop("MASSNAHMEN_DB", None)
    return env


def test_two_processes_importing_the_same_answer_write_it_once(cli, sample, sent, tmp_path):
    answer_file = fill(sent / ZAHRA, tmp_path / "antwort.xlsx", ANSWER)
    codes = codes_in(sent / ZAHRA)
    base = tmp_path / "vorher.db"
    shutil.copy(sample, base)
    for attempt in range(4):
        db = tmp_path / f"runde{attempt}.db"
        shutil.copy(base, db)
        procs = [subprocess.Popen([sys.executable, "-m", "massnahmen", "--db", str(db), "import", str(answer_file)],
                                  env=_env(MASSNAHMEN_BUSY_TIMEOUT="20"), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (_out, err) in zip(procs, outputs):
            assert proc.returncode == 0 and "Traceback" not in err, err
        assert [r[2] for r in reviews(db, codes[0]) if r[1] == "Zahra Ahmadi"] == ["Kurs läuft"], attempt
        assert [r[2] for r in reviews(db, codes[1]) if r[1] == "Zahra Ahmadi"] == ["Abgeschlossen"], attempt


# -- complete or not at all, request delete ----------------------------------------------------
def test_a_refused_request_create_leaves_the_database_byte_identical(cli, sample, tmp_path):
    out = tmp_path / "a"
    out.mkdir()
    (out / ZAHRA).write_text("fremd", encoding="utf-8")
    assert cli(sample, "request", "status").exit_code == 0  # sample.db is brought to the current schema first
    before = file_digest(sample)
    result = create(cli, sample, out, "--contact", "Zahra Ahmadi")
    assert result.exit_code == 1, result.output
    assert "gibt es schon" in result.stderr
    assert file_digest(sample) == before
    assert sorted(p.name for p in out.iterdir()) == [ZAHRA]


KILL_ON_SECOND_FILE = r"""
import os, signal, sys
from massnahmen.exporting import request_workbook
written = []
original = request_workbook.write_request_workbook
def write(stream, **kw):
    written.append(1)
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(stream, **kw)
request_workbook.write_request_workbook = write
sys.argv = ["massnahmen"] + sys.argv[1:]
from massnahmen.cli import main
main()
"""


def test_a_request_create_killed_midway_is_incomplete_and_can_be_deleted(cli, sample, tmp_path):
    out = tmp_path / "a"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", KILL_ON_SECOND_FILE, "--db", str(sample), "request", "create",
                           "-o", str(out)], env=_env(MASSNAHMEN_BUSY_TIMEOUT="5"), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == -signal.SIGKILL
    first = [p for p in out.glob("*.xlsx")]
    assert len(first) == 1
    conn = sqlite3.connect(sample)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT id, complete FROM requests").fetchall() == [(1, 0)]
    conn.close()
    status = cli(sample, "request", "status")
    assert "unvollständig angelegt" in status.stderr and "request delete 1" in status.stderr
    answer = fill(first[0], tmp_path / "antwort.xlsx", {2: {"Neuer Sachstand": "Läuft"}})
    before = file_digest(sample)
    refused = cli(sample, "import", answer)
    assert refused.exit_code == 1 and "nicht vollständig angelegt" in refused.stderr
    assert file_digest(sample) == before
    kept = cli(sample, "request", "delete", "1", input="n\n")
    assert kept.exit_code == 1 and "Nichts gelöscht" in kept.stderr
    assert file_digest(sample) == before
    deleted = cli(sample, "request", "delete", "1", "--yes")
    assert deleted.exit_code == 0 and "gelöscht" in deleted.stdout
    conn = sqlite3.connect(sample)
    assert conn.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM request_items").fetchone()[0] == 0
    conn.close()
    assert cli(sample, "request", "delete", "1", "--yes").exit_code == 1


def test_request_create_killed_at_any_moment_leaves_a_consistent_file(sample, tmp_path):
    """kill -9 as soon as the first workbook appears (a poll, no fixed wait): afterwards no request, a
    complete one with all its files, or one recorded as incomplete – never one that looks sent."""
    for attempt in range(3):
        db = tmp_path / f"k{attempt}.db"
        shutil.copy(sample, db)
        out = tmp_path / f"k{attempt}"
        out.mkdir()
        proc = subprocess.Popen([sys.executable, "-m", "massnahmen", "--db", str(db), "request", "create", "-o",
                                 str(out)], env=_env(MASSNAHMEN_BUSY_TIMEOUT="5"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None and not any(out.iterdir()):
            time.sleep(0.001)
        proc.kill()
        proc.wait(timeout=60)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT id, complete FROM requests").fetchall()
        files = conn.execute("SELECT DISTINCT file_name FROM request_items").fetchall()
        conn.close()
        assert len(rows) <= 1
        if rows and rows[0][1]:
            assert all((out / f[0]).is_file() for f in files)
            assert (out / f"Sachstandsabfrage-{rows[0][0]}-Verteiler.csv").is_file()


def test_a_file_of_a_deleted_request_does_not_fit_a_new_one_with_its_number(cli, sample, tmp_path):
    old_out, new_out = tmp_path / "alt", tmp_path / "neu"
    assert create(cli, sample, old_out, "--contact", "Zahra Ahmadi").exit_code == 0
    assert cli(sample, "request", "delete", "1", "--yes").exit_code == 0
    assert create(cli, sample, new_out, "--contact", "Zahra Ahmadi").exit_code == 0
    assert (new_out / ZAHRA).is_file()  # the number 1 again
    answer = fill(old_out / ZAHRA, tmp_path / "antwort.xlsx", ANSWER)
    before = file_digest(sample)
    result = cli(sample, "import", answer)
    assert result.exit_code == 1, result.output
    assert "Der Prüfwert von „antwort.xlsx“ passt nicht zur Sachstandsabfrage Nr. 1 an Zahra Ahmadi" in result.stderr
    assert file_digest(sample) == before
    assert cli(sample, "import", fill(new_out / ZAHRA, tmp_path / "neu.xlsx", ANSWER)).exit_code == 0
