"""Saved views and preferences in the file: shared views, personal preferences, schema 7."""

import sqlite3

import pytest

from massnahmen.domain.errors import AlreadyExists, InvalidValue, NotFound, ValidationFailed
from massnahmen.store.db import Store
from massnahmen.store.views import delete_view, get_preference, get_view, list_views, save_view, set_preference


def test_a_saved_view_is_there_for_a_colleague(small_db):
    with Store.open(small_db, user="jana") as s:
        save_view(s, "  Meine   Überfälligen ", {"overdue": True, "sort": "review_date"})
    with Store.open(small_db, user="samir") as s:
        views = list_views(s)
        assert [v.name for v in views] == ["Meine Überfälligen"]
        assert views[0].filter == {"overdue": True, "sort": "review_date"}
        assert views[0].created_by == "jana"


def test_a_name_is_taken_until_replace_is_asked(small_db):
    with Store.open(small_db) as s:
        save_view(s, "AG Wohnen – rot", {"field": "4", "assessment": "rot"})
        with pytest.raises(AlreadyExists, match="AG Wohnen – rot"):
            save_view(s, "AG Wohnen – rot", {"field": "4"})
        assert get_view(s, "AG Wohnen – rot").filter == {"field": "4", "assessment": "rot"}
        save_view(s, "AG Wohnen – rot", {"field": "4"}, replace=True)
        assert get_view(s, "AG Wohnen – rot").filter == {"field": "4"}
        assert len(list_views(s)) == 1


def test_empty_or_overlong_names_are_refused_and_nothing_is_written(small_db):
    with Store.open(small_db) as s:
        with pytest.raises(InvalidValue, match="Namen"):
            save_view(s, "   ", {})
        with pytest.raises(ValidationFailed, match="zu lang"):
            save_view(s, "x" * 5000, {})
        assert list_views(s) == []


def test_delete_a_view(small_db):
    with Store.open(small_db) as s:
        save_view(s, "A", {})
        delete_view(s, "A")
        assert list_views(s) == []
        with pytest.raises(NotFound, match="Ansicht „A“ gibt es nicht"):
            delete_view(s, "A")


def test_preferences_belong_to_one_officer(small_db):
    with Store.open(small_db, user="jana") as s:
        assert get_preference(s, "theme") is None
        set_preference(s, "theme", "hell")
        set_preference(s, "theme", "kontrast")
        assert get_preference(s, "theme") == "kontrast"
    with Store.open(small_db, user="samir") as s:
        assert get_preference(s, "theme") is None


def test_a_version_6_file_gets_the_tables(small_db):
    conn = sqlite3.connect(small_db)
    conn.execute("DROP TABLE views")
    conn.execute("DROP TABLE preferences")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Store.open(small_db) as s:
        save_view(s, "Nach dem Upgrade", {"open_only": True})
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] >= 7
