"""What the file dialogs share (tui/dialogs/documents.py, tui/dialogs/exchange.py): a form that checks its fields
and keeps open with German messages beside them, the target-file check, and the thread worker that
does the work and ends with a notification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from massnahmen.domain.dates import parse_date
from massnahmen.domain.errors import InvalidValue, MassnahmenError
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.dialogs.formbase import FormScreen
from massnahmen.tui.query import TuiFilter


def view_text(flt: TuiFilter) -> str:
    parts = flt.describe()
    return ", ".join(parts) if parts else "alle Maßnahmen (ohne Archiv)"


def absolute(text: str) -> Path:
    return Path(text.strip()).expanduser().absolute()


def run_job(app, title: str, job: Callable[[], tuple[str, str] | None], *, doing: str = "wird erstellt") -> None:
    """job runs in a thread worker and returns (message, severity) or None (its error was shown by
    the database gate). A MassnahmenError becomes the German error notification, never a traceback."""
    app.notify(f"{title} {doing} …", title=title, timeout=3)

    def work() -> None:
        try:
            result = job()
        except MassnahmenError as exc:
            app.call_from_thread(app.show_error, exc)
            return
        except OSError as exc:
            app.call_from_thread(
                app.show_error,
                f"{title} abgebrochen: eine Datei ließ sich nicht lesen oder schreiben ({exc.strerror or exc}).",
            )
            return
        if result is not None:
            message, severity = result
            app.call_from_thread(app.notify, message, title=title, severity=severity, timeout=12)

    app.run_worker(work, thread=True, group="documents", name=title)


class JobDialog(FormScreen):
    """A form that checks its fields (German messages beside them; it stays open) and then hands
    the work to run_job."""

    DEFAULT_CSS = """
    JobDialog #job-body { height: auto; max-height: 22; }
    JobDialog .fcheck { margin-left: 22; height: auto; }
    """
    TITLE = ""
    KEYS: tuple[str, ...] = ()
    ACTION = "Erstellen"  # what the button does (with Strg+S)

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.TITLE, style="bold"), classes="dialog-text")
            with VerticalScroll(id="job-body"):
                yield from self.fields()
            yield Static("", id="form-status")
            yield Horizontal(
                Button(f"{self.ACTION} (Strg+S)", variant="primary", id="save"),
                Button("Abbrechen (Esc)", id="cancel"),
                classes="dialog-buttons",
            )

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.fit_body()
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        self.fit_body()

    def fit_body(self) -> None:
        """The fields scroll, the buttons stay in sight: at 80×24 the report's fields and the
        buttons below them were taller than the terminal, the buttons cut off."""
        self.query_one("#job-body").styles.max_height = max(4, min(22, self.app.size.height - 11))

    def value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value.strip()

    def choice(self, key: str):
        return self.query_one(f"#{key}", Select).value

    def checked(self, key: str) -> bool:
        return self.query_one(f"#{key}", Checkbox).value

    def date_of(self, key: str, label: str, problems: dict[str, str]) -> date | None:
        try:
            return parse_date(self.value(key), label=label)
        except InvalidValue as exc:
            problems[key] = exc.message
            return None

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Every field's message (or none); True when there is nothing to complain about."""
        for key in self.KEYS:
            self.set_error(key, problems.get(key))
        self.status("Bitte die markierten Felder korrigieren." if problems else "", error=bool(problems))
        if problems:
            self.focus_first_error()
        return not problems

    def start_unless_replacing(self, path: Path, start: Callable[[], None]) -> None:
        """start() at once when there is no file at path; else only after the officer confirmed that
        the existing file is to be replaced (the question's default keeps it: back to the name)."""
        from massnahmen.store.files import existing_file

        there = existing_file(path)
        if there is None:
            start()
            return

        def answered(replace: bool | None) -> None:
            if replace:
                start()
            else:
                self.status("Nichts geschrieben: bitte einen anderen Dateinamen wählen.")
                self.query_one("#path", Input).focus()

        question = Text("Die Datei gibt es schon:\n", style="bold")
        question.append(str(path), style="")
        question.append(f"\n({there})\n\nErsetzen? Die bisherige Datei geht dabei verloren.", style="")
        self.app.push_screen(ConfirmDialog(question, yes="Ersetzen", no="Anderen Namen wählen"), answered)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def collect(self) -> dict:
        return {}


def check_file(path_text: str, kind, app, problems: dict[str, str], key: str = "path") -> Path | None:
    """The target file (absolute), or a German message beside the field; nothing is written here."""
    from massnahmen.store.files import check_target

    if not path_text:
        problems[key] = "Bitte einen Dateinamen angeben."
        return None
    path = absolute(path_text)
    try:
        return check_target(path, kind, protected=[app.store.path], option="„Datei“")
    except MassnahmenError as exc:
        problems[key] = exc.message
        return None
