"""Many measures at once: the dialog for one change of all marked measures, the write in a worker
(conflict-checked: measures a colleague changed meanwhile are named, and left alone only when the
officer says so) and its undo until the next change."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static

from massnahmen.domain.dates import parse_date, weeks_later
from massnahmen.domain.errors import ConflictError, InvalidValue, MassnahmenError
from massnahmen.domain.text import counted
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS
from massnahmen.store.catalog import fields_in_order, list_goals
from massnahmen.store.measures import ARCHIVED, POSTPONE_WEEKS, update_many
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.dialogs.formbase import FormScreen, form_row, opts, save_cancel_buttons
from massnahmen.tui.dialogs.writing import run_write
from massnahmen.tui.query import contact_choices
from massnahmen.tui.widgets.choice import Choice

KEEP = "keep"  # a choice list's „unverändert“
NOBODY = "nobody"
NOT_RATED = "none"
NO_GOAL = "no-goal"
NO_PRIORITY = "no-priority"
BULK_CONTEXT = "Sammeländerung"
UNDO_CONTEXT = "Rückgängig"


def parse_review(text: str) -> dict:
    """The Wiedervorlage field of the dialog: empty keeps it, „+4“ or „+4 Wochen“ moves each
    measure's date that many weeks on, a date sets it, „-“ clears it."""
    text = text.strip()
    if not text:
        return {}
    if text in ("-", "–", "keine"):
        return {"review_date": ""}
    weeks = weeks_later(text, label="Wiedervorlage")
    if weeks:
        return {POSTPONE_WEEKS: weeks}
    parse_date(text, label="Wiedervorlage")  # a German message for what is no date
    return {"review_date": text}


