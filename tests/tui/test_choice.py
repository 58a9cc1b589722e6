"""Choice, the forms' one-widget choice list: it shows what Select shows and works as Select does.
Also the guard for a Textual update: Choice subclasses Select's current-value widget from Textual's
private module, and Select must keep finding it."""

from rich.text import Text
from textual.app import App
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from massnahmen.tui.widgets.choice import Choice, ChoiceCurrent

OPTIONS = [(Text("geplant"), "geplant"), (Text("in Umsetzung"), "in_umsetzung"),
           (Text("eine sehr lange Bezeichnung, die nicht in die Zeile passt"), "lang")]


class OneChoice(App):
    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.changes: list = []

    def compose(self):
        yield Choice(OPTIONS, id="c", **self.kwargs)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.changes.append(event.value)


def line(app) -> str:
    return str(app.query_one(ChoiceCurrent).render())


async def test_it_shows_the_prompt_then_the_chosen_value_with_the_arrow():
    app = OneChoice(prompt="bitte wählen")
    async with app.run_test(size=(40, 8)) as pilot:
        choice = app.query_one(Choice)
        assert isinstance(choice.query_one(SelectCurrent), ChoiceCurrent)  # Select finds it
        assert not choice.query_one(ChoiceCurrent).children  # one widget, no text and arrows inside
        assert line(app).startswith("bitte wählen") and line(app).endswith(" ▼")
        choice.focus()
        await pilot.press("enter")  # opens the list …
        await pilot.pause()
        assert choice.expanded and line(app).endswith(" ▲")
        assert choice.query_one(SelectOverlay).has_focus
        await pilot.press("down", "enter")  # … the second entry (the first is the prompt)
        await pilot.pause()
        assert choice.value == "geplant" and app.changes == ["geplant"]
        assert line(app).startswith("geplant") and line(app).endswith(" ▼")


async def test_a_long_value_ends_in_an_ellipsis_on_its_one_line():
    app = OneChoice(value="lang", allow_blank=False)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        current = app.query_one(ChoiceCurrent)
        text = line(app)
        assert current.outer_size.height == 3 and current.size.height == 1  # the border and one line, like Select
        assert "…" in text and len(text) == current.content_size.width
        app.query_one(Choice).value = "in_umsetzung"
        await pilot.pause()
        assert line(app).startswith("in Umsetzung ")
