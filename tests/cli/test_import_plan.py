"""The import's three steps one by one: resolve (what a cell names), plan (what a row does, no
writes) and write (the bulk writer inside the import's own transaction)."""

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from massnahmen.domain.errors import InvalidValue
from massnahmen.importing.headers import is_header, match_headers
from massnahmen.importing.plan import ChangedMeasure, NewMeasure, Plan, Rejected, Unchanged, plan_import
from massnahmen.importing.reading import read_source
from massnahmen.importing.resolve import Catalog, NewContact, NewField, NewGoal
from massnahmen.importing.rows import csv_rows
from massnahmen.importing.write import write_plan
from massnahmen.store.bulk import bulk_writer
from massnahmen.store.catalog import all_contacts, all_goals, fields_in_order
from massnahmen.store.db import Store
from massnahmen.store.measures import measures_by_code
from tests.conftest import file_digest


def plan_of(store: Store, path: Path, text: str) -> Plan:
    path.write_text(text, encoding="utf-8")
    source = read_source(path, encoding=None, delimiter=None, is_header=lambda cells: is_header(cells, {}))
    match = match_headers(source.header, {})
    return plan_import(store, csv_rows(source, match), dict(match.names))


# -- the store's reads -------------------------------------------------------------------------
def test_store_reads_the_catalog_and_measures_by_code(small_db):
    with Store.open(small_db) as store:
        assert [(f.code, f.name) for f in fields_in_order(store)] == [("1", "Bildung und Sprache"),
                                                                      ("5", "Arbeit und Ausbildung")]
        [goal] = all_goals(store)
        assert (goal.code, goal.name) == ("1.1", "Sprachkursangebote ausbauen")
        contacts = all_contacts(store)
        assert [c.display for c in contacts] == ["Jörg Weiß (Volkshochschule)", "Jobcenter Testkreis"]
        assert contacts[0].phone == "03731 799-1234"
        stored = measures_by_code(store, ["1.1.1", "5.1", "9.9"])
        assert measures_by_code(store, []) == {}
    assert set(stored) == {"1.1.1", "5.1"}
    m = stored["1.1.1"]
    assert (m.version, m.goal_id, m.contact_id) == (1, goal.id, contacts[0].id)
    assert m.values["status"] == "in_umsetzung" and m.values["review_date"] == "2026-11-01"
    assert "code" not in m.values


# -- resolve -----------------------------------------------------------------------------------
def test_catalog_finds_existing_entries_and_names_new_ones(small_db):
    with Store.open(small_db) as store:
        catalog = Catalog.read(store)
    bildung = catalog.field("1")
    assert catalog.field("Bildung und Sprache") == catalog.field("bildung") == catalog.field(" 1 ") == bildung
    assert catalog.field("1 Bildung und Sprache") == bildung
    assert catalog.field("7 Gesundheit") == NewField("7", "Gesundheit")
    assert catalog.field("Wohnen") == NewField("8", "Wohnen")  # the next free number
    assert catalog.field("wohnen") is catalog.field("Wohnen")
    assert catalog.new_fields == [NewField("7", "Gesundheit"), NewField("8", "Wohnen")]
    assert catalog.goal(bildung, "1.1") == catalog.goal(bildung, "sprachkursangebote ausbauen")
    assert catalog.goal(bildung, f"#{catalog.goal(bildung, '1.1')}") == catalog.goal(bildung, "1.1")
    assert catalog.goal(NewField("8", "Wohnen"), "Mehr Wohnraum") == NewGoal(NewField("8", "Wohnen"), "Mehr Wohnraum")
    weiss = catalog.contact("Jörg Weiß", None, one_cell=True)
    assert isinstance(weiss, int) and catalog.contact_name(weiss) == "Jörg Weiß (Volkshochschule)"
    assert catalog.contact("Jörg Weiß, Volkshochschule", None, one_cell=True) == weiss
    # another organisation: another contact
    assert catalog.contact("Jörg Weiß", "VHS", one_cell=False) == NewContact("Jörg Weiß", "VHS")
    # now two contacts are called so: a cell with only the name no longer picks one
    assert catalog.contact("Jörg  Weiß", None, one_cell=True) == NewContact("Jörg  Weiß", None)
    assert catalog.contact("Gesundheitsamt", None, one_cell=True) == NewContact(None, "Gesundheitsamt")
    assert catalog.contact("Amira Haddad", None, one_cell=True) == NewContact("Amira Haddad", None)
    assert catalog.contact(None, None, one_cell=True) is None


