"""Many measures at once in the TUI: marks, one change for all, conflicts, undo."""

from datetime import date, timedelta

import pytest

from textual.widgets import Checkbox, Input, Select

from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures, query_measures, update_measure
from massnahmen.tui.dialogs.bulk import BulkDialog
from massnahmen.tui.dialogs.common import ConfirmDialog

from tests.tui.pilot import notifications, running, settle, stored, to_measures, type_text


def first_rows(db, n):
    with Store.open(db) as s:
        return query_measures(s, MeasureFilter(), limit=n)


def messages(app) -> list[str]:
    return [n.message for n in notifications(app)]


async def open_bulk(pilot, app, marks: int) -> BulkDialog:
    await to_measures(pilot)
    for _ in range(marks):
        await pilot.press("space")
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(app.screen, BulkDialog)
    return app.screen


async def test_three_marked_measures_change_at_once_and_come_back_with_ctrl_z(demo_db):
    rows = first_rows(demo_db, 3)
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 3)
        dialog.query_one("#in-status", Select).value = "zurueckgestellt"
        dialog.query_one("#in-assessment", Select).value = "none"
        dialog.query_one("#in-review_date", Input).focus()
        await type_text(pilot, "+4 Wochen")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert not isinstance(app.screen, BulkDialog)
        assert app.screen.table.marked == {}
        assert any("3 Maßnahmen geändert" in m and "Strg+Z" in m for m in messages(app))
        for row in rows:
            m = stored(demo_db, row["code"])
            start = max(date.fromisoformat(row["review_date"]), date(2026, 11, 21)) if row["review_date"] \
                else date(2026, 11, 21)
            assert (m.status, m.assessment, m.review_date) == ("zurueckgestellt", None, start + timedelta(weeks=4))
            assert m.version == row["version"] + 1
        await pilot.press("ctrl+z")
        await settle(pilot, rounds=6)
        assert any("3 Maßnahmen zurückgenommen" in m for m in messages(app))
    for row in rows:
        m = stored(demo_db, row["code"])
        assert (m.status, m.assessment, str(m.review_date or "") or None) == \
               (row["status"], row["assessment"], row["review_date"])


@pytest.mark.parametrize("sizes", [
    {},  # the filter's rows fit the first page: their versions come with it
    {"PAGE": 5},  # counted: the versions come with the count
    {"PAGE": 5, "VERSIONS_UP_TO": 3},  # too many to keep: `*` asks the file
])
async def test_the_marks_are_counted_and_star_marks_all_the_filter_shows(demo_db, monkeypatch, sizes):
    from massnahmen.tui.widgets import measure_table
    from massnahmen.tui.query import TuiFilter

    for name, value in sizes.items():
        monkeypatch.setattr(measure_table, name, value)
    with Store.open(demo_db) as s:
        in_field = count_measures(s, MeasureFilter(field="4"))
        versions = {r["code"]: r["version"] for r in query_measures(s, MeasureFilter(field="4"))}
    assert in_field > 5
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        app.show_measures(TuiFilter(field="4"))
        await settle(pilot, rounds=5)
        await pilot.press("asterisk")
        await settle(pilot, rounds=5)
        assert app.screen.table.marked == versions
        assert (app.screen.table.versions is None) == ("VERSIONS_UP_TO" in sizes)
        assert f"{in_field} markiert" in str(app.screen.query_one("#info").render())
        await pilot.press("asterisk")  # all marked: the star takes the marks away
        await settle(pilot, rounds=5)
        assert app.screen.table.marked == {}


async def test_a_colleagues_change_is_named_and_left_alone_when_asked(demo_db):
    rows = first_rows(demo_db, 2)
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 2)
        with Store.open(demo_db, user="kollegin") as s:
            update_measure(s, rows[1]["code"], {"title": "Von der Kollegin geändert"})
        dialog.query_one("#in-status", Select).value = "verworfen"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ConfirmDialog)
        assert rows[1]["code"] in str(app.screen.question)
        assert stored(demo_db, rows[0]["code"]).status == rows[0]["status"]  # asked first: nothing yet
        await pilot.click("#yes")
        await settle(pilot, rounds=6)
        assert any("1 übersprungen" in m for m in messages(app))
    assert stored(demo_db, rows[0]["code"]).status == "verworfen"
    other = stored(demo_db, rows[1]["code"])
    assert (other.status, other.title) == (rows[1]["status"], "Von der Kollegin geändert")


async def test_bad_or_no_input_keeps_the_dialog_and_writes_nothing(demo_db):
    rows = first_rows(demo_db, 2)
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BulkDialog)
        assert "Nichts gewählt" in str(dialog.query_one("#form-status").render())
        dialog.query_one("#in-review_date", Input).focus()
        await type_text(pilot, "+zwei")
        dialog.query_one("#in-archive", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BulkDialog)
        assert "„+zwei“ verstehe ich nicht" in str(dialog.query_one("#err-review_date").render())
        assert app.focused is dialog.query_one("#in-review_date", Input)
    for row in rows:
        m = stored(demo_db, row["code"])
        assert (m.version, m.archived) == (row["version"], False)


async def test_undo_ends_with_the_next_change(demo_db):
    rows = first_rows(demo_db, 1)
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 0)  # nothing marked: the highlighted measure
        dialog.query_one("#in-archive", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert stored(demo_db, rows[0]["code"]).archived is True
        assert app.bulk_undo
        app.after_write()  # any other change (a form saved) ends the undo
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("Nichts zurückzunehmen" in m for m in messages(app))
    assert stored(demo_db, rows[0]["code"]).archived is True


async def test_field_and_one_of_its_goals_for_the_marked(demo_db):
    from massnahmen.store import catalog

    rows = first_rows(demo_db, 2)
    with Store.open(demo_db) as s:
        goal = catalog.list_goals(s, "4")[0]
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 2)
        assert dialog.query_one("#in-goal", Select).disabled  # no field chosen: the goal stays
        dialog.query_one("#in-field", Select).value = "4"
        await settle(pilot)
        goals = dialog.query_one("#in-goal", Select)
        assert not goals.disabled and goal.name in [v for _p, v in goals._options]
        goals.value = goal.name
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
    for row in rows:
        m = stored(demo_db, row["code"])
        assert (m.field_code, m.goal) == ("4", goal.name)


async def test_priority_for_the_marked_and_none_takes_it_away(demo_db):
    rows = first_rows(demo_db, 2)
    async with running(demo_db) as (app, pilot):
        dialog = await open_bulk(pilot, app, 2)
        priority = dialog.query_one("#in-priority", Select)
        assert priority.value == "keep"
        priority.value = "hoch"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert [stored(demo_db, r["code"]).priority for r in rows] == ["hoch", "hoch"]
        await pilot.press("ctrl+home", "space", "space")  # the same two again
        await pilot.press("b")
        await settle(pilot)
        app.screen.query_one("#in-priority", Select).value = "no-priority"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
    assert [stored(demo_db, r["code"]).priority for r in rows] == [None, None]
    assert all(stored(demo_db, r["code"]).version == r["version"] + 2 for r in rows)
