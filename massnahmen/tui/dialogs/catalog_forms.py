"""The small forms for the catalog – contacts, Handlungsfelder, Ziele – and the dialog that asks
where the measures go when one of them is removed. The measure form opens the contact and goal
forms too, so they live here and not in the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from massnahmen.domain.contacts import email_problem
from massnahmen.domain.errors import AlreadyExists, InvalidValue, MassnahmenError, ValidationFailed
from massnahmen.domain.text import printable
from massnahmen.store.catalog import (
    add_contact,
    add_field,
    add_goal,
    edit_contact,
    edit_field,
    edit_goal,
    get_contact,
    list_fields,
)
from massnahmen.tui.dialogs.formbase import FormScreen, form_row, opts, pydantic_problems, save_cancel_buttons

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp

CONTACT_FIELDS = (
    ("name", "Name"),
    ("organisation", "Organisation"),
    ("role", "Funktion"),
    ("email", "E-Mail"),
    ("phone", "Telefon"),
)


class ContactForm(FormScreen):
    """New (ref None) or edit a contact; returns '#id'."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.ref = ref

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form small"):
            yield Static(
                Text("Neuer Kontakt" if self.ref is None else "Kontakt bearbeiten", style="bold"), id="form-title"
            )
            with VerticalScroll(id="form-body", can_focus=False):  # the fields take the keys
                for key, label in CONTACT_FIELDS:
                    yield form_row(key, label, Input(id=f"in-{key}", select_on_focus=False), required=False)
            yield Static(Text("Name oder Organisation genügt.", style="dim"), id="form-status")
            yield save_cancel_buttons()

    def on_mount(self) -> None:
        if (ref := self.ref) is not None:
            contact = self.app.db.call(lambda s: get_contact(s, ref))
            for key, _label in CONTACT_FIELDS:
                self.query_one(f"#in-{key}", Input).value = printable(getattr(contact, key) or "")
        self.initial = self.collect()
        for key, _label in CONTACT_FIELDS:
            self.set_error(key, None)
        self.query_one("#in-name", Input).focus()

    def collect(self) -> dict:
        return {key: self.query_one(f"#in-{key}", Input).value for key, _l in CONTACT_FIELDS}

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "in-email":
            self.set_error("email", email_problem(event.value.strip()))

    def action_save(self) -> None:
        values = self.collect()
        for key, _l in CONTACT_FIELDS:
            self.set_error(key, None)
        try:
            if self.ref is None:
                contact = self.app.db.call(lambda s: add_contact(s, **values))
            else:
                ref = self.ref
                contact = self.app.db.call(lambda s: edit_contact(s, ref, **values))
        except (ValidationError, ValidationFailed) as exc:
            problems = exc.problems if isinstance(exc, ValidationFailed) else pydantic_problems(exc)
            for problem in problems:
                key = {"E-Mail": "email", "Telefon": "phone", "Funktion": "role", "Organisation": "organisation"}.get(
                    problem.label, "name"
                )
                self.set_error(key, problem.detail)
            self.status("Bitte prüfen.", error=True)
            return
        except InvalidValue as exc:
            self.set_error("email" if exc.label == "E-Mail" else "name", exc.detail)
            return
        except AlreadyExists as exc:
            self.set_error("name", exc.message)
            return
        except MassnahmenError as exc:
            self.status(exc.message, error=True)
            return
        self.app.notify(f"Kontakt „{contact.display}“ gespeichert.", timeout=3, markup=False)
        self.dismiss(f"#{contact.id}")


