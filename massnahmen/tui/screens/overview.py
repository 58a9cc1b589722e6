"""The Übersicht: status per Handlungsfeld with bars, Ampel, due reviews, latest Sachstände.
Every number leads with Enter (or a click) to the measures behind it."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from massnahmen.domain.dates import DEFAULT_DUE_DAYS, german
from massnahmen.domain.text import counted, one_line, printable
from massnahmen.domain.vocab import ASSESSMENT, STATUS, assessment_text
from massnahmen.tui import themes
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.screens.base import DataScreen
from massnahmen.tui.styles import colour, hint
from massnahmen.tui.widgets.keybar import KeyBar


def bar(counts: dict[str, int], width: int) -> Text:
    """A stacked bar of the statuses, width cells long."""
    total = sum(counts.values())
    out = Text()
    if not total:
        return Text("·" * width, style="dim")
    used = 0
    keys = [k for k in STATUS.keys if counts.get(k)]
    for i, key in enumerate(keys):
        n = round(counts[key] / total * width) if i < len(keys) - 1 else width - used
        n = max(0, min(n, width - used))
        out.append("█" * n, style=colour(STATUS, key))
        used += n
    return out


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class OverviewScreen(DataScreen):
    BINDINGS = [("enter", "open", "Öffnen")]
    AUTO_FOCUS = "#ov-fields"  # Enter on a number works at once, without Tab first

    def __init__(self) -> None:
        super().__init__()
        self.stale = False
        self.data = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview", can_focus=False):  # the lists take the keys
            yield Static(Text("lädt …", style="dim"), id="ov-title")
            yield Static(
                Text("Status je Handlungsfeld – Enter auf einer Zahl zeigt die Maßnahmen dahinter", style="bold"),
                classes="ov-head",
            )
            yield DataTable(id="ov-fields", cursor_type="cell", zebra_stripes=True)
            yield Static(id="ov-legend")
            with Horizontal(id="ov-lists"):
                with Vertical(classes="ov-box"):
                    yield Static(Text("Wiedervorlagen (offene Maßnahmen)", style="bold"), classes="ov-head")
                    yield OptionList(id="ov-due")
                with Vertical(classes="ov-box"):
                    yield Static(Text("Ampel (offene Maßnahmen)", style="bold"), classes="ov-head")
                    yield OptionList(id="ov-assessment")
            yield Static(Text("Letzte Sachstände", style="bold"), classes="ov-head")
            yield OptionList(id="ov-recent")
        yield KeyBar()

    def on_mount(self) -> None:
        self._with_bars: bool | None = None
        themes.on_change(self, self.restyle)
        self.refresh_data()

    def restyle(self) -> None:
        """The numbers again in the colours of the new scheme."""
        if self.data is not None:
            self.show(self.data)

    @property
    def with_bars(self) -> bool:
        """Bars and their legend only where they fit beside the numbers: at 80 columns the counts
        and sums per field come first, and the lists below move up."""
        return self.app.size.width >= 100

    def _columns(self, table: DataTable) -> None:
        if self._with_bars == self.with_bars:
            return
        self._with_bars = self.with_bars
        table.clear(columns=True)
        table.add_column(Text("Handlungsfeld"), key="name")
        for key in STATUS.keys:
            table.add_column(Text(STATUS.by_key[key].heading, justify="right"), key=key)
        table.add_column(Text("Summe", justify="right"), key="total")
        if self._with_bars:
            table.add_column(Text("Verteilung"), key="bar")

    def on_resize(self) -> None:
        if self.data is not None and self._with_bars != self.with_bars:
            self.show(self.data)

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_data()

    def refresh_data(self) -> None:
        self.stale = False
        self.load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self) -> None:
        from massnahmen.tui.screens.overview_data import load_overview  # in the worker: reports load off the UI thread

        data = self.app.db.call(lambda s: load_overview(s, self.app.today))
        if data is not None:
            self.app.call_from_thread(self.show, data)

    def show(self, ov) -> None:
        self.data = ov
        title = Text()
        st = ov.status
        title.append(printable(st.concept), style="bold")  # the file's name is in the header
        title.append(
            f"\n{counted(st.total, 'Maßnahme', 'Maßnahmen')} in "
            f"{counted(len(st.fields), 'Handlungsfeld', 'Handlungsfeldern')}, "
            f"davon {number(st.open)} offen · {number(st.archived)} im Archiv"
            f" · Stand {german(self.app.today)}"
        )
        self.query_one("#ov-title", Static).update(title)

        table = self.query_one("#ov-fields", DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        self._columns(table)
        bars = bool(self._with_bars)
        wide = self.size.width >= 120
        width = 22 if wide else 12  # with the focus edge, the table fits 120 columns
        name_width = 34 if wide else (18 if bars else 14)
        for row in st.fields:
            cells = [Text(one_line(f"{row.code} {row.name}", name_width))]
            for key in STATUS.keys:
                n = row.counts.get(key, 0)
                cells.append(Text(number(n) if n else "·", justify="right", style=colour(STATUS, key) if n else "dim"))
            cells.append(Text(number(row.total), justify="right", style="bold"))
            if bars:
                cells.append(bar(row.counts, width))
            table.add_row(*cells, key=f"f:{row.code}")
        totals = st.by_status
        cells = [Text("Alle Handlungsfelder" if bars else "Alle Felder", style="bold")]
        for key in STATUS.keys:
            cells.append(Text(number(totals[key]), justify="right", style="bold"))
        cells.append(Text(number(st.total), justify="right", style="bold"))
        if bars:
            cells.append(bar(totals, width))
        table.add_row(*cells, key="all")
        try:
            table.cursor_coordinate = cursor
        except Exception:
            pass
        legend = Text("Legende: ", style="dim")
        for key in STATUS.keys:
            legend.append("█ ", style=colour(STATUS, key))
            legend.append(STATUS.label(key) + "  ", style="dim")
        self.query_one("#ov-legend", Static).update(legend)
        self.query_one("#ov-legend", Static).display = bars

        biggest = max([st.overdue, st.due, st.open_without_review_date, 1])
        bar_cells = 12 if bars else 5  # two lists side by side in 80 columns: short bars, no wrapping
        due = self.query_one("#ov-due", OptionList)
        highlighted = due.highlighted
        due.clear_options()
        for key, label, n, style in (
            ("overdue", "überfällig", st.overdue, hint("overdue")),
            ("due", f"fällig in {st.due_days} Tagen", st.due, hint("due")),
            ("noreview", "ohne Wiedervorlage", st.open_without_review_date, hint("none")),
        ):
            t = Text(f"{label:<{22 if bars else 18}}", style=style)
            t.append(f"{number(n):>{8 if bars else 5}} ", style="bold")
            t.append("█" * round(n / biggest * bar_cells), style=style)
            due.add_option(Option(t, id=key))
        due.highlighted = highlighted

        assessment_list = self.query_one("#ov-assessment", OptionList)
        highlighted = assessment_list.highlighted
        assessment_list.clear_options()
        assessment_counts = ov.assessment
        biggest = max([*assessment_counts.values(), 1])
        for key in ("gruen", "gelb", "rot", "none"):
            n = assessment_counts.get(key, 0)
            label = assessment_text(key)
            t = Text("● ", style=colour(ASSESSMENT, key))
            t.append(f"{label:<{20 if bars else 17}}")
            t.append(f"{number(n):>{8 if bars else 5}} ", style="bold")
            t.append("█" * round(n / biggest * bar_cells), style=colour(ASSESSMENT, key))
            assessment_list.add_option(Option(t, id=f"a:{key}"))
        assessment_list.highlighted = highlighted

        recent = self.query_one("#ov-recent", OptionList)
        recent.clear_options()
        if not ov.recent:
            recent.add_option(Option(Text("noch keine Sachstände erfasst", style="dim"), id="none", disabled=True))
        for i, r in enumerate(ov.recent):
            t = Text(f"{german(r.date)}  ", style="bold")
            t.append(f"{one_line(r.code, 10):<10} ")
            t.append(one_line(r.title, 40))
            t.append("  ")
            t.append(one_line(r.author, 16), style="dim")
            t.append("\n            ")
            t.append(one_line(r.note, 100), style="italic")
            recent.add_option(Option(t, id=f"r:{i}:{r.code}"))

    # -- leading to the measures -------------------------------------------------------------
    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        row_key = event.cell_key.row_key.value or ""
        column = event.cell_key.column_key.value or ""
        flt = TuiFilter()
        if row_key.startswith("f:"):
            flt.field = row_key[2:]
        if column in STATUS.keys:
            flt.statuses = [column]
        self.app.show_measures(flt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid == "overdue":
            flt = TuiFilter(overdue=True, sort="review_date")
        elif oid == "due":
            flt = TuiFilter(due_within=DEFAULT_DUE_DAYS, sort="review_date")
        elif oid == "noreview":
            flt = TuiFilter(no_review=True)
        elif oid.startswith("a:"):
            flt = TuiFilter(assessment=oid[2:], open_only=True)
        elif oid.startswith("r:"):
            code = oid.split(":", 2)[2]
            self.app.show_measures(TuiFilter(search=code), code=code)
            return
        else:
            return
        self.app.show_measures(flt)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            focused.action_select_cursor()
        elif isinstance(focused, OptionList):
            focused.action_select()