def test_catalog_refuses_ambiguous_names(small_db):
    with Store.open(small_db) as store:
        fields = fields_in_order(store)
        second = dataclasses.replace(fields[0], id=99, code="9", name="Bildung extra")
        catalog = Catalog(fields + [second], all_goals(store), all_contacts(store))
    with pytest.raises(InvalidValue, match="„Bild“ ist nicht eindeutig"):
        catalog.field("Bild")
    with pytest.raises(InvalidValue):  # the same answer the second time
        catalog.field("Bild")


# -- plan --------------------------------------------------------------------------------------
def test_plan_sorts_every_row_and_writes_nothing(small_db, tmp_path):
    before = file_digest(small_db)
    text = ("Nr;Maßnahme;Handlungsfeld;Ziel;Zuständig;E-Mail;Status\n"
            "1.1.1;Sprachcafé an der Volkshochschule;1;1.1;Jörg Weiß;joerg.weiss@vhs.example.org;in Umsetzung\n"
            "1.1.2;Elternkurse im Rathaus;1;;;;geplant\n"
            "7.1;Gesundheitslotsen;7 Gesundheit;Zugang verbessern;Amira Haddad;a@example.org;offen\n"
            "7.2;Noch eine;7 Gesundheit;;Amira Haddad;b@example.org;\n"
            "8.1;Abgelehnt;8 Wohnen;;;;halb fertig\n")
    with Store.open(small_db) as store:
        plan = plan_of(store, tmp_path / "l.csv", text)
    assert file_digest(small_db) == before
    kinds = [type(r) for r in plan.rows]
    assert kinds == [Unchanged, ChangedMeasure, NewMeasure, NewMeasure, Rejected]
    changed = plan.changed[0]
    assert (changed.code, changed.version) == ("1.1.2", 1)
    assert changed.diffs == [("title", "Elternkurse in der Hauptstraße", "Elternkurse im Rathaus")]
    assert changed.values["title"] == "Elternkurse im Rathaus" and changed.values["review_date"] == "2026-12-10"
    new = plan.new[0]
    assert new.field == NewField("7", "Gesundheit") and new.goal == NewGoal(NewField("7", "Gesundheit"),
                                                                          "Zugang verbessern")
    assert new.values["status"] == "geplant" and new.values["description"] is None
    # only what accepted rows use is created; a new contact takes the first address given
    assert plan.new_fields == [NewField("7", "Gesundheit")]
    assert [(c.name, c.email) for c in plan.new_contacts] == [("Amira Haddad", "a@example.org")]
    assert plan.created == {"fields": ["7 Gesundheit"], "goals": ["Zugang verbessern (Gesundheit)"],
                            "contacts": ["Amira Haddad"]}
    [rejected] = plan.rejected
    assert rejected.row.line == 6 and "„halb fertig“ ist unbekannt" in rejected.problems[0].text()
    assert plan.problems == rejected.problems
    assert plan.contact_updates == [] and plan.has_writes


def test_plan_does_not_change_the_rows_it_reads(small_db, tmp_path):
    text = "Nr;Maßnahme;Handlungsfeld\n4.1;A;1\n4.1;B;1\n9.1;Neu;1\n"
    path = tmp_path / "l.csv"
    path.write_text(text, encoding="utf-8")
    source = read_source(path, encoding=None, delimiter=None, is_header=lambda cells: is_header(cells, {}))
    match = match_headers(source.header, {})
    rows = csv_rows(source, match)
    values = [dict(r.values) for r in rows]
    with Store.open(small_db) as store:
        plan = plan_import(store, rows, dict(match.names))
    assert [r.values for r in rows] == values and all(not r.problems for r in rows)
    assert [type(r) for r in plan.rows] == [Rejected, Rejected, NewMeasure]
    assert "„4.1“ kommt mehrfach vor (Zeilen 2, 3)" in plan.rejected[0].problems[0].text()


