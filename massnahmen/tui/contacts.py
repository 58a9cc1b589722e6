"""The Kontakte screen (list, add, edit, remove; the measures a contact is responsible for)
and the contact form shared with the measure form."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Static

from massnahmen.domain.contacts import email_problem
from massnahmen.domain.errors import AlreadyExists, InUse, InvalidValue, MassnahmenError, ValidationFailed
from massnahmen.domain.text import one_line, printable
from massnahmen.tui.forms import FormScreen, form_row, opts
from massnahmen.tui.query import TuiFilter

CONTACT_FIELDS = (("name", "Name"), ("organisation", "Organisation"), ("role", "Funktion"),
                  ("email", "E-Mail"), ("phone", "Telefon"))


def pydantic_problems(exc: Exception) -> list[InvalidValue]:
    """InvalidValue errors raised inside pydantic validators."""
    out = []
    for err in getattr(exc, "errors", lambda: [])():
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, InvalidValue):
            out.append(inner)
    return out


class ContactForm(FormScreen):
    """New (ref None) or edit a contact; returns '#id'."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.ref = ref

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form small"):
            yield Static(Text("Neuer Kontakt" if self.ref is None else "Kontakt bearbeiten", style="bold"),
                         id="form-title")
            with VerticalScroll(id="form-body"):
                for key, label in CONTACT_FIELDS:
                    yield form_row(key, label, Input(id=f"in-{key}", select_on_focus=False), required=False)
            yield Static(Text("Name oder Organisation genügt.", style="dim"), id="form-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Speichern (Strg+S)", variant="primary", id="save")
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        from massnahmen.store.catalog import get_contact

        if self.ref is not None:
            contact = self.app.db.call(lambda s: get_contact(s, self.ref))
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
        from pydantic import ValidationError

        from massnahmen.store.catalog import add_contact, edit_contact

        values = self.collect()
        for key, _l in CONTACT_FIELDS:
            self.set_error(key, None)
        try:
            if self.ref is None:
                contact = self.app.db.call(lambda s: add_contact(s, **values))
            else:
                contact = self.app.db.call(lambda s: edit_contact(s, self.ref, **values))
        except (ValidationError, ValidationFailed) as exc:
            problems = exc.problems if isinstance(exc, ValidationFailed) else pydantic_problems(exc)
            for problem in problems:
                key = {"E-Mail": "email", "Telefon": "phone", "Funktion": "role",
                       "Organisation": "organisation"}.get(problem.label, "name")
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

    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def __init__(self, question: Text, choices: list[tuple[str, str]], move_label: str,
                 clear_label: str | None) -> None:
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


class ContactsScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "Neu"),
        Binding("e", "edit", "Bearbeiten"),
        Binding("delete", "remove", "Entfernen"),
        Binding("d", "remove", "Entfernen", show=False),
        Binding("slash", "search", "Suchen", key_display="/"),
        Binding("escape", "focus_table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stale = False
        self.contacts = []

    def compose(self) -> ComposeResult:
        # the class on_resize would set, set before the widgets get their styles: no restyling of
        # the whole screen before the first frame
        self.set_class(self.app.size.width < 130, "narrow", update=False)
        yield Header()
        yield Input(placeholder="Kontakte suchen … (/)", id="c-search", compact=True)
        with Horizontal(id="c-body"):
            yield DataTable(id="c-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="c-detail"):
                yield Static(id="c-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#c-table", DataTable)
        for key, label in (("name", "Name"), ("org", "Organisation"), ("role", "Funktion"),
                           ("email", "E-Mail"), ("phone", "Telefon"), ("n", "Maßn.")):
            table.add_column(Text(label), key=key)
        self.refresh_data()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 130, "narrow")

    def refresh_data(self) -> None:
        from massnahmen.store.catalog import list_contacts

        self.stale = False
        search = self.query_one("#c-search", Input).value.strip() or None
        try:
            self.contacts = self.app.db.call(lambda s: list_contacts(s, search))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        table = self.query_one("#c-table", DataTable)
        row = table.cursor_row
        table.clear()
        for c in self.contacts:
            table.add_row(Text(one_line(c.name, 30)), Text(one_line(c.organisation, 30)),
                          Text(one_line(c.role, 20)), Text(one_line(c.email, 30)), Text(one_line(c.phone, 20)),
                          Text(str(c.measures), justify="right"), key=f"#{c.id}")
        if self.contacts:
            table.move_cursor(row=min(row, len(self.contacts) - 1))
        self.show_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "c-search":
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#c-table").focus()

    def action_search(self) -> None:
        self.query_one("#c-search").focus()

    def action_focus_table(self) -> None:
        self.query_one("#c-table").focus()

    def current(self):
        table = self.query_one("#c-table", DataTable)
        if not self.contacts or table.cursor_row < 0 or table.cursor_row >= len(self.contacts):
            return None
        return self.contacts[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        from massnahmen.store.measures import query_measures

        c = self.current()
        detail = self.query_one("#c-detail-text", Static)
        if c is None:
            detail.update(Text("Keine Kontakte." if not self.contacts else "", style="dim"))
            return
        t = Text()
        t.append(printable(c.display), style="bold")
        for label, value in (("Funktion", c.role), ("E-Mail", c.email), ("Telefon", c.phone)):
            if value:
                t.append(f"\n{label}: ", style="dim")
                t.append(printable(value))
        rows = self.app.db.call(lambda s: query_measures(s, TuiFilter(contact=f"#{c.id}"), limit=15)) or []
        t.append(f"\n\nZuständig für {c.measures} Maßnahmen", style="bold underline")
        t.append("  (Enter zeigt alle)\n", style="dim")
        for r in rows:
            t.append(f"  {one_line(r['code'], 10):<10} ", style="bold")
            t.append(one_line(r["title"], 60))
            t.append("\n")
        if c.measures > len(rows):
            t.append(f"  … und {c.measures - len(rows)} weitere\n", style="dim")
        detail.update(t)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        c = self.current()
        if c is not None:
            self.app.show_measures(TuiFilter(contact=f"#{c.id}"))

    def action_new(self) -> None:
        self.app.push_screen(ContactForm(None), self._saved)

    def action_edit(self) -> None:
        c = self.current()
        if c is not None:
            self.app.push_screen(ContactForm(f"#{c.id}"), self._saved)

    def _saved(self, ref: str | None) -> None:
        if ref:
            self.app.after_write()
            for i, c in enumerate(self.contacts):
                if f"#{c.id}" == ref:
                    self.query_one("#c-table", DataTable).move_cursor(row=i)

    def action_remove(self) -> None:
        from massnahmen.tui.dialogs import ConfirmDialog

        c = self.current()
        if c is None:
            return
        ref = f"#{c.id}"
        if not c.measures:
            question = Text("Kontakt „")
            question.append(printable(c.display))
            question.append("“ entfernen?")
            self.app.push_screen(ConfirmDialog(question, yes="Entfernen", no="Abbrechen"),
                                 lambda ok: self._remove(ref) if ok else None)
            return
        question = Text()
        question.append(printable(c.display), style="bold")
        question.append(f" ist für {c.measures} laufende Maßnahmen zuständig (archivierte werden "
                        "genauso behandelt). Was soll mit ihnen geschehen?")
        choices = [(o.display, f"#{o.id}") for o in self._all_contacts() if o.id != c.id]
        self.app.push_screen(
            ReassignDialog(question, choices, "Übertragen und entfernen", "Zuständigkeit leeren und entfernen"),
            lambda answer: self._remove(ref, answer) if answer else None,
        )

    def _all_contacts(self):
        from massnahmen.store.catalog import list_contacts

        return self.app.db.call(list_contacts)

    def _remove(self, ref: str, answer: tuple[str, str | None] | None = None) -> None:
        from massnahmen.store.catalog import remove_contact

        move = answer[1] if answer and answer[0] == "move" else None
        clear = bool(answer and answer[0] == "clear")
        try:
            n = self.app.db.call(lambda s: remove_contact(s, ref, reassign_to=move, clear=clear))
        except InUse as exc:
            self.app.show_error(exc)
            return
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self.app.notify(f"Kontakt entfernt; {n} Maßnahmen betroffen.", timeout=3, markup=False)
        self.app.after_write()