class BulkDialog(FormScreen):
    """One change for count measures; answers the values for update_many (None: cancelled)."""

    def __init__(self, count: int, *, archived: bool) -> None:
        super().__init__(classes="dialog-screen")
        self.count = count
        self.archived = archived

    def compose(self) -> ComposeResult:
        keep = [(Text("unverändert"), KEEP)]
        with Vertical(classes="dialog wide form small"):
            yield Static(
                Text(f"{counted(self.count, 'Maßnahme', 'Maßnahmen')} auf einmal ändern", style="bold"), id="form-title"
            )
            with VerticalScroll(id="form-body", can_focus=False):  # the fields take the keys
                yield form_row(
                    "status",
                    "Status",
                    Choice(
                        keep + opts((STATUS.label(k), k) for k in STATUS.keys),
                        value=KEEP,
                        allow_blank=False,
                        id="in-status",
                    ),
                    required=False,
                )
                yield form_row(
                    "assessment",
                    "Ampel",
                    Choice(
                        keep + opts((t.label, t.key) for t in ASSESSMENT.terms) + [(Text("nicht bewertet"), NOT_RATED)],
                        value=KEEP,
                        allow_blank=False,
                        id="in-assessment",
                    ),
                    required=False,
                )
                yield form_row(
                    "review_date",
                    "Wiedervorlage",
                    Input(placeholder="unverändert · 31.03.2027 · +4 (Wochen später) · - (keine)", id="in-review_date"),
                    required=False,
                )
                yield form_row(
                    "priority",
                    "Priorität",
                    Choice(
                        keep + opts((t.label, t.key) for t in PRIORITY.terms) + [(Text("keine"), NO_PRIORITY)],
                        value=KEEP,
                        allow_blank=False,
                        id="in-priority",
                    ),
                    required=False,
                )
                yield form_row(
                    "contact", "Zuständig", Choice(keep, value=KEEP, allow_blank=False, id="in-contact"), required=False
                )
                yield form_row(
                    "field", "Handlungsfeld", Choice(keep, value=KEEP, allow_blank=False, id="in-field"), required=False
                )
                yield form_row(
                    "goal",
                    "Ziel",
                    Choice(
                        keep,
                        value=KEEP,
                        allow_blank=False,
                        id="in-goal",
                        disabled=True,
                        tooltip="erst ein Handlungsfeld wählen",
                    ),
                    required=False,
                )
                yield Checkbox("aus dem Archiv zurückholen" if self.archived else "archivieren", id="in-archive")
            yield Static("", id="form-status")
            yield save_cancel_buttons()

    def on_mount(self) -> None:
        try:
            fields, contacts = self.app.db.call(lambda s: (fields_in_order(s), contact_choices(s)))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            self.dismiss(None)
            return
        keep = [(Text("unverändert"), KEEP)]
        self.query_one("#in-contact", Select).set_options(keep + [(Text("niemand"), NOBODY)] + opts(contacts))
        self.query_one("#in-field", Select).set_options(keep + opts((f"{f.code} {f.name}", f.code) for f in fields))
        self.query_one("#in-contact", Select).value = KEEP
        self.query_one("#in-field", Select).value = KEEP
        self.initial = self.collect()
        self.query_one("#in-status", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A chosen Handlungsfeld offers its goals; without one the goal stays as it is."""
        if event.select.id != "in-field":
            return
        goal = self.query_one("#in-goal", Select)
        keep = [(Text("unverändert"), KEEP)]
        if event.value == KEEP:
            goal.set_options(keep)
            goal.value, goal.disabled = KEEP, True
            return
        try:
            goals = self.app.db.call(lambda s: list_goals(s, str(event.value)))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        goal.set_options(
            keep
            + [(Text("kein Ziel"), NO_GOAL)]
            + opts(((f"{g.code} " if g.code else "") + g.name, g.name) for g in goals)
        )
        goal.value, goal.disabled = KEEP, False

    def collect(self) -> dict:
        return {
            "status": self.query_one("#in-status", Select).value,
            "assessment": self.query_one("#in-assessment", Select).value,
            "priority": self.query_one("#in-priority", Select).value,
            "review_date": self.query_one("#in-review_date", Input).value,
            "contact": self.query_one("#in-contact", Select).value,
            "field": self.query_one("#in-field", Select).value,
            "goal": self.query_one("#in-goal", Select).value,
            ARCHIVED: self.query_one("#in-archive", Checkbox).value,
        }

    def values(self) -> dict:
        """What update_many gets; raises InvalidValue for the Wiedervorlage."""
        chosen = self.collect()
        out: dict = {}
        for key in ("status", "field"):
            if chosen[key] != KEEP:
                out[key] = chosen[key]
        if chosen["assessment"] != KEEP:
            out["assessment"] = "" if chosen["assessment"] == NOT_RATED else chosen["assessment"]
        if chosen["priority"] != KEEP:
            out["priority"] = "" if chosen["priority"] == NO_PRIORITY else chosen["priority"]
        if chosen["goal"] != KEEP:
            out["goal"] = "" if chosen["goal"] == NO_GOAL else chosen["goal"]
        if chosen["contact"] != KEEP:
            out["contact"] = "" if chosen["contact"] == NOBODY else chosen["contact"]
        out.update(parse_review(chosen["review_date"]))
        if chosen[ARCHIVED]:
            out[ARCHIVED] = not self.archived
        return out

    def action_save(self) -> None:
        self.set_error("review_date", None)
        try:
            values = self.values()
        except InvalidValue as exc:
            self.set_error("review_date", exc.message)
            self.focus_first_error()
            return
        if not values:
            self.status("Nichts gewählt – bitte mindestens eine Änderung wählen (oder Esc).", error=True)
            return
        self.dismiss(values)


def describe(result, what: str) -> str:
    """„12 Maßnahmen geändert, 2 hatten das schon, 1 übersprungen (inzwischen geändert).“"""
    parts = [f"{counted(len(result.changed), 'Maßnahme', 'Maßnahmen')} {what}"]
    if result.unchanged:
        parts.append(f"{len(result.unchanged)} hatten das schon")
    if result.conflicts:
        parts.append(f"{len(result.conflicts)} übersprungen (inzwischen von anderen geändert)")
    return ", ".join(parts) + "."


def run_bulk(screen, items: list, *, context: str, done, skip_conflicts: bool = False) -> None:
    """Write items (update_many) in a worker; a conflict asks whether to leave those measures out;
    done(result) runs on the UI thread after a write."""
    app = screen.app
    app.notify(f"{counted(len(items), 'Maßnahme', 'Maßnahmen')} werden geändert …", timeout=2)

    def finish(result) -> None:
        if isinstance(result, MassnahmenError) and not isinstance(result, ConflictError):
            app.show_error(result)  # an invalid value, the file locked and not waited for: nothing changed
            return
        if isinstance(result, ConflictError):
            question = result.message.replace("Nichts wurde geändert.", "Bisher ist nichts geändert.")
            app.push_screen(
                ConfirmDialog(
                    question + "\n\nDie übrigen trotzdem ändern und diese auslassen?",
                    yes="Die übrigen ändern",
                    no="Abbrechen",
                ),
                lambda ok: run_bulk(screen, items, context=context, done=done, skip_conflicts=True) if ok else None,
            )
            return
        done(result)

    run_write(
        screen,
        lambda store: update_many(store, items, context=context, skip_conflicts=skip_conflicts),
        finish,
        group="bulk",
    )
