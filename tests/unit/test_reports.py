"""The report computations (massnahmen.reports) checked against direct SQL on the fixed-date demo."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from massnahmen.domain.vocab import CLOSED_STATUSES, OPEN_STATUSES, STATUS
from massnahmen.reports.changes import changes_since
from massnahmen.reports.due import due_list
from massnahmen.reports.report import sachstandsbericht
from massnahmen.reports.status import COVERING_COLUMNS, COVERING_INDEX, _aggregate_sql, status_overview
from massnahmen.store.db import Store

TODAY = date(2026, 11, 21)
OPEN_IN = "(" + ",".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def sql(path, query, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def scalar(path, query, params=()):
    return sql(path, query, params)[0][0]


@pytest.fixture
def demo_store(demo_db):
    with Store.open(demo_db) as store:
        yield store


# -- status ---------------------------------------------------------------------------------
def test_status_counts_per_field_and_status_equal_sql(demo_db, demo_store):
    overview = status_overview(demo_store, TODAY)
    expected = {(code, status): n for code, status, n in sql(demo_db, """
        SELECT f.code, m.status, count(*) FROM measures m JOIN fields f ON f.id = m.field_id
        WHERE m.archived = 0 GROUP BY f.code, m.status""")}
    got = {(f.code, s): n for f in overview.fields for s, n in f.counts.items() if n}
    assert got == expected
    assert overview.total == scalar(demo_db, "SELECT count(*) FROM measures WHERE archived = 0")
    assert overview.archived == scalar(demo_db, "SELECT count(*) FROM measures WHERE archived = 1")
    assert overview.archived > 0  # the demo archives a few, and they are not counted
    assert overview.closed == scalar(
        demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {tuple(CLOSED_STATUSES)}")
    assert [f.code for f in overview.fields] == [r[0] for r in sql(demo_db, "SELECT code FROM fields ORDER BY position, code")]
    for f in overview.fields:
        assert set(f.counts) == set(STATUS.keys)
        assert f.share_closed == round(100 * f.closed / f.total) if f.total else f.share_closed == 0


def test_status_ampel_reviews_and_gaps_equal_sql(demo_db, demo_store):
    overview = status_overview(demo_store, TODAY)
    base = f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN}"
    for key in ("gruen", "gelb", "rot"):
        assert overview.assessment[key] == scalar(demo_db, base + " AND assessment = ?", (key,))
    assert overview.assessment["keine"] == scalar(demo_db, base + " AND assessment IS NULL")
    assert overview.overdue == scalar(demo_db, base + " AND review_date < ?", ("2026-11-21",))
    assert overview.due == scalar(demo_db, base + " AND review_date BETWEEN ? AND ?", ("2026-11-21", "2026-12-21"))
    assert overview.open_without_contact == scalar(demo_db, base + " AND contact_id IS NULL")
    assert overview.open_without_review_date == scalar(demo_db, base + " AND review_date IS NULL")
    assert overview.overdue > 0 and overview.due > 0
    urgent = sql(demo_db, f"""SELECT code, review_date FROM measures WHERE archived = 0 AND status IN {OPEN_IN}
                             AND review_date IS NOT NULL ORDER BY review_date, code_sort LIMIT 3""")
    assert [(u.code, u.review_date) for u in overview.urgent] == urgent
    assert overview.urgent[0].days == (date.fromisoformat(urgent[0][1]) - TODAY).days < 0


def test_status_uses_the_given_day(demo_db, demo_store):
    later = TODAY + timedelta(days=90)
    overview = status_overview(demo_store, later)
    assert overview.today == later
    assert overview.overdue == scalar(
        demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN} AND review_date < ?",
        (later.isoformat(),))
    assert overview.overdue > status_overview(demo_store, TODAY).overdue


def test_status_same_numbers_with_and_without_the_covering_index(demo_db):
    with Store.open(demo_db) as store:
        assert f"INDEXED BY {COVERING_INDEX}" in _aggregate_sql(store.conn)  # schema 3 has it
        with_index = status_overview(store, TODAY).to_dict()
        store.conn.execute(f"DROP INDEX {COVERING_INDEX}")
        assert "NOT INDEXED" in _aggregate_sql(store.conn)
        without = status_overview(store, TODAY).to_dict()
    assert with_index == without
    assert COVERING_COLUMNS


def test_status_of_an_empty_concept(empty_db):
    with Store.open(empty_db) as store:
        overview = status_overview(store, TODAY)
    assert overview.empty and overview.total == 0
    assert overview.to_dict()["status"] == {key: 0 for key in STATUS.keys}


def test_status_json_shape(demo_store):
    data = status_overview(demo_store, TODAY).to_dict()
    assert data["today"] == "2026-11-21"
    assert data["concept"]["name"]
    assert sum(data["status"].values()) == data["total"] == sum(f["total"] for f in data["fields"])
    assert data["open"] + data["closed"] == data["total"]
    assert set(data["reviews"]) == {"overdue", "due", "most_urgent"}


# -- due ------------------------------------------------------------------------------------
def test_due_list_holds_exactly_the_open_measures_up_to_the_limit(demo_db, demo_store):
    result = due_list(demo_store, TODAY, within=30)
    expected = {r[0] for r in sql(demo_db, f"""SELECT code FROM measures WHERE archived = 0
        AND status IN {OPEN_IN} AND review_date <= ?""", ("2026-12-21",))}
    listed = [m.code for g in result.groups for m in g.measures]
    assert sorted(listed) == sorted(expected)
    assert result.overdue == scalar(demo_db, f"""SELECT count(*) FROM measures WHERE archived = 0
        AND status IN {OPEN_IN} AND review_date < ?""", ("2026-11-21",))


def test_due_list_grouped_by_contact_overdue_first(demo_db, demo_store):
    result = due_list(demo_store, TODAY, within=30)
    contacts = dict((r[0], r[1:]) for r in sql(demo_db, "SELECT id, name, organisation, email, phone FROM contacts"))
    seen = set()
    for group in result.groups:
        assert group.contact_id not in seen
        seen.add(group.contact_id)
        if group.contact_id is not None:
            assert (group.name, group.organisation, group.email, group.phone) == contacts[group.contact_id]
        dates = [m.review_date for m in group.measures]
        assert dates == sorted(dates)
        owner = {r[0] for r in sql(demo_db, "SELECT contact_id FROM measures WHERE code IN (%s)"
                                   % ",".join("?" * len(group.measures)), [m.code for m in group.measures])}
        assert owner == {group.contact_id}
    with_contact = [g for g in result.groups if g.contact_id is not None]
    firsts = [g.measures[0].review_date for g in with_contact]
    assert firsts == sorted(firsts)  # whoever has the oldest overdue review comes first
    assert with_contact[0].overdue > 0
    assert None in seen  # the demo has due measures without a contact: they come last
    assert result.groups[-1].contact_id is None


def test_due_within_zero_lists_only_overdue_and_today(demo_store):
    result = due_list(demo_store, TODAY, within=0)
    assert result.overdue > 0  # else the checks below hold for an empty list
    assert all(m.days <= 0 for g in result.groups for m in g.measures)
    assert result.total == result.overdue + sum(1 for g in result.groups for m in g.measures if m.days == 0)


def test_due_list_refuses_negative_days(demo_store):
    with pytest.raises(ValueError):
        due_list(demo_store, TODAY, within=-1)


# -- changes --------------------------------------------------------------------------------
def test_changes_since_equal_the_history_tables(demo_db, demo_store):
    since = date(2026, 1, 1)
    result = changes_since(demo_store, since, TODAY)
    window = ("2026-01-01", "2026-11-22")
    assert len(result.new) == scalar(demo_db, "SELECT count(*) FROM changes WHERE field = 'created' AND at >= ? AND at < ?", window)
    assert len(result.redated) == scalar(demo_db, f"""SELECT count(*) FROM changes c WHERE field = 'review_date'
        AND at >= ? AND at < ? AND old IS NOT NULL AND new > old AND coalesce(context, '') != 'Sachstand'
        AND NOT EXISTS (SELECT 1 FROM changes s WHERE s.measure_id = c.measure_id AND s.at = c.at
                        AND s.field = 'status' AND s.new IN {tuple(CLOSED_STATUSES)})""", window)
    closed = scalar(demo_db, f"""SELECT count(*) FROM changes WHERE field = 'status' AND at >= ? AND at < ?
        AND new IN {tuple(CLOSED_STATUSES)} AND (old IS NULL OR old NOT IN {tuple(CLOSED_STATUSES)})""", window)
    moves = scalar(demo_db, "SELECT count(*) FROM changes WHERE field = 'status' AND at >= ? AND at < ?", window)
    assert len(result.closed) == closed
    assert len(result.status_moves) == moves - closed
    assert len(result.reviews) == scalar(demo_db, "SELECT count(*) FROM reviews WHERE date >= ? AND date < ?", window)
    assert len(result.reviews) > 0 and len(result.closed) > 0
    assert all(e.new in CLOSED_STATUSES for e in result.closed)
    ats = [e.at for e in result.redated]
    assert ats == sorted(ats)


def test_changes_follow_a_new_measure_and_a_review(small_db):
    from massnahmen.store.measures import add_measure, add_review

    with Store.open(small_db) as store:
        add_measure(store, {"code": "5.9", "title": "Neue Maßnahme", "field": "5"})
        add_review(store, "1.1.1", "Kurs läuft gut.", status="umgesetzt", on=TODAY)
        result = changes_since(store, TODAY, TODAY)
        before = changes_since(store, date(2026, 1, 1), TODAY - timedelta(days=1))
    assert "5.9" in [e.code for e in result.new]
    assert [(e.code, e.old, e.new) for e in result.closed] == [("1.1.1", "in_umsetzung", "umgesetzt")]
    assert [(e.code, e.note) for e in result.reviews] == [("1.1.1", "Kurs läuft gut.")]
    assert before.empty


# -- Sachstandsbericht ----------------------------------------------------------------------
def test_report_covers_every_active_measure_once_with_its_latest_sachstand(demo_db, demo_store):
    report = sachstandsbericht(demo_store, TODAY, since=date(2026, 1, 1))
    codes = [m.code for m in report.lines]
    assert sorted(codes) == sorted(r[0] for r in sql(demo_db, "SELECT code FROM measures WHERE archived = 0"))
    latest = {code: (d, note) for code, d, note in sql(demo_db, """
        SELECT m.code, r.date, r.note FROM reviews r JOIN measures m ON m.id = r.measure_id
        WHERE r.id = (SELECT r2.id FROM reviews r2 WHERE r2.measure_id = r.measure_id
                      ORDER BY r2.date DESC, r2.id DESC LIMIT 1) AND m.archived = 0""")}
    for m in report.lines:
        if m.code in latest:
            assert (m.latest.date, m.latest.note) == latest[m.code]
        else:
            assert m.latest is None
        assert m.person is None and m.email is None and m.phone is None  # published: no persons
    assert not hasattr(report, "author")  # never the login name
    assert report.total == len(codes)
    field_order = [f.code for f in report.fields]
    assert field_order == [r[0] for r in sql(demo_db, """SELECT code FROM fields WHERE id IN
        (SELECT field_id FROM measures WHERE archived = 0) ORDER BY position, code""")]


def test_report_default_since_is_one_year(demo_store):
    report = sachstandsbericht(demo_store, TODAY)  # the year up to the Stichtag: from the day after
    assert report.period.since == date(2025, 11, 22)
    data = report.to_dict()
    assert data["title"]["since"] == "2025-11-22" and data["title"]["stichtag"] == "2026-11-21"
    assert data["changes"]["since"] == "2025-11-22"


def test_report_lists_measures_without_goal_under_their_field(small_db):
    with Store.open(small_db) as store:
        report = sachstandsbericht(store, TODAY)
    first = report.fields[0]
    assert [m.goal_name for m in first.lines][0] is None  # first, directly under the field
    assert "1.1.2" in [m.code for m in first.lines]
    assert all(m.goal_name != "ohne Ziel" for m in first.lines)