def test_an_existing_contact_takes_the_first_address_that_differs(small_db, tmp_path):
    text = ("Nr;Zuständig;E-Mail\n"
            "1.1.1;Jörg Weiß;joerg.weiss@vhs.example.org\n"
            "1.1.2;Jörg Weiß;jw@vhs.example.org\n"
            "5.1;Jörg Weiß;spaeter@vhs.example.org\n")
    with Store.open(small_db) as store:
        plan = plan_of(store, tmp_path / "l.csv", text)
    [update] = plan.contact_updates
    assert (update.contact.display, update.email, update.phone) == (
        "Jörg Weiß (Volkshochschule)", "jw@vhs.example.org", "03731 799-1234")


# -- write -------------------------------------------------------------------------------------
def test_write_joins_the_open_transaction_and_a_failure_leaves_nothing(small_db, tmp_path):
    text = "Nr;Maßnahme;Handlungsfeld;Zuständig\n7.1;Neu;7 Gesundheit;Amira Haddad\n1.1.2;Anders;1;\n"
    before = file_digest(small_db)
    with Store.open(small_db) as store:
        with pytest.raises(RuntimeError), store.write() as conn:
            plan = plan_of(store, tmp_path / "l.csv", text)
            with bulk_writer(conn) as bulk:
                write_plan(store, bulk, plan, context="Import l.csv")
                assert bulk.counts["measures"] == 1 and bulk.counts["fields"] == 1
            assert conn.in_transaction  # bulk_writer neither begins nor commits
            raise RuntimeError("after the writes, before the commit")
    assert file_digest(small_db) == before
    with Store.open(small_db) as store, store.write() as conn:
        plan = plan_of(store, tmp_path / "l.csv", text)
        with bulk_writer(conn) as bulk:
            write_plan(store, bulk, plan, context="Import l.csv")
    conn = sqlite3.connect(small_db)
    history = conn.execute("SELECT m.code, c.version, c.field, c.old, c.new, c.context FROM changes c "
                           "JOIN measures m ON m.id = c.measure_id WHERE c.context = 'Import l.csv' "
                           "ORDER BY c.id").fetchall()
    row = conn.execute("SELECT title, version, search FROM measures WHERE code = '1.1.2'").fetchone()
    contact = conn.execute("SELECT name FROM contacts c JOIN measures m ON m.contact_id = c.id "
                           "WHERE m.code = '7.1'").fetchone()
    conn.close()
    assert history == [("7.1", 1, "created", None, "7.1", "Import l.csv"),
                       ("1.1.2", 2, "title", "Elternkurse in der Hauptstraße", "Anders", "Import l.csv")]
    assert row == ("Anders", 2, "1.1.2 anders")
    assert contact == ("Amira Haddad",)


def test_bulk_search_text_equals_the_store_search_text_for_odd_values(empty_db):
    """The bulk writer folds each value apart and joins them; for the measures it writes, that is
    exactly store.measures.search_text (folding collapses white space character by character)."""
    from massnahmen.store.bulk import MeasureRow, bulk_write
    from massnahmen.store.measures import search_text

    odd = [{"code": "1", "title": "x\u00a0", "notes": "\u0301\u0327", "description": "Straße  ÆØ ﬁ Ǆ"},
           {"code": "Ü2-13", "title": "İstanbul  Łódź", "partners": "\u2028a\u3000b ", "source": "½"},
           {"code": "7", "title": " ", "notes": ""}]
    with Store.open(empty_db) as store:
        [field] = [f.id for f in fields_in_order(store)][:1]
        with bulk_write(store) as bulk:
            bulk.add_measures(MeasureRow(code=v["code"], title=v["title"], description=v.get("description"),
                                         partners=v.get("partners"), source=v.get("source"), notes=v.get("notes"),
                                         field_id=field, created_at="2026-11-21T00:00:00", created_by="t",
                                         updated_at="2026-11-21T00:00:00", updated_by="t") for v in odd)
    conn = sqlite3.connect(empty_db)
    stored = dict(conn.execute("SELECT code, search FROM measures").fetchall())
    conn.close()
    assert stored == {v["code"]: search_text(v) for v in odd}
