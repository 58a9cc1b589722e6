"""At 80×24, the smallest terminal an office has: nothing an officer needs is cut off or hidden –
the Verlauf's old and new values, a form's error, the keys on the key line, dialog buttons under
toasts, words cut in the middle."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, TextArea

from massnahmen.domain.bounds import MAX_TEXT

from tests.tui.pilot import first_code, open_form, rendered, running, settle, to_measures

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def inside(widget, area) -> bool:
    """The widget's region lies within the area's (both on the screen) – it can be seen there."""
    r, a = widget.region, area.region
    return r.height > 0 and a.y <= r.y and r.y + r.height <= a.y + a.height


async def test_the_verlauf_shows_old_and_new_values_at_80_columns(demo_db):
    from massnahmen.store.db import Store
    from massnahmen.store.measures import update_measure
    from massnahmen.tui.dialogs.common import HistoryScreen

    code = first_code(demo_db)
    with Store.open(demo_db, user="Kollegin") as other:
        update_measure(other, code, {"funding": "Landesprogramm Integration", "review_date": "01.02.2027"})
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        width = app.screen.query_one("#history-scroll").content_region.width
        shown = rendered(app, width=width)
    assert "→ 01.02.2027" in shown and "Landesprogramm Integration" in shown
    assert "… →" not in shown and "…\n" not in shown.replace("(Sachstand)", "")


@pytest.mark.parametrize("key, widget, value, message", [
    ("review_date", Input, "31.02.2027", "kein gültiges Datum"),
    ("notes", TextArea, "x" * (MAX_TEXT + 1), "zu lang"),  # the last field: its message is the form's last line
], ids=["wiedervorlage", "notizen"])
async def test_a_forms_error_below_the_visible_part_is_scrolled_into_sight(demo_db, key, widget, value, message):
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        form = await open_form(pilot, "e")
        field = form.query_one(f"#in-{key}", widget)
        body = form.query_one("#form-body")
        field.focus()  # the officer is in the field, which is the last line in sight
        await settle(pilot)
        row = form.query_one(f"#row-{key}")
        body.scroll_to(y=row.virtual_region.bottom - body.scrollable_content_region.height, animate=False)
        await settle(pilot)
        if widget is Input:
            field.value = value
        else:
            field.text = value
        await settle(pilot)
        err = form.query_one(f"#err-{key}", Static)
        assert inside(row, body) and not inside(err, body)  # the message is there, but out of sight
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused is field
        assert inside(err, body), (err.region, body.region)
        assert message in str(err.render())


@pytest.mark.renders  # toasts are mounted when the screen is drawn
async def test_toasts_over_a_dialog_leave_its_buttons_free(demo_db):
    from textual.widgets._toast import Toast

    async with running(demo_db, size=(80, 24), toasts=True) as (app, pilot):
        form = await open_form(pilot, "r")
        app.notify("Andere haben die Datei geändert; die Anzeige ist neu geladen. " * 3, timeout=8)
        app.show_error("Die Datei ist gerade gesperrt – bitte gleich noch einmal versuchen.")
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2 and app.screen is form
        for button in form.query(".dialog-buttons Button"):
            assert button.region.height
            assert not any(t.region.overlaps(button.region) for t in toasts), button.id


async def test_text_is_shortened_at_a_words_end_not_cut_in_the_middle(demo_db):
    """The filter summary above the table, the ideas' text column, the report dialog's checkboxes
    and the help's two columns at 80 columns."""
    from textual.widgets import Checkbox

    from massnahmen.tui.dialogs.common import HelpScreen

    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        app.screen.query_one("#search", Input).value = "Sprachkurs für Eltern mit kleinen Kindern am Abend"
        await settle(pilot, rounds=5)
        info = str(app.screen.query_one("#info", Static).render())
        assert len(info) <= 78 and info.endswith("…"), info
        shown = info.split("Filter: ", 1)[1][:-1]  # „Suche „Sprachkurs für Eltern …“
        full = "Suche „Sprachkurs für Eltern mit kleinen Kindern am Abend“"
        assert full.startswith(shown) and full[len(shown)] == " ", shown  # ends where a word ends

        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        line = screen.query_one("#i-table").render_line(1).text.rstrip()
        cell = line.split("  ")[-1].strip()
        idea = screen.ideas[0].text
        assert cell.endswith("…") and idea.startswith(cell[:-1]) and idea[len(cell) - 1] == " ", (cell, idea)

        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = rendered(app, width=app.screen.query_one("#help-scroll").content_region.width)
        wrapped = [l for l in help_text.splitlines() if "Sicherung …" in l][0]
        assert wrapped.startswith(" " * 10), wrapped  # the description's second line stays in its column

    from tests.tui.test_documents_tui import palette

    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await palette(pilot, "Bericht erstellen")
        body = app.screen.query_one("#job-body")
        for box in app.screen.query(Checkbox):
            assert 22 + 4 + len(str(box.label)) <= body.scrollable_content_region.width, str(box.label)
        for button in app.screen.query(".dialog-buttons Button"):  # the fields scroll, the buttons stay in sight
            assert button.region.height == 3 and button.region.bottom <= 24, (button.id, button.region)
