"""Every chart and table of the Sachstandsbericht and the look back against direct SQL on the demo."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from datetime import date

import pytest

from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.reports.lookback import lookback
from massnahmen.reports.report import Filters, sachstandsbericht
from massnahmen.store.db import Store

TODAY = date(2026, 11, 21)
SINCE = date(2025, 11, 22)  # the default period: the year up to TODAY
CLOSED_IN = "(" + ",".join(f"'{s}'" for s in CLOSED_STATUSES) + ")"


def sql(path, query, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def demo_store(demo_db):
    with Store.open(demo_db) as store:
        yield store


@pytest.fixture
def report(demo_store):
    return sachstandsbericht(demo_store, TODAY)


def test_status_per_field_chart_and_table(demo_db, report):
    expected = defaultdict(Counter)
    for code, status, n in sql(demo_db, """SELECT f.code, m.status, count(*) FROM measures m
            JOIN fields f ON f.id = m.field_id WHERE m.archived = 0 GROUP BY f.code, m.status"""):
        expected[code][status] = n
    got = {code: {k: v for k, v in counts.items() if v} for code, _n, counts in report.charts.status_by_field}
    assert got == {code: dict(c) for code, c in expected.items()}
    for part in report.fields:  # the per-field tables hold the same measures
        assert Counter(m.status for m in part.lines) == expected[part.code]


def test_umgesetzt_and_verworfen_counted_apart(demo_db, report):
    k = report.key_figures()
    n = dict(sql(demo_db, "SELECT status, count(*) FROM measures WHERE archived = 0 GROUP BY status"))
    total = sum(n.values())
    assert k["umgesetzt"] == n.get("umgesetzt", 0) and k["verworfen"] == n.get("verworfen", 0)
    assert k["share_umgesetzt"] == round(100 * n["umgesetzt"] / total)
    assert k["open"] == total - n.get("umgesetzt", 0) - n.get("verworfen", 0)


def test_ampel_of_the_open_measures(demo_db, report):
    rows = dict(sql(demo_db, f"""SELECT coalesce(assessment, 'keine'), count(*) FROM measures
            WHERE archived = 0 AND status NOT IN {CLOSED_IN} GROUP BY 1"""))
    assert {k: v for k, v in report.charts.assessment_open.items() if v} == rows


def test_overdue_reviews_per_field(demo_db, report):
    rows = dict(sql(demo_db, f"""SELECT f.code, count(*) FROM measures m JOIN fields f ON f.id = m.field_id
            WHERE m.archived = 0 AND m.status NOT IN {CLOSED_IN} AND m.review_date < ? GROUP BY f.code""",
                    (TODAY.isoformat(),)))
    got = {code: overdue for code, _n, overdue, _open in report.charts.overdue_by_field if overdue}
    assert got == rows
    assert report.key_figures()["overdue_reviews"] == sum(rows.values())


def test_finished_per_year(demo_db, report):
    rows = sql(demo_db, f"""SELECT m.id, (SELECT max(substr(c.at, 1, 4)) FROM changes c WHERE c.measure_id = m.id
            AND c.field = 'status' AND c.new = 'umgesetzt' AND c.at < '2026-11-22'), m.end_date
            FROM measures m WHERE m.archived = 0 AND m.status = 'umgesetzt'""")
    expected = Counter(int(year or end[:4]) for _id, year, end in rows if year or (end and end <= "2026-11-21"))
    got = {y: f for y, _s, f in report.charts.per_year if f}
    assert got == dict(expected)
    started = Counter(int(s[:4]) for (s,) in sql(demo_db, """SELECT start_date FROM measures WHERE archived = 0
            AND start_date <= '2026-11-21' AND status != 'geplant'"""))
    assert {y: s for y, s, _f in report.charts.per_year if s} == dict(started)


def _period_sql(demo_db):
    window = (SINCE.isoformat(), "2026-11-22")
    live = "measure_id IN (SELECT id FROM measures WHERE archived = 0)"
    new = {r[0] for r in sql(demo_db, f"SELECT measure_id FROM changes WHERE field = 'created' AND at >= ? AND at < ? AND {live}", window)}
    finished = {r[0] for r in sql(demo_db, f"""SELECT measure_id FROM changes WHERE field = 'status' AND new = 'umgesetzt'
            AND coalesce(old, '') != 'umgesetzt' AND at >= ? AND at < ? AND {live}""", window)}
    dropped = {r[0] for r in sql(demo_db, f"""SELECT measure_id FROM changes WHERE field = 'status' AND new = 'verworfen'
            AND coalesce(old, '') != 'verworfen' AND at >= ? AND at < ? AND {live}""", window)}
    red = {r[0] for r in sql(demo_db, f"""SELECT measure_id FROM changes WHERE field = 'assessment' AND new = 'rot'
            AND coalesce(old, '') != 'rot' AND at >= ? AND at < ? AND {live}""", window)}
    reviews = sql(demo_db, f"SELECT count(*) FROM reviews WHERE date >= ? AND date <= ? AND {live}",
                  (SINCE.isoformat(), TODAY.isoformat()))[0][0]
    return new, finished, dropped, red, reviews


def test_changes_of_the_period(demo_db, report):
    new, finished, dropped, red, reviews = _period_sql(demo_db)
    c = report.period.counts()
    assert (c["new"], c["finished"], c["dropped"], c["red"], c["reviews"]) == (
        len(new), len(finished), len(dropped), len(red), reviews)
    assert c["new"] and c["finished"] and c["reviews"]
    # the fields' lists add up to the whole
    assert sum(len(p.period.events["finished"]) for p in report.fields) == len(finished)
    assert sum(p.period.reviews for p in report.fields) == reviews


def test_a_routine_sachstand_is_no_postponement(demo_db, report):
    # every re-dating in the demo comes with a Sachstand: none of them is "neu geplant"
    assert sql(demo_db, "SELECT count(*) FROM changes WHERE field = 'review_date' AND coalesce(context, '') != 'Sachstand'")[0][0] == 0
    assert all("Wiedervorlage" not in e.detail for e in report.period.events["replanned"])


def test_a_later_review_date_without_sachstand_is_a_postponement(small_db):
    from massnahmen.store.measures import update_measure as edit_measure

    codes = [r[0] for r in sql(small_db, "SELECT code FROM measures WHERE review_date IS NOT NULL ORDER BY code")]
    assert len(codes) >= 2
    with Store.open(small_db) as store:
        edit_measure(store, codes[0], {"review_date": "2027-06-30"})  # later, open: re-planned
        edit_measure(store, codes[1], {"status": "umgesetzt", "review_date": "2027-12-31"})  # closed: no
        report = sachstandsbericht(store, TODAY)
    events = report.period.events["replanned"]
    assert [e.code for e in events] == [codes[0]]
    assert events[0].detail.startswith("Wiedervorlage vom ") and events[0].detail.endswith("auf den 30.06.2027 verschoben")


def test_filters(demo_db, demo_store):
    only = sachstandsbericht(demo_store, TODAY, filters=Filters(fields=["1"], statuses=["in Umsetzung"],
                                                                assessments=["grün"]))
    expected = sql(demo_db, """SELECT m.code FROM measures m JOIN fields f ON f.id = m.field_id WHERE m.archived = 0
            AND f.code = '1' AND m.status = 'in_umsetzung' AND m.assessment = 'gruen'""")
    assert sorted(m.code for m in only.lines) == sorted(r[0] for r in expected)
    changed = sachstandsbericht(demo_store, TODAY, filters=Filters(changed_only=True))
    touched = {r[0] for r in sql(demo_db, """SELECT m.code FROM measures m WHERE m.archived = 0 AND (
            EXISTS (SELECT 1 FROM changes c WHERE c.measure_id = m.id AND c.at >= '2025-11-22' AND c.at < '2026-11-22'
                    AND c.field IN ('created', 'status', 'assessment', 'review_date', 'end'))
            OR EXISTS (SELECT 1 FROM reviews r WHERE r.measure_id = m.id AND r.date >= '2025-11-22' AND r.date <= '2026-11-21'))""")}
    assert {m.code for m in changed.lines} == touched


def test_json_lists_every_measure_and_the_figures(cli, demo_db):
    data = json.loads(cli(demo_db, "report", "--format", "json", "--today", "21.11.2026").output)
    assert len(data["measures"]) == sql(demo_db, "SELECT count(*) FROM measures WHERE archived = 0")[0][0]
    m = data["measures"][0]
    assert {"code", "title", "field", "status", "assessment", "review_date", "latest_review"} <= set(m)
    assert set(data["charts"]) == {"status_by_field", "ampel_open", "per_year", "overdue_by_field"}


# -- the look back --------------------------------------------------------------------------
def test_lookback_per_year_equals_sql(demo_db):
    conn = sqlite3.connect(demo_db)  # without archived measures every measure counts in every year
    with conn:
        conn.execute("UPDATE measures SET archived = 0")
        conn.execute("DELETE FROM changes WHERE field = 'archived'")
    conn.close()
    with Store.open(demo_db) as store:
        lb = lookback(store, TODAY, since=date(2021, 1, 1))
    live = "1"
    added = Counter(int(y) for (y,) in sql(demo_db, f"SELECT substr(at, 1, 4) FROM changes WHERE field = 'created' AND {live}"))
    finished = Counter(int(y) for (y,) in sql(demo_db, f"""SELECT substr(at, 1, 4) FROM changes WHERE field = 'status'
            AND new = 'umgesetzt' AND coalesce(old, '') != 'umgesetzt' AND {live}"""))
    reviews = Counter(int(y) for (y,) in sql(demo_db, f"SELECT substr(date, 1, 4) FROM reviews WHERE {live} AND date <= '2026-11-21'"))
    for y in lb.years:
        assert sum(y.added.values()) == added[y.year]
        assert sum(y.finished.values()) == finished[y.year]
        assert y.reviews == reviews[y.year]
    last = lb.years[-1]
    now = dict(sql(demo_db, "SELECT status, count(*) FROM measures WHERE archived = 0 GROUP BY status"))
    assert {k: v for k, v in last.status.items() if v} == now  # the last year's end is today
    assert lb.years[0].year >= 2024  # years before the first measure are left out


def test_lookback_silent_measures(demo_db, demo_store):
    lb = lookback(demo_store, TODAY)
    rows = sql(demo_db, f"""SELECT m.code FROM measures m WHERE m.archived = 0 AND m.status NOT IN {CLOSED_IN}
            AND coalesce((SELECT max(date) FROM reviews r WHERE r.measure_id = m.id AND r.date <= '2026-11-21'),
                         (SELECT min(substr(at, 1, 10)) FROM changes c WHERE c.measure_id = m.id AND c.field = 'created'))
                < '2025-11-21'""")
    assert sorted(s.code for s in lb.silent) == sorted(r[0] for r in rows)


@pytest.mark.parametrize("fmt", ["md", "html", "json", "pdf"])
def test_lookback_formats(cli, demo_db, tmp_path, fmt):
    target = tmp_path / f"rueckblick.{fmt}"
    result = cli(demo_db, "report", "--kind", "rueckblick", "--since", "2021-01-01", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    again = cli(demo_db, "report", "--kind", "rueckblick", "-o", target)  # its own file: replaced
    assert again.exit_code == 0, again.output
