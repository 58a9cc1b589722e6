"""The Sachstandsabfrage from the TUI: „Sachstandsabfrage“ writes the workbooks for the highlighted
contact or for all contacts of the Maßnahmen view (as `request create`), „Rücklauf“ reads answered
workbooks back (as `import ANTWORT.xlsx`) and shows what was taken over and what is open."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, SelectionList, Static

from massnahmen.domain.dates import german
from massnahmen.domain.errors import MassnahmenError, NotFound
from massnahmen.domain.text import counted
from massnahmen.store.office import get_office
from massnahmen.tui.dialogs.common import ReadingDialog
from massnahmen.tui.dialogs.formbase import form_row, opts
from massnahmen.tui.dialogs.jobs import JobDialog, absolute, run_job, view_text
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.styles import STYLES
from massnahmen.tui.widgets.choice import Choice

ANSWER_DAYS = 28  # the proposed answer-by date: four weeks from today
MAX_SHOWN = 30


# -- Sachstandsabfrage ---------------------------------------------------------------------------
class RequestDialog(JobDialog):
    TITLE = "Sachstandsabfrage"
    KEYS = ("who", "answer_by", "folder", "office")

    def __init__(self, flt: TuiFilter, contact=None) -> None:
        super().__init__()
        self.flt, self.contact = flt, contact

    def fields(self) -> ComposeResult:
        choices = []
        if self.contact is not None:
            choices.append((f"Markierter Kontakt: {self.contact.display}", "contact"))
        choices.append((f"Alle Zuständigen der Maßnahmen-Ansicht ({view_text(self.flt)})", "view"))
        yield form_row(
            "who", "An", Choice(opts(choices), value=choices[0][1], allow_blank=False, id="who"), required=False
        )
        by = german(self.app.today + timedelta(days=ANSWER_DAYS))
        yield form_row(
            "answer_by",
            "Antwort bis",
            Input(by, placeholder="TT.MM.JJJJ (leer: ohne Frist)", id="answer_by"),
            required=False,
        )
        yield form_row("folder", "Ordner", Input(str(Path.cwd()), id="folder"), required=True)
        office = self.app.db.call(get_office) or ""
        yield form_row(
            "office",
            "Antwort an",
            Input(office, placeholder="leer = ohne Angabe der Stelle", id="office"),
            required=False,
        )
        yield Static(
            Text(
                "Je Zuständigem eine Excel-Tabelle mit den offenen Maßnahmen, dazu eine Verteilerliste "
                "(CSV) für den Serienbrief.",
                style="dim",
            )
        )

    def action_save(self) -> None:
        problems: dict[str, str] = {}
        who = self.choice("who")
        if who not in ("contact", "view"):
            problems["who"] = "Bitte wählen, an wen die Abfrage geht."
        by = self.date_of("answer_by", "Antwort bis", problems)
        if by is not None and by < self.app.today:
            problems["answer_by"] = f"„Antwort bis“ ({german(by)}) liegt in der Vergangenheit."
        text = self.value("folder")
        folder = absolute(text) if text else None
        if folder is None:
            problems["folder"] = "Bitte einen Ordner angeben."
        elif not folder.is_dir():
            problems["folder"] = f"„{folder}“ ist kein vorhandener Ordner."
        if not self.show_problems(problems):
            return
        assert folder is not None  # (checked: no problems)
        app = self.app
        contact = self.contact if who == "contact" else None
        flt, office = self.flt, self.value("office")  # cleared: the workbook names no office
        self.dismiss("started")
        run_job(
            app, "Sachstandsabfrage", lambda: request_job(app, flt, contact, folder=folder, answer_by=by, office=office)
        )


def view_recipients(store, flt: TuiFilter):
    """Recipients for every contact of the view's measures (their open measures; only the view's
    Handlungsfeld if it has one); all contacts with open measures when the view shows everything."""
    from massnahmen.store import requests as req

    if flt.copy(sort="code", descending=False, today=None) == TuiFilter():
        return req.recipients(store, None, None)
    return req.recipients_of(store, flt)


def request_job(app, flt: TuiFilter, contact, *, folder: Path, answer_by, office) -> tuple[str, str] | None:
    from massnahmen.domain.dates import iso
    from massnahmen.exporting.request_files import write_request
    from massnahmen.store import requests as req

    def work(store):
        try:
            recipients = (
                req.recipients(store, [f"#{contact.id}"]) if contact is not None else view_recipients(store, flt)
            )
        except NotFound:
            recipients = []
        if not recipients:
            return None
        return write_request(
            store,
            recipients,
            folder=folder,
            answer_by=iso(answer_by),
            field_ref=None,
            office=office,
            protected=[store.path],
        )

    sentinel = object()
    done = app.db.call(lambda s: work(s) or sentinel)
    if done is None:
        return None  # the gate has shown the error
    if done is sentinel:
        who = f"„{contact.display}“ hat" if contact is not None else "Die Zuständigen dieser Ansicht haben"
        return f"{who} keine offenen Maßnahmen; keine Abfrage angelegt.", "warning"
    files = len(done.recipients)
    message = (
        f"Sachstandsabfrage Nr. {done.request.id}: {counted(files, 'Tabelle', 'Tabellen')} "
        f"({counted(done.measures, 'Maßnahme', 'Maßnahmen')}) geschrieben nach {done.folder}\n"
        f"Verteilerliste: {done.list_path}"
    )
    without = [r.display for r in done.recipients if not r.email]
    if without:
        message += "\nOhne E-Mail-Adresse: " + ", ".join(without[:5]) + (" …" if len(without) > 5 else "")
    return message, "information"


# -- Rücklauf ------------------------------------------------------------------------------------
class AnswersDialog(JobDialog):
    TITLE = "Rücklauf: ausgefüllte Sachstandsabfragen einlesen"
    KEYS = ("source",)
    ACTION = "Übernehmen"

    def fields(self) -> ComposeResult:
        yield form_row("source", "Datei oder Ordner", Input(str(Path.cwd()), id="source"), required=True)
        yield Checkbox("Nur prüfen (Probelauf): nichts übernehmen", id="dry", classes="fcheck", compact=True)
        yield Checkbox(
            "Auch zu im Amt inzwischen geänderten Maßnahmen",
            id="accept",
            classes="fcheck",
            compact=True,
            tooltip="Antworten auch zu Maßnahmen übernehmen, die nach dem Versand geändert wurden",
        )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "dry":  # the button says what it does: a trial run only checks
            self.query_one("#save", Button).label = f"{'Prüfen' if event.value else self.ACTION} (Strg+S)"

    def action_save(self) -> None:
        from massnahmen.importing.answers import is_answer_file

        problems: dict[str, str] = {}
        text = self.value("source")
        source = absolute(text) if text else None
        if source is None:
            problems["source"] = "Bitte eine Datei oder einen Ordner angeben."
        elif not source.exists():
            problems["source"] = f"„{source}“ gibt es nicht."
        elif source.is_file() and not is_answer_file(source):
            problems["source"] = f"„{source.name}“ ist keine ausgefüllte Sachstandsabfrage von massnahmen."
        if not self.show_problems(problems):
            return
        app, dry, accept = self.app, self.checked("dry"), self.checked("accept")
        self.dismiss("started")
        run_job(
            app, "Rücklauf", lambda: answers_job(app, source, dry_run=dry, accept_all=accept), doing="wird eingelesen"
        )


def answer_files(source: Path) -> list[Path]:
    from massnahmen.importing.answers import is_answer_file
    from massnahmen.importing.spreadsheet import is_spreadsheet

    if source.is_file():
        return [source]
    return [
        p
        for p in sorted(source.iterdir())
        if p.is_file() and not p.name.startswith((".", "~$")) and is_spreadsheet(p) and is_answer_file(p)
    ]


def answers_job(
    app, source: Path | None, *, dry_run: bool, accept_all: bool, only: dict[Path, list[str]] | None = None
) -> tuple[str, str] | None:
    """Read the answers in source (a file or a folder); with only, just those files, taking the
    answers to those measures also where the office changed them after sending (the officer chose
    them in the summary)."""
    from massnahmen.domain.clock import today
    from massnahmen.importing.answers import apply_answer, plan_answer, read_answer

    files = list(only) if only else answer_files(source) if source is not None else []
    if not files:
        return f"In „{source}“ liegt keine ausgefüllte Sachstandsabfrage; nichts übernommen.", "warning"
    lines: list[tuple[str, str]] = []
    open_conflicts: list[tuple[Path, str, str]] = []
    taken = conflicts = written = 0
    for path in files:
        try:
            answer = read_answer(path, today=today())
        except MassnahmenError as exc:
            lines += [(f"{path.name}", "bold"), (f"  Fehler: {exc.message}", "message.error"), ("", "")]
            continue
        accept = ["all"] if accept_all else (only or {}).get(path, [])

        def plan_and_apply(store, answer=answer, accept=accept):
            plan = plan_answer(store, answer, accept=accept, skip=[])
            if not dry_run:
                apply_answer(store, plan)
            return plan

        plan = app.db.call(plan_and_apply)
        if plan is None:
            lines += [(f"{path.name}: nicht eingelesen (siehe Fehlermeldung)", "message.error"), ("", "")]
            continue
        taken += len(plan.new) + len(plan.accepted)
        conflicts += len(plan.conflicts)
        written += plan.written
        lines += summary_lines(path, answer, plan, dry_run=dry_run)
        if not dry_run:
            open_conflicts += [(path, r.code, f"{r.code} ({path.name}): {r.values_text()}") for r in plan.conflicts]
    reviews = counted(taken, "Sachstand", "Sachstände")
    head = (
        f"Probelauf: {reviews} {'würde' if taken == 1 else 'würden'} übernommen" if dry_run else f"{reviews} übernommen"
    ) + f" aus {counted(len(files), 'Datei', 'Dateien')}"
    if conflicts:
        head += f"; {conflicts} offen (im Amt inzwischen geändert)"
    if written:
        app.call_from_thread(app.after_write)
    app.call_from_thread(app.push_screen, AnswersSummary(head, lines, open_conflicts))
    return head + ".", "warning" if conflicts else "information"


def accept_chosen(app, chosen: list[tuple[Path, str]]) -> None:
    """Take the answers the officer chose in the summary, although the office changed those measures."""
    only: dict[Path, list[str]] = {}
    for path, code in chosen:
        only.setdefault(path, []).append(code)
    run_job(
        app,
        "Rücklauf",
        lambda: answers_job(app, None, dry_run=False, accept_all=False, only=only),
        doing="übernimmt die gewählten Antworten",
    )


def summary_lines(path: Path, answer, plan, *, dry_run: bool) -> list[tuple[str, str]]:
    """What `import ANTWORT.xlsx` prints, as (line, style)."""
    out = [
        (
            f"Antwort auf Sachstandsabfrage Nr. {answer.request_id} von {answer.author} ({path.name}, Blatt "
            f"„{answer.sheet}“)" + (" – Probelauf" if dry_run else ""),
            "bold",
        )
    ]
    for label, count in (
        ("neue Sachstände", len(plan.new) + len(plan.accepted)),
        ("schon übernommen", len(plan.duplicate)),
        ("im Amt inzwischen geändert (offen)", len(plan.conflicts)),
        ("fehlerhaft", len(plan.failed)),
        ("leer gelassen", answer.empty),
    ):
        out.append((f"  {label + ':':<38}{count:>5}", ""))
    verb = "würde übernommen" if dry_run else "übernommen"
    for r in (plan.new + plan.accepted)[:MAX_SHOWN]:
        out.append((f"  {r.code}: {verb} – {r.values_text()} (Stand {german(r.day or answer.file_day)})", "message.ok"))
    for r in plan.conflicts + plan.accepted:
        changes = "; ".join(f"{german(c.at[:10])} {c.author}: {c.describe()}" for c in r.office_changes) or "geändert"
        which = "trotzdem übernommen" if r in plan.accepted else "nicht übernommen"
        out.append(
            (
                f"  {r.code}: im Amt nach dem Versand geändert ({changes}); Antwort: {r.values_text()} – {which}",
                "message.warning" if r in plan.conflicts else "",
            )
        )
    for problem in answer.problems[:MAX_SHOWN]:
        out.append((f"  Fehler: {problem}", "message.error"))
    if plan.backup:
        out.append((f"  Sicherung vor dem Import: {plan.backup}", "dim"))
    if not dry_run and not plan.written:
        out.append(("  Keine Änderung: nichts Neues in der Antwort.", "dim"))
    out.append(("", ""))
    return out


class AnswersSummary(ReadingDialog):
    """What the Rücklauf took over, per file; conflicts in the warning colour. Answers to measures
    the office changed after sending are listed to choose from: Leertaste marks, „Gewählte
    übernehmen“ takes them anyway."""

    BINDINGS = [
        Binding("escape", "close", "Schließen"),
        Binding("enter", "close", show=False),
        Binding("ctrl+s", "accept", "Gewählte übernehmen"),
    ]

    def __init__(
        self, head: str, lines: list[tuple[str, str]], conflicts: Sequence[tuple[Path, str, str]] = ()
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.head, self.lines, self.conflicts = head, lines, list(conflicts)
        self.SCROLL = "#answers-open" if self.conflicts else "#help-scroll"

    def compose(self) -> ComposeResult:
        text = Text()
        for line, style in self.lines:
            text.append(line + "\n", style=STYLES.get(style, style) or None)
        if not self.conflicts and any(style == "message.warning" for _line, style in self.lines):
            text.append(
                "Ein Probelauf übernimmt nichts; ohne ihn lassen sich diese Antworten hier einzeln übernehmen.",
                style="dim",
            )
        with Vertical(classes="dialog full"):
            yield Static(Text(self.head, style="bold"), classes="dialog-text", id="answers-head")
            with VerticalScroll(id="help-scroll"):
                yield Static(text, id="answers-text")
            if self.conflicts:
                yield Static(
                    Text(
                        "Im Amt inzwischen geändert – trotzdem übernehmen? (Leertaste wählt, "
                        "Strg+S übernimmt die gewählten)",
                        style="bold",
                    ),
                    id="answers-open-head",
                )
                yield SelectionList(
                    *[(Text(label), i) for i, (_p, _c, label) in enumerate(self.conflicts)], id="answers-open"
                )
            with Horizontal(classes="dialog-buttons"):
                if self.conflicts:
                    yield Button("Gewählte übernehmen (Strg+S)", variant="primary", id="accept")
                yield Button("Schließen (Esc)", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "accept":
            self.action_accept()
        else:
            self.dismiss(None)

    def action_accept(self) -> None:
        if not self.conflicts:
            return
        chosen = [self.conflicts[i][:2] for i in self.query_one("#answers-open", SelectionList).selected]
        if not chosen:
            self.app.notify("Keine Antwort gewählt – Leertaste wählt eine aus.", severity="warning", timeout=4)
            return
        self.dismiss(None)
        accept_chosen(self.app, chosen)
