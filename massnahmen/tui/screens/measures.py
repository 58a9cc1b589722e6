"""The Maßnahmen screen: search and filters, the virtual table, a detail pane; edit, new,
Sachstand, Verlauf and archive from the keyboard. The archive view is the same screen."""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from massnahmen.domain.dates import german
from massnahmen.domain.errors import MassnahmenError
from massnahmen.domain.text import counted, one_line, printable
from massnahmen.domain.timeliness import DUE, LABELS, NO_REVIEW, OVERDUE, timeliness
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS, assessment_text
from massnahmen.store.catalog import list_fields, list_goals
from massnahmen.store.measures import contact_display, reviews_of, timeline, versions_of
from massnahmen.tui import themes
from massnahmen.tui.query import SORT_COLUMNS, TuiFilter, contact_choices
from massnahmen.tui.screens.base import DataScreen
from massnahmen.tui.styles import hint, marker
from massnahmen.tui.widgets.choice import Choice
from massnahmen.tui.widgets.keybar import KeyBar
from massnahmen.tui.widgets.measure_table import MeasureTable

SEARCH_DEBOUNCE = 0.005
OPEN = "open"  # the status choice „alle offenen“


def choice_lists(store) -> tuple:
    """What the filter bar chooses from, and the names of goals for the filter line."""
    return list_fields(store), contact_choices(store), list_goals(store)


def shown_status(flt: TuiFilter) -> str | None:
    """What the status choice shows for flt: one status, „alle offenen“, or nothing (several)."""
    if len(flt.statuses) == 1:
        return flt.statuses[0]
    return OPEN if flt.open_only and not flt.statuses else None


def shown_field(flt: TuiFilter) -> str | None:
    return flt.field or (flt.fields[0] if len(flt.fields) == 1 else None)


def select_options(pairs) -> list[tuple[Text, str]]:
    return [(Text(printable(label)), value) for label, value in pairs]


NOTE_WIDTH = 160  # a Sachstand note in the detail pane: its first line(s), shortened to this


def review_head(t: Text, review) -> None:
    """'21.11.2026 Jana Böhme · in Umsetzung · gelb' of one Sachstand."""
    t.append(f"{german(review.date)} ", style="bold")
    t.append(printable(review.author), style="dim")
    if review.status:  # an imported Sachstand of earlier years may have none (domain.reviews.review_state)
        t.append(f" · {STATUS.label(review.status)}")
    if review.assessment:
        t.append(f" · {ASSESSMENT.label(review.assessment)}", style=marker(ASSESSMENT, review.assessment) or "")


