"""The store's bulk writer: rows from the schema's columns, derived columns, ids, history, one transaction."""

from __future__ import annotations

import sqlite3

import pytest

from massnahmen.domain.errors import DatabaseProblem
from massnahmen.domain.records import Contact
from massnahmen.domain.text import fold
from massnahmen.store.bulk import (
    Bulk, ChangeRow, ContactRow, FieldRow, GoalRow, MeasureRow, ReviewRow, bulk_write,
)
from massnahmen.store.catalog import contact_search_text
from massnahmen.store.db import Store
from massnahmen.store.measures import SEARCHED, code_sort_key, get_measure, measure_history, search_text
from massnahmen.store.schema import COLUMNS

NOW = "2026-11-21T10:00:00"


def _measure(code: str, field_id: int, **values) -> MeasureRow:
    return MeasureRow(code=code, title=values.pop("title", f"Maßnahme {code}"), field_id=field_id,
                      created_at=NOW, created_by="tester", updated_at=NOW, updated_by="tester", **values)


def test_row_types_are_the_tables_columns():
    derived = {"fields": {"search"}, "goals": {"search"}, "contacts": {"search"},
               "measures": {"code_sort", "search"}, "reviews": {"id"}, "changes": {"id"}}
    for row, table in ((FieldRow, "fields"), (GoalRow, "goals"), (ContactRow, "contacts"),
                       (MeasureRow, "measures"), (ReviewRow, "reviews"), (ChangeRow, "changes")):
        assert set(row._fields) == set(COLUMNS[table]) - derived[table]
        assert [c for c in COLUMNS[table] if c in row._fields] == list(row._fields)  # the table's order
    assert MeasureRow(code="1").status == "geplant" and MeasureRow(code="1").version == 1


def test_inserts_derive_columns_and_return_ids(empty_db):
    with Store.open(empty_db, "tester") as store:
        with bulk_write(store) as bulk:
            [fid] = bulk.add_fields([FieldRow(code="7", name="Gesundheit und Pflege")])
            [gid] = bulk.add_goals([GoalRow(field_id=fid, code="7.1", name="Zugang zur Gesundheitsversorgung")])
            [cid] = bulk.add_contacts([ContactRow(name="Ayşe Yılmaz", organisation="Gesundheitsamt",
                                                  role="Koordination", email="a.yilmaz@example.org")])
            ids = bulk.add_measures([
                _measure("7.1.1", fid, goal_id=gid, contact_id=cid, description="Lotsinnen – „Gesund im Kreis“",
                         funding="ESF Plus", status="in_umsetzung"),
                _measure("7.1.10", fid, partners="Caritas, Diakonie", notes="  mit   Leerraum  "),
            ])
            bulk.add_changes(ChangeRow(mid, 1, NOW, "tester", "created", None, code, "Import x.csv")
                             for mid, code in zip(ids, ("7.1.1", "7.1.10")))
            assert bulk.add_reviews([ReviewRow(ids[0], "2026-11-20", "tester", "in_umsetzung", "gruen",
                                               "Läuft.", "2027-05-20", NOW)]) == 1
        assert bulk.counts == {"fields": 1, "goals": 1, "contacts": 1, "measures": 2, "reviews": 1, "changes": 2}
        conn = store.conn
        assert conn.execute("SELECT position, search FROM fields WHERE id = ?", (fid,)).fetchone() == \
            (3, fold("Gesundheit und Pflege"))  # after the two fields of empty_db
        assert conn.execute("SELECT search FROM contacts WHERE id = ?", (cid,)).fetchone()[0] == \
            contact_search_text(Contact(name="Ayşe Yılmaz", organisation="Gesundheitsamt", role="Koordination",
                                        email="a.yilmaz@example.org"))
        rows = conn.execute(f"SELECT id, code_sort, search, {', '.join(SEARCHED)} FROM measures ORDER BY id").fetchall()
        assert [r[0] for r in rows] == ids
        for _id, code_sort, search, *values in rows:
            values = dict(zip(SEARCHED, values))
            assert code_sort == code_sort_key(values["code"]) and search == search_text(values)
        measure = get_measure(store, "7.1.1")
        assert measure.goal == "Zugang zur Gesundheitsversorgung" and measure.version == 1
        _m, changes, reviews = measure_history(store, "7.1.10")
        assert [(c.attribute, c.new, c.context) for c in changes] == [("created", "7.1.10", "Import x.csv")]


def test_ids_given_or_not_but_not_mixed(empty_db):
    with Store.open(empty_db, "tester") as store:
        with pytest.raises(ValueError):
            with bulk_write(store) as bulk:
                bulk.add_measures([_measure("1.9", 1, id=50), _measure("1.10", 1)])
        with bulk_write(store) as bulk:
            assert bulk.add_measures([_measure("1.9", 1, id=50)]) == [50]
            assert bulk.add_measures([_measure("1.10", 1), _measure("1.11", 1)]) == [51, 52]


def test_updates_derive_again_and_refuse_half_a_source(empty_db):
    with Store.open(empty_db, "tester") as store:
        with bulk_write(store) as bulk:
            [mid] = bulk.add_measures([_measure("1.1", 1, title="Sprachcafé")])
        everything = {k: None for k in SEARCHED} | {"code": "1.1.2", "title": "Sprachcafé für Mütter"}
        with bulk_write(store) as bulk:
            with pytest.raises(ValueError, match="search"):
                bulk.update_measures([(mid, {"title": "ohne die übrigen Texte"})])
            with pytest.raises(ValueError, match="no such column"):
                bulk.update_measures([(mid, {"search": "von Hand"})])
            assert bulk.update_measures([(mid, {"status": "umgesetzt"}), (mid, everything)]) == 2
            [jw] = [r[0] for r in store.conn.execute("SELECT id FROM contacts WHERE name = 'Jörg Weiß'")]
            bulk.update_contacts([(jw, {"name": "Jörg Weiß", "organisation": "VHS", "role": None,
                                        "email": "jw@vhs.example.org", "phone": "1"})])
            bulk.update_concept(created_at=NOW)
        row = store.conn.execute("SELECT code, code_sort, status, search FROM measures WHERE id = ?", (mid,)).fetchone()
        assert row == ("1.1.2", code_sort_key("1.1.2"), "umgesetzt", search_text(everything))
        assert store.conn.execute("SELECT search FROM contacts WHERE id = ?", (jw,)).fetchone()[0] == \
            contact_search_text(Contact(name="Jörg Weiß", organisation="VHS", email="jw@vhs.example.org"))
        assert store.conn.execute("SELECT created_at FROM concept").fetchone()[0] == NOW


def test_a_failure_writes_nothing(empty_db):
    with Store.open(empty_db, "tester") as store:
        with pytest.raises(DatabaseProblem, match="UNIQUE"):
            with bulk_write(store) as bulk:
                bulk.add_measures([_measure("1.1", 1)])
                bulk.add_measures([_measure("1.1", 1)])  # the code is taken
        assert store.conn.execute("SELECT count(*) FROM measures").fetchone()[0] == 0
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # back to SQLite's default


def test_bulk_on_a_plain_connection():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    from massnahmen.store.schema import create_schema

    conn.execute("BEGIN")
    create_schema(conn)
    bulk = Bulk(conn)
    assert bulk.add_fields([FieldRow(id=4, code="4", name="Arbeit", position=0)]) == [4]
    conn.execute("COMMIT")
    assert conn.execute("SELECT id, position, search FROM fields").fetchall() == [(4, 0, "arbeit")]
