"""The generated demo concept: deterministic, complete, consistent, and readable by the store."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from massnahmen.demo import build_demo
from massnahmen.domain.errors import AlreadyExists
from massnahmen.domain.text import fold
from massnahmen.domain.vocab import CLOSED_STATUSES, STATUS
from massnahmen.store.db import Store
from massnahmen.store.measures import (
    SEARCHED, MeasureFilter, code_sort_key, count_measures, get_measure, measure_history, query_measures,
    search_text,
)

TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    counts = build_demo(path, today=TODAY)
    return path, counts


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.db"
    counts = build_demo(path, measures=2000, today=TODAY, seed=7)
    return path, counts


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_counts_match_the_tables(demo):
    path, counts = demo
    assert counts["measures"] == 120
    assert counts["fields"] == 9
    assert 2 * 9 <= counts["goals"] <= 4 * 9
    assert 35 <= counts["contacts"] <= 50
    for table in ("fields", "goals", "contacts", "measures", "reviews", "changes"):
        assert _rows(path, f"SELECT count(*) FROM {table}")[0][0] == counts[table]
    assert counts["reviews"] > counts["measures"]
    assert counts["changes"] > counts["measures"] + counts["reviews"]


def test_concept_row(demo):
    path, _ = demo
    [(name, body, adopted_on)] = _rows(path, "SELECT name, body, adopted_on FROM concept")
    assert name.startswith("Integrationskonzept Landkreis ")
    assert body.startswith("Kreistag Landkreis ")
    adopted = date.fromisoformat(adopted_on)
    assert TODAY - timedelta(days=3 * 366) < adopted < TODAY - timedelta(days=2 * 365)


def test_same_seed_and_day_give_the_same_content(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_demo(a, today=TODAY)
    build_demo(b, today=TODAY)
    with Store.open(a, "t") as sa, Store.open(b, "t") as sb:
        assert query_measures(sa, MeasureFilter(archived="include")) == \
            query_measures(sb, MeasureFilter(archived="include"))
    for table in ("reviews", "changes", "contacts", "goals", "concept"):
        assert _rows(a, f"SELECT * FROM {table} ORDER BY id") == _rows(b, f"SELECT * FROM {table} ORDER BY id")
    dump_a, dump_b = (list(sqlite3.connect(p).iterdump()) for p in (a, b))
    assert dump_a == dump_b


def test_another_seed_or_day_gives_other_content(tmp_path):
    build_demo(tmp_path / "a.db", today=TODAY)
    build_demo(tmp_path / "b.db", today=TODAY, seed=1)
    build_demo(tmp_path / "c.db", today=TODAY + timedelta(days=40))
    sql = "SELECT code, title, status, review_date FROM measures ORDER BY id"
    assert _rows(tmp_path / "a.db", sql) != _rows(tmp_path / "b.db", sql)
    assert _rows(tmp_path / "a.db", sql) != _rows(tmp_path / "c.db", sql)


def test_every_status_and_ampel_occurs(demo):
    path, _ = demo
    with Store.open(path, "t") as store:
        rows = query_measures(store, MeasureFilter(archived="include"))
    assert {r["status"] for r in rows} == set(STATUS.keys)
    assert {r["assessment"] for r in rows} == {"gruen", "gelb", "rot", None}
    assert {r["priority"] for r in rows} == {"hoch", "mittel", "niedrig", None}


def test_review_dates_relative_to_today(demo):
    path, _ = demo
    with Store.open(path, "t") as store:
        overdue = count_measures(store, MeasureFilter(overdue=True, today=TODAY, archived="include"))
        due = count_measures(store, MeasureFilter(due_within=30, today=TODAY, archived="include"))
        rows = query_measures(store, MeasureFilter(archived="include"))
    open_rows = [r for r in rows if r["status"] not in CLOSED_STATUSES]
    closed_rows = [r for r in rows if r["status"] in CLOSED_STATUSES]
    later = [r for r in open_rows if r["review_date"] and r["review_date"] > (TODAY + timedelta(days=30)).isoformat()]
    without = [r for r in open_rows if not r["review_date"]]
    assert overdue >= 3 and due >= 3 and without
    assert len(later) > len(open_rows) / 2
    assert sum(1 for r in closed_rows if r["review_date"] is None) > 0.8 * len(closed_rows)


def test_integrity_and_foreign_keys(demo, big):
    for path, _ in (demo, big):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()


def test_refuses_an_existing_file(tmp_path):
    path = tmp_path / "da.db"
    path.write_bytes(b"wichtige Daten")
    with pytest.raises(AlreadyExists):
        build_demo(path, today=TODAY)
    assert path.read_bytes() == b"wichtige Daten"
    built = tmp_path / "built.db"
    build_demo(built, today=TODAY)
    with pytest.raises(AlreadyExists):
        build_demo(built, today=TODAY)


def test_an_empty_file_is_filled(tmp_path):
    path = tmp_path / "leer.db"
    path.touch()
    assert build_demo(path, measures=10, today=TODAY)["measures"] == 10


def test_contacts(demo):
    path, _ = demo
    rows = _rows(path, "SELECT name, organisation, role, email, phone, search FROM contacts")
    emails = [r[3] for r in rows]
    assert all(e and e.endswith(".example.org") and "@" in e for e in emails)
    assert len(set(emails)) == len(emails)
    assert all(e.isascii() for e in emails)
    assert any(r[0] is None for r in rows) and all(r[1] for r in rows)
    names = " ".join(r[0] for r in rows if r[0])
    assert any(c in names for c in "äöüß")
    assert any(r[4].startswith("03731 ") for r in rows)
    organisations = " ".join(r[1] for r in rows)
    for org in ("Jobcenter", "Agentur für Arbeit", "BAMF", "IHK", "Handwerkskammer", "Volkshochschule", "Caritas",
                "Diakon", "AWO", "DRK", "Migrantenorganisationen", "Polizeirevier", "Schule und Bildung",
                "Gesundheitsamt", "Ausländerbehörde", "Wohnungsbaugesellschaft", "sportbund", "Kirchgemeinde"):
        assert org in organisations
    from massnahmen.domain.records import Contact
    from massnahmen.store.catalog import contact_search_text

    for name, org, role, email, _phone, search in rows:
        assert search == contact_search_text(Contact(name=name, organisation=org, role=role, email=email))


def test_store_columns_are_filled_like_the_store_does(big):
    path, counts = big
    rows = _rows(path, f"SELECT {', '.join(SEARCHED)}, search, code_sort, created_at, created_by, updated_at, "
                       "updated_by, version FROM measures")
    assert len(rows) == counts["measures"] == 2000
    n = len(SEARCHED)
    for row in rows:
        values = dict(zip(SEARCHED, row[:n]))
        search, code_sort, created_at, created_by, updated_at, updated_by, version = row[n:]
        assert search == search_text(values)
        assert code_sort == code_sort_key(values["code"])
        assert created_at <= updated_at and created_by and updated_by and version >= 1
    assert len({r[0] for r in rows}) == len(rows)  # codes are unique
    for table in ("fields", "goals"):
        for name, search in _rows(path, f"SELECT name, search FROM {table}"):
            assert search == fold(name)


def test_history_matches_the_measures(big):
    path, _ = big
    conn = sqlite3.connect(path)
    measures = conn.execute("SELECT id, status, assessment, review_date, version, updated_at FROM measures").fetchall()
    latest = {r[0]: r[1:] for r in conn.execute(
        "SELECT measure_id, status, assessment, next_review_date, date FROM reviews r WHERE date = "
        "(SELECT max(date) FROM reviews WHERE measure_id = r.measure_id)")}
    changes: dict[int, list] = {}
    for mid, version, at, field, new, context in conn.execute(
            "SELECT measure_id, version, at, field, new, context FROM changes ORDER BY measure_id, at, id"):
        changes.setdefault(mid, []).append((version, at, field, new, context))
    authors = {r[0] for r in conn.execute("SELECT author FROM reviews UNION SELECT author FROM changes")}
    dates = conn.execute("SELECT min(date), max(date) FROM reviews").fetchone()
    conn.close()
    assert 2 <= len(authors) <= 3
    assert TODAY - timedelta(days=3 * 366) <= date.fromisoformat(dates[0]) and dates[1] <= TODAY.isoformat()
    for mid, status, assessment, review_date, version, updated_at in measures:
        history = changes[mid]
        assert history[0][2] == "created" and history[0][0] == 1
        assert max(h[0] for h in history) == version
        assert history[-1][1] == updated_at
        if mid in latest:
            assert latest[mid][:3] == (status, assessment, review_date)
    assert any(h[2] == "status" and h[4] == "Sachstand" for hs in changes.values() for h in hs)


def test_the_store_reads_it(demo):
    path, _ = demo
    with Store.open(path, "t") as store:
        rows = query_measures(store, MeasureFilter(archived="include"))
        with_reviews = [r for r in rows if r["version"] > 2][:5]
        assert with_reviews
        for row in with_reviews:
            measure = get_measure(store, row["code"])
            assert measure.code == row["code"] and measure.field
            model, changes, reviews = measure_history(store, row["code"])
            assert changes[0].attribute == "created" and changes[0].new == row["code"]
            if reviews:
                assert reviews[0].status == model.status
        found = query_measures(store, MeasureFilter(search="jobcenter", archived="include"))
        assert found


def test_zero_measures(tmp_path):
    counts = build_demo(tmp_path / "leer.db", measures=0, today=TODAY)
    assert counts["measures"] == counts["reviews"] == counts["changes"] == 0
    assert counts["fields"] == 9


def test_generation_is_plain_rows_without_a_file(tmp_path, monkeypatch):
    from massnahmen.demo.generate import generate

    monkeypatch.chdir(tmp_path)
    first = generate(seed=5, today=TODAY, measures=60)
    again = generate(seed=5, today=TODAY, measures=60)
    records = list(first.measures)
    assert records == list(again.measures) and len(records) == 60
    assert (first.concept, first.fields, first.goals, first.contacts) == \
        (again.concept, again.fields, again.goals, again.contacts)
    assert list(tmp_path.iterdir()) == []
    goal_ids = {g.id for g in first.goals}
    contact_ids = {c.id for c in first.contacts}
    for n, (measure, reviews, changes) in enumerate(records, start=1):
        assert measure.id == n and measure.goal_id in goal_ids
        assert measure.contact_id is None or measure.contact_id in contact_ids
        assert {r.measure_id for r in reviews} <= {n} and {c.measure_id for c in changes} == {n}
        assert changes[0].field == "created" and max(c.version for c in changes) == measure.version
        assert changes[-1].at == measure.updated_at