def detail_text(row: dict, reviews, today) -> Text:
    """The highlighted measure, every value shown as typed."""
    t = Text()
    t.append(printable(row["code"]), style="bold")
    t.append("  ")
    t.append(printable(row["title"]), style="bold")
    if row.get("archived"):
        t.append("  (archiviert)", style="italic dim")
    t.append("\n")

    def line(label: str, value: object, style: str = "") -> None:
        if value in (None, ""):
            return
        t.append(f"{label}: ", style="dim")
        t.append(printable(str(value)), style=style)
        t.append("\n")

    line("Handlungsfeld", f"{row['field_code']} {row['field']}")
    t.append("Status: ", style="dim")
    t.append(STATUS.label(row["status"]))
    t.append("   Ampel: ", style="dim")
    t.append(assessment_text(row["assessment"]), style=marker(ASSESSMENT, row["assessment"]) or "")
    if row.get("priority"):
        t.append("   Priorität: ", style="dim")
        t.append(PRIORITY.label(row["priority"]))
    t.append("\n")
    state = timeliness(row["status"], row["review_date"], today)
    t.append("Wiedervorlage: ", style="dim")
    t.append(german(row["review_date"]) or "–")
    if state in (OVERDUE, DUE, NO_REVIEW) and row["review_date"]:
        t.append(f"  ({LABELS[state]})", style=hint("overdue") if state == OVERDUE else hint("due"))
    elif state == NO_REVIEW:
        t.append("  (ohne Wiedervorlage)", style=hint("due"))
    t.append("\n")
    t.append("Letzter Sachstand: ", style="dim")
    if reviews is None:
        t.append("…", style="dim")
    elif not reviews:
        t.append("noch keiner (r erfasst einen)", style="dim")
    else:
        t.append(f"{german(reviews[0].date)} ", style="bold")
        t.append(printable(reviews[0].author), style="dim")
        t.append(": ")
        t.append(one_line(reviews[0].note, NOTE_WIDTH), style="italic")
    t.append("\n")
    line("Ziel", row["goal"])
    if row.get("contact_id") is not None:
        t.append("Zuständig: ", style="dim")
        t.append(printable(contact_display(row)))
        extras = [printable(x) for x in (row.get("contact_email"), row.get("contact_phone")) if x]
        if extras:
            t.append("  · " + " · ".join(extras))
        t.append("\n")
    line("Partner", row["partners"])
    if row["start"] or row["end"]:
        line("Zeitraum", f"{german(row['start']) or '…'} – {german(row['end']) or '…'}")
    line("Finanzierung", row["funding"])
    line("Indikator", row["indicator"])
    line("Herkunft", row["source"])
    if row["description"]:
        t.append("\n")
        t.append(printable(row["description"]))
        t.append("\n")
    if row["notes"]:
        t.append("Notizen: ", style="dim")
        t.append(printable(row["notes"]))
        t.append("\n")
    if reviews and len(reviews) > 1:
        t.append("\nFrühere Sachstände (h zeigt alle)", style="bold underline")
        t.append("\n")
        for r in reviews[1:]:
            t.append("  ")
            review_head(t, r)
            t.append("\n    ")
            t.append(one_line(r.note, NOTE_WIDTH), style="italic")
            t.append("\n")
    t.append(
        f"\nzuletzt geändert am {german(str(row['updated_at'] or '')[:10]) or '–'} "
        f"von {printable(row['updated_by'] or '?')}",
        style="dim",
    )
    return t


