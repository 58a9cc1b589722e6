"""Property-based fuzzing of the CSV and JSON import: a few hundred mutations of a valid export
(bytes, lines, delimiters, quotes, encodings, huge and deeply nested values).

Invariants for every mutated file: no traceback; exit code 0, 1 or 2; with exit ≠ 0 the database
file is unchanged (sha256); with exit 0 `PRAGMA integrity_check` is ok; what was printed stays
bounded. Derandomized, so that every run feeds the same files."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 200

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example],
)


class Exports(dict):
    """The bytes of the database and of its exports (shown short when an example fails)."""

    def __repr__(self) -> str:
        return "Exports(" + ", ".join(f"{k}: {len(v)} bytes" for k, v in self.items()) + ")"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Exports:
    """A small concept and its own exports (CSV with BOM as Excel gets it, JSON for scripts)."""
    from typer.testing import CliRunner

    from massnahmen.cli.app import app
    from massnahmen.store import catalog
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "basis.db"
    with Store.create(db, "tester", name="Integrationskonzept Fuzzkreis") as store:
        catalog.add_field(store, "1", "Bildung und Sprache")
        catalog.add_field(store, "5", "Arbeit und Ausbildung")
        catalog.add_goal(store, "1", "Sprachkursangebote ausbauen", "1.1")
        catalog.add_contact(store, name="Jörg Weiß", organisation="Volkshochschule",
                            email="joerg.weiss@vhs.example.org", phone="03731 799-1234")
        add_measure(store, {"code": "1.1.1", "title": "Sprachcafé an der Volkshochschule", "field": "1",
                            "goal": "1.1", "contact": "Jörg Weiß", "status": "in Umsetzung",
                            "review_date": "01.11.2026", "partners": "Caritas; Diakonie",
                            "notes": 'Zeile eins\nZeile "zwei"', "start": "03/2026", "end": "2027"})
        add_measure(store, {"code": "1.1.2", "title": "Elternkurse in der Hauptstraße", "field": "1",
                            "review_date": "10.12.2026", "assessment": "gelb"})
        add_measure(store, {"code": "5.1", "title": "=Jobmesse für Geflüchtete", "field": "5",
                            "status": "umgesetzt", "priority": "hoch"})
    runner = CliRunner()
    out = Exports(db=db.read_bytes())
    for fmt in ("csv", "json"):
        target = folder / f"export.{fmt}"
        result = runner.invoke(app, ["--db", str(db), "export", "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        # the same bytes on every run (the time of day would shift every mutation's position)
        out[fmt] = re.sub(rb'"updated_at": "[^"]*"', b'"updated_at": "2026-11-21T10:00:00"', target.read_bytes())
    return out


# -- mutations ------------------------------------------------------------------------------------
def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def mutate(data: bytes, op: str, a: int, b: int) -> bytes:
    size = len(data) or 1
    at = a % (size + 1)
    if op == "flip":
        if not data:
            return bytes([b])
        return data[:at % size] + bytes([b]) + data[at % size + 1:]
    if op == "insert":
        return data[:at] + bytes([b, (b * 7) % 256, (b * 13) % 256]) + data[at:]
    if op == "delete":
        return data[:at] + data[at + 1 + b % 40:]
    if op == "truncate":
        return data[:at]
    if op == "dup_line":
        lines = _lines(data)
        i = a % len(lines)
        return b"".join(lines[:i + 1] + [lines[i]] * (1 + b * 4) + lines[i + 1:])
    if op == "drop_line":
        lines = _lines(data)
        i = a % len(lines)
        return b"".join(lines[:i] + lines[i + 1:])
    if op == "swap_lines":
        lines = _lines(data)
        i, j = a % len(lines), b % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    if op == "delimiter":
        old, new = [(b";", b","), (b";", b"\t"), (b",", b";"), (b";", b"|"), (b";", b"")][b % 5]
        return data.replace(old, new)
    if op == "quote":
        return data[:at] + b'"' * (1 + b % 3) + data[at:]
    if op == "encoding":
        text = data.decode("utf-8", "replace")
        codec = ["cp1252", "utf-16", "latin-1", "utf-16-le", "utf-8-sig", "ascii"][b % 6]
        return text.encode(codec, "replace")
    if op == "huge":
        value = [b"x" * 120_000, b"\xc3\xa4" * 30_000, b"9" * 5000, b"31.12.9999", b"0000",
                 b"\x00\x01\x1b[31m", b"'=1+1", b"\r" * 500][b % 8]
        return data[:at] + value + data[at:]
    if op == "blank":
        return data[:at] + b"\n" * (5_000 * (1 + b % 5)) + data[at:]
    if op == "deep":
        depth = [20, 500, 1200, 5000][b % 4]
        return data[:at] + b"[" * depth + b"]" * depth + data[at:]
    if op == "literal":
        value = [b"NaN", b"Infinity", b"-Infinity", b"true", b"false", b"null", b"1e999", b"1.10",
                 b"{}", b"[]", b'"\\ud800"'][b % 11]
        return data[:at] + value + data[at:]
    if op == "wide":
        return data[:at] + b";" * (500 * (1 + b % 10)) + data[at:]
    raise AssertionError(op)


OPS = ["flip", "insert", "delete", "truncate", "dup_line", "drop_line", "swap_lines", "delimiter", "quote",
       "encoding", "huge", "blank", "deep", "literal", "wide"]
OPTIONS = [
    (), ("--dry-run",), ("--format", "json"), ("--on-error", "skip"), ("--dry-run", "--format", "json"),
    ("--on-error", "skip", "--format", "json"), ("--encoding", "cp1252"), ("--delimiter", ","),
    ("--encoding", "utf-16"), ("--map", "Notizen=-"),
]
mutations = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 1 << 20), st.integers(0, 255)),
                     min_size=1, max_size=4)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@FUZZ
@given(kind=st.sampled_from(["csv", "json"]), ops=mutations, options=st.sampled_from(OPTIONS))
def test_mutated_exports_never_crash_and_never_half_write(cli, exports, tmp_path, kind, ops, options):
    data = exports[kind]
    for op, a, b in ops:
        data = mutate(data, op, a, b)
    folder = tmp_path / "run"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    db = folder / "konzept.db"
    db.write_bytes(exports["db"])
    source = folder / f"datei.{kind}"
    source.write_bytes(data)
    before = _sha(db)
    args = ["import", str(source), *options]
    if "skip" in options:
        args += ["--rejects", str(folder / f"fehler.{kind}")]
    result = cli(db, *args)  # a crash or a printed traceback fails here (no_crash)
    assert result.exit_code in (0, 1, 2), result.output[-2000:]
    printed = len(result.stdout) + len(result.stderr)
    if "json" in options:
        # every problem and change listed: proportional to the file (a few bounded messages per
        # record), never to its square (each message listing every other line)
        records = data.count(b"\n") + data.count(b"\r") + 1
        assert printed < 50_000 + 1_500 * records + 3 * len(data), (printed, records, len(data))
    else:
        assert printed < 60_000, printed  # a summary: bounded, however large the file
    if result.exit_code != 0:
        assert _sha(db) == before, result.output[-2000:]
    else:
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
