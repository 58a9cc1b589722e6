"""The attribute registry (domain.attributes) and what derives from it."""

from __future__ import annotations

import pytest

from massnahmen.domain import attributes as reg
from massnahmen.domain.attributes import ATTRIBUTES, BY_KEY, csv_columns, import_columns
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS

KINDS = {reg.TEXT, reg.CODE, reg.DATE, reg.PERIOD_DATE, reg.VOCABULARY, reg.REFERENCE}


def test_every_attribute_is_complete():
    for a in ATTRIBUTES:
        assert a.key and a.label and a.header and a.row_key, a
        assert a.kind in KINDS, a
        assert a.column, a
        assert (a.vocabulary is not None) == (a.kind == reg.VOCABULARY), a
        if a.kind in (reg.TEXT, reg.CODE, reg.REFERENCE):
            assert a.max_len and a.max_len <= reg.MAX_TEXT, a
    assert len({a.key for a in ATTRIBUTES}) == len(ATTRIBUTES)
    assert [a.key for a in ATTRIBUTES if a.required] == ["code", "title", "field", "status"]


def test_csv_header_is_the_registry_order():
    from massnahmen.domain.csv_contract import COLUMNS, HEADER
    from massnahmen.exporting import csv_format

    expected = [h for a in ATTRIBUTES for h in (a.header, *(p.header for p in a.parts))]
    assert HEADER == expected == csv_format.HEADER
    assert [key for _h, key in COLUMNS] == [c.row_key for c in csv_columns()]
    assert HEADER[:6] == ["Nr", "Maßnahme", "Beschreibung", "Handlungsfeld", "Ziel", "Zuständig"]
    assert HEADER[6:9] == ["Organisation", "E-Mail", "Telefon"]


def test_every_csv_column_is_a_key_of_the_store_rows():
    from massnahmen.domain.csv_contract import COLUMNS
    from massnahmen.store.measures import ROW_KEYS

    assert {key for _h, key in COLUMNS} <= set(ROW_KEYS)


def test_import_headers_come_from_the_registry_and_every_alias_maps_back():
    from massnahmen.importing import headers

    assert list(headers.COLUMNS) == [c.key for c in import_columns()]
    for col in import_columns():
        assert headers.label(col.key) == col.header
        for word in (col.key, col.header, *col.aliases):
            assert headers.key_for(word) == col.key, word
    # our own export reads back column by column
    from massnahmen.domain.csv_contract import HEADER

    assert [headers.key_for(h) for h in HEADER] == [c.key for c in csv_columns()]


def test_aliases_are_unambiguous():
    owner: dict[str, str] = {}
    for col in import_columns():
        for word in (col.key, col.header, *col.aliases):
            assert owner.setdefault(fold_key(word), col.key) == col.key, word


def test_json_keys():
    from massnahmen.domain.records import MEASURE_FIELDS, MEASURE_KEYS

    assert MEASURE_KEYS == (*(a.json_key for a in ATTRIBUTES), "updated_at")
    assert set(MEASURE_KEYS) <= MEASURE_FIELDS


def test_every_attribute_has_a_database_column():
    from massnahmen.store.measures import COLUMN
    from massnahmen.store.schema import COLUMNS

    for a in ATTRIBUTES:
        assert a.column in COLUMNS["measures"], a.key
        assert COLUMN[a.key] == a.column
    assert COLUMN["start"] == "start_date" and COLUMN["field"] == "field_id"


def test_store_select_matches_its_row_keys():
    from massnahmen.store.measures import ROW_KEYS, SELECT

    selected = SELECT.split("SELECT", 1)[1].split("FROM", 1)[0].split(",")
    assert len(selected) == len(ROW_KEYS)
    assert ROW_KEYS[0] == "id" and "contact_email" in ROW_KEYS


@pytest.mark.parametrize("a", [a for a in ATTRIBUTES if a.kind in (reg.TEXT, reg.CODE, reg.REFERENCE)],
                         ids=lambda a: a.key)
def test_the_parser_enforces_the_registry_limit(a):
    assert a.parse("x" * a.max_len) == "x" * a.max_len
    with pytest.raises(InvalidValue) as exc:
        a.parse("x" * (a.max_len + 1))
    assert exc.value.label == a.label
    assert f"höchstens {a.max_len}" in exc.value.detail


def test_import_limits_come_from_the_registry():
    from massnahmen.importing import rows

    assert not hasattr(rows, "_text_limit")
    for col in import_columns():
        if col.max_len:
            assert rows.LIMITS[col.key] == col.max_len
    assert rows.CONTACT_PARTS == ("contact", "organisation", "email", "phone")