class MeasuresScreen(DataScreen):
    BINDINGS = [
        # the key line shows as many as fit, in this order
        Binding("e", "edit", "Bearbeiten"),
        Binding("r", "review", "Sachstand"),
        Binding("n", "new", "Neu"),
        Binding("slash", "search", "Suchen", key_display="/"),
        Binding("f", "filter", "Filter"),
        Binding("h", "history", "Verlauf"),
        Binding("space", "mark", "Markieren", key_display="Leer"),
        Binding("b", "bulk", "Auswahl ändern"),
        Binding("a", "archive", "Archivieren"),
        Binding("a", "restore", "Zurückholen"),  # in the archive, instead of the one above
        Binding("A", "toggle_archive", "Archiv", key_display="A"),
        Binding("u", "toggle_overdue", "Überfällig", show=False),
        Binding("x", "toggle_closed", "Abgeschl.", show=False),
        Binding("s", "cycle_sort", "Sortieren", show=False),
        Binding("S", "reverse_sort", "Umkehren", show=False),
        Binding("c", "clear_filters", "Filter weg", show=False),
        Binding("v", "choose_view", "Ansichten"),
        Binding("V", "save_view", "Ansicht speichern", key_display="V", show=False),
        Binding("escape", "focus_table", "Tabelle", show=False),
        Binding("asterisk", "mark_all", "Alle markieren", show=False),
        Binding("ctrl+z", "undo", "Rückgängig", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stale = False
        self._syncing = False
        self._search_timer: Timer | None = None
        self._options_loaded = False
        self.flt = TuiFilter(today=None)
        # "#id" of a contact, of a goal → its name, for the filter line
        self.contact_names: dict[str, str] = {}
        self.goal_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        # the class on_resize would set, set before the widgets get their styles: no restyling of
        # the whole screen before the first frame
        self.set_class(self.app.size.width < 130, "narrow", update=False)
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Suchen … (/)", id="search", compact=True)
            yield Choice([], prompt="Handlungsfeld", id="f-field", compact=True)
            yield Choice(
                [(Text("alle offenen"), OPEN)] + select_options((STATUS.label(k), k) for k in STATUS.keys),
                prompt="Status",
                id="f-status",
                compact=True,
            )
            yield Choice([], prompt="Zuständig", id="f-contact", compact=True)
        yield Static(id="info")
        with Horizontal(id="body"):
            yield MeasureTable(self.app.db, flt=self.flt, today=self.app.today, id="table")
            with VerticalScroll(id="detail"):
                yield Static(Text("Keine Maßnahme gewählt.", style="dim"), id="detail-text")
        yield KeyBar()

    @property
    def table(self) -> MeasureTable:
        return self.query_one("#table", MeasureTable)

    def on_mount(self) -> None:
        self.app.current_filter = self.flt
        themes.on_change(self, self.restyle)
        if self.app.pending_filter is None:
            self.table.set_filter(self.flt, now=True)  # the rows are in the first frame
        self.table.focus()

    def restyle(self) -> None:
        """The table, info line and detail pane again in the colours of the new scheme."""
        table = self.table
        table.refresh()
        self.update_info()
        self.post_message(table.Highlighted(table, table.current_row()))

    def on_screen_resume(self) -> None:
        if self.app.pending_filter is not None:
            self.take_pending()
        elif self.stale:
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 130, "narrow")
        self.update_info()  # the key hints at its end as room allows

    def take_pending(self) -> None:
        flt, code = self.app.pending_filter, self.app.pending_code
        self.app.pending_filter = self.app.pending_code = None
        if flt is None:
            return
        if self.stale or not self._options_loaded:
            self._options_loaded = True
            self.load_options()
            self.stale = False
        self.apply_filter(flt, code=code)
        self.table.focus()

    def refresh_data(self) -> None:
        self.stale = False
        self.load_options()
        self.table.today = self.app.today
        self.table.reload(keep_cursor=True)

    def load_options(self) -> None:
        try:
            fields, contacts, goals = self.app.db.call(choice_lists)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self.set_options(fields, contacts, goals)

    def set_options(self, fields, contacts, goals=()) -> None:
        self.contact_names = {ref: name for name, ref in contacts}
        self.goal_names = {f"#{g.id}": g.name for g in goals}
        self.update_info()
        self._syncing = True
        try:
            fsel = self.query_one("#f-field", Select)
            current = fsel.value
            fsel.set_options(select_options((f"{f.code} {f.name}", f.code) for f in fields))
            if current in {f.code for f in fields}:
                fsel.value = current
            csel = self.query_one("#f-contact", Select)
            current = csel.value
            csel.set_options(select_options(contacts))
            if current in {value for _, value in contacts}:
                csel.value = current
        finally:
            self.call_after_refresh(self._end_sync)

    def _end_sync(self) -> None:
        self._syncing = False

    # -- filters -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the archive, a brings back („Zurückholen“); elsewhere it archives."""
        if action == "archive":
            return self.flt.archived != "only"
        if action == "restore":
            return self.flt.archived == "only"
        return True

    def apply_filter(self, flt: TuiFilter, *, code: str | None = None, sync_widgets: bool = True) -> None:
        self.flt = self.app.current_filter = flt
        self.refresh_bindings()
        if sync_widgets:
            self._syncing = True
            self.query_one("#search", Input).value = flt.search or ""
            for wid, value in (
                ("#f-field", shown_field(flt)),
                ("#f-status", shown_status(flt)),
                ("#f-contact", flt.contact),
            ):
                sel = self.query_one(wid, Select)
                try:
                    sel.value = value if value else Select.NULL
                except Exception:
                    sel.value = Select.NULL
            self.call_after_refresh(self._end_sync)
        self.table.today = self.app.today
        self.table.loaded = False  # the info line says "lädt …" until the new rows are there
        self.table.set_filter(flt)
        if code:
            self.table.keep_on(code)
        self.update_info()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search" or self._syncing:
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(
            SEARCH_DEBOUNCE, lambda: self.apply_filter(self.flt.copy(search=value or None), sync_widgets=False)
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._syncing:
            return
        value = None if event.value is Select.NULL else event.value
        current = {"f-field": shown_field(self.flt), "f-contact": self.flt.contact, "f-status": shown_status(self.flt)}
        if event.select.id in current and value == current[event.select.id]:
            return  # the choice shows the filter already (set from it): a goal or statuses stay
        if event.select.id == "f-field":
            self.apply_filter(self.flt.copy(field=value, fields=[], goal=None), sync_widgets=False)
        elif event.select.id == "f-status" and value == OPEN:
            self.apply_filter(self.flt.copy(statuses=[], open_only=True), sync_widgets=False)
        elif event.select.id == "f-status":
            self.apply_filter(self.flt.copy(statuses=[value] if value else [], open_only=False), sync_widgets=False)
        elif event.select.id == "f-contact":
            self.apply_filter(self.flt.copy(contact=value), sync_widgets=False)

    def on_measure_table_counted(self, event: MeasureTable.Counted) -> None:
        self.update_info()
        if not self._options_loaded:  # the filter choices load after the first rows are shown
            self._options_loaded = True
            self.load_options_in_background()
            self.app.when_quiet(self, self.build_form_ahead)

    @work(thread=True, group="options", exit_on_error=False)
    def load_options_in_background(self) -> None:
        data = self.app.db.call(choice_lists)
        if data is not None:
            self.app.call_from_thread(self.set_options, *data)

    def update_info(self) -> None:
        table = self.table
        t = Text()
        if table.loaded:
            if table.exact:
                t.append(counted(table.total, "Maßnahme", "Maßnahmen"), style="bold")
            else:  # at least this many: always the plural
                t.append(f"{table.total:,}+ Maßnahmen".replace(",", "."), style="bold")
        else:
            t.append("lädt …", style="dim")
        t.append(f" · sortiert nach {table.sort_label()}", style="dim")
        words = table.flt.describe(self.contact_names, self.goal_names)
        marked = f" · {len(table.marked)} markiert (b ändert sie)" if table.marked else ""
        if words:
            t.append(" · Filter: ", style="dim")
            room = self.size.width - 2 - len(t.plain) - len(marked)  # the line has one row: shortened at a word's end
            t.append(one_line(", ".join(words), max(room, 12), words=True), style=hint("due"))
        if marked:
            t.append(marked, style="bold")
        room = self.size.width - 2 - len(t.plain)
        for keys_hint in (
            "   u überfällig · x abgeschl. · s sortieren · c Filter weg",
            "   u · x · s · c · f",
        ):  # the keys without their words rather than a word cut
            if room >= len(keys_hint):
                t.append(keys_hint, style="dim")
                break
        self.query_one("#info", Static).update(t, layout=False)  # one line of fixed size (styles.tcss)

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))  # at once: the next keys go into the box

    def action_focus_table(self) -> None:
        self.set_focus(self.table)

    def action_toggle_overdue(self) -> None:
        on = not self.flt.overdue
        self.apply_filter(self.flt.copy(overdue=on, sort="review_date" if on else self.flt.sort))
        self.app.notify("Nur überfällige." if on else "Alle Wiedervorlagen.", timeout=2, markup=False)

    def action_toggle_closed(self) -> None:
        self.apply_filter(self.flt.copy(open_only=not self.flt.open_only))
        self.app.notify(
            "Abgeschlossene ausgeblendet." if self.flt.open_only else "Abgeschlossene sichtbar.",
            timeout=2,
            markup=False,
        )

    def action_toggle_archive(self) -> None:
        archived = "exclude" if self.flt.archived == "only" else "only"
        self.apply_filter(self.flt.copy(archived=archived))
        self.app.notify(
            "Archiv: archivierte Maßnahmen (a holt zurück)."
            if archived == "only"
            else "Zurück bei den laufenden Maßnahmen.",
            timeout=3,
            markup=False,
        )

    def action_cycle_sort(self) -> None:
        i = SORT_COLUMNS.index(self.flt.sort) if self.flt.sort in SORT_COLUMNS else -1
        self.apply_filter(
            self.flt.copy(sort=SORT_COLUMNS[(i + 1) % len(SORT_COLUMNS)], descending=False), sync_widgets=False
        )

    def action_reverse_sort(self) -> None:
        self.apply_filter(self.flt.copy(descending=not self.flt.descending), sync_widgets=False)

    def action_filter(self) -> None:
        """Several statuses, „alle offenen“, several fields, Ampel, overdue at once."""
        from massnahmen.tui.dialogs.views import FilterDialog

        self.app.push_screen(FilterDialog(self.flt), lambda flt: self.apply_filter(flt) if flt else None)

    def action_save_view(self) -> None:
        from massnahmen.tui.dialogs.views import save_current_view

        save_current_view(self.app, self.flt)

    def action_choose_view(self) -> None:
        from massnahmen.tui.dialogs.views import ViewsDialog

        def chosen(flt: TuiFilter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)
                self.table.focus()

        self.app.push_screen(ViewsDialog(), chosen)

    def action_clear_filters(self) -> None:
        self.apply_filter(TuiFilter(archived=self.flt.archived, sort=self.flt.sort, descending=self.flt.descending))

    # -- detail ------------------------------------------------------------------------------
    def on_measure_table_highlighted(self, event: MeasureTable.Highlighted) -> None:
        detail = self.query_one("#detail-text", Static)
        if event.row is None:
            detail.update(Text("Keine Maßnahme gefunden." if self.table.loaded else "lädt …", style="dim"))
            return
        detail.update(detail_text(event.row, None, self.app.today))
        self.load_reviews(event.row)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_reviews(self, row: dict) -> None:
        time.sleep(0.05)  # let quick scrolling pass before asking the database
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        from massnahmen.store.ideas import ideas_of_measure

        found = self.app.db.call(lambda s: (reviews_of(s, row["id"], 3), ideas_of_measure(s, row["code"])))
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._show_reviews, row, *found)

    def _show_reviews(self, row: dict, reviews, ideas=()) -> None:
        current = self.table.current_row()
        if current is not None and current["id"] == row["id"]:
            text = detail_text(current, reviews, self.app.today)
            if ideas:
                from massnahmen.tui.screens.ideas import ideas_line

                text.append(ideas_line(ideas))
            self.query_one("#detail-text", Static).update(text)

    # -- actions on the highlighted measure --------------------------------------------------
    def _row_or_hint(self) -> dict | None:
        row = self.table.current_row()
        if row is None:
            self.app.notify("Keine Maßnahme gewählt.", severity="warning", timeout=3, markup=False)
        return row

    def on_measure_table_selected(self, event: MeasureTable.Selected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        row = self._row_or_hint()
        if row is not None:
            self._open_form(row["code"])

    def action_new(self) -> None:
        self._open_form(None, {"field": self.flt.field} if self.flt.field else {})

    def _open_form(self, code: str | None, defaults: dict | None = None) -> None:
        form = self.kept_form()
        form.show_measure(code, defaults)
        self.app.push_screen(form, self._after_form)

    def kept_form(self):
        """The one form to edit or create a measure, built once and kept: opening it again only
        loads the values (building its 55 widgets takes a fifth of a second)."""
        from massnahmen.tui.dialogs.forms import MeasureForm  # on first use: not needed for the first frame

        app = self.app
        installed = app.get_screen("measure-form") if app.is_screen_installed("measure-form") else None
        kept = installed if isinstance(installed, MeasureForm) else None
        if kept is not None and kept.built_for != app.theme and kept not in app.screen_stack:
            app.uninstall_screen("measure-form")  # built before a change of the colour scheme
            kept = None
        if kept is None:
            kept = MeasureForm(None, kept=True)
            kept.built_for = app.theme
            app.install_screen(kept, "measure-form")
        return kept

    def build_form_ahead(self) -> None:
        """Build the kept form while the officer reads the table, so that `e` shows it at once."""
        if self.app.screen is not self:  # a form or dialog is open, or another screen is shown:
            self.app.when_quiet(self, self.build_form_ahead)  # at a later quiet second
            return
        form = self.kept_form()
        if not form.is_running:
            # filled with the highlighted measure: reading and showing values for the first time
            # costs too (the file's pages, the widgets' first values), `e` then only reloads
            row = self.table.current_row()
            form.show_measure(row["code"] if row else None)
            self.app.compose_ahead(form)  # composed, styled and filled, not shown

    def _after_form(self, code: str | None) -> None:
        if code:
            self.app.after_write()
            self.table.keep_on(code)

    def action_review(self) -> None:
        from massnahmen.tui.dialogs.review_dialog import ReviewDialog  # on first use: not needed for the first frame

        row = self._row_or_hint()
        if row is not None:
            self.app.push_screen(ReviewDialog(row["code"]), self._after_form)

    def action_history(self) -> None:
        from massnahmen.tui.dialogs.common import HistoryScreen  # on first use: not needed for the first frame

        row = self._row_or_hint()
        if row is None:
            return
        try:
            verlauf = self.app.db.call(lambda s: timeline(s, row["code"]))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self.app.push_screen(HistoryScreen(verlauf))

    # -- many at once ------------------------------------------------------------------------
    def on_measure_table_marks_changed(self, event: MeasureTable.MarksChanged) -> None:
        self.update_info()
        self.refresh_bindings()

    def action_mark(self) -> None:
        self.table.action_toggle_mark()

    def action_mark_all(self) -> None:
        """Mark every measure the filter shows (not only the rows on screen); if they are all
        marked already, unmark them."""
        if self.table.versions is not None:  # counted with the rows
            self._mark_all(self.table.versions)
        else:
            self._mark_all_from_file(self.table.flt)

    @work(thread=True, exclusive=True, group="mark-all", exit_on_error=False)
    def _mark_all_from_file(self, flt) -> None:
        versions = self.app.db.call(lambda s: versions_of(s, flt))
        if versions is not None:
            self.app.call_from_thread(self._mark_all, versions)

    def _mark_all(self, shown: dict[str, int]) -> None:
        table = self.table
        if shown and all(code in table.marked for code in shown):
            table.set_marks({c: v for c, v in table.marked.items() if c not in shown})
        else:
            table.set_marks(table.marked | {c: v for c, v in shown.items() if c not in table.marked})

    def action_bulk(self) -> None:
        """Change all marked measures (or the highlighted one) at once."""
        from massnahmen.tui.dialogs.bulk import BULK_CONTEXT, BulkDialog, describe, run_bulk

        marks = dict(self.table.marked)
        if not marks:
            row = self._row_or_hint()
            if row is None:
                return
            marks = {row["code"]: row["version"]}

        def chosen(values: dict | None) -> None:
            if not values:
                return
            items = [(code, version, values) for code, version in marks.items()]

            def done(result) -> None:
                self.app.after_write()
                self.table.set_marks({c: v for c, v in self.table.marked.items() if c in result.conflicts})
                self.app.bulk_undo = result.undo or None
                self.app.notify(
                    describe(result, "geändert") + (" Strg+Z nimmt es zurück." if result.undo else ""),
                    title="Auswahl geändert",
                    timeout=6,
                )

            run_bulk(self, items, context=BULK_CONTEXT, done=done)

        self.app.push_screen(BulkDialog(len(marks), archived=self.flt.archived == "only"), chosen)

    def action_undo(self) -> None:
        """Take the last change of many measures back (until something else is changed)."""
        from massnahmen.tui.dialogs.bulk import UNDO_CONTEXT, describe, run_bulk

        undo = self.app.bulk_undo
        if not undo:
            self.app.notify(
                "Nichts zurückzunehmen: Strg+Z nimmt die letzte Änderung einer Auswahl zurück, "
                "solange danach nichts anderes geändert wurde.",
                severity="warning",
                timeout=5,
            )
            return

        def done(result) -> None:
            self.app.after_write()
            self.app.notify(describe(result, "zurückgenommen"), title="Rückgängig", timeout=5)

        run_bulk(self, undo, context=UNDO_CONTEXT, done=done)

    def action_restore(self) -> None:
        self.action_archive()  # the row says which way: an archived one comes back

    def action_archive(self) -> None:
        from massnahmen.tui.archive import archive_measure  # on first use: not needed for the first frame

        row = self._row_or_hint()
        if row is not None:
            archive_measure(self.app, row, restore=bool(row["archived"]))
