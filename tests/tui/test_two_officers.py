"""Two officers on one file: conflicts are shown, never silently overwritten, and changes by others
are noticed."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, Select

from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, query_measures, update_measure
from tests.tui.pilot import (
    first_code, open_code, open_form, rendered, review_against_colleague, running, screen_text, settle, stored,
    to_measures,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- two officers on one file ----------------------------------------------------------------
async def _edit_against_colleague(demo_db, pilot, app, code):
    await open_form(pilot, "e")
    with Store.open(demo_db, user="kollegin") as other:
        update_measure(other, code, {"title": "Titel der Kollegin", "funding": "Landesprogramm"})
    app.screen.query_one("#in-title", Input).value = "Mein Titel"
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_conflict_shows_who_changed_what_and_applies_on_request(demo_db):
    from massnahmen.tui.dialogs.common import ConflictDialog

    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await _edit_against_colleague(demo_db, pilot, app, code)
        assert isinstance(app.screen, ConflictDialog)
        shown = screen_text(app)
        assert "kollegin" in shown and "Maßnahme" in shown and "Titel der Kollegin" in shown
        assert stored(demo_db, code).title == "Titel der Kollegin"  # nothing overwritten yet
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.title == "Mein Titel"
    assert m.funding == "Landesprogramm"  # the colleague's other change survives


async def test_when_both_changed_a_field_the_officer_chooses_whose_value_stays(demo_db):
    from massnahmen.tui.dialogs.common import ConflictDialog

    code = first_code(demo_db)
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await open_form(pilot, "e")
        with Store.open(demo_db, user="kollegin") as other:
            update_measure(other, code, {"title": "Titel der Kollegin", "funding": "Landesprogramm"})
        app.screen.query_one("#in-title", Input).value = "Mein Titel"
        app.screen.query_one("#in-indicator", Input).value = "20 Teilnehmende"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        pick = dialog.query_one("#pick-title", Select)  # only the field both changed is asked for
        assert [v for _p, v in pick._options] == ["mine", "theirs"] and len(dialog.query(Select)) == 1
        assert [str(p) for p, _v in pick._options] == ["Ihr Wert: Mein Titel", "kollegin: Titel der Kollegin"]
        pick.value = "theirs"
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.title, m.funding, m.indicator) == ("Titel der Kollegin", "Landesprogramm", "20 Teilnehmende")


async def test_conflict_reload_shows_the_stored_state(demo_db):
    from massnahmen.tui.dialogs.forms import MeasureForm

    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await _edit_against_colleague(demo_db, pilot, app, code)
        await pilot.click("#reload")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm)
        assert app.screen.query_one("#in-title", Input).value == "Titel der Kollegin"
        assert app.screen.query_one("#in-funding", Input).value == "Landesprogramm"
        app.screen.query_one("#in-indicator", Input).value = "20 Teilnehmende"
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.title, m.indicator) == ("Titel der Kollegin", "20 Teilnehmende")


async def test_changes_by_others_are_noticed(demo_db):
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        with Store.open(demo_db, user="cli") as other:
            update_measure(other, code, {"title": "Von der Kommandozeile geändert"})
        app.check_external_changes()
        await settle(pilot)
        assert app.screen.table.current_row()["title"] == "Von der Kommandozeile geändert"
        with Store.open(demo_db, user="cli") as other:
            update_measure(other, code, {"title": "Noch einmal"})
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen.table.current_row()["title"] == "Noch einmal"



async def test_review_force_keeps_the_colleagues_ampel_and_review_date(demo_db):
    from massnahmen.tui.dialogs.common import ConflictDialog

    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code,
                                        {"assessment": "rot", "review_date": "01.02.2027"})
        assert isinstance(app.screen, ConflictDialog)
        shown = rendered(app)
        assert "Kollegin" in shown and "01.02.2027" in shown
        assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d\s+Kollegin", shown)
        assert not re.search(r"\d{4}-\d\d-\d\d", shown)  # no ISO dates or times
        assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)  # nothing yet
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code, reviews=None)
    assert len(m.reviews) == len(before.reviews) + 1
    assert m.reviews[0].note == "Nur eine Notiz" and m.reviews[0].author == "tester"
    assert (m.status, m.assessment, m.review_date.isoformat()) == ("in_umsetzung", "rot", "2027-02-01")
    assert m.reviews[0].assessment == "rot"


async def test_review_force_writes_only_what_the_user_changed(demo_db):
    code = open_code(demo_db, not_assessment="rot")

    def mine(dialog):
        dialog.query_one("#in-status", Select).value = "verstetigt"
        dialog.query_one("#in-next", Input).value = "15.03.2027"

    async with running(demo_db) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code,
                                        {"assessment": "rot", "review_date": "01.02.2027", "funding": "Land"},
                                        mine=mine)
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.status, m.assessment, m.review_date.isoformat(), m.funding) == (
        "verstetigt", "rot", "2027-03-15", "Land")


async def test_review_force_proposes_six_months_when_the_colleague_left_the_date(demo_db):
    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code)
    async with running(demo_db) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code, {"title": "Titel der Kollegin"})
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.title, m.status, m.assessment) == ("Titel der Kollegin", before.status, before.assessment)
    assert m.review_date.isoformat() == "2027-05-21"  # the usual proposal: six months after the Sachstand


def _assessed(demo_db, assessment: str) -> str:
    """An open measure with a Wiedervorlage whose Ampel is assessment."""
    with Store.open(demo_db) as s:
        rows = query_measures(s, MeasureFilter(statuses=["in_umsetzung"]))
    return next(r["code"] for r in rows if r["assessment"] == assessment and r["review_date"])


async def test_review_an_ampel_chosen_again_as_it_was_keeps_the_colleagues_ampel(demo_db):
    """Jana opens the Sachstand on „grün“ and picks „grün“ in the list; Kolja saves „gelb“ meanwhile:
    her choice is no change, so „Trotzdem übernehmen“ leaves his „gelb“ (it was written as grün)."""
    from massnahmen.tui.dialogs.common import ConflictDialog

    code = _assessed(demo_db, "gruen")

    def mine(dialog):
        dialog.query_one("#in-assessment", Select).value = "gruen"
        dialog.query_one("#in-status", Select).value = "in_umsetzung"

    async with running(demo_db) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code, {"assessment": "gelb"}, mine=mine)
        assert isinstance(app.screen, ConflictDialog)
        assert not app.screen.query(Select)  # nothing both changed: nothing to choose
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.assessment, m.reviews[0].note, m.reviews[0].assessment) == ("gelb", "Nur eine Notiz", "gelb")


@pytest.mark.parametrize("pick, expected", [("mine", "rot"), ("theirs", "gelb")])
async def test_review_an_ampel_both_changed_is_offered_as_a_choice(demo_db, pick, expected):
    from massnahmen.tui.dialogs.common import ConflictDialog

    code = _assessed(demo_db, "gruen")

    def mine(dialog):
        dialog.query_one("#in-assessment", Select).value = "rot"

    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code, {"assessment": "gelb"}, mine=mine)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        choice = dialog.query_one("#pick-assessment", Select)
        assert [str(p) for p, _v in choice._options] == ["Ihr Wert: rot (gefährdet)", "Kollegin: gelb (verzögert)"]
        choice.value = pick
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.assessment, m.reviews[0].assessment, m.reviews[0].note) == (expected, expected, "Nur eine Notiz")


async def test_review_a_wiedervorlage_both_changed_is_offered_as_a_choice(demo_db):
    code = _assessed(demo_db, "gruen")

    def mine(dialog):
        dialog.query_one("#in-next", Input).value = "15.03.2027"

    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await review_against_colleague(demo_db, pilot, app, code, {"review_date": "01.02.2027"}, mine=mine)
        choice = app.screen.query_one("#pick-review_date", Select)
        assert [str(p) for p, _v in choice._options] == ["Ihr Wert: 15.03.2027", "Kollegin: 01.02.2027"]
        choice.value = "theirs"
        await pilot.click("#force")
        await settle(pilot)
    assert stored(demo_db, code).review_date.isoformat() == "2027-02-01"


async def test_edit_a_value_typed_again_as_it_was_is_no_change(demo_db):
    """The form's Wiedervorlage retyped in another spelling of the same day, and the Ampel chosen
    again, are no changes: the colleague's new Wiedervorlage and Ampel stay."""
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        form = await open_form(pilot, "e")
        shown = form.query_one("#in-review_date", Input).value
        day, month, year = shown.split(".")
        ampel = form.query_one("#in-assessment", Select).value
        with Store.open(demo_db, user="kollegin") as other:
            update_measure(other, code, {"review_date": "01.02.2028", "assessment": "rot" if ampel != "rot" else "gelb"})
        form.query_one("#in-review_date", Input).value = f"{int(day)}.{int(month)}.{year[2:]}"
        form.query_one("#in-assessment", Select).value = ampel
        form.query_one("#in-title", Input).value = "Mein Titel"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#pick-review_date") and not app.screen.query("#pick-assessment")
        await pilot.click("#force")
        await settle(pilot)
    m = stored(demo_db, code)
    assert (m.title, m.review_date.isoformat()) == ("Mein Titel", "2028-02-01")
    assert m.assessment != ampel