def test_history_labels():
    for a in ATTRIBUTES:
        assert reg.label(a.key) == a.label
    assert reg.label("review") == "Sachstand"


def test_display_value_by_kind():
    assert reg.display_value("status", "verstetigt") == "verstetigt (Daueraufgabe)"
    assert reg.display_value("assessment", "gruen") == "grün"
    assert reg.display_value("priority", "hoch") == "hoch"
    assert reg.display_value("start", "2026-03-01") == "01.03.2026"
    assert reg.display_value("review", "2026-03-01") == "01.03.2026"
    assert reg.display_value("title", "2026-03-01") == "2026-03-01"
    assert reg.display_value("notes", None) == "–"


@pytest.mark.parametrize("vocabulary", [STATUS, ASSESSMENT, PRIORITY], ids=lambda v: v.name)
def test_every_term_has_short_labels_and_a_style_name(vocabulary):
    for term in vocabulary.terms:
        assert term.short and term.heading and term.abbreviation
        assert term.style == f"{vocabulary.style_prefix}.{term.key}" == vocabulary.style(term.key)
    assert vocabulary.style(None) == f"{vocabulary.style_prefix}.none"
    assert len({t.abbreviation for t in vocabulary.terms}) == len(vocabulary.terms)


def test_short_status_labels_as_the_faces_show_them():
    assert [STATUS.short(k) for k in STATUS.keys] == [
        "geplant", "in Umsetzung", "verstetigt", "zurückgestellt", "umgesetzt", "verworfen"]
    assert [t.heading for t in STATUS.terms] == ["geplant", "in Ums.", "verst.", "zurückg.", "umges.", "verw."]
    assert [t.abbreviation for t in STATUS.terms] == ["gepl.", "Ums.", "verst.", "zurück.", "umges.", "verw."]


def test_the_face_style_maps_cover_the_terms_they_show():
    from massnahmen.cli.output import STYLES as CLI
    from massnahmen.tui.styles import STYLES as TUI

    for key in (*ASSESSMENT.keys, None):
        assert ASSESSMENT.style(key) in CLI
        assert ASSESSMENT.style(key) in TUI
    for key in STATUS.keys:
        assert STATUS.style(key) in TUI


def test_tui_form_rows_and_table_columns_come_from_the_registry():
    from massnahmen.tui.dialogs import forms
    from massnahmen.tui.widgets.measure_table import column
    from massnahmen.tui.query import SORT_COLUMNS, SORT_LABELS

    assert set(forms.ORDER) == {a.key for a in ATTRIBUTES}
    assert set(forms.INPUTS) | set(forms.SELECTS) | set(forms.AREAS) == set(forms.ORDER)
    assert forms.ORDER[-2:] == ("description", "notes")
    assert forms.PLACEHOLDERS["code"] == BY_KEY["code"].hint
    assert column("review_date", 11).label == "Wiedervorl."
    assert all(SORT_LABELS[k] == BY_KEY[k].label for k in SORT_COLUMNS)


def test_contact_display_and_email_rule_exist_once():
    from massnahmen.domain.contacts import contact_display, email_problem
    from massnahmen.domain.records import Contact
    from massnahmen.store.measures import contact_display as row_display

    assert contact_display("Anna", "VHS") == "Anna (VHS)" == Contact(name="Anna", organisation="VHS").display
    assert contact_display(None, "VHS") == "VHS" == row_display({"contact_organisation": "VHS"})
    assert email_problem("a@b.de") is None and email_problem("") is None
    assert email_problem("a b@c.de") == "„a b@c.de“ ist keine gültige E-Mail-Adresse"
    assert email_problem("abc") is not None


def test_timeliness_sql_agrees_with_python(tmp_path):
    import sqlite3
    from datetime import date

    from massnahmen.domain.timeliness import DUE, NO_REVIEW, OVERDUE, due_until, timeliness
    from massnahmen.store import timeliness as sql

    today = date(2026, 6, 15)
    until = due_until(today, 30).isoformat()
    conn = sqlite3.connect(":memory:")
    for review in (None, "2026-01-01", "2026-06-14", "2026-06-15", "2026-07-15", "2026-07-16"):
        state = timeliness("geplant", review, today, 30)
        row = conn.execute(
            f"SELECT coalesce({sql.overdue('?', '?')}, 0), coalesce({sql.due('?', '?', '?')}, 0), "
            f"{sql.without_review('?')}, coalesce({sql.overdue_or_due('?', '?')}, 0)",
            (review, today.isoformat(), review, today.isoformat(), review, until, review, review, until),
        ).fetchone()
        assert row == (state == OVERDUE, state == DUE, state == NO_REVIEW, state in (OVERDUE, DUE)), review
