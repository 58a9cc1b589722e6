"""`--as-of`: the values of a day against a forward replay of the Verlauf, for every demo measure."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store.as_of import states_at
from massnahmen.store.db import Store

DAYS = [date(2024, 12, 31), date(2025, 3, 15), date(2025, 12, 31), date(2026, 6, 30), date(2026, 11, 20)]
ATTRS = {"status": "status", "assessment": "assessment", "review_date": "review_date", "title": "title",
         "field": "field_name"}


def replay(path, day: date) -> dict[str, dict]:
    """{code: values} at the end of the day: per attribute the new value of its last change up to
    the day, else the old value of its first change after it, else today's value."""
    conn = sqlite3.connect(path)
    try:
        now = {mid: dict(zip(("code", "status", "assessment", "review_date", "title", "field_name", "archived"), rest))
               for mid, *rest in conn.execute("""SELECT m.id, m.code, m.status, m.assessment, m.review_date, m.title,
                   f.name, m.archived FROM measures m JOIN fields f ON f.id = m.field_id""")}
        history = defaultdict(list)
        for mid, at, fld, old, new in conn.execute("SELECT measure_id, at, field, old, new FROM changes ORDER BY at, id"):
            history[mid].append((at, fld, old, new))
    finally:
        conn.close()
    end = (day + timedelta(days=1)).isoformat()
    out = {}
    for mid, values in now.items():
        rows = history[mid]
        created = [at for at, fld, _o, _n in rows if fld == "created"]
        if not created or created[0] >= end:
            continue
        state = dict(values)
        for attr, key in (*ATTRS.items(), ("archived", "archived")):
            before = [new for at, fld, _o, new in rows if fld == attr and at < end]
            after = [old for at, fld, old, _n in rows if fld == attr and at >= end]
            if before:
                state[key] = before[-1]
            elif after:
                state[key] = after[0]
        archived = state["archived"] in (1, "ja")
        if not archived:
            out[state["code"]] = state
    return out


def test_reconstruction_equals_the_replay_for_every_measure(demo_db):
    conn = sqlite3.connect(demo_db)
    fields = dict(conn.execute("SELECT id, name FROM fields"))
    try:
        by_day = states_at(conn, DAYS)
    finally:
        conn.close()
    for day in DAYS:
        expected = replay(demo_db, day)
        got = {s.code: {"status": s.status, "assessment": s.assessment, "review_date": s.review_date,
                        "title": s.title, "field_name": fields[s.field_id]} for s in by_day[day]}
        assert set(got) == set(expected), day
        for code, values in got.items():
            assert values == {k: expected[code][k] for k in values}, (day, code)
    assert len(by_day[DAYS[0]]) < len(by_day[DAYS[-1]])  # measures entered later are not there yet


def test_report_as_of_json_lists_the_measures_of_that_day(cli, demo_db):
    day = date(2025, 12, 31)
    expected = replay(demo_db, day)
    conn = sqlite3.connect(demo_db)
    latest = {}
    for code, d, note in conn.execute("""SELECT m.code, r.date, r.note FROM reviews r JOIN measures m ON m.id = r.measure_id
            WHERE r.date <= ? ORDER BY r.date, r.id""", (day.isoformat(),)):
        latest[code] = {"date": d, "note": note}
    field_codes = dict(conn.execute("SELECT name, code FROM fields"))
    conn.close()
    data = json.loads(cli(demo_db, "report", "--as-of", "31.12.2025", "--format", "json").output)
    assert data["title"]["stichtag"] == "2025-12-31" and data["title"]["as_of"] is True
    got = {m["code"]: m for m in data["measures"]}
    assert set(got) == set(expected)
    for code, m in got.items():
        e = expected[code]
        assert (m["title"], m["field"], m["status"], m["assessment"], m["review_date"]) == (
            e["title"], field_codes[e["field_name"]], e["status"], e["assessment"], e["review_date"])
        assert m["latest_review"] == latest.get(code)
    status = Counter(e["status"] for e in expected.values())
    assert {k: v for k, v in data["summary"]["status"].items() if v} == dict(status)


def test_status_as_of(cli, demo_db):
    day = date(2026, 6, 30)
    expected = replay(demo_db, day)
    data = json.loads(cli(demo_db, "status", "--as-of", "30.06.2026", "--format", "json").output)
    assert data["total"] == len(expected) and data["today"] == "2026-06-30"
    assert {k: v for k, v in data["status"].items() if v} == dict(Counter(e["status"] for e in expected.values()))
    overdue = sum(1 for e in expected.values() if e["status"] not in CLOSED_STATUSES
                  and e["review_date"] and e["review_date"] < "2026-06-30")
    assert data["reviews"]["overdue"] == overdue


def test_status_as_of_today_equals_status(cli, demo_db):
    plain = json.loads(cli(demo_db, "status", "--format", "json").output)
    as_of = json.loads(cli(demo_db, "status", "--format", "json", "--as-of", "21.11.2026").output)
    assert plain == as_of


def test_list_as_of(cli, demo_db):
    expected = replay(demo_db, date(2025, 3, 15))
    rows = json.loads(cli(demo_db, "list", "--as-of", "15.03.2025", "--format", "json").output)
    assert {r["code"]: r["status"] for r in rows} == {c: e["status"] for c, e in expected.items()}
    planned = json.loads(cli(demo_db, "list", "--as-of", "15.03.2025", "--status", "geplant", "--format", "json").output)
    assert {r["code"] for r in planned} == {c for c, e in expected.items() if e["status"] == "geplant"}


def test_bad_as_of_is_a_usage_error(cli, demo_db):
    result = cli(demo_db, "report", "--as-of", "gestern")
    assert result.exit_code == 2 and "--as-of" in result.output


@pytest.mark.parametrize("day", ["31.12.2024", "30.06.2026"])
def test_report_as_of_renders(cli, demo_db, tmp_path, day):
    target = tmp_path / "stand.html"
    result = cli(demo_db, "report", "--as-of", day, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"so, wie die Angaben am {day} waren" in target.read_text(encoding="utf-8")
