"""Writes that never freeze the screen: the work runs in a thread worker; while another process
keeps the file locked (an import on the network drive), a dialog says so and how long it has
waited, and Esc stops waiting – nothing is written then."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from massnahmen.domain.errors import MassnahmenError

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp


class WaitDialog(ModalScreen[None]):
    """„Die Datei ist gerade gesperrt …“ with the seconds waited; Esc or the button cancels."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Nicht mehr warten")]

    def __init__(self, cancel: threading.Event) -> None:
        super().__init__(classes="dialog-screen")
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Die Datei ist gerade gesperrt", style="bold"), classes="dialog-text")
            yield Static(self.text(0), id="wait-text", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Nicht mehr warten (Esc)", variant="warning", id="stop")

    @staticmethod
    def text(waited: float) -> Text:
        return Text(
            f"Jemand anderes speichert oder importiert gerade. Gespeichert wird, sobald die Datei "
            f"frei ist – gewartet: {waited:.0f} s. Nicht mehr warten: nichts wird geändert, "
            "Ihre Eingaben bleiben."
        )

    def waited(self, seconds: float) -> None:
        self.query_one("#wait-text", Static).update(self.text(seconds))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        self.cancel.set()
        self.query_one("#wait-text", Static).update(Text("Wird abgebrochen …", style="bold"))


def run_write(screen, fn: Callable, done: Callable[[object], None], *, group: str = "write") -> None:
    """fn(store) in a worker; done(its result, or the MassnahmenError it raised) on the UI thread."""
    app = screen.app
    cancel = threading.Event()
    dialog: list[WaitDialog] = []

    def on_wait(seconds: float) -> bool:  # in the worker, every quarter second while locked
        app.call_from_thread(show_wait, seconds)
        return not cancel.is_set()

    def show_wait(seconds: float) -> None:
        if not dialog:
            dialog.append(WaitDialog(cancel))
            app.push_screen(dialog[0])
        elif dialog[0].is_mounted:
            dialog[0].waited(seconds)

    def work() -> None:
        def call(store):
            store.on_wait = on_wait
            try:
                return fn(store)
            except MassnahmenError as exc:
                return exc
            finally:
                store.on_wait = None

        result = app.db.call(call)
        app.call_from_thread(finish, result)

    def finish(result) -> None:
        if dialog and app.screen is dialog[0]:
            dialog[0].dismiss(None)
        if result is not None:
            done(result)

    screen.run_worker(work, thread=True, group=group, exit_on_error=False)
