"""The Sachstand dialog: the date of the meeting (German, not after today, the proposal for the
next review follows it) and the Ampel (unverändert keeps it, „keine“ clears it)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from massnahmen.domain.vocab import assessment_text
from tests.tui.pilot import open_code, rendered, running, settle, stored, to_measures, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def open_review(pilot, app, code):
    await to_measures(pilot)
    app.screen.table.cursor_row = next(
        i for i in range(app.screen.table.total) if app.screen.table.row_at(i)["code"] == code)
    await pilot.press("r")
    await settle(pilot)
    return app.screen


async def test_review_of_last_weeks_meeting_gets_last_weeks_date(demo_db):
    code = open_code(demo_db, not_assessment="rot")
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        date_box = dialog.query_one("#in-date", Input)
        assert date_box.value == "21.11.2026"  # today, German
        await type_text(pilot, "Treffen letzte Woche")
        date_box.value = "14.11.2026"
        await pilot.pause()
        assert dialog.query_one("#in-next", Input).value == "14.05.2027"  # the proposal follows the date
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.reviews[0].note == "Treffen letzte Woche"
    assert m.reviews[0].date.isoformat() == "2026-11-14"
    assert m.review_date.isoformat() == "2027-05-14"


async def test_review_refuses_a_date_that_is_no_date(demo_db):
    from massnahmen.tui.dialogs.review_dialog import ReviewDialog

    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Notiz")
        date_box = dialog.query_one("#in-date", Input)
        date_box.value = "31.02.2026"
        await pilot.pause()
        assert "kein gültiges Datum" in str(dialog.query_one("#err-date", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert app.focused is date_box
        date_box.value = "20.11.2026"
        await pilot.pause()
        assert not dialog.query_one("#err-date").has_class("shown")
    assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)


async def test_review_refuses_a_date_after_today(demo_db):
    from massnahmen.tui.dialogs.review_dialog import ReviewDialog

    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Notiz")
        date_box = dialog.query_one("#in-date", Input)
        date_box.value = "21.11.2036"  # a typo for 2026
        await pilot.pause()
        assert "„21.11.2036“ liegt in der Zukunft" in str(dialog.query_one("#err-date", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
    assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)


async def test_review_ampel_unchanged_differs_from_not_rated(demo_db):
    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code)
    assert before.assessment is not None
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        ampel = dialog.query_one("#in-assessment", Select)
        assert ampel.value == "keep"
        assert f"unverändert – {assessment_text(before.assessment)}" in rendered(app)
        await type_text(pilot, "Erstmal nichts")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(demo_db, code).assessment == before.assessment  # unverändert keeps it
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Neu aufgesetzt")
        dialog.query_one("#in-assessment", Select).value = "none"
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.reviews[0].note == "Neu aufgesetzt"
    assert m.assessment is None and m.reviews[0].assessment is None
