"""The modal form to edit or create a measure: validated before it closes, German messages
beside each field, ctrl+s saves, escape asks before throwing changes away."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea

from massnahmen.domain.attributes import (
    ATTRIBUTES,
    BY_KEY,
    REFERENCE,
    VOCABULARY,
    display_value,
    parse_value,
    parse_values,
)
from massnahmen.domain.dates import german
from massnahmen.domain.errors import (
    AlreadyExists,
    ConflictError,
    InvalidValue,
    MassnahmenError,
    NotFound,
    ValidationFailed,
    WriteCancelled,
)
from massnahmen.domain.merge import changed_attributes, changed_by_both
from massnahmen.domain.text import counted, printable
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS
from massnahmen.store.catalog import fields_in_order, list_goals
from massnahmen.store.measures import add_measure, get_measure, update_measure
from massnahmen.tui.dialogs.catalog_forms import ContactForm, GoalForm
from massnahmen.tui.dialogs.common import ConflictDialog
from massnahmen.tui.dialogs.formbase import FormScreen, form_row, opts, save_cancel_buttons
from massnahmen.tui.dialogs.writing import run_write
from massnahmen.tui.query import contact_choices
from massnahmen.tui.widgets.choice import Choice

LABEL_TO_KEY = {a.label: a.key for a in ATTRIBUTES}
# the form's rows from the attribute registry: one line each in its order, the long texts last
SELECTS = tuple(a.key for a in ATTRIBUTES if a.kind in (REFERENCE, VOCABULARY))
AREAS = tuple(a.key for a in ATTRIBUTES if a.multiline)
INPUTS = tuple(a.key for a in ATTRIBUTES if a.key not in SELECTS + AREAS)
ORDER = tuple(a.key for a in ATTRIBUTES if not a.multiline) + AREAS
PLACEHOLDERS = {a.key: a.hint for a in ATTRIBUTES if a.hint}
NEW_STATUS = "geplant"  # what a new measure starts as


class MeasureForm(FormScreen):
    """Edit measure `code`, or create a new one when code is None. A new one starts with defaults
    (e.g. the filtered field) and prefill (values proposed from elsewhere, e.g. a citizen's idea:
    title, field, Herkunft, description), under heading instead of „Neue Maßnahme“."""

    built_for: str | None = None  # the colour scheme a kept edit form was built in (tui.measures)

    def __init__(
        self,
        code: str | None,
        *,
        defaults: dict | None = None,
        prefill: dict | None = None,
        heading: str | None = None,
        kept: bool = False,
    ) -> None:
        # opaque: the table behind a form that fills the screen need not be drawn through it
        super().__init__(classes="dialog-screen opaque")
        self.code = code
        self.defaults = (defaults or {}) | (prefill or {})
        self.heading = heading
        self.version: int | None = None
        self._goal_field: object = None
        # kept: the Maßnahmen screen's form, built once (maybe ahead) and empty until show_measure()
        self._empty = kept
        self._choices: tuple | None = None  # the Handlungsfelder and contacts the lists offer

    def title_text(self) -> Text:
        title = (
            printable(self.heading or "Neue Maßnahme")
            if self.code is None
            else f"Maßnahme {printable(self.code)} bearbeiten"
        )
        return Text(title, style="bold")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full form"):
            yield Static(self.title_text(), id="form-title")
            with VerticalScroll(id="form-body", can_focus=False):  # the fields take the keys
                for key in ORDER:
                    label = BY_KEY[key].label
                    if key in INPUTS:
                        yield form_row(
                            key,
                            label,
                            Input(placeholder=PLACEHOLDERS.get(key, ""), id=f"in-{key}", select_on_focus=False),
                        )
                    elif key in AREAS:
                        yield form_row(
                            key,
                            label,
                            TextArea(id=f"in-{key}", soft_wrap=True, show_line_numbers=False, tab_behavior="focus"),
                        )
                    elif key == "field":
                        yield form_row(key, label, Choice([], prompt="Handlungsfeld wählen", id="in-field"))
                    elif key == "goal":
                        yield form_row(
                            key,
                            label,
                            Choice([], prompt="kein Ziel", id="in-goal"),
                            Button("+ Ziel", id="new-goal", compact=True),
                        )
                    elif key == "contact":
                        yield form_row(
                            key,
                            label,
                            Choice([], prompt="niemand", id="in-contact"),
                            Button("+ Kontakt", id="new-contact", compact=True),
                        )
                    elif key == "status":
                        yield form_row(
                            key,
                            label,
                            Choice(
                                opts((STATUS.label(k), k) for k in STATUS.keys),
                                allow_blank=False,
                                value=NEW_STATUS,
                                id="in-status",
                            ),
                        )
                    elif key == "assessment":
                        yield form_row(
                            key,
                            "Ampel",
                            Choice(
                                opts((f"{t.label} ({t.description})", t.key) for t in ASSESSMENT.terms),
                                prompt="nicht bewertet",
                                id="in-assessment",
                            ),
                        )
                    elif key == "priority":
                        yield form_row(
                            key,
                            label,
                            Choice(opts((t.label, t.key) for t in PRIORITY.terms), prompt="keine", id="in-priority"),
                        )
            yield Static("", id="form-status")
            yield save_cancel_buttons()

    def on_mount(self) -> None:
        if self._empty:
            return  # built ahead: show_measure() loads one
        self.load()
        self.query_one("#in-title" if self.code else "#in-code").focus()

    def show_measure(self, code: str | None, defaults: dict | None = None) -> None:
        """Make this kept form show measure code, or a new one with defaults when code is None.
        Once built, its widgets stay: only the values are loaded."""
        self.code, self.defaults, self.version, self.initial = code, dict(defaults or {}), None, None
        self._empty = False
        if not self.is_mounted:
            return  # on_mount loads it
        self.query_one("#form-title", Static).update(self.title_text())
        self.status("")
        self.load()
        self.query_one("#form-body").scroll_home(animate=False)
        self.query_one("#in-title" if code else "#in-code").focus()

    def load(self) -> None:
        def read(s):
            measure = get_measure(s, self.code, reviews=0) if self.code else None
            return fields_in_order(s), contact_choices(s), measure

        try:
            fields, contacts, measure = self.app.db.call(read)
        except MassnahmenError as exc:
            self.app.show_error(exc)
            self.dismiss(None)
            return
        choices = ([(f"{f.code} {f.name}", f.code) for f in fields], contacts)
        if choices != self._choices:  # the kept form: only when fields or contacts changed
            self._choices = choices
            self.query_one("#in-field", Select).set_options(opts(choices[0]))
            self.query_one("#in-contact", Select).set_options(opts(contacts))
        values = dict(self.defaults)
        if measure is not None:
            self.version = measure.version
            values = {
                "code": measure.code,
                "title": measure.title,
                "field": measure.field_code,
                "goal": measure.goal,
                "contact": f"#{measure.contact.id}" if measure.contact else None,
                "partners": measure.partners,
                "status": measure.status,
                "assessment": measure.assessment,
                "priority": measure.priority,
                "start": german(measure.start),
                "end": german(measure.end),
                "review_date": german(measure.review_date),
                "funding": measure.funding,
                "indicator": measure.indicator,
                "source": measure.source,
                "description": measure.description,
                "notes": measure.notes,
            }
        self.fill(values)
        self.initial = self.collect()
        for key in ORDER:
            self.set_error(key, None)

    def fill(self, values: dict) -> None:
        for key in INPUTS:
            self.query_one(f"#in-{key}", Input).value = printable(values.get(key) or "")
        for key in AREAS:
            self.query_one(f"#in-{key}", TextArea).text = printable(values.get(key) or "")
        field = values.get("field")
        fsel = self.query_one("#in-field", Select)
        fsel.value = field if field and self._has_option(fsel, field) else Select.NULL
        self.load_goals(values.get("goal"))
        for key in ("contact", "status", "assessment", "priority"):
            sel = self.query_one(f"#in-{key}", Select)
            value = values.get(key)
            if value and self._has_option(sel, value):
                sel.value = value
            else:  # also in the kept form: nothing of the measure shown before
                sel.value = NEW_STATUS if key == "status" else Select.NULL

    @staticmethod
    def _has_option(sel: Select, value: str) -> bool:
        return isinstance(sel, Choice) and sel.offers(value)

    def load_goals(self, keep: str | None = None) -> None:
        field = self.query_one("#in-field", Select).value
        gsel = self.query_one("#in-goal", Select)
        current = keep if keep is not None else (None if gsel.value is Select.NULL else gsel.value)
        self._goal_field = field
        if not isinstance(field, str):  # no field chosen (Select.NULL)
            gsel.set_options([])
            return
        try:
            goals = self.app.db.call(lambda s: list_goals(s, field))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            return
        gsel.set_options(opts(((f"{g.code} " if g.code else "") + g.name, g.name) for g in goals))
        if current and any(g.name == current for g in goals):
            gsel.value = current

    def on_select_changed(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("in-")
        if key == "field" and event.value != self._goal_field:
            self.load_goals()
        if key in SELECTS and (event.value is not Select.NULL or not BY_KEY[key].required):
            self.set_error(key, None)  # a choice from the list is valid

    # -- values and validation ---------------------------------------------------------------
    def collect(self) -> dict:
        out: dict = {}
        for key in INPUTS:
            out[key] = self.query_one(f"#in-{key}", Input).value
        for key in AREAS:
            out[key] = self.query_one(f"#in-{key}", TextArea).text
        for key in SELECTS:
            value = self.query_one(f"#in-{key}", Select).value
            out[key] = "" if value is Select.NULL else value
        return out

    def on_input_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("in-")
        if key in INPUTS:
            self.validate_one(key, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        key = (event.text_area.id or "").removeprefix("in-")
        if key in AREAS:
            self.validate_one(key, event.text_area.text)

    def validate_one(self, key: str, value: str) -> bool:
        try:
            parse_value(key, value)
        except InvalidValue as exc:
            self.set_error(key, exc.detail)
            return False
        self.set_error(key, None)
        return True

    def show_problems(self, problems: list[InvalidValue]) -> None:
        first = None
        for problem in problems:
            key = LABEL_TO_KEY.get(problem.label)
            if key is None:
                self.status(problem.message, error=True)
                continue
            self.set_error(key, problem.detail)
            first = first or key
        if first:
            self.status(
                f"Bitte prüfen: {counted(len(problems), 'Angabe stimmt', 'Angaben stimmen')} nicht.", error=True
            )
            self.focus_first_error()  # the first in the form, not the first the check named

    # -- saving ------------------------------------------------------------------------------
    def payload(self) -> dict:
        values = self.collect()
        if self.code is None:
            return {k: v for k, v in values.items() if v not in ("", None)} | {"field": values["field"]}
        assert self.initial is not None
        return changed_attributes(self.initial, values)  # also what "Trotzdem übernehmen" writes

    def action_save(self) -> None:
        payload = self.payload()
        if self.code is not None and not payload:
            self.app.notify("Nichts geändert.", timeout=2, markup=False)
            self.dismiss(None)
            return
        for key in ORDER:
            self.set_error(key, None)
        try:
            parse_values(payload, creating=self.code is None)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        self.write(payload, self.version)

    def write(self, payload: dict, expected_version: int | None) -> None:
        """Save in a worker (the screen stays live while another process keeps the file locked)."""

        def save(store):
            if self.code is None:
                return add_measure(store, payload)
            return update_measure(store, self.code, payload, expected_version=expected_version)[0]

        self.status("Wird gespeichert …")
        run_write(self, save, lambda result: self.saved(result, payload))

    def saved(self, result, payload: dict) -> None:
        self.status("")
        if isinstance(result, ValidationFailed):
            self.show_problems(result.problems)
            return
        if isinstance(result, ConflictError):
            dialog = ConflictDialog(self.code or "", result.changes, self.clashes(payload, result.changes))
            self.app.push_screen(dialog, lambda choice: self.resolve_conflict(choice, payload, dialog.keep_theirs))
            return
        if isinstance(result, AlreadyExists):
            self.set_error("code", result.message)
            self.status(result.message, error=True)
            self.query_one("#in-code").focus()
            return
        if isinstance(result, WriteCancelled | NotFound):
            self.status(result.message, error=True)
            return
        if isinstance(result, MassnahmenError):
            self.status(result.message, error=True)
            self.app.show_error(result)
            return
        measure = result
        verb = "angelegt" if self.code is None else "gespeichert"
        self.app.notify(f"Maßnahme {measure.code} {verb}.", timeout=3, markup=False)
        self.dismiss(measure.code)

    def clashes(
        self, payload: dict, changes: Sequence[Mapping[str, object]]
    ) -> dict[str, tuple[str, str, tuple[str, str]]]:
        """What the officer and a colleague both changed: label, the officer's value as the form
        shows it, and who changed it to what („Jana Böhme“, „in Umsetzung“)."""
        out = {}
        for key, change in changed_by_both(payload, list(changes)).items():
            theirs = (change.get("author") or "?", display_value(key, change.get("new")))
            out[key] = (BY_KEY[key].label if key in BY_KEY else key, self.shown_value(key, payload[key]), theirs)
        return out

    def shown_value(self, key: str, value: object) -> str:
        """A value as the form shows it (a choice's label, not its key or #id)."""
        if key in SELECTS and value not in ("", None):
            prompt = self.query_one(f"#in-{key}", Choice).prompt_of(value)
            if prompt is not None:
                return str(prompt)
        return display_value(key, value)

    def resolve_conflict(self, choice: str | None, payload: dict, keep_theirs: Set[str] = frozenset()) -> None:
        if choice == "reload":
            self.load()
            self.status("Neu geladen: das ist der gespeicherte Stand. Ihre Eingaben bitte erneut vornehmen.")
        elif choice == "force":
            mine = {k: v for k, v in payload.items() if k not in keep_theirs}
            if not mine:
                self.app.notify(
                    "Es bleibt bei den Werten der Kollegin oder des Kollegen – nichts zu speichern.", timeout=4
                )
                self.dismiss(self.code)
                return
            self.write(mine, None)

    # -- creating goals and contacts from the form -------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new-goal":
            event.stop()
            self.new_goal()
        elif event.button.id == "new-contact":
            event.stop()
            self.new_contact()
        else:
            super().on_button_pressed(event)

    def new_goal(self) -> None:
        field = self.query_one("#in-field", Select).value
        if field is Select.NULL:
            self.set_error("field", "erst ein Handlungsfeld wählen, dann ein Ziel anlegen")
            return

        def created(name: str | None) -> None:
            if name:
                self.load_goals(name)

        self.app.push_screen(GoalForm(field_code=str(field)), created)

    def new_contact(self) -> None:
        def created(ref: str | None) -> None:
            if not ref:
                return
            contacts = self.app.db.call(contact_choices)
            sel = self.query_one("#in-contact", Select)
            sel.set_options(opts(contacts))
            sel.value = ref

        self.app.push_screen(ContactForm(None), created)
