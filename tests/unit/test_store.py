import shutil
import sqlite3
from pathlib import Path

import pytest

from massnahmen.domain.errors import (
    AlreadyExists, Ambiguous, ConflictError, DatabaseProblem, InUse, NotFound, ValidationFailed,
)
from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import (
    MeasureFilter, add_measure, add_review, count_measures, get_measure, measure_history, query_measures,
    set_archived, timeline, update_measure,
)
from massnahmen.store.schema import SCHEMA_VERSION
from tests.conftest import file_digest

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_schema_has_foreign_keys_and_indexes(empty_db):
    conn = sqlite3.connect(empty_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    fks = {(r[3], r[2]) for r in conn.execute("PRAGMA foreign_key_list(measures)")}
    assert fks == {("field_id", "fields"), ("goal_id", "goals"), ("contact_id", "contacts")}
    indexed = {conn.execute(f"PRAGMA index_info({r[1]})").fetchone()[2]
               for r in conn.execute("PRAGMA index_list(measures)")}
    assert {"status", "field_id", "contact_id", "review_date", "code"} <= indexed
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_missing_file_is_not_created(tmp_path):
    target = tmp_path / "fehlt.db"
    with pytest.raises(DatabaseProblem) as exc:
        Store.open(target)
    assert "gibt es nicht" in exc.value.message
    assert exc.value.remedy == "create_or_sample" and exc.value.path == str(target)
    assert "--db" not in str(exc.value)  # the command is the command line's to name (cli.hints)
    assert exc.value.hint is None  # a command is the command line's to show, not every face's
    assert not target.exists()


@pytest.mark.parametrize("content,expected", [
    (b"Nr;Massnahme\n1.1;Test\n", "keine massnahmen-Datenbank"),
    (b"", "ist leer"),
])
def test_foreign_files_are_refused_and_untouched(tmp_path, content, expected):
    target = tmp_path / "fremd.db"
    target.write_bytes(content)
    with pytest.raises(DatabaseProblem) as exc:
        Store.open(target)
    assert expected in exc.value.message
    assert target.read_bytes() == content


def test_directory_is_refused(tmp_path):
    with pytest.raises(DatabaseProblem, match="ist ein Ordner"):
        Store.open(tmp_path)


def test_newer_schema_is_refused_untouched(empty_db):
    conn = sqlite3.connect(empty_db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = file_digest(empty_db)
    with pytest.raises(DatabaseProblem) as exc:
        Store.open(empty_db)
    assert "neueren Version" in exc.value.message
    assert file_digest(empty_db) == before


def test_older_file_is_backed_up_and_migrated(tmp_path):
    old = tmp_path / "alt.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    original = old.read_bytes()
    with Store.open(old) as store:
        measure = get_measure(store, "1.1.1")
        assert measure.title == "Sprachpatenschaften"
        assert measure.contact.name == "Gül Öztürk"
        update_measure(store, "1.1.1", {"priority": "hoch"})
        assert get_measure(store, "1.1.1").priority == "hoch"
    backup = tmp_path / "alt.schema1-sicherung.db"
    # the copy is made with SQLite's online backup: the same content (not the same change counter)
    (tmp_path / "original.db").write_bytes(original)

    def dump(path):
        c = sqlite3.connect(path)
        try:
            return c.execute("PRAGMA user_version").fetchone()[0], list(c.iterdump())
        finally:
            c.close()

    assert dump(backup) == dump(tmp_path / "original.db")
    assert dump(backup)[0] == 1
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_create_refuses_existing_file(empty_db):
    with pytest.raises(AlreadyExists):
        Store.create(empty_db, name="x")


def test_add_and_read_measure_with_references(small_db):
    with Store.open(small_db) as store:
        m = get_measure(store, "1.1.1")
    assert m.field == "Bildung und Sprache" and m.goal == "Sprachkursangebote ausbauen"
    assert m.contact.email == "joerg.weiss@vhs.example.org"
    assert m.status == "in_umsetzung"
    assert m.contract()["review_date"] == "2026-11-01"


def test_refused_values_write_nothing(small_db):
    before = file_digest(small_db)
    with Store.open(small_db) as store:
        with pytest.raises(AlreadyExists, match="„1.1.1“ ist schon vergeben"):
            add_measure(store, {"code": "1.1.1", "title": "Doppelt", "field": "1"})
        with pytest.raises(NotFound, match="Handlungsfeld „Sport“ gibt es nicht"):
            add_measure(store, {"code": "9.1", "title": "Sport", "field": "Sport"})
        with pytest.raises(NotFound, match="Kontakt „Niemand“ gibt es nicht"):
            add_measure(store, {"code": "9.1", "title": "x", "field": "1", "contact": "Niemand"})
        with pytest.raises(ValidationFailed, match="Maßnahme: darf nicht leer sein"):
            update_measure(store, "1.1.1", {"title": ""})
    assert file_digest(small_db) == before


def test_update_records_history_with_author(small_db, monkeypatch):
    monkeypatch.setenv("MASSNAHMEN_USER", "anna")
    with Store.open(small_db) as store:
        m, diffs = update_measure(store, "1.1.1", {"status": "verstetigt", "contact": ""})
        assert ("status", "in_umsetzung", "verstetigt") in diffs
        assert m.contact is None and m.version == 2
        _m, changes, _reviews = measure_history(store, "1.1.1")
    last = [(c.author, c.attribute, c.old, c.new) for c in changes[-2:]]
    assert ("anna", "status", "in_umsetzung", "verstetigt") in last
    assert ("anna", "contact", "Jörg Weiß (Volkshochschule)", None) in last


def test_unchanged_update_changes_nothing(small_db):
    with Store.open(small_db) as store:
        _m, diffs = update_measure(store, "1.1.1", {"status": "in Arbeit", "review_date": "2026-11-01"})
        assert diffs == []
        assert get_measure(store, "1.1.1").version == 1


def test_optimistic_locking_names_the_other_change(small_db, monkeypatch):
    with Store.open(small_db, user="anna") as anna, Store.open(small_db, user="ben") as ben:
        seen = get_measure(anna, "1.1.1").version
        update_measure(ben, "1.1.1", {"review_date": "15.01.2027"}, expected_version=seen)
        with pytest.raises(ConflictError) as exc:
            update_measure(anna, "1.1.1", {"title": "Überschrieben?"}, expected_version=seen)
    assert "ben: Wiedervorlage 01.11.2026 → 15.01.2027" in exc.value.message
    with Store.open(small_db) as store:
        assert get_measure(store, "1.1.1").title == "Sprachcafé an der Volkshochschule"


def test_review_sets_status_ampel_and_next_date(small_db):
    with Store.open(small_db) as store:
        m, review = add_review(store, "1.1.2", "Erster Kurs läuft", status="begonnen", assessment="gelb")
        assert m.status == "in_umsetzung" and m.assessment == "gelb"
        assert review.next_review_date.isoformat() == "2027-05-21"  # six months after the fixed day
        closed, review2 = add_review(store, "1.1.2", "Abgeschlossen", status="erledigt")
        assert closed.review_date is None and review2.next_review_date is None
        _m, changes, reviews = measure_history(store, "1.1.2")
    assert [r.note for r in reviews] == ["Abgeschlossen", "Erster Kurs läuft"]  # newest first, same day by id
    assert any(c.attribute == "status" and c.context == "Sachstand" for c in changes)


def test_review_keeps_or_clears_the_ampel(small_db):
    with Store.open(small_db) as store:
        m, _r = add_review(store, "1.1.2", "Verzögert", assessment="gelb")
        assert m.assessment == "gelb"
        m, review = add_review(store, "1.1.2", "Nichts Neues")
        assert m.assessment == "gelb" and review.assessment == "gelb"  # none given: the Ampel stays
        m, review = add_review(store, "1.1.2", "Neu aufgesetzt, noch nicht zu bewerten", clear_assessment=True)
        assert m.assessment is None and review.assessment is None
        with pytest.raises(ValidationFailed):
            add_review(store, "1.1.2", "Beides", assessment="rot", clear_assessment=True)
        assert get_measure(store, "1.1.2").assessment is None
        _m, changes, _reviews = measure_history(store, "1.1.2")
    assert any(c.attribute == "assessment" and c.context == "Sachstand" for c in changes)


def test_review_refuses_bad_values_and_writes_nothing(small_db):
    before = file_digest(small_db)
    with Store.open(small_db) as store:
        with pytest.raises(ValidationFailed) as exc:
            add_review(store, "1.1.1", "", status="halb fertig", assessment="lila", next_review="31.02.2026")
    text = exc.value.message
    assert "Sachstand: darf nicht leer sein" in text and "„lila“ ist unbekannt" in text
    assert "„31.02.2026“ ist kein gültiges Datum" in text
    assert file_digest(small_db) == before


def test_archive_hides_and_restores(small_db):
    with Store.open(small_db) as store:
        set_archived(store, "5.1", True)
        assert [r["code"] for r in query_measures(store)] == ["1.1.1", "1.1.2"]
        assert [r["code"] for r in query_measures(store, MeasureFilter(archived="only"))] == ["5.1"]
        set_archived(store, "5.1", False)
        assert count_measures(store) == 3


def test_filters_and_folded_search(small_db):
    with Store.open(small_db) as store:
        def codes(**kw):
            return [r["code"] for r in query_measures(store, MeasureFilter(**kw))]
        assert codes(search="hauptstrasse") == ["1.1.2"]
        assert codes(search="weiss") == ["1.1.1"]  # via the contact
        assert codes(search="sprachcafe volkshochschule") == ["1.1.1"]
        assert codes(field="Arbeit und Ausbildung") == ["5.1"]
        assert codes(statuses=["erledigt"]) == ["5.1"]
        assert codes(overdue=True) == ["1.1.1"]
        assert codes(due_within=30) == ["1.1.2"]
        assert codes(contact="Jobcenter Testkreis") == ["5.1"]
        assert codes(search="100%") == []


def test_natural_code_order(empty_db):
    with Store.open(empty_db) as store:
        for code in ("1.10", "1.9", "1.2.1", "Ü2-13"):
            add_measure(store, {"code": code, "title": f"M {code}", "field": "1"})
        assert [r["code"] for r in query_measures(store)] == ["1.2.1", "1.9", "1.10", "Ü2-13"]


def test_markup_and_control_codes_are_stored_as_typed(empty_db):
    title = "[bold]x[/] [/] \x1b[2J <script>"
    with Store.open(empty_db) as store:
        add_measure(store, {"code": "[/]", "title": title, "field": "1"})
        assert get_measure(store, "[/]").title == title


def test_contact_in_use_needs_a_decision(small_db):
    before = file_digest(small_db)
    with Store.open(small_db) as store:
        with pytest.raises(InUse) as exc:
            catalog.remove_contact(store, "Jörg Weiß")
    assert "für 1 Maßnahme zuständig (1.1.1)" in exc.value.message
    assert (exc.value.what, exc.value.name, exc.value.measures) == ("contact", "Jörg Weiß (Volkshochschule)", 1)
    assert "--" not in exc.value.hint
    assert file_digest(small_db) == before
    with Store.open(small_db) as store:
        catalog.remove_contact(store, "Jörg Weiß", reassign_to="Jobcenter Testkreis")
        m = get_measure(store, "1.1.1")
        assert m.contact.organisation == "Jobcenter Testkreis"
        _m, changes, _r = measure_history(store, "1.1.1")
        assert changes[-1].attribute == "contact" and "entfernt" in changes[-1].context


def test_field_in_use_moves_measures_and_goals(small_db):
    with Store.open(small_db) as store:
        with pytest.raises(InUse, match="stehen 2 Maßnahmen"):
            catalog.remove_field(store, "1")
        assert catalog.remove_field(store, "Bildung und Sprache", move_to="5") == 2
        m = get_measure(store, "1.1.1")
        assert m.field == "Arbeit und Ausbildung" and m.goal == "Sprachkursangebote ausbauen"


def test_goal_removal_clears_or_moves(small_db):
    with Store.open(small_db) as store:
        with pytest.raises(InUse):
            catalog.remove_goal(store, "1.1")
        catalog.remove_goal(store, "1.1", clear=True)
        assert get_measure(store, "1.1.1").goal is None


def test_locked_database_gives_a_clear_message(small_db):
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE measures SET notes = 'fremd' WHERE code = '1.1.2'")
    try:
        with Store.open(small_db) as store:
            with pytest.raises(DatabaseProblem) as exc:
                update_measure(store, "1.1.1", {"title": "Neu"})
            assert "gesperrt" in exc.value.message
            assert get_measure(store, "1.1.1").title == "Sprachcafé an der Volkshochschule"
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_exclusive_lock_on_open_gives_a_clear_message(small_db):
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseProblem, match="gesperrt"):
            with Store.open(small_db) as store:
                query_measures(store)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_backup_is_consistent_while_another_writer_waits(small_db, tmp_path):
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE measures SET notes = 'unfertig' WHERE code = '1.1.2'")
    try:
        with Store.open(small_db) as store:
            target = store.backup(tmp_path / "sicherung.db")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(target) as copy:
        assert count_measures(copy) == 3
        assert get_measure(copy, "1.1.2").notes is None


def test_goals_of_the_same_name_in_two_fields_are_told_apart_by_number(small_db):
    with Store.open(small_db) as store:
        other = catalog.add_goal(store, "5", "Sprachkursangebote ausbauen")
        with pytest.raises(NotFound, match="nicht eindeutig"):
            catalog.remove_goal(store, "Sprachkursangebote ausbauen")
        catalog.edit_goal(store, f"#{other.id}", name="Berufssprachkurse ausbauen")
        assert catalog.remove_goal(store, f"#{other.id}") == 0
        assert [g.name for g in catalog.list_goals(store)] == ["Sprachkursangebote ausbauen"]


def test_an_ambiguous_reference_is_a_typed_error_with_its_candidates(small_db):
    with Store.open(small_db) as store:
        other = catalog.add_goal(store, "5", "Sprachkursangebote ausbauen")
        with store.reading() as conn:
            with pytest.raises(Ambiguous, match="nicht eindeutig") as exc:
                catalog.find_goal(conn, "Sprachkursangebote ausbauen")
            assert other.id in [goal_id for goal_id, _field_id, _name in exc.value.candidates]
            assert len(exc.value.candidates) == 2
            with pytest.raises(NotFound) as missing:
                catalog.find_goal(conn, "gibt es nirgends")
            assert not isinstance(missing.value, Ambiguous)


def test_filter_by_ampel_and_open_measures_without_review(small_db):
    with Store.open(small_db) as store:
        update_measure(store, "1.1.2", {"assessment": "gelb", "review_date": ""})
        codes = lambda **kw: [r["code"] for r in query_measures(store, MeasureFilter(**kw))]  # noqa: E731
        assert codes(assessment="gelb") == ["1.1.2"]
        assert codes(assessment="none") == ["1.1.1", "5.1"]
        assert codes(no_review=True) == ["1.1.2"]  # 5.1 has none either, but it is closed
        assert count_measures(store, MeasureFilter(assessment="none", no_review=True)) == 0


def test_timeline_interleaves_changes_and_sachstaende(small_db):
    with Store.open(small_db) as store:
        add_review(store, "1.1.2", "Erster am Tag", assessment="gelb")
        add_review(store, "1.1.2", "Zweiter am Tag")
        update_measure(store, "1.1.2", {"partners": "Caritas"})
        verlauf = timeline(store, "1.1.2")
        _m, changes, reviews = measure_history(store, "1.1.2")
    kinds = [("Sachstand", e.review.note) if e.review else ("Änderung", e.change.attribute) for e in verlauf.entries]
    # a Sachstand has a day but no time: it follows every change of its day
    assert kinds[0] == ("Änderung", "created")
    assert kinds[-2:] == [("Sachstand", "Zweiter am Tag"), ("Sachstand", "Erster am Tag")]
    assert ("Änderung", "partners") in kinds[:-2]
    assert verlauf.measure.code == "1.1.2"
    assert verlauf.changes() == changes and verlauf.reviews() == reviews


def test_a_waiting_write_asks_whether_to_go_on_and_can_be_cancelled(small_db):
    from massnahmen.domain.errors import WriteCancelled
    from massnahmen.store.measures import get_measure, update_measure

    holder = sqlite3.connect(small_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing: the file is locked
    asked: list[float] = []
    with Store.open(small_db) as store:
        store.on_wait = lambda waited: asked.append(waited) or len(asked) < 3
        with pytest.raises(WriteCancelled, match="nichts wurde geändert"):
            update_measure(store, "5.1", {"title": "Wartend"})
        assert len(asked) == 3 and asked == sorted(asked) and asked[-1] >= 0.5
        holder.execute("ROLLBACK")
        asked.clear()
        update_measure(store, "5.1", {"title": "Jetzt frei"})  # not locked: no question
        assert asked == [] and get_measure(store, "5.1").title == "Jetzt frei"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 250  # back to the usual wait
    holder.close()