async def test_enter_in_the_conflict_dialog_loses_nothing(demo_db):
    """Focus starts on „Zurück“: Enter returns to the form with the officer's input, nothing written."""
    from massnahmen.tui.dialogs.common import ConflictDialog
    from massnahmen.tui.dialogs.forms import MeasureForm

    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await _edit_against_colleague(demo_db, pilot, app, code)
        assert isinstance(app.screen, ConflictDialog) and app.focused.id == "cancel"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm)
        assert app.screen.query_one("#in-title", Input).value == "Mein Titel"
    assert stored(demo_db, code).title == "Titel der Kollegin"


async def test_review_next_wiedervorlage_takes_plus_weeks_as_the_bulk_dialog_does(demo_db):
    """„+4“ in the Sachstand's next Wiedervorlage: four weeks after the Sachstand's date; „+x“ is refused."""
    from textual.widgets import Static, TextArea

    code = _assessed(demo_db, "gruen")
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        app.screen.query_one("#search", Input).value = code
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#in-note", TextArea).text = "Termin in vier Wochen"
        dialog.query_one("#in-next", Input).value = "+x"
        await pilot.pause()
        assert "„+x“ verstehe ich nicht" in str(dialog.query_one("#err-next", Static).render())
        dialog.query_one("#in-next", Input).value = "+4"
        await pilot.pause()
        assert not dialog.query_one("#err-next", Static).has_class("shown")
        assert "Nächste Wiedervorlage: 19.12.2026" in str(dialog.query_one("#form-status", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
    assert stored(demo_db, code).review_date.isoformat() == "2026-12-19"  # 21.11.2026 + 4 weeks
