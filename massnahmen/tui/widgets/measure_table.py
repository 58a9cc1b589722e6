"""A virtual measure table: a Line-API ScrollView that renders only the visible rows and pages
them from the store (LIMIT/OFFSET around the viewport) in thread workers."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from massnahmen.domain.attributes import BY_KEY
from massnahmen.domain.dates import german
from massnahmen.domain.errors import MassnahmenError
from massnahmen.domain.text import one_line
from massnahmen.domain.timeliness import DUE, OVERDUE, timeliness
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.store.measures import contact_display, count_with_versions, query_measures
from massnahmen.tui.query import SORT_LABELS, TuiFilter
from massnahmen.tui.styles import marker, markers_on_cursor

PAGE = 200
VERSIONS_UP_TO = 20_000  # rows whose versions the count keeps (a megabyte or two)


def fit(text: str, width: int) -> str:
    """The text padded or cut to exactly width cells; a cut ends in „…“."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(set_cell_size(text, width - 1).rstrip() + "…", width)
    return set_cell_size(text, width)


@dataclass
class Column:
    key: str
    label: str
    width: int


def column(key: str, width: int) -> Column:
    """A column of the attribute key, headed by its short label."""
    return Column(key, BY_KEY[key].short_label, width)


class MeasureTable(ScrollView, can_focus=True):
    """Rows come from query_measures(filter, limit, offset); the count (and, for not too many rows,
    their versions) from count_with_versions."""

    DEFAULT_CSS = """
    MeasureTable { background: $surface; }
    MeasureTable > .measure-table--header { text-style: bold; background: $panel; color: $text; }
    MeasureTable > .measure-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    MeasureTable > .measure-table--cursor-blurred { background: $block-cursor-blurred-background; }
    MeasureTable > .measure-table--closed { color: $text-muted; }
    MeasureTable > .measure-table--overdue { color: $error; text-style: bold; }
    MeasureTable > .measure-table--due { color: $warning; }
    MeasureTable > .measure-table--loading { color: $text-disabled; }
    MeasureTable > .measure-table--marked { background: $accent 30%; text-style: bold; }
    """
    COMPONENT_CLASSES = {
        "measure-table--header",
        "measure-table--cursor",
        "measure-table--cursor-blurred",
        "measure-table--closed",
        "measure-table--overdue",
        "measure-table--due",
        "measure-table--loading",
        "measure-table--marked",
    }
    BINDINGS = [
        Binding("up", "cursor(-1)", "hoch", show=False),
        Binding("down", "cursor(1)", "runter", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "to_edge(0)", show=False),
        Binding("end", "to_edge(1)", show=False),
        Binding("ctrl+home", "to_edge(0)", show=False),
        Binding("ctrl+end", "to_edge(1)", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, table: MeasureTable, row: dict | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class Selected(Message):
        def __init__(self, table: MeasureTable, row: dict) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class MarksChanged(Message):
        def __init__(self, table: MeasureTable, count: int) -> None:
            super().__init__()
            self.table = table
            self.count = count

    class Counted(Message):
        def __init__(self, table: MeasureTable, total: int, exact: bool) -> None:
            super().__init__()
            self.table = table
            self.total = total
            self.exact = exact

    def __init__(self, db, *, flt: TuiFilter | None = None, today=None, name=None, id=None, classes=None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.db = db  # the app's serialising database gate
        self.flt = flt or TuiFilter()
        self.today = today
        self._gen = 0
        self._pages: dict[int, list[dict]] = {}
        self._requested: set[int] = set()
        self.total = 0
        self.exact = False
        self.loaded = False  # the first page of the current filter has arrived
        self._last_highlight: object = ()
        self._keep_code: str | None = None
        # marked rows: code → the version the officer saw (a bulk change is checked against it)
        self.marked: dict[str, int] = {}
        # Nr. → version of all rows of the filter, counted with them when there are not too many
        # (VERSIONS_UP_TO): `*` marks them without asking the file again; None: ask
        self.versions: dict[str, int] | None = None

    # -- data --------------------------------------------------------------------------------
    def set_filter(self, flt: TuiFilter, *, keep_cursor: bool = False, now: bool = False) -> None:
        """Show the rows of another filter (the old rows stay until the new ones arrive).
        now: ask for the first page on this thread, so that it is in the very next frame
        (for the start screen, whose first page is one short index walk)."""
        self.flt = flt
        self.reload(keep_cursor=keep_cursor, now=now)

    def keep_on(self, code: str) -> None:
        """When the rows arrive, the cursor goes to this Nr. (where the filter shows it)."""
        self._keep_code = code

    def reload(self, *, keep_cursor: bool = True, now: bool = False) -> None:
        self._gen += 1
        self.versions = None
        self._requested = set()
        row = self.current_row()
        self._keep_code = row["code"] if (keep_cursor and row) else None
        if not keep_cursor:
            self._want_cursor = 0
        else:
            self._want_cursor = self.cursor_row
        gen, flt = self._gen, self.flt
        self.db.interrupt_unless(gen)  # a count for the old filter is not worth waiting for
        first_page = (self._want_cursor // PAGE) if keep_cursor else 0
        if now and self._first_page_now(gen, flt, first_page):
            return
        self.run_worker(
            lambda: self._load(gen, flt, first_page), thread=True, group="table", exclusive=True, exit_on_error=False
        )

    def _first_page_now(self, gen: int, flt: TuiFilter, first_page: int) -> bool:
        """The first page on the UI thread, if the database is free; else (or on an error) False,
        and the worker does it as usual."""
        try:
            ok, rows = self.db.try_call(lambda s: query_measures(s, flt, limit=PAGE, offset=first_page * PAGE))
        except MassnahmenError:
            return False
        if not ok:
            return False
        self._first_page(gen, first_page, rows)
        if not (first_page == 0 and len(rows) < PAGE):
            self.run_worker(
                lambda: self._count(gen, flt), thread=True, group="table", exclusive=True, exit_on_error=False
            )
        return True

    def _load(self, gen: int, flt: TuiFilter, first_page: int) -> None:
        rows = self.db.call(
            lambda s: query_measures(s, flt, limit=PAGE, offset=first_page * PAGE), gen_check=lambda: gen == self._gen
        )
        if rows is None:
            return
        self.app.call_from_thread(self._first_page, gen, first_page, rows)
        if first_page == 0 and len(rows) < PAGE:
            return
        self._count(gen, flt)

    def _count(self, gen: int, flt: TuiFilter) -> None:
        """The exact number of rows (a scan; abandoned when the filter changes meanwhile)."""

        def count(store):
            with self.db.abandonable(gen):
                return count_with_versions(store, flt, up_to=VERSIONS_UP_TO)

        counted = self.db.call(count, gen_check=lambda: gen == self._gen)
        if counted is not None:
            self.app.call_from_thread(self._set_total, gen, *counted)

    def _first_page(self, gen: int, page: int, rows: list[dict]) -> None:
        if gen != self._gen:
            return
        self._pages = {page: rows}
        self._requested = {page}
        if page == 0 and len(rows) < PAGE:
            self.versions = {r["code"]: r["version"] for r in rows}  # all of them: no count follows
            self._apply_total(len(rows), exact=True)
        elif not self.exact or self.total < page * PAGE + len(rows):
            self._apply_total(max(page * PAGE + len(rows), self.total if self.exact else 0), exact=False)
        else:
            self._apply_total(self.total, exact=False)
        self.loaded = True
        cursor = min(self._want_cursor, max(0, self.total - 1))
        if self._keep_code:
            for i, r in enumerate(rows):
                if r["code"] == self._keep_code:
                    cursor = page * PAGE + i
                    break
        if not self._want_cursor and not self._keep_code:
            self.scroll_to(y=0, animate=False)
        self.cursor_row = cursor
        self.refresh()
        self.call_after_refresh(self._cursor_into_view)  # again once the new height is laid out

    def _set_total(self, gen: int, total: int, versions: dict[str, int] | None = None) -> None:
        if gen == self._gen:
            self.versions = versions
            self._apply_total(total, exact=True)
            if self.cursor_row >= total:
                self.cursor_row = max(0, total - 1)

    def _apply_total(self, total: int, *, exact: bool) -> None:
        self.total = total
        self.exact = exact
        self.virtual_size = Size(self.size.width, total + 1)
        self.refresh()
        self.post_message(self.Counted(self, total, exact))

    def _request_page(self, page: int) -> None:
        if page in self._requested or page < 0:
            return
        self._requested.add(page)
        gen, flt = self._gen, self.flt
        self.run_worker(lambda: self._load_page(gen, flt, page), thread=True, group="table-page", exit_on_error=False)

    def _load_page(self, gen: int, flt: TuiFilter, page: int) -> None:
        rows = self.db.call(
            lambda s: query_measures(s, flt, limit=PAGE, offset=page * PAGE), gen_check=lambda: gen == self._gen
        )
        if rows is not None:
            self.app.call_from_thread(self._page_arrived, gen, page, rows)

    def _page_arrived(self, gen: int, page: int, rows: list[dict]) -> None:
        if gen != self._gen:
            return
        self._pages[page] = rows
        if not self.exact and page * PAGE + len(rows) > self.total:
            self._apply_total(page * PAGE + len(rows), exact=False)
        self.refresh()
        self._announce()

    def row_at(self, index: int) -> dict | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def current_row(self) -> dict | None:
        if self.total == 0:
            return None
        return self.row_at(self.cursor_row)

    # -- cursor ------------------------------------------------------------------------------
    @property
    def body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, max(0, self.total - 1)))

    def watch_cursor_row(self, value: int) -> None:
        self._cursor_into_view()
        self.refresh()
        self._announce()

    def _cursor_into_view(self, tries: int = 0) -> None:
        row, top = self.cursor_row, round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self.body_height:
            target = row - self.body_height + 1
            self.scroll_to(y=target, animate=False, immediate=True)
            if round(self.scroll_y) < target and tries < 10:
                # the scroll stopped short: the rows' new height is not laid out yet; again after it is
                self.call_after_refresh(self._cursor_into_view, tries + 1)

    def _announce(self) -> None:
        row = self.current_row()
        key = (self._gen, self.cursor_row, row and row["code"], row and row["version"])
        if row is None and self.total:
            self._request_page(self.cursor_row // PAGE)
            return
        if key != self._last_highlight:
            self._last_highlight = key
            self.post_message(self.Highlighted(self, row))

    def action_cursor(self, delta: int) -> None:
        self.cursor_row += delta

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * self.body_height
        self.scroll_to(y=self.scroll_y + direction * self.body_height, animate=False)

    def action_to_edge(self, end: int) -> None:
        self.cursor_row = self.total - 1 if end else 0

    # -- marks -------------------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted row, then go to the next one."""
        row = self.current_row()
        if row is None:
            return
        if self.marked.pop(row["code"], None) is None:
            self.marked[row["code"]] = row["version"]
        self._marks_changed()
        self.cursor_row += 1

    def set_marks(self, marks: dict[str, int]) -> None:
        self.marked = dict(marks)
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self.marked)))

    def action_select(self) -> None:
        row = self.current_row()
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_select()

    async def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            self._sort_by_x(event.x)
            return
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < self.total:
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index

    def _sort_by_x(self, x: int) -> None:
        pos = 0
        for col in self.columns():
            if pos <= x < pos + col.width + 1:
                if col.key == "mark":
                    return
                if self.flt.sort == col.key:
                    flt = self.flt.copy(descending=not self.flt.descending)
                else:
                    flt = self.flt.copy(sort=col.key, descending=False)
                self.set_filter(flt, keep_cursor=True)
                self.post_message(self.Counted(self, self.total, self.exact))
                return
            pos += col.width + 1

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, self.total + 1)
        self.refresh()
        # the first layout (a table opened on a chosen Nr. gets its rows before its size) or a new
        # terminal size: the cursor row stays in view, once the new size is laid out
        self.call_after_refresh(self._cursor_into_view)

    # -- rendering ---------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        width = self.scrollable_content_region.width or self.size.width or 80
        cols = [Column("mark", "", 1), column("code", 9)]
        fixed = [column("status", 14), column("assessment", 6), column("review_date", 11)]
        if width >= 110:
            fixed.insert(0, column("field", min(24, max(14, width // 9))))
        if width >= 90:
            fixed.insert(len(fixed) - 3, column("contact", min(28, max(14, width // 7))))
        used = sum(c.width + 1 for c in cols + fixed)
        cols.append(column("title", max(10, width - used)))
        return cols + fixed

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        cols = self.columns()
        if y == 0:
            return self._header(cols, width)
        index = round(self.scroll_y) + y - 1
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            self.call_later(self._request_page, index // PAGE)
            style = self.get_component_rich_style("measure-table--loading")
            return Strip([Segment(set_cell_size("  …", width), self.rich_style + style)], width)
        return self._row(row, cols, width, index == self.cursor_row)

    def _header(self, cols: list[Column], width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("measure-table--header")
        segments = []
        for col in cols:
            label = col.label
            if self.flt.sort == col.key:
                label += " ▼" if self.flt.descending else " ▲"
            segments.append(Segment(fit(label, col.width) + " ", style))
        return Strip(segments).adjust_cell_length(width, style)

    def _row(self, row: dict, cols: list[Column], width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        closed = row["status"] in CLOSED_STATUSES
        if closed:
            base = base + self.get_component_rich_style("measure-table--closed")
        if row["code"] in self.marked:
            base = base + self.get_component_rich_style("measure-table--marked")
        if is_cursor:
            cls = "measure-table--cursor" if self.has_focus else "measure-table--cursor-blurred"
            base = base + self.get_component_rich_style(cls)
        segments = []
        for col in cols:
            text, extra = self._cell(row, col.key, closed)
            style = base + extra if extra is not None and (not is_cursor or markers_on_cursor()) else base
            segments.append(Segment(fit(text, col.width), style))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)

    def _cell(self, row: dict, key: str, closed: bool) -> tuple[str, Style | None]:
        if key == "mark":
            return ("✓" if row["code"] in self.marked else " "), None
        if key == "code":
            return one_line(row["code"]), None
        if key == "title":
            return one_line(row["title"]), None
        if key == "field":
            return one_line(f"{row['field_code']} {row['field']}"), None
        if key == "contact":
            return one_line(contact_display(row)), None
        if key == "status":
            return STATUS.short(row["status"]), None
        if key == "assessment":
            value = row["assessment"]
            if not value:
                return "  –", None
            return f"● {ASSESSMENT.label(value)}", marker(ASSESSMENT, value)
        if key == "review_date":
            value = row["review_date"]
            if not value:
                return "–", None
            state = timeliness(row["status"], value, self.today) if self.today and not closed else None
            if state == OVERDUE:
                return "!" + german(value), self.get_component_rich_style("measure-table--overdue")
            if state == DUE:
                return " " + german(value), self.get_component_rich_style("measure-table--due")
            return " " + german(value), None
        return "", None

    def sort_label(self) -> str:
        return SORT_LABELS.get(self.flt.sort, self.flt.sort) + (" ▼" if self.flt.descending else " ▲")
