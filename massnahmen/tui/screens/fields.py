"""The Handlungsfelder/Ziele screen: list, add, edit, remove (asking where the measures go)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from massnahmen.domain.errors import MassnahmenError
from massnahmen.domain.text import counted, one_line, printable
from massnahmen.store.catalog import list_fields, list_goals, measures_using, remove_field, remove_goal
from massnahmen.tui.dialogs.catalog_forms import FieldForm, GoalForm, ReassignDialog
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.screens.base import DataScreen
from massnahmen.tui.widgets.keybar import KeyBar


class FieldsScreen(DataScreen):
    BINDINGS = [
        Binding("n", "new_field", "Neues Feld"),
        Binding("g", "new_goal", "Neues Ziel"),
        Binding("e", "edit", "Bearbeiten"),
        Binding("delete", "remove", "Entfernen"),
        Binding("d", "remove", "Entfernen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stale = False
        self.rows: list[tuple[str, Any]] = []  # ("field", Field) | ("goal", Goal)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text(
                "Handlungsfelder und ihre Ziele – Enter zeigt die Maßnahmen, n/g legt an, e bearbeitet, Entf entfernt",
                style="dim",
            ),
            id="fields-hint",
        )
        yield DataTable(id="fields-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#fields-table", DataTable)
        table.add_column(Text("Kürzel"), key="code")
        table.add_column(Text("Handlungsfeld / Ziel"), key="name")
        table.add_column(Text("Maßnahmen", justify="right"), key="n")
        self.refresh_data()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_data()

    def refresh_data(self) -> None:
        self.stale = False
        try:
            fields, goals = self.app.db.call(lambda s: (list_fields(s), list_goals(s)))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        table = self.query_one("#fields-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.rows = []
        width = max(30, self.size.width - 30)
        for f in fields:
            self.rows.append(("field", f))
            table.add_row(
                Text(one_line(f.code, 10), style="bold"),
                Text(one_line(f.name, width), style="bold"),
                Text(str(f.measures), justify="right", style="bold"),
            )
            for g in goals:
                if g.field_id == f.id:
                    self.rows.append(("goal", g))
                    table.add_row(
                        Text("  " + one_line(g.code or "", 8)),
                        Text("  " + one_line(g.name, width - 2)),
                        Text(str(g.measures), justify="right"),
                    )
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))

    def current(self) -> tuple[str, Any] | None:
        table = self.query_one("#fields-table", DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row]
        return None

    def field_of_current(self):
        table = self.query_one("#fields-table", DataTable)
        for kind, item in reversed(self.rows[: table.cursor_row + 1]):
            if kind == "field":
                return item
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        cur = self.current()
        if cur is None:
            return
        kind, item = cur
        if kind == "field":
            self.app.show_measures(TuiFilter(field=item.code))
        else:
            field = self.field_of_current()
            self.app.show_measures(TuiFilter(field=field.code if field else None, goal=item.name))

    def action_new_field(self) -> None:
        self.app.push_screen(FieldForm(), self._saved)

    def action_new_goal(self) -> None:
        field = self.field_of_current()
        if field is None:
            self.app.notify("Zuerst ein Handlungsfeld anlegen (n).", severity="warning", timeout=3, markup=False)
            return
        self.app.push_screen(GoalForm(field.code), self._saved)

    def action_edit(self) -> None:
        cur = self.current()
        if cur is None:
            return
        kind, item = cur
        if kind == "field":
            self.app.push_screen(FieldForm(item.code, {"code": item.code, "name": item.name}), self._saved)
        else:
            field = self.field_of_current()
            self.app.push_screen(
                GoalForm(field.code, f"#{item.id}", {"name": item.name, "code": item.code}), self._saved
            )

    def _saved(self, result: str | None) -> None:
        if result:
            self.app.after_write()

    def action_remove(self) -> None:
        cur = self.current()
        if cur is None:
            return
        kind, item = cur
        if kind == "field":
            ref = item.code
            used = self.app.db.call(lambda s: measures_using(s, field_id=item.id))
            name = f"{item.code} {item.name}"
        else:
            ref = f"#{item.id}"  # a goal's name may stand in two fields
            used = self.app.db.call(lambda s: measures_using(s, goal_id=item.id))
            name = item.name
        question = Text("Handlungsfeld „" if kind == "field" else "Ziel „")
        question.append(printable(name), style="bold")
        if not used:
            question.append("“ entfernen?" + (" Seine Ziele werden mit entfernt." if kind == "field" else ""))
            self.app.push_screen(
                ConfirmDialog(question, yes="Entfernen", no="Abbrechen"),
                lambda ok: self._remove(kind, ref, None) if ok else None,
            )
            return
        question.append(
            f"“ wird von {counted(used, 'Maßnahme', 'Maßnahmen')} (auch archivierten) genutzt. "
            "Maßnahmen werden nie gelöscht – wohin sollen sie?"
        )
        if kind == "field":
            choices = [(f"{f.code} {f.name}", f.code) for f in self.app.db.call(list_fields) if f.id != item.id]
            dialog = ReassignDialog(question, choices, "Verschieben und entfernen", None)
        else:
            field = self.field_of_current()
            goals = self.app.db.call(lambda s: list_goals(s, field.code))
            choices = [(g.name, g.code or g.name) for g in goals if g.id != item.id]
            dialog = ReassignDialog(question, choices, "Übertragen und entfernen", "Ziel bei ihnen leeren")
        self.app.push_screen(dialog, lambda answer: self._remove(kind, ref, answer) if answer else None)

    def _remove(self, kind: str, ref: str, answer) -> None:
        move = answer[1] if answer and answer[0] == "move" else None
        clear = bool(answer and answer[0] == "clear")
        try:
            if kind == "field":
                n = self.app.db.call(lambda s: remove_field(s, ref, move_to=move))
            else:
                n = self.app.db.call(lambda s: remove_goal(s, ref, move_to=move, clear=clear))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self.app.notify(f"Entfernt; {counted(n, 'Maßnahme', 'Maßnahmen')} betroffen.", timeout=3, markup=False)
        self.app.after_write()
