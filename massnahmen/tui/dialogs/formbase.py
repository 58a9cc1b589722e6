"""What every form shares: a row of label, field and German error line, choice lists that never
read markup, the modal base with error display, dirty check and escape confirmation."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from massnahmen.domain.attributes import BY_KEY
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import printable
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.runtime.restyle import KeepsStyles
from massnahmen.tui.styles import STYLES


def opts(pairs) -> list[tuple[Text, str]]:
    return [(Text(printable(label)), value) for label, value in pairs]


class FormRow(Horizontal):
    """Label and field in one line. The row draws the label itself, in the room left of its
    fields, rather than holding a Label widget: a form of 17 rows opens faster with 17 widgets less."""

    LABEL_WIDTH = 22

    def __init__(self, label: str, *fields: Widget, id: str) -> None:
        fields[0].add_class("ffirst", update=False)  # starts right of the label (`:first-child`
        for field in fields:  # would restyle each row once more)
            if isinstance(field, Input):
                # the form checks values itself and shows German messages; Textual's own check
                # would only add a class to the field – and restyle it – at every value
                field.validate_on = set()
        super().__init__(*fields, classes="frow fline", id=id)
        self.label = Text(label)

    def render(self) -> Text:
        label = self.label.copy()
        label.truncate(self.LABEL_WIDTH - 1, overflow="ellipsis")
        label.align("right", self.LABEL_WIDTH - 1)
        return Text("\n").append_text(label)


def form_row(key: str, label: str, widget: Widget, *extra: Widget, required: bool | None = None) -> FormRow:
    """Label and field in one line; the line for a German error is added below it when there is
    one (FormScreen.set_error) – fewer widgets, so that a form opens quickly. Required fields get a
    '*' (for a measure's attributes known from the domain; other forms say it)."""
    if required is None:
        required = bool(BY_KEY.get(key) and BY_KEY[key].required)
    return FormRow(label + ("*" if required else ""), widget, *extra, id=f"row-{key}")


def save_cancel_buttons() -> Horizontal:
    """The buttons every form ends with; the keys say the same (Strg+S, Esc)."""
    return Horizontal(
        Button("Speichern (Strg+S)", variant="primary", id="save"),
        Button("Abbrechen (Esc)", id="cancel"),
        classes="dialog-buttons",
    )


class FormScreen(KeepsStyles, ModalScreen[str | None]):
    """Shared behaviour: error labels, dirty check, escape confirmation."""

    BINDINGS = [Binding("ctrl+s", "save", "Speichern"), Binding("escape", "cancel", "Abbrechen")]

    initial: dict | None = None

    def set_error(self, key: str, message: str | None) -> None:
        """Show (or with None take away) the German message below the field of key; a key without
        a field of its own gets it in the form's status line."""
        try:
            row = self.query_one(f"#row-{key}")
        except NoMatches:
            if message:
                self.status(message, error=True)
            return
        row.set_class(bool(message), "invalid")
        try:
            err = self.query_one(f"#err-{key}", Static)
        except NoMatches:
            if not message:
                return
            err = Static("", id=f"err-{key}", classes="ferror")
            parent = row.parent
            assert isinstance(parent, Widget)  # a form row always sits in the form's scroll area
            parent.mount(err, after=row)
        err.update(Text(message or ""))
        err.set_class(bool(message), "shown")

    def focus_first_error(self) -> None:
        """Put the cursor into the first field (top to bottom) that shows an error, and scroll so
        that the field and its message below it are in sight (at 80×24 they may lie below the
        visible part of the form, with only the status line saying „Bitte prüfen“)."""
        for row in self.query(".frow.invalid"):  # in the order of the form
            for widget in row.query("*"):
                if widget.focusable:
                    widget.focus(scroll_visible=False)
                    self.call_after_refresh(self._show_row, row)  # the message was just mounted
                    return

    def _show_row(self, row: Widget) -> None:
        if not row.is_attached:
            return
        row.scroll_visible(animate=False, immediate=True)
        parent = row.parent
        assert isinstance(parent, Widget)
        for err in parent.query(f"#err-{(row.id or '').removeprefix('row-')}"):
            err.scroll_visible(animate=False, immediate=True)

    def status(self, message: str, *, error: bool = False) -> None:
        widget = self.query_one("#form-status", Static)
        widget.update(Text(message, style=STYLES["message.error"] if error else "dim"))

    def collect(self) -> dict:
        raise NotImplementedError

    def action_save(self) -> None:
        raise NotImplementedError

    def dirty(self) -> bool:
        return self.initial is not None and self.collect() != self.initial

    def action_cancel(self) -> None:
        if not self.dirty():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Ihre Änderungen sind nicht gespeichert. Verwerfen?", yes="Verwerfen", no="Weiter bearbeiten"
            ),
            answered,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            event.stop()
            self.action_save()
        elif event.button.id == "cancel":
            event.stop()
            self.action_cancel()


def pydantic_problems(exc: Exception) -> list[InvalidValue]:
    """InvalidValue errors raised inside pydantic validators."""
    out = []
    for err in getattr(exc, "errors", lambda: [])():
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, InvalidValue):
            out.append(inner)
    return out
