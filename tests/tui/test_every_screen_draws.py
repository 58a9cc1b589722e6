"""Every screen and dialog drawn once, at 80×24, on data with markup and control characters: the
other pilot tests skip drawing (tests/tui/conftest.py), this one draws every frame."""

import pytest

from massnahmen.store.db import Store
from massnahmen.store.measures import add_measure
from tests.tui.pilot import running, settle

pytestmark = pytest.mark.renders

# (keys, the screen that must then be shown); "escape" closes a dialog again
STEPS = [
    ((), "OverviewScreen"),
    (("2",), "MeasuresScreen"),
    (("space", "up"), "MeasuresScreen"),
    (("e",), "MeasureForm"), (("escape",), "MeasuresScreen"),
    (("r",), "ReviewDialog"), (("escape",), "MeasuresScreen"),
    (("h",), "HistoryScreen"), (("escape",), "MeasuresScreen"),
    (("b",), "BulkDialog"), (("escape",), "MeasuresScreen"),
    (("f",), "FilterDialog"), (("escape",), "MeasuresScreen"),
    (("v",), "ViewsDialog"), (("escape",), "MeasuresScreen"),
    (("V",), "TextDialog"), (("escape",), "MeasuresScreen"),
    (("y",), "PickDialog"), (("escape",), "MeasuresScreen"),
    (("g",), "TextDialog"), (("escape",), "MeasuresScreen"),
    (("a",), "ConfirmDialog"), (("escape",), "MeasuresScreen"),
    (("A",), "MeasuresScreen"), (("A",), "MeasuresScreen"),
    (("f1",), "HelpScreen"), (("escape",), "MeasuresScreen"),
    (("ctrl+p",), "GermanCommandPalette"), (("escape",), "MeasuresScreen"),
    (("3",), "ContactsScreen"), (("e",), "ContactForm"), (("escape",), "ContactsScreen"),
    (("4",), "FieldsScreen"), (("n",), "FieldForm"), (("escape",), "FieldsScreen"),
    (("5",), "IdeasScreen"),
]
PALETTE = ["Exportieren", "Bericht erstellen", "Sachstandsabfrage", "Rücklauf", "Farbschema"]


async def weird_data(db) -> None:
    with Store.open(db) as s:  # the first row: markup, a control character, a very long word
        add_measure(s, {"code": "0.1", "title": "[bold]Fett?[/] \x1b[31m " + "Integrationslotsenprogramm" * 6,
                        "field": "1", "notes": "[link=x]y[/link]"})


async def test_every_screen_and_dialog_draws(demo_db):
    await weird_data(demo_db)
    async with running(demo_db) as (app, pilot):
        for keys, expected in STEPS:
            if keys:
                await pilot.press(*keys)
            await settle(pilot, rounds=1)
            assert type(app.screen).__name__ == expected, (keys, app.screen)


@pytest.mark.parametrize("command", PALETTE)
async def test_every_palette_dialog_draws(command, demo_db):
    await weird_data(demo_db)
    async with running(demo_db) as (app, pilot):
        await pilot.press("2")
        await settle(pilot, rounds=1)
        (found,) = [c for c in app.get_system_commands(app.screen) if c.title == command]
        found.callback()
        await settle(pilot, rounds=1)
        assert type(app.screen).__name__ != "MeasuresScreen", command
        await pilot.press("escape")
        await settle(pilot, rounds=1)
        assert type(app.screen).__name__ == "MeasuresScreen", command
