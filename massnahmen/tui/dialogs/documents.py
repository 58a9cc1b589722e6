"""Files out of the TUI, as the command line writes them: „Exportieren“ (the Maßnahmen view as CSV,
Excel, ICS or JSON) and „Bericht erstellen“ (Sachstandsbericht, Rückblick). The dialogs check what
was typed and the target file; the work then runs in a thread worker and ends with a notification
naming the written file. The Sachstandsabfrage and its Rücklauf are in tui/dialogs/exchange.py."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.widgets import Checkbox, Input, Select, Static

from massnahmen.domain.dates import german
from massnahmen.domain.errors import MassnahmenError
from massnahmen.tui.dialogs.formbase import form_row, opts
from massnahmen.tui.dialogs.jobs import JobDialog, check_file, run_job, view_text
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.widgets.choice import Choice


def document_commands(app):
    """The palette commands for files in and out (the dialogs' modules load on first use)."""

    def export() -> None:
        app.push_screen(ExportDialog(current_filter(app)))

    def report() -> None:
        app.push_screen(ReportDialog())

    def request() -> None:
        from massnahmen.tui.dialogs.exchange import RequestDialog

        app.push_screen(RequestDialog(current_filter(app), highlighted_contact(app)))

    def answers() -> None:
        from massnahmen.tui.dialogs.exchange import AnswersDialog

        app.push_screen(AnswersDialog())

    yield SystemCommand(
        "Exportieren", "Die Maßnahmen der aktuellen Ansicht als CSV, Excel oder Kalender (ICS) speichern", export
    )
    yield SystemCommand("Bericht erstellen", "Sachstandsbericht oder Rückblick als HTML, PDF oder Markdown", report)
    yield SystemCommand(
        "Sachstandsabfrage",
        "Excel-Tabellen zum Ausfüllen an die Zuständigen (markierter Kontakt oder alle der Ansicht)",
        request,
    )
    yield SystemCommand("Rücklauf", "Ausgefüllte Sachstandsabfragen einlesen (Datei oder Ordner)", answers)


def current_filter(app) -> TuiFilter:
    """The filter of the Maßnahmen screen (what its table shows), else all measures."""
    flt = app.current_filter
    return flt.copy() if isinstance(flt, TuiFilter) else TuiFilter()


def highlighted_contact(app):
    """The contact under the cursor when the Kontakte screen is shown, else None."""
    return app.highlighted_contact if app.current_mode == "contacts" else None


# -- Exportieren ---------------------------------------------------------------------------------
EXPORT_CHOICES = (
    ("CSV (Tabellenkalkulation, wie der Import sie liest)", "csv"),
    ("Excel (.xlsx)", "xlsx"),
    ("Kalender (ICS, Wiedervorlagen offener Maßnahmen)", "ics"),
    ("JSON (für Skripte)", "json"),
)
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel (.xlsx)", "ics": "Kalender (ICS)", "json": "JSON"}


def with_suffix(text: str, suffixes, new: str) -> str:
    """The proposed name with the new format's ending, if it ends in one of ours."""
    path = Path(text)
    return str(path.with_suffix(new)) if path.suffix.lower() in suffixes else text


class ExportDialog(JobDialog):
    TITLE = "Exportieren"
    ACTION = "Exportieren"
    KEYS = ("fmt", "path")

    def __init__(self, flt: TuiFilter) -> None:
        super().__init__()
        self.flt = flt

    def fields(self) -> ComposeResult:
        yield Static(Text(f"Ansicht: {view_text(self.flt)}"), classes="dialog-text")
        yield form_row(
            "fmt", "Format", Choice(opts(EXPORT_CHOICES), value="csv", allow_blank=False, id="fmt"), required=False
        )
        proposed = Path.cwd() / f"massnahmen-{self.app.today:%Y-%m-%d}.csv"
        yield form_row("path", "Datei", Input(str(proposed), id="path"), required=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        from massnahmen.exporting.measures_file import FORMAT_BY_SUFFIX

        if event.select.id == "fmt" and event.value in FORMAT_NAMES:
            field = self.query_one("#path", Input)
            field.value = with_suffix(field.value, FORMAT_BY_SUFFIX, f".{event.value}")

    def action_save(self) -> None:
        from massnahmen.exporting.measures_file import FORMATS, ending_conflict, output_kind

        problems: dict[str, str] = {}
        fmt = self.choice("fmt")
        path = None
        if fmt not in FORMAT_NAMES:
            problems["fmt"] = "Bitte ein Format wählen: CSV, Excel, Kalender (ICS) oder JSON."
        else:
            text = self.value("path")
            conflict = ending_conflict(fmt, Path(text)) if text else None
            if conflict in FORMATS:
                problems["path"] = (
                    f"Die Endung „{Path(text).suffix}“ passt nicht zum Format {FORMAT_NAMES[fmt]}; "
                    f"bitte auf .{fmt} enden lassen."
                )
            elif conflict:
                problems["path"] = "Excel-Export schreibt eine .xlsx-Datei; bitte auf .xlsx enden lassen."
            else:
                path = check_file(text, output_kind(fmt), self.app, problems)
        if not self.show_problems(problems):
            return
        assert path is not None  # (checked: no problems)
        app, flt = self.app, self.flt

        def start() -> None:
            self.dismiss("started")
            run_job(app, "Export", lambda: export_job(app, flt, fmt, path))

        self.start_unless_replacing(path, start)


def export_job(app, flt: TuiFilter, fmt: str, path: Path) -> tuple[str, str] | None:
    from massnahmen.exporting.measures_file import row_writer, write_measures_file, written_text
    from massnahmen.store.measures import query_measures

    skipped: list[str] = []
    got = app.db.call(lambda s: (query_measures(s, flt), row_writer(fmt, s, skipped=skipped)))
    if got is None:
        return None
    rows, writer = got
    written = write_measures_file(writer, rows, path, fmt, protected=[app.store.path])
    message = f"{written_text(written, fmt)} exportiert nach {path}"
    if skipped:
        message += f"\n{len(skipped)} ohne gültige Wiedervorlage nicht im Kalender."
    return message, "information" if rows else "warning"


# -- Bericht erstellen ---------------------------------------------------------------------------
REPORT_KINDS = (
    ("Sachstandsbericht (für Ausschuss, Kreistag, Stadtrat)", "sachstand"),
    ("Rückblick je Jahr (z. B. für den Fachtag)", "rueckblick"),
)
REPORT_FORMATS = (("HTML (zum Drucken im Browser)", "html"), ("PDF", "pdf"), ("Markdown", "md"))
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}
REPORT_NAMES = {"sachstand": "sachstandsbericht", "rueckblick": "rueckblick"}
ONLY_SACHSTAND = ("as_of", "changed", "detailed", "contacts")


class ReportDialog(JobDialog):
    TITLE = "Bericht erstellen"
    KEYS = ("kind", "fmt", "as_of", "since", "until", "field", "path")

    def fields(self) -> ComposeResult:
        def select(key: str, choices, value):
            return Choice(opts(choices), value=value, allow_blank=False, id=key)

        yield form_row("kind", "Art", select("kind", REPORT_KINDS, "sachstand"), required=False)
        yield form_row("fmt", "Format", select("fmt", REPORT_FORMATS, "html"), required=False)
        proposed = Path.cwd() / f"sachstandsbericht-{self.app.today:%Y-%m-%d}.html"
        yield form_row("path", "Datei", Input(str(proposed), id="path"), required=True)
        yield form_row(
            "as_of",
            "Stichtag",
            Input(placeholder=f"leer = heute ({german(self.app.today)})", id="as_of"),
            required=False,
        )
        yield form_row(
            "since", "Zeitraum ab", Input(placeholder="leer = das Jahr bis zum Stichtag", id="since"), required=False
        )
        yield form_row("until", "Zeitraum bis", Input(placeholder="leer = heute", id="until"), required=False)
        yield form_row("field", "Handlungsfeld", Choice([], prompt="alle Handlungsfelder", id="field"), required=False)
        # short enough for 80 columns (a checkbox's label is one line; it was cut in the middle of a word)
        for key, label in (
            ("changed", "Nur im Zeitraum geänderte Maßnahmen"),
            ("detailed", "Ausführlich: je Maßnahme alle Sachstände"),
            ("contacts", "Intern: mit Kontaktdaten der Zuständigen"),
        ):
            yield Checkbox(label, id=key, classes="fcheck", compact=True)

    def on_mount(self) -> None:
        from massnahmen.store.catalog import list_fields

        try:
            fields = self.app.db.call(list_fields)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            fields = []
        self.query_one("#field", Select).set_options(opts((f"{f.code} {f.name}", f.code) for f in fields))
        self._show_kind("sachstand")
        self.query_one("#path", Input).focus()

    def _show_kind(self, kind: str) -> None:
        for key in ONLY_SACHSTAND:
            self.query_one(f"#row-{key}" if key == "as_of" else f"#{key}").display = kind == "sachstand"
        self.query_one("#row-until").display = kind == "rueckblick"
        self.query_one("#since", Input).placeholder = (
            "leer = Beschluss des Konzepts" if kind == "rueckblick" else "leer = das Jahr bis zum Stichtag"
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        field = self.query_one("#path", Input)
        if event.select.id == "kind" and event.value in REPORT_NAMES:
            self._show_kind(event.value)
            path = Path(field.value)
            for old in REPORT_NAMES.values():
                if path.name.startswith(old + "-"):
                    field.value = str(path.with_name(REPORT_NAMES[event.value] + path.name[len(old) :]))
        elif event.select.id == "fmt" and event.value in ("html", "pdf", "md"):
            field.value = with_suffix(field.value, REPORT_SUFFIXES, f".{event.value}")

    def action_save(self) -> None:
        from massnahmen.reports.outputs import output_kind
        from massnahmen.reports.rendering import KIND_LABELS, ReportRequest

        problems: dict[str, str] = {}
        kind, fmt = self.choice("kind"), self.choice("fmt")
        if kind not in REPORT_NAMES:
            problems["kind"] = "Bitte die Art wählen: Sachstandsbericht oder Rückblick."
        if fmt not in ("html", "pdf", "md"):
            problems["fmt"] = "Bitte ein Format wählen: HTML, PDF oder Markdown."
        sachstand = kind == "sachstand"
        day = self.app.today
        as_of = self.date_of("as_of", "Stichtag", problems) if sachstand else None
        since = self.date_of("since", "Zeitraum ab", problems)
        until = None if sachstand else self.date_of("until", "Zeitraum bis", problems)
        stichtag = as_of or day
        if as_of and as_of > day:
            problems["as_of"] = f"Der Stichtag ({german(as_of)}) liegt in der Zukunft."
        if since and since > stichtag:
            problems["since"] = f"Der Beginn ({german(since)}) liegt nach dem Stichtag ({german(stichtag)})."
        if until and since and until < since:
            problems["until"] = f"Das Ende ({german(until)}) liegt vor dem Beginn ({german(since)})."
        path = None
        text = self.value("path")
        by_suffix = REPORT_SUFFIXES.get(Path(text).suffix.lower())
        if fmt in ("html", "pdf", "md") and text and by_suffix != fmt:
            problems["path"] = (
                f"Ein {fmt.upper() if fmt != 'md' else 'Markdown'}-Bericht braucht eine Datei auf "
                f".{fmt}, z. B. {REPORT_NAMES.get(kind, 'bericht')}.{fmt}"
            )
        elif fmt in ("html", "pdf", "md"):
            path = check_file(text, output_kind(fmt), self.app, problems)
        if not self.show_problems(problems):
            return
        assert path is not None  # (checked: no problems)
        field = self.choice("field")
        spec = ReportRequest(
            kind,
            day,
            since=since,
            until=until,
            as_of=as_of,
            fields=[field] if isinstance(field, str) else [],
            changed_only=sachstand and self.checked("changed"),
            detailed=sachstand and self.checked("detailed"),
            with_contacts=sachstand and self.checked("contacts"),
        )
        app = self.app

        def start() -> None:
            self.dismiss("started")
            run_job(app, KIND_LABELS[kind], lambda: report_job(app, spec, fmt, path))

        self.start_unless_replacing(path, start)


def report_job(app, spec, fmt: str, path: Path) -> tuple[str, str] | None:
    from massnahmen.reports.common import plural
    from massnahmen.reports.rendering import KIND_LABELS, render_report, report_data, write_report

    data = app.db.call(lambda s: report_data(s, spec))
    if data is None:
        return None
    payload = render_report(data, fmt, spec.kind, marker=True)
    write_report(path, payload, fmt, protected=[app.store.path])
    return (
        f"{KIND_LABELS[spec.kind]} geschrieben: {path} ({plural(data.total, 'Maßnahme', 'Maßnahmen')})",
        "information",
    )
