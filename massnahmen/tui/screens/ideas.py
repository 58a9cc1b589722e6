"""The Ideen screen (5): the participation inbox. Counts per decision, channel and field; filter
and folded search; a page of ideas at a time (never thousands of rows); space marks ideas for a
field; merge, accept as a new measure (the measure form prefilled from the idea), link to an
existing measure, decline with a reason, reopen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import Button, DataTable, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from massnahmen.domain.dates import german
from massnahmen.domain.errors import MassnahmenError
from massnahmen.domain.ideas import CHANGE_LABELS, IDEA_STATUS, short_text
from massnahmen.domain.text import counted, one_line, printable
from massnahmen.store.catalog import list_fields
from massnahmen.store.ideas import (
    IdeaFilter,
    accept_idea,
    count_ideas,
    decline_idea,
    get_idea,
    idea_counts,
    idea_history,
    link_new_measure,
    list_channels,
    measure_values_from_idea,
    merge_idea,
    query_ideas,
    set_field,
    set_status,
)
from massnahmen.store.measures import query_measures, suggest_code
from massnahmen.tui.dialogs.common import TextDialog
from massnahmen.tui.dialogs.formbase import opts
from massnahmen.tui.dialogs.pick import PickBase
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.screens.base import DataScreen
from massnahmen.tui.styles import STYLES
from massnahmen.tui.widgets.choice import Choice
from massnahmen.tui.widgets.keybar import KeyBar

PAGE = 200  # ideas in the table at once


def status_style(key: str | None) -> str:
    """The colour of a decision in the colour scheme in use (tui.styles)."""
    return STYLES[IDEA_STATUS.style(key)]


class IdeasScreen(DataScreen):
    BINDINGS = [
        Binding("space", "mark", "Markieren", key_display="Leer"),
        Binding("f", "assign_field", "Feld"),
        Binding("a", "accept_new", "Neue Maßn."),
        Binding("l", "link", "Zuordnen"),
        Binding("m", "merge", "Zusammenf."),
        Binding("d", "decline", "Ablehnen"),
        Binding("o", "reopen", "Wieder prüfen", show=False),
        Binding("slash", "search", "Suchen", key_display="/"),
        Binding("pagedown", "page(1)", "Seite vor", show=False, priority=True),
        Binding("pageup", "page(-1)", "Seite zurück", show=False, priority=True),
        Binding("right_square_bracket", "page(1)", show=False),
        Binding("left_square_bracket", "page(-1)", show=False),
        Binding("escape", "focus_table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stale = False
        self.ideas: list = []
        self.total = 0
        self.page_offset = 0
        self.marked: set[int] = set()
        self._syncing = True

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < 130, "narrow", update=False)
        yield Header()
        yield Static(id="i-counts")
        with Horizontal(id="i-filters"):
            yield Input(placeholder="Ideen suchen … (/)", id="i-search", compact=True)
            yield Choice(
                opts((IDEA_STATUS.label(k), k) for k in IDEA_STATUS.keys) + [("offen (neu + in Prüfung)", "offen")],
                prompt="Entscheidung",
                id="i-status",
                compact=True,
            )
            yield Choice([], prompt="Feld", id="i-field", compact=True)
            yield Choice([], prompt="Kanal", id="i-channel", compact=True)
        with Horizontal(id="i-body"):
            yield DataTable(id="i-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="i-detail"):
                yield Static(id="i-detail-text")
        yield Static(id="i-info")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#i-table", DataTable)
        for key, label in (
            ("mark", " "),
            ("id", "Nr."),
            ("day", "Eingang"),
            ("channel", "Kanal"),
            ("field", "Feld"),
            ("status", "Entscheidung"),
            ("text", "Idee"),
        ):
            table.add_column(Text(label), key=key)
        self.load_options()
        self.refresh_data()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.load_options()
            self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 130, "narrow")

    def load_options(self) -> None:
        try:
            fields, channels = self.app.db.call(lambda s: (list_fields(s), list_channels(s)))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self._syncing = True
        fsel = self.query_one("#i-field", Choice)
        value = fsel.value
        fsel.set_options(opts((f"{f.code} {f.name}", f.code) for f in fields) + [("ohne Feld", "-")])
        if value is not Select.NULL and fsel.offers(value):
            fsel.value = value
        csel = self.query_one("#i-channel", Choice)
        value = csel.value
        csel.set_options(opts((c.name, c.name) for c in channels))
        if value is not Select.NULL and csel.offers(value):
            csel.value = value
        self.call_after_refresh(self._end_sync)

    def _end_sync(self) -> None:
        self._syncing = False

    # -- data --------------------------------------------------------------------------------
    def idea_filter(self) -> IdeaFilter:
        def value(id_: str):
            v = self.query_one(id_, Select).value
            return None if v is Select.NULL else str(v)

        return IdeaFilter(
            status=value("#i-status"),
            field=value("#i-field"),
            channel=value("#i-channel"),
            search=self.query_one("#i-search", Input).value.strip() or None,
        )

    def refresh_data(self, keep: int | None = None) -> None:
        self.stale = False
        flt = self.idea_filter()
        table = self.query_one("#i-table", DataTable)
        current = self.current()
        keep = keep if keep is not None else (current.id if current else None)

        def read(s):
            total = count_ideas(s, flt)
            offset = min(self.page_offset, max(0, (total - 1) // PAGE * PAGE))
            return total, offset, query_ideas(s, flt, limit=PAGE, offset=offset), idea_counts(s)

        try:
            self.total, self.page_offset, self.ideas, counts = self.app.db.call(read)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        self.show_counts(counts)
        table.clear()
        row_index = 0
        wide = self.app.size.width >= 100  # at 80 columns the idea's text must still show
        channel_width, decision_width = (18, 28) if wide else (10, 16)
        rows = []
        for idea in self.ideas:
            decision = IDEA_STATUS.label(idea.status)
            if idea.measures:
                decision += " → " + ", ".join(idea.measures)
            elif idea.merged_into:
                decision += f" → #{idea.merged_into}"
            rows.append(
                (
                    " ",
                    f"#{idea.id}",
                    german(idea.submitted_on) + ("*" if idea.late else ""),
                    one_line(idea.channel or "", channel_width),
                    printable(idea.field_code or "–"),
                    one_line(decision, decision_width),
                )
            )
        # the idea's text takes the room the other columns leave, shortened at a word's end
        # (it ran off the table's edge in the middle of a word)
        heads = (" ", "Nr.", "Eingang", "Kanal", "Feld", "Entscheidung")
        used = sum(max([len(h)] + [len(r[i]) for r in rows]) + 2 for i, h in enumerate(heads)) + 2
        width = self.app.size.width  # the table's own size is not known before its first layout
        table_width = width - (51 if width >= 130 else 0) - 3  # the detail pane beside it; edge, scrollbar
        text_width = max(12, table_width - used)
        for i, (idea, cells) in enumerate(zip(self.ideas, rows, strict=True)):
            table.add_row(
                Text("●" if idea.id in self.marked else " ", style="bold cyan"),
                Text(cells[1], style="bold"),
                Text(cells[2]),
                Text(cells[3]),
                Text(cells[4]),
                Text(cells[5], style=status_style(idea.status)),
                Text(one_line(idea.text, text_width, words=True)),
                key=str(idea.id),
            )
            if idea.id == keep:
                row_index = i
        if self.ideas:
            table.move_cursor(row=row_index)
        self.update_info()
        self.show_detail()

    def show_counts(self, counts) -> None:
        t = Text()
        t.append(counted(counts.total, "Idee", "Ideen"), style="bold")
        for key, n in counts.by_status.items():
            t.append("  ·  ")
            t.append(f"{IDEA_STATUS.label(key)} {n}", style=status_style(key))
        if counts.by_channel:
            t.append("\nKanäle: ", style="dim")
            t.append(printable(", ".join(f"{name} {n}" for name, n in counts.by_channel)))
        if counts.by_field:
            t.append("\nIdeen je Feld: ", style="dim")  # „1: 3, 2: 1, ohne: 2“ (field code: ideas)
            t.append(
                printable(
                    ", ".join(
                        f"{name.split(' ', 1)[0] if name[0].isdigit() else 'ohne'}: {n}" for name, n in counts.by_field
                    )
                )
            )
        self.query_one("#i-counts", Static).update(t)

    def update_info(self) -> None:
        t = Text(style="dim")
        if self.total:
            t.append(f"{self.page_offset + 1}–{self.page_offset + len(self.ideas)} von {self.total}")
            if self.total > PAGE:
                t.append("  (Bild↓/Bild↑ blättern)")
        else:
            t.append("Keine Ideen gefunden.")
        if self.marked:
            t.append(f"  ·  {len(self.marked)} markiert (f: Feld zuordnen)")
        t.append("  ·  * nach Fristende")
        self.query_one("#i-info", Static).update(t)

    def current(self):
        try:
            table = self.query_one("#i-table", DataTable)
        except Exception:
            return None
        if not self.ideas or table.cursor_row < 0 or table.cursor_row >= len(self.ideas):
            return None
        return self.ideas[table.cursor_row]

    def show_detail(self) -> None:
        idea = self.current()
        detail = self.query_one("#i-detail-text", Static)
        if idea is None:
            detail.update(Text("Keine Idee gewählt." if not self.ideas else "", style="dim"))
            return
        try:
            full, history = self.app.db.call(lambda s: (get_idea(s, idea.id, personal=True), idea_history(s, idea.id)))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        t = Text()
        t.append(f"Idee #{full.id}", style="bold")
        t.append(f"  {IDEA_STATUS.label(full.status)}\n", style=status_style(full.status))
        for label, value in (
            ("Eingang", german(full.submitted_on) + (" (nach Fristende)" if full.late else "")),
            ("Kanal", full.channel),
            ("Feld", f"{full.field_code} {full.field}" if full.field_code else "–"),
            ("Thema laut Umfrage", full.topic),
            ("Antwort-ID", full.external_id),
            ("Ähnlicher Text", ", ".join(f"#{n}" for n in full.similar)),
            ("Maßnahmen", ", ".join(full.measures)),
            ("zusammengeführt mit", f"#{full.merged_into}" if full.merged_into else ""),
            ("Begründung", (full.reason or "") + ("" if full.reason_public else " (intern)") if full.reason else ""),
        ):
            if value:
                t.append(f"{label}: ", style="dim")
                t.append(printable(value) + "\n")
        if full.submitter is not None:
            t.append("Einreicher·in: ", style="dim")
            t.append("Angaben gespeichert" + (", Kontakt erlaubt" if full.submitter.consent else "") + "\n")
        t.append("\n")
        t.append(printable(full.text))
        t.append("\n\nVerlauf\n", style="bold underline")
        for c in history[-8:]:
            t.append(f"  {german(c.at)} {printable(c.author)}: ", style="dim")
            old = IDEA_STATUS.label(c.old) if c.field == "status" else c.old
            new = IDEA_STATUS.label(c.new) if c.field == "status" else c.new
            label = CHANGE_LABELS.get(c.field, c.field)
            t.append(one_line(f"{label} {old or '–'} → {new or '–'}" if c.field != "created" else "erfasst", 60))
            t.append("\n")
        detail.update(t)

    # -- filtering ---------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "i-search":
            self.page_offset = 0
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "i-search":
            self.query_one("#i-table").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("i-status", "i-field", "i-channel") and not self._syncing:
            self.page_offset = 0
            self.refresh_data()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def action_search(self) -> None:
        self.query_one("#i-search").focus()

    def action_focus_table(self) -> None:
        self.query_one("#i-table").focus()

    def action_page(self, step: int) -> None:
        """Bild↓/Bild↑ scroll the table; at its end (or start) they load the next (previous) page."""
        table = self.query_one("#i-table", DataTable)
        if self.ideas and (0 < table.cursor_row if step < 0 else table.cursor_row < len(self.ideas) - 1):
            table.action_page_down() if step > 0 else table.action_page_up()
            return
        new = self.page_offset + step * PAGE
        if 0 <= new < self.total:
            self.page_offset = new
            self.refresh_data(keep=-1)
            if step < 0 and self.ideas:
                table.move_cursor(row=len(self.ideas) - 1)

    # -- triage ------------------------------------------------------------------------------
    def _idea_or_hint(self):
        idea = self.current()
        if idea is None:
            self.app.notify("Keine Idee gewählt.", severity="warning", timeout=3, markup=False)
        return idea

    def action_mark(self) -> None:
        idea = self._idea_or_hint()
        if idea is None:
            return
        self.marked ^= {idea.id}
        table = self.query_one("#i-table", DataTable)
        row = table.cursor_row
        table.update_cell_at(Coordinate(row, 0), Text("●" if idea.id in self.marked else " ", style="bold cyan"))
        if row + 1 < len(self.ideas):
            table.move_cursor(row=row + 1)
        self.update_info()

    def _done(self, message: str, keep: int | None = None) -> None:
        self.app.notify(message, timeout=3, markup=False)
        self.app.after_write()
        self.refresh_data(keep)

    def _write(self, fn) -> Any:
        try:
            return self.app.db.call(fn)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return None

    def action_assign_field(self) -> None:
        targets = sorted(self.marked) or ([self.current().id] if self.current() else [])
        if not targets:
            self._idea_or_hint()
            return
        fields = self.app.db.call(list_fields)
        choices = [(f"{f.code} {f.name}", f.code) for f in fields]
        what = f"{len(targets)} Ideen" if len(targets) > 1 else f"Idee #{targets[0]}"

        def chosen(value: str | None) -> None:
            if value is None:
                return
            n = self._write(lambda s: set_field(s, targets, value))
            if n is not None:
                self.marked.clear()
                self._done(f"Handlungsfeld {value} für {counted(n, 'Idee', 'Ideen')} gesetzt.")

        self.app.push_screen(ChoiceDialog(f"Handlungsfeld für {what}", choices), chosen)

    def action_merge(self) -> None:
        idea = self._idea_or_hint()
        if idea is None:
            return

        def chosen(value: str | None) -> None:
            if not value:
                return
            merged = self._write(lambda s: merge_idea(s, idea.id, value))
            if merged is not None:
                self._done(f"Idee #{idea.id} mit #{merged.merged_into} zusammengeführt.", idea.id)

        self.app.push_screen(
            TextDialog(f"Idee #{idea.id} zusammenführen mit Idee Nr.:", placeholder="z. B. 12"), chosen
        )

    def action_decline(self) -> None:
        idea = self._idea_or_hint()
        if idea is None:
            return

        def chosen(answer: tuple[str, bool] | None) -> None:
            if not answer:
                return
            reason, public = answer
            done = self._write(lambda s: decline_idea(s, idea.id, reason, public=public))
            if done is not None:
                self._done(f"Idee #{idea.id}: nicht aufgenommen.", idea.id)

        self.app.push_screen(
            TextDialog(
                f"Idee #{idea.id} nicht aufnehmen – Begründung:",
                placeholder="z. B. Dafür ist die Gemeinde zuständig.",
                public=True,
            ),
            chosen,
        )

    def action_reopen(self) -> None:
        idea = self._idea_or_hint()
        if idea is not None and self._write(lambda s: set_status(s, idea.id, "in_pruefung")) is not None:
            self._done(f"Idee #{idea.id} wird wieder geprüft.", idea.id)

    def action_link(self) -> None:
        idea = self._idea_or_hint()
        if idea is None:
            return

        def chosen(code: str | None) -> None:
            if code and self._write(lambda s: accept_idea(s, idea.id, [code])) is not None:
                self._done(f"Idee #{idea.id} aufgenommen in Maßnahme {code}.", idea.id)

        self.app.push_screen(MeasurePicker(f"Idee #{idea.id} einer Maßnahme zuordnen"), chosen)

    def action_accept_new(self) -> None:
        from massnahmen.tui.dialogs.forms import MeasureForm  # on first use

        idea = self._idea_or_hint()
        if idea is None:
            return
        if idea.status == "zusammengefuehrt":
            self.app.notify(
                f"Idee #{idea.id} ist mit #{idea.merged_into} zusammengeführt; bitte dort entscheiden.",
                severity="warning",
                timeout=4,
                markup=False,
            )
            return
        prefill = measure_values_from_idea(idea)
        if prefill.get("field"):  # the next free Nr. of its field, proposed
            prefill["code"] = self.app.db.call(lambda s: suggest_code(s, prefill["field"]))

        def saved(code: str | None) -> None:
            if code and self._write(lambda s: link_new_measure(s, idea.id, code)) is not None:
                self._done(f"Idee #{idea.id} aufgenommen: Maßnahme {code} angelegt.", idea.id)

        self.app.push_screen(MeasureForm(None, prefill=prefill, heading=f"Neue Maßnahme aus Idee #{idea.id}"), saved)


# -- dialogs -----------------------------------------------------------------------------------
class ChoiceDialog(PickBase):
    """Pick one of a few values (a Handlungsfeld)."""

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.choices = question, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.question, style="bold"), classes="dialog-text")
            yield OptionList(*(Option(printable(label), id=value) for label, value in self.choices), id="choice")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#choice", OptionList).focus()


class MeasurePicker(PickBase):
    """Find a measure by Nr. or words of its title; Enter picks the highlighted one."""

    BINDINGS = [Binding("down", "to_list", show=False)]
    LIMIT = 30

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.question, style="bold"), classes="dialog-text")
            yield Input(placeholder="Nr. oder Wörter des Titels", id="find")
            yield OptionList(id="found")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#find", Input).focus()
        self.search("")

    def search(self, text: str) -> None:
        rows = self.app.db.call(lambda s: query_measures(s, TuiFilter(search=text or None), limit=self.LIMIT)) or []
        found = self.query_one("#found", OptionList)
        found.clear_options()
        for r in rows:
            found.add_option(Option(Text(f"{printable(r['code'])}  ") + Text(one_line(r["title"], 60)), id=r["code"]))
        if rows:
            found.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.query_one("#found", OptionList)
        if found.option_count and found.highlighted is not None:
            self.dismiss(found.get_option_at_index(found.highlighted).id)

    def action_to_list(self) -> None:
        self.query_one("#found", OptionList).focus()


def ideas_line(links) -> Text:
    """„Aus Bürgerideen: #3, #7 …“ for a measure's detail pane."""
    t = Text()
    if links:
        t.append("\nAus Bürgerideen\n", style="bold underline")
        for link in links[:5]:
            t.append(f"  #{link.id} ", style="bold")
            t.append(one_line(short_text(link.text, 80), 80))
            if link.channel:
                t.append(f" ({printable(link.channel)})", style="dim")
            t.append("\n")
        if len(links) > 5:
            t.append(f"  … und {len(links) - 5} weitere\n", style="dim")
    return t