class ReassignDialog(ModalScreen[tuple[str, str | None] | None]):
    """Removing something that measures still use: move them elsewhere, or clear the reference."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def __init__(
        self, question: Text, choices: list[tuple[str, str]], move_label: str, clear_label: str | None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.choices = question, choices
        self.move_label, self.clear_label = move_label, clear_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.question, classes="dialog-text")
            yield Select(opts(self.choices), prompt="wohin?", id="target")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.move_label, variant="primary", id="move")
                if self.clear_label:
                    yield Button(self.clear_label, variant="warning", id="clear")
                yield Button("Abbrechen", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "move":
            value = self.query_one("#target", Select).value
            if value is Select.NULL:
                self.app.notify("Bitte zuerst wählen, wohin.", severity="warning", timeout=3, markup=False)
                return
            self.dismiss(("move", str(value)))
        elif event.button.id == "clear":
            self.dismiss(("clear", None))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _SmallForm(FormScreen):
    KEYS: tuple[tuple[str, str], ...] = ()
    FORM_TITLE = ""

    def __init__(self, values: dict | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.values = values or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form small"):
            yield Static(Text(self.FORM_TITLE, style="bold"), id="form-title")
            with VerticalScroll(id="form-body", can_focus=False):  # the fields take the keys
                for key, label in self.KEYS:
                    yield form_row(
                        key,
                        label,
                        Input(value=printable(self.values.get(key) or ""), id=f"in-{key}", select_on_focus=False),
                        required=key in self.REQUIRED,
                    )
            yield Static("", id="form-status")
            yield save_cancel_buttons()

    def on_mount(self) -> None:
        self.initial = self.collect()
        for key, _l in self.KEYS:
            self.set_error(key, None)
        self.query_one(f"#in-{self.KEYS[0][0]}", Input).focus()

    def collect(self) -> dict:
        return {key: self.query_one(f"#in-{key}", Input).value.strip() for key, _l in self.KEYS}

    def on_input_changed(self, event: Input.Changed) -> None:
        """A field's error goes as soon as it is corrected: filled if it was missing; a taken
        value is checked again only when saving."""
        key = (event.input.id or "").removeprefix("in-")
        if key in {k for k, _l in self.KEYS} and (event.value.strip() or key not in self.REQUIRED):
            self.set_error(key, None)

    def action_save(self) -> None:
        values = self.collect()
        missing = False
        for key, _label in self.KEYS:
            if key in self.REQUIRED and not values[key]:
                self.set_error(key, "darf nicht leer sein")
                missing = True
            else:
                self.set_error(key, None)
        if missing:
            self.focus_first_error()
            return
        try:
            result = self.save(values)
        except AlreadyExists as exc:
            self.set_error(self.KEYS[-1][0], exc.message)
            self.focus_first_error()
            return
        except (InvalidValue, MassnahmenError) as exc:
            self.status(exc.message.replace("\n", "; "), error=True)
            return
        except Exception as exc:  # pydantic refusals
            problems = pydantic_problems(exc)
            if not problems:
                raise
            self.status("; ".join(p.message for p in problems), error=True)
            return
        self.dismiss(result)

    REQUIRED: tuple[str, ...] = ()

    def save(self, values: dict) -> str:
        raise NotImplementedError


class FieldForm(_SmallForm):
    KEYS = (("code", "Kürzel"), ("name", "Name"))
    REQUIRED = ("code", "name")

    def __init__(self, ref: str | None = None, values: dict | None = None) -> None:
        super().__init__(values)
        self.ref = ref
        self.FORM_TITLE = "Neues Handlungsfeld" if ref is None else "Handlungsfeld bearbeiten"

    def save(self, values: dict) -> str:
        if self.ref is None:
            field = self.app.db.call(lambda s: add_field(s, values["code"], values["name"]))
        else:
            ref = self.ref
            field = self.app.db.call(lambda s: edit_field(s, ref, code=values["code"], name=values["name"]))
        self.app.notify(f"Handlungsfeld „{field.code} {field.name}“ gespeichert.", timeout=3, markup=False)
        return field.code


class GoalForm(_SmallForm):
    KEYS = (("name", "Ziel"), ("code", "Kürzel (optional)"))
    REQUIRED = ("name",)

    def __init__(self, field_code: str, ref: str | None = None, values: dict | None = None) -> None:
        super().__init__(values)
        self.field_code = field_code
        self.ref = ref
        self.FORM_TITLE = "Neues Ziel" if ref is None else "Ziel bearbeiten"

    def compose(self) -> ComposeResult:
        """The title names the Handlungsfeld the goal belongs to."""
        fields = self.app.db.call(list_fields)
        field = next((f for f in fields if f.code == self.field_code), None)
        where = f"{field.code} {field.name}" if field else self.field_code
        self.FORM_TITLE = (
            f"Neues Ziel im Handlungsfeld „{printable(where)}“"
            if self.ref is None
            else f"Ziel im Handlungsfeld „{printable(where)}“ bearbeiten"
        )
        yield from super().compose()

    def save(self, values: dict) -> str:
        if self.ref is None:
            goal = self.app.db.call(lambda s: add_goal(s, self.field_code, values["name"], values["code"] or None))
        else:
            ref = self.ref
            goal = self.app.db.call(lambda s: edit_goal(s, ref, name=values["name"], code=values["code"]))
        self.app.notify(f"Ziel „{goal.name}“ gespeichert.", timeout=3, markup=False)
        return goal.name
