"""A small chooser: a title and a few options (Farbschema, Kopieren)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp


class PickBase(ModalScreen[str | None]):
    """A question with a list to pick from: a chosen option answers its id, a button or Esc None.
    (Textual calls a handler of every class in the chain, so the dialogs built on it share only these.)"""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickDialog(PickBase):
    """A title and a short list: Enter on an option answers its id, Esc None."""

    def __init__(self, title: str, choices: list[tuple[str, str]], *, current: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-text")
            yield OptionList(*(Option(label, id=value) for label, value in self.choices), id="pick")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        options = self.query_one("#pick", OptionList)
        ids = [value for _, value in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()
