"""The Kontakte screen: list, add, edit, remove; the measures a contact is responsible for."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Input, Static

from massnahmen.domain.errors import InUse, MassnahmenError
from massnahmen.domain.text import counted, one_line, printable
from massnahmen.store.catalog import list_contacts, remove_contact
from massnahmen.store.measures import query_measures
from massnahmen.tui.dialogs.catalog_forms import ContactForm, ReassignDialog
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.query import TuiFilter, contact_choices
from massnahmen.tui.screens.base import DataScreen
from massnahmen.tui.widgets.keybar import KeyBar


class ContactsScreen(DataScreen):
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
        self.contacts: list = []
        self._detail_of = None  # the contact the detail pane shows

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
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#c-table", DataTable)
        for key, label in (
            ("name", "Name"),
            ("org", "Organisation"),
            ("role", "Funktion"),
            ("email", "E-Mail"),
            ("phone", "Telefon"),
            ("n", "Maßn."),
        ):
            table.add_column(Text(label), key=key)
        self.refresh_data()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 130, "narrow")

    def refresh_data(self) -> None:
        self.stale = False
        self._detail_of = None  # read again: the contact or its measures may have changed
        search = self.query_one("#c-search", Input).value.strip() or None
        try:
            contacts = self.app.db.call(lambda s: list_contacts(s, search))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        table = self.query_one("#c-table", DataTable)
        if contacts == self.contacts and table.row_count == len(contacts):
            self.show_detail()  # the same rows (a change elsewhere): only the detail is read again
            return
        self.contacts = contacts
        row = table.cursor_row
        table.clear()
        for c in self.contacts:
            table.add_row(
                Text(one_line(c.name, 30)),
                Text(one_line(c.organisation, 30)),
                Text(one_line(c.role, 20)),
                Text(one_line(c.email, 30)),
                Text(one_line(c.phone, 20)),
                Text(str(c.measures), justify="right"),
                key=f"#{c.id}",
            )
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
        """The highlighted contact at once; the measures it is responsible for follow from a worker
        (on 100 000 measures the query takes a moment, and the arrow keys must not wait for it)."""
        c = self.app.highlighted_contact = self.current()
        detail = self.query_one("#c-detail-text", Static)
        if c is None:
            detail.update(Text("Keine Kontakte." if not self.contacts else "", style="dim"))
            return
        if c is self._detail_of:
            return  # shown already (the table highlights the row again as it is filled)
        self._detail_of = c
        detail.update(self.detail_text(c, None))
        self.load_measures_of(c)

    @work(thread=True, exclusive=True, group="contact-detail", exit_on_error=False)
    def load_measures_of(self, c) -> None:
        rows = self.app.db.call(lambda s: query_measures(s, TuiFilter(contact=f"#{c.id}"), limit=15))
        if rows is not None:
            self.app.call_from_thread(self._measures_loaded, c, rows)

    def _measures_loaded(self, c, rows: list[dict]) -> None:
        if c is self._detail_of:
            self.query_one("#c-detail-text", Static).update(self.detail_text(c, rows))

    @staticmethod
    def detail_text(c, rows: list[dict] | None) -> Text:
        """A contact and (rows: None while they load) the first measures it is responsible for."""
        t = Text()
        t.append(printable(c.display), style="bold")
        for label, value in (("Funktion", c.role), ("E-Mail", c.email), ("Telefon", c.phone)):
            if value:
                t.append(f"\n{label}: ", style="dim")
                t.append(printable(value))
        t.append(f"\n\nZuständig für {counted(c.measures, 'Maßnahme', 'Maßnahmen')}", style="bold underline")
        t.append("  (Enter zeigt alle)\n", style="dim")
        if rows is None:
            if c.measures:
                t.append("  lädt …\n", style="dim")
            return t
        for r in rows:
            t.append(f"  {one_line(r['code'], 10):<10} ", style="bold")
            t.append(one_line(r["title"], 60))
            t.append("\n")
        if c.measures > len(rows):
            t.append(f"  … und {c.measures - len(rows)} weitere\n", style="dim")
        return t

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
            search = self.query_one("#c-search", Input)
            if search.value.strip() and all(f"#{c.id}" != ref for c in self.contacts):
                # the search would hide the contact just saved: show all, with it highlighted
                search.value = ""
                self.refresh_data()
                self.app.notify(
                    "Die Suche ist aufgehoben, damit der gespeicherte Kontakt zu sehen ist.", timeout=4, markup=False
                )
            for i, c in enumerate(self.contacts):
                if f"#{c.id}" == ref:
                    self.query_one("#c-table", DataTable).move_cursor(row=i)

    def action_remove(self) -> None:
        c = self.current()
        if c is None:
            return
        ref = f"#{c.id}"
        if not c.measures:
            question = Text("Kontakt „")
            question.append(printable(c.display))
            question.append("“ entfernen?")
            self.app.push_screen(
                ConfirmDialog(question, yes="Entfernen", no="Abbrechen"), lambda ok: self._remove(ref) if ok else None
            )
            return
        question = Text()
        question.append(printable(c.display), style="bold")
        question.append(
            f" ist für {counted(c.measures, 'laufende Maßnahme', 'laufende Maßnahmen')} zuständig "
            "(archivierte werden genauso behandelt). Was soll mit ihnen geschehen?"
        )
        choices = [(shown, ref) for shown, ref in self.app.db.call(contact_choices) if ref != f"#{c.id}"]
        self.app.push_screen(
            ReassignDialog(question, choices, "Übertragen und entfernen", "Zuständigkeit leeren und entfernen"),
            lambda answer: self._remove(ref, answer) if answer else None,
        )

    def _remove(self, ref: str, answer: tuple[str, str | None] | None = None) -> None:
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
        self.app.notify(f"Kontakt entfernt; {counted(n, 'Maßnahme', 'Maßnahmen')} betroffen.", timeout=3, markup=False)
        self.app.after_write()
