"""Filters of several values and saved views: the filter dialog (several statuses, „alle offenen“,
several Handlungsfelder, Ampel, overdue), saving the current filter and sort under a name, and the
list of saved views to choose from (kept in the file: colleagues see the same list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from massnahmen.domain.errors import AlreadyExists, MassnahmenError
from massnahmen.domain.text import printable
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.store.catalog import list_fields
from massnahmen.store.views import delete_view, list_views, save_view
from massnahmen.tui.dialogs.common import ConfirmDialog, TextDialog
from massnahmen.tui.query import TuiFilter

NOT_RATED = "none"

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp


class FilterDialog(ModalScreen[TuiFilter | None]):
    """Several statuses and fields at once; answers the new filter (search, sort, contact kept)."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Abbrechen"), Binding("ctrl+s", "apply", "Anwenden")]

    def __init__(self, flt: TuiFilter) -> None:
        super().__init__(classes="dialog-screen")
        self.flt = flt

    def compose(self) -> ComposeResult:
        flt = self.flt
        with Vertical(classes="dialog wide"):
            yield Static(Text("Filter – Leertaste wählt, mehrere sind möglich", style="bold"), classes="dialog-text")
            with Horizontal(id="filter-lists"):
                yield SelectionList[str](
                    *[(STATUS.label(k), k, k in flt.statuses) for k in STATUS.keys], id="flt-status"
                )
                yield SelectionList[str](id="flt-fields")
            with Horizontal(id="filter-options"):
                yield Checkbox(
                    "alle offenen",
                    value=flt.open_only,
                    id="flt-open",
                    compact=True,
                    tooltip="ohne umgesetzte und verworfene",
                )
                yield Checkbox("nur überfällige", value=flt.overdue, id="flt-overdue", compact=True)
            chosen_assessments = set(flt.assessments) | ({flt.assessment} if flt.assessment else set())
            with Horizontal(id="filter-assessment"):  # several at once: rot and gelb
                yield Static("Ampel:", classes="flt-label")
                for key, label in [(t.key, t.label) for t in ASSESSMENT.terms] + [(NOT_RATED, "nicht bewertet")]:
                    yield Checkbox(label, value=key in chosen_assessments, id=f"flt-assessment-{key}", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Anwenden (Strg+S)", variant="primary", id="apply")
                yield Button("Alle Filter weg", id="clear")
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#flt-status").border_title = "Status"
        fields_list = self.query_one("#flt-fields", SelectionList)
        fields_list.border_title = "Handlungsfelder"
        try:
            fields = self.app.db.call(list_fields)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        chosen = set(self.flt.fields) | ({self.flt.field} if self.flt.field else set())
        fields_list.add_options([(printable(f"{f.code} {f.name}"), f.code, f.code in chosen) for f in fields])
        self.query_one("#flt-status", SelectionList).focus()

    def chosen(self) -> TuiFilter:
        statuses = list(self.query_one("#flt-status", SelectionList).selected)
        open_only = self.query_one("#flt-open", Checkbox).value
        if open_only:  # „alle offenen“ and a closed status would show nothing: the statuses win
            open_only = not any(s in CLOSED_STATUSES for s in statuses)
        fields = list(self.query_one("#flt-fields", SelectionList).selected)
        chosen_assessments = [
            key
            for key in [t.key for t in ASSESSMENT.terms] + [NOT_RATED]
            if self.query_one(f"#flt-assessment-{key}", Checkbox).value
        ]
        return self.flt.copy(
            statuses=statuses,
            open_only=open_only,
            field=None,
            goal=None,
            fields=fields,
            overdue=self.query_one("#flt-overdue", Checkbox).value,
            assessment=None,
            assessments=chosen_assessments,
        )

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(TuiFilter(archived=self.flt.archived, sort=self.flt.sort, descending=self.flt.descending))
        else:
            self.dismiss(None)


def save_current_view(app, flt: TuiFilter) -> None:
    """Ask for a name and keep flt under it; a name that is taken is replaced only when confirmed."""

    def store(name: str, replace: bool) -> None:
        try:
            view = app.db.call(lambda s: save_view(s, name, flt.to_saved(), replace=replace))
        except AlreadyExists:
            app.push_screen(
                ConfirmDialog(f"Eine Ansicht „{name}“ gibt es schon. Ersetzen?", yes="Ersetzen", no="Nicht ersetzen"),
                lambda ok: store(name, True) if ok else None,
            )
            return
        except MassnahmenError as exc:
            app.show_error(exc)
            return
        app.notify(
            f"Ansicht „{view.name}“ gespeichert – „Ansicht wählen“ (v) zeigt sie wieder, "
            "auch Kolleginnen und Kollegen.",
            title="Ansicht",
            timeout=5,
        )

    app.push_screen(
        TextDialog("Ansicht speichern unter …", placeholder="z. B. Meine Überfälligen"),
        lambda name: store(name, False) if name else None,
    )


class ViewsDialog(ModalScreen[TuiFilter | None]):
    """The saved views to choose from (Enter), Entf deletes one after asking."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Abbrechen"), Binding("delete", "delete", "Löschen")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.views: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text("Ansicht wählen", style="bold"), classes="dialog-text")
            yield OptionList(id="views")
            yield Static(Text("Enter zeigt die Ansicht · Entf löscht sie · Esc schließt", style="dim"))

    def on_mount(self) -> None:
        self.load()
        self.query_one("#views", OptionList).focus()

    def load(self) -> None:
        try:
            self.views = self.app.db.call(list_views)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            self.views = []
        options = self.query_one("#views", OptionList)
        options.clear_options()
        if not self.views:
            options.add_option(
                Option(
                    Text("Noch keine Ansicht gespeichert – „Ansicht speichern“ (V) legt die aktuelle an.", style="dim"),
                    disabled=True,
                )
            )
            return
        for view in self.views:
            line = Text(printable(view.name), style="bold")
            words = TuiFilter.from_saved(view.filter).describe()
            line.append("  " + (", ".join(words) if words else "alle Maßnahmen"), style="dim")
            if view.created_by:
                line.append(f"  · von {printable(view.created_by)}", style="dim italic")
            options.add_option(Option(line))
        options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.views:
            self.dismiss(TuiFilter.from_saved(self.views[event.option_index].filter))

    def action_delete(self) -> None:
        index = self.query_one("#views", OptionList).highlighted
        if not self.views or index is None:
            return
        name = self.views[index].name

        def delete(ok: bool | None) -> None:
            if not ok:
                return
            try:
                self.app.db.call(lambda s: delete_view(s, name))
            except MassnahmenError as exc:
                self.app.show_error(exc)
            self.load()

        self.app.push_screen(ConfirmDialog(f"Ansicht „{name}“ für alle löschen?", yes="Löschen", no="Behalten"), delete)

    def action_cancel(self) -> None:
        self.dismiss(None)
