"""Many measures at once: one transaction, one history entry each, conflicts, undo."""

import pytest

from massnahmen.domain.errors import ConflictError, ValidationFailed
from massnahmen.store.db import Store
from massnahmen.store.measures import (
    ARCHIVED, POSTPONE_WEEKS, MeasureFilter, get_measure, measure_history, query_measures, update_many,
    count_measures, count_with_versions, update_measure, versions_of,
)


def open_codes(store, n):
    return [(r["code"], r["version"]) for r in query_measures(store, MeasureFilter(open_only=True), limit=n)]


def test_status_ampel_and_contact_for_many_with_one_history_entry_each(demo_db):
    with Store.open(demo_db) as s:
        marked = [(r["code"], r["version"]) for r in query_measures(s, MeasureFilter(open_only=True), limit=40)
                  if r["status"] != "zurueckgestellt" and r["assessment"] != "rot"][:5]
        result = update_many(s, [(c, v, {"status": "zurueckgestellt", "assessment": "rot", "contact": "#1"})
                                 for c, v in marked], context="Sammeländerung")
        assert sorted(result.changed) == sorted(c for c, _ in marked) and not result.conflicts
        for code, version in marked:
            m = get_measure(s, code, reviews=0)
            assert (m.status, m.assessment, m.contact.id, m.version) == ("zurueckgestellt", "rot", 1, version + 1)
            rows = [c for c in measure_history(s, code)[1] if c.context == "Sammeländerung"]
            assert {c.attribute for c in rows} >= {"status", "assessment"}
            assert len({(c.at, c.author) for c in rows}) == 1  # one entry of the Verlauf


def test_postpone_by_weeks_counts_from_each_measures_own_date(demo_db):
    with Store.open(demo_db) as s:
        rows = [r for r in query_measures(s, MeasureFilter(open_only=True), limit=50) if r["review_date"]]
        later = next(r for r in rows if r["review_date"] > "2026-12-31")
        overdue = next(r for r in rows if r["review_date"] < "2026-11-21")
        update_many(s, [(r["code"], r["version"], {POSTPONE_WEEKS: 2}) for r in (later, overdue)])
        assert str(get_measure(s, later["code"]).review_date) > later["review_date"]
        from datetime import date, timedelta
        assert get_measure(s, later["code"]).review_date == date.fromisoformat(later["review_date"]) + timedelta(weeks=2)
        # an overdue date moves from today, not from its past date
        assert get_measure(s, overdue["code"]).review_date == date(2026, 11, 21) + timedelta(weeks=2)


def test_a_colleagues_change_is_a_conflict_and_nothing_is_written(demo_db):
    with Store.open(demo_db) as s:
        marked = open_codes(s, 3)
        update_measure(s, marked[1][0], {"title": "Vom Kollegen geändert"})
        before = {c: get_measure(s, c, reviews=0).status for c, _ in marked}
        with pytest.raises(ConflictError, match=f"1 Maßnahme wurde inzwischen von anderen geändert: {marked[1][0]}"):
            update_many(s, [(c, v, {"status": "verworfen"}) for c, v in marked])
        assert {c: get_measure(s, c, reviews=0).status for c, _ in marked} == before
        result = update_many(s, [(c, v, {"status": "verworfen"}) for c, v in marked], skip_conflicts=True)
        assert result.conflicts == [marked[1][0]]
        assert get_measure(s, marked[0][0]).status == "verworfen"
        assert get_measure(s, marked[1][0]).status == before[marked[1][0]]


def test_an_invalid_value_refuses_everything(demo_db):
    with Store.open(demo_db) as s:
        marked = open_codes(s, 3)
        with pytest.raises(ValidationFailed, match="31.02.2027"):
            update_many(s, [(c, v, {"review_date": "31.02.2027"}) for c, v in marked])
        assert all(get_measure(s, c, reviews=0).version == v for c, v in marked)


def test_undo_brings_back_every_changed_value(demo_db):
    with Store.open(demo_db) as s:
        marked = open_codes(s, 4)
        before = {c: get_measure(s, c, reviews=0) for c, _ in marked}
        result = update_many(s, [(c, v, {"field": "9", "status": "umgesetzt", "assessment": "", ARCHIVED: True,
                                          POSTPONE_WEEKS: 4}) for c, v in marked])
        assert all(get_measure(s, c, reviews=0).archived for c, _ in marked)
        update_many(s, result.undo, context="Rückgängig")
        for code, _ in marked:
            now, was = get_measure(s, code, reviews=0), before[code]
            assert (now.field_code, now.goal, now.status, now.assessment, now.review_date, now.archived) == \
                   (was.field_code, was.goal, was.status, was.assessment, was.review_date, was.archived)


def test_undo_after_a_colleagues_change_is_a_conflict(demo_db):
    with Store.open(demo_db) as s:
        marked = open_codes(s, 2)
        result = update_many(s, [(c, v, {"status": "verworfen"}) for c, v in marked])
        update_measure(s, marked[0][0], {"status": "geplant"})
        with pytest.raises(ConflictError):
            update_many(s, result.undo)
        assert get_measure(s, marked[1][0]).status == "verworfen"


def test_values_already_there_are_unchanged_without_history(demo_db):
    with Store.open(demo_db) as s:
        (code, version), = open_codes(s, 1)
        status = get_measure(s, code).status
        result = update_many(s, [(code, version, {"status": status})])
        assert result.unchanged == [code] and result.changed == [] and result.undo == []
        assert get_measure(s, code).version == version


def test_marking_all_a_filter_finds_takes_each_ones_version(demo_db):
    with Store.open(demo_db) as s:
        update_measure(s, first := query_measures(s, MeasureFilter(), limit=1)[0]["code"], {"notes": "neu"})
        for flt in (MeasureFilter(), MeasureFilter(open_only=True, search="sprach"), MeasureFilter(archived="only")):
            expected = {r["code"]: r["version"] for r in query_measures(s, flt)}
            assert versions_of(s, flt) == expected
        assert versions_of(s)[first] == get_measure(s, first, reviews=0).version > 1
        assert versions_of(s, MeasureFilter(search="kein-solches-wort")) == {}


def test_the_count_keeps_the_versions_only_up_to_a_limit(demo_db):
    with Store.open(demo_db) as s:
        for flt in (MeasureFilter(), MeasureFilter(search="sprach"), MeasureFilter(search="kein-solches-wort")):
            total = count_measures(s, flt)
            assert count_with_versions(s, flt, up_to=total) == (total, versions_of(s, flt))
            if total:
                assert count_with_versions(s, flt, up_to=total - 1) == (total, None)
